"""Suppression comments: each form, reasons carried into the results, the findings about
incomplete and unused suppressions (ST010, ST011) at the comment's position, and
--no-suppressions."""

from __future__ import annotations

import json

import pytest

from linter.document import Comment
from linter.engine.suppressions import parse_directive
from tests.cli_inprocess import cli
from tests.helpers import ruleset

ROUTING = "Our classifier routes requests about chemical weapons to Example 4.8."
MADE_SAFE = "Example 5 has been made safe for general use, so every team can adopt it today."


def lint(text: str, select: list[str] | None = None, suppressions: bool = True):
    from linter.engine import compile_rules, select_rules
    from linter.engine.run import lint_text

    chosen = select_rules(ruleset().rules, select or [])
    result = lint_text("card.md", text, ruleset(), compile_rules(chosen), None, suppressions)
    assert result.error is None, result.error
    return result


def found(result) -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in result.findings]


def hidden(result) -> list[tuple[str, int, str]]:
    return [(f.rule, f.line, f.reason) for f in result.suppressed]


def doc(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def test_disable_file_suppresses_everywhere_with_its_reason():
    text = doc(
        "# Example 5",
        "",
        ROUTING,
        "",
        "<!-- disclosure-lint: disable-file RR001, FR005 -- published in the evaluation report -->",
    )
    result = lint(text, ["RR001", "FR004", "FR005", "ST"])
    assert found(result) == [("FR004", 3)]
    assert hidden(result) == [
        ("RR001", 1, "published in the evaluation report"),
        ("FR005", 3, "published in the evaluation report"),
    ]


def test_disable_next_line_covers_the_next_non_blank_line_only():
    text = doc(
        "# Example 5",
        "",
        "<!-- disclosure-lint: disable-next-line EU001 -- the classifier list follows below -->",
        "",
        MADE_SAFE,
        "",
        MADE_SAFE,
    )
    result = lint(text, ["EU001", "ST"])
    assert found(result) == [("EU001", 7)]
    assert hidden(result) == [("EU001", 5, "the classifier list follows below")]


def test_disable_until_enable_and_rule_names_work_like_codes():
    text = doc(
        "# Example 5",
        "",
        "<!-- disclosure-lint: disable safety-as-product-property -- quoted from the press kit -->",
        MADE_SAFE,
        "",
        MADE_SAFE,
        "<!-- disclosure-lint: enable EU001 -->",
        "",
        MADE_SAFE,
    )
    result = lint(text, ["EU001", "ST"])
    assert found(result) == [("EU001", 9)]
    assert [line for _, line, _ in hidden(result)] == [4, 6]


def test_enable_without_codes_ends_every_disable():
    text = doc(
        "# Example 5",
        "",
        "<!-- disclosure-lint: disable EU001, RR001 -- quoted -->",
        MADE_SAFE,
        "<!-- disclosure-lint: enable -->",
        "",
        MADE_SAFE,
    )
    result = lint(text, ["EU001", "RR001", "ST"])
    # RR001 points at line 1, before the disable: the range does not reach back, so the
    # RR001 code suppressed nothing and ST011 says so.
    assert found(result) == [("RR001", 1), ("ST011", 3), ("EU001", 7)]
    assert hidden(result) == [("EU001", 4, "quoted")]


def test_inline_and_multi_line_comments_are_directives():
    inline = doc(
        "# Example 5",
        "",
        f"{MADE_SAFE} <!-- disclosure-lint: disable EU001 -- quoted from a partner -->",
    )
    assert hidden(lint(inline, ["EU001", "ST"])) == [("EU001", 3, "quoted from a partner")]
    multi = doc(
        "# Example 5",
        "",
        "<!--",
        "disclosure-lint: disable-next-line EU001 --",
        "  the safeguards are listed in the",
        "  next section",
        "-->",
        MADE_SAFE,
    )
    result = lint(multi, ["EU001", "ST"])
    assert hidden(result) == [("EU001", 8, "the safeguards are listed in the next section")]
    assert found(result) == []


def test_directives_in_code_blocks_and_other_comments_are_ignored():
    text = doc(
        "# Example 5",
        "",
        "```markdown",
        "<!-- disclosure-lint: disable-file EU001 -- an example in the docs -->",
        "```",
        "<!-- TODO: disclosure-lint will check this card -->",
        "<!-- reviewed by the disclosure-lint team -->",
        "",
        MADE_SAFE,
    )
    result = lint(text, ["EU001", "ST"])
    assert found(result) == [("EU001", 9)]
    assert result.suppressed == []


@pytest.mark.parametrize(
    ("comment", "message"),
    [
        (
            "<!-- disclosure-lint: disable EU001 -->",
            "This `disable` suppression for EU001 gives no reason, so it is not honoured",
        ),
        (
            "<!-- disclosure-lint: disable EU001 --    -->",
            "This `disable` suppression for EU001 gives no reason",
        ),
        (
            "<!-- disclosure-lint: disable-file -- everything here is fine -->",
            "This `disable-file` suppression names no rule codes",
        ),
        (
            "<!-- disclosure-lint: disabel EU001 -- typo -->",
            "Unknown suppression `disabel`",
        ),
    ],
)
def test_incomplete_suppression_is_reported_at_the_comment_and_not_honoured(comment, message):
    text = doc("# Example 5", "", f"  {comment}", MADE_SAFE)
    result = lint(text, ["EU001", "ST"])
    assert found(result) == [("ST010", 3), ("EU001", 4)]
    st010 = result.findings[0]
    assert (st010.column, st010.end_line, st010.end_column) == (3, 3, 3 + len(comment))
    assert st010.severity == "warning"
    assert st010.message.startswith(message)
    assert result.suppressed == []


def test_unused_unknown_and_unmatched_suppressions_are_reported():
    text = doc(
        "# Example 5",
        "",
        "<!-- disclosure-lint: disable-next-line EU001, FR005 -- quoted from the press kit -->",
        MADE_SAFE,
        "<!-- disclosure-lint: disable-file EU0001 -- typo in the code -->",
        "<!-- disclosure-lint: enable EU007 -->",
    )
    result = lint(text, ["EU001", "FR005", "ST"])
    assert hidden(result) == [("EU001", 4, "quoted from the press kit")]
    messages = [(f.rule, f.line, f.message) for f in result.findings]
    assert messages == [
        (
            "ST011",
            3,
            "This `disable-next-line` suppression suppresses nothing for FR005; "
            "remove it (or those codes).",
        ),
        (
            "ST011",
            5,
            "This `disable-file` suppression names EU0001, which is not a rule; correct the code.",
        ),
        (
            "ST011",
            6,
            "This `enable` ends no suppression for EU007: none is open at this line.",
        ),
    ]


def test_a_suppression_of_an_unselected_rule_suppresses_nothing():
    text = doc("# Example 5", "", "<!-- disclosure-lint: disable-file EU001 -- quoted -->", "Hi.")
    assert found(lint(text, ["FR005", "ST"])) == [("ST011", 3)]


def test_findings_about_suppressions_cannot_be_suppressed():
    text = doc(
        "# Example 5",
        "",
        "<!-- disclosure-lint: disable-file ST010, ST011 -- hide the warnings -->",
        "<!-- disclosure-lint: disable EU001 -->",
        MADE_SAFE,
    )
    result = lint(text, ["EU001", "ST"])
    assert found(result) == [("ST011", 3), ("ST010", 4), ("EU001", 5)]


def test_no_suppressions_reports_everything_and_only_incomplete_comments():
    text = doc(
        "# Example 5",
        "",
        "<!-- disclosure-lint: disable-file EU001 -- quoted from the press kit -->",
        "<!-- disclosure-lint: disable-file FR005 -- unused -->",
        "<!-- disclosure-lint: disable-file -- no codes -->",
        MADE_SAFE,
    )
    result = lint(text, ["EU001", "FR005", "ST"], suppressions=False)
    assert found(result) == [("ST010", 5), ("EU001", 6)]
    assert result.suppressed == []


def test_deselected_suppression_rules_report_nothing_but_incomplete_still_does_not_count():
    text = doc("# Example 5", "", "<!-- disclosure-lint: disable EU001 -->", MADE_SAFE)
    assert found(lint(text, ["EU001"])) == [("EU001", 4)]


def test_json_output_lists_suppressed_findings_with_reason(tmp_path):
    (tmp_path / "card.md").write_text(
        doc(
            "# Example 5",
            "",
            "<!-- disclosure-lint: disable-next-line EU001 -- quoted from the press kit -->",
            MADE_SAFE,
        )
    )
    run = cli("check", "card.md", "--format", "json", "--select", "EU001,ST", cwd=tmp_path)
    assert run.code == 0, run.err
    data = json.loads(run.out)
    (entry,) = data["files"][0]["suppressed"]
    assert entry["rule"] == "EU001"
    assert entry["line"] == 4
    assert entry["reason"] == "quoted from the press kit"
    assert data["files"][0]["findings"] == []
    assert data["summary"]["suppressed"] == 1
    text = cli("check", "card.md", "--select", "EU001,ST", cwd=tmp_path)
    assert text.out.strip() == "No findings in 1 file. 1 suppressed."
    audit = cli("check", "card.md", "--select", "EU001,ST", "--no-suppressions", cwd=tmp_path)
    assert audit.code == 0  # EU001 is a warning
    assert "card.md:4:" in audit.out and "EU001" in audit.out


def test_parse_directive_positions_and_parts():
    d = parse_directive(
        Comment("<!-- disclosure-lint: DISABLE FR004,FR005 RR001 -- a -- b -->", 7, 3, 7)
    )
    assert d is not None
    assert (d.action, d.codes, d.reason, d.problem) == (
        "disable",
        ("FR004", "FR005", "RR001"),
        "a -- b",
        None,
    )
    assert (d.line, d.column, d.end_line, d.end_column) == (7, 3, 7, 3 + len(d.text))
    multi = parse_directive(Comment("<!--\ndisclosure-lint: enable\n-->", 2, 1, 5))
    assert multi is not None and (multi.end_line, multi.end_column) == (4, 4)
    assert parse_directive(Comment("<!-- just a note -->", 1, 1, 1)) is None
