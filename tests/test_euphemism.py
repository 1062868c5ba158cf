"""Euphemism rules (EU...): each flags the exact phrase, stays quiet where the hidden fact is
stated nearby, outside its context, or when negated; rule patterns cannot hang the linter."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from linter.engine import compile_rules
from linter.rulebook import RuleError, load_ruleset
from tests.helpers import lint, ruleset

EU_CODES = [r.code for r in ruleset().rules if r.category == "euphemism"]


def eu(text: str, code: str) -> list[tuple[int, int, int, int, str]]:
    """(line, column, end_line, end_column, excerpt) of each finding of ``code``."""
    return [
        (f.line, f.column, f.end_line, f.end_column, f.excerpt)
        for f in lint(text, select=[code])
        if f.rule == code
    ]


# --- each rule points at the exact phrase ---------------------------------------------------

FLAGGED = [
    (
        "EU001",
        "# Launch\n\nOur new assistant was made safe for general use last spring.\n",
        (3, 23, 3, 48, "made safe for general use"),
    ),
    (
        "EU002",
        "# Routing\n\nSensitive prompts now get an answer from a backup model,\n"
        "a far better experience than an outright refusal.\n",
        (4, 7, 4, 49, "better experience than an outright refusal"),
    ),
    (
        "EU003",
        "# Answers\n\nSome questions are automatically handled by a specialised model.\n",
        (3, 34, 3, 64, "handled by a specialised model"),
    ),
    (
        "EU004",
        "# Safeguards\n\nFor enterprise accounts the classifier is disabled in some areas.\n",
        (3, 52, 3, 65, "in some areas"),
    ),
    (
        "EU005",
        "# Editions\n\nThe research edition ships with its safeguards relaxed.\n",
        (3, 37, 3, 55, "safeguards relaxed"),
    ),
    (
        "EU006",
        "# Access\n\nThe unfiltered build is available to vetted partners only.\n",
        (3, 38, 3, 53, "vetted partners"),
    ),
    (
        "EU007",
        "# Teens\n\nAge checks for teen accounts are coming soon.\n",
        (3, 41, 3, 45, "soon"),
    ),
    (
        "EU008",
        "# Refusals\n\nThe new model rarely refuses harmless questions.\n",
        (3, 15, 3, 29, "rarely refuses"),
    ),
    (
        "EU009",
        "# Safety\n\nIt is protected by industry-leading safeguards.\n",
        (3, 20, 3, 47, "industry-leading safeguards"),
    ),
    (
        "EU010",
        "# Safety\n\nWe have taken measures to limit harmful outputs.\n",
        (3, 4, 3, 23, "have taken measures"),
    ),
]


def test_every_euphemism_rule_has_a_position_case():
    assert sorted(code for code, _, _ in FLAGGED) == sorted(EU_CODES)


@pytest.mark.parametrize(("code", "text", "where"), FLAGGED, ids=[c for c, _, _ in FLAGGED])
def test_rule_points_at_the_phrase(code, text, where):
    assert eu(text, code) == [where]


def test_euphemism_rules_are_warnings_with_a_measured_precision():
    for rule in ruleset().rules:
        if rule.category == "euphemism":
            assert rule.severity == "warning", rule.code
            assert rule.precision in {"high", "medium", "low"}, rule.code
            assert rule.default_on == (rule.precision != "low"), rule.code


def test_message_quotes_the_phrase_and_says_what_to_state():
    (finding,) = [f for f in lint(FLAGGED[5][1], select=["EU006"]) if f.rule == "EU006"]
    assert finding.message.startswith('"vetted partners"')
    assert "criteria" in finding.message and "who decides" in finding.message
    assert finding.category == "euphemism" and finding.severity == "warning"


def test_phrase_across_a_line_break_and_inline_markup():
    text = "# Access\n\nThe build goes to **trusted\npartners** first.\n"
    assert eu(text, "EU006") == [(3, 21, 4, 9, "trusted partners")]


def test_phrase_in_a_table_cell():
    text = "# Editions\n\n| Edition | Safeguards |\n|---|---|\n| Pro | Some safeguards lifted |\n"
    assert eu(text, "EU005") == [(5, 14, 5, 31, "safeguards lifted")]


def test_one_finding_per_sentence():
    text = "# Access\n\nTrusted partners and vetted researchers get early builds.\n"
    assert eu(text, "EU006") == [(3, 1, 3, 17, "Trusted partners")]


# --- quiet where the hidden fact is stated nearby -------------------------------------------


def test_number_in_the_same_sentence_silences_an_unquantified_refusal_claim():
    loud = "# Refusals\n\nThe model produces dramatically fewer refusals than before.\n"
    quiet = (
        "# Refusals\n\nThe model produces dramatically fewer refusals than before "
        "(2.4% of benign prompts, down from 9.1%).\n"
    )
    assert eu(loud, "EU008")
    assert eu(quiet, "EU008") == []


def test_number_in_the_next_sentence_silences_it_too():
    text = (
        "# Refusals\n\nThe model refuses benign questions far less often than its predecessor.\n"
        "On our benign set it refused 3% of prompts, against 12% before.\n"
    )
    assert eu(text, "EU008") == []


def test_criteria_in_the_same_section_silence_trusted_partners():
    text = (
        "# Access\n\nThe unfiltered build is available to trusted partners.\n\n"
        "## Who qualifies\n\n"
        "Eligible organisations must run a security operations centre and pass identity "
        "verification.\n"
    )
    assert eu(text, "EU006") == []


def test_criteria_in_another_section_do_not():
    text = (
        "# Access\n\nThe unfiltered build is available to trusted partners.\n\n"
        "# Pricing\n\nCustomers must pay monthly.\n"
    )
    assert [w[4] for w in eu(text, "EU006")] == ["trusted partners"]


def test_criteria_right_after_the_group_silence_it():
    text = "# Access\n\nEarly builds go to vetted researchers who hold a university post.\n"
    assert eu(text, "EU006") == []


def test_listed_categories_after_safeguards_lifted():
    loud = "# Editions\n\nThe defender edition has safeguards lifted for approved teams.\n"
    quiet = (
        "# Editions\n\nThe defender edition has safeguards lifted for malware analysis and "
        "exploit development.\n"
    )
    assert eu(loud, "EU005")
    assert eu(quiet, "EU005") == []


def test_a_date_silences_an_intention():
    assert eu("# Teens\n\nAge checks arrive in the coming months.\n", "EU007")
    assert eu("# Teens\n\nAge checks arrive in the coming months, by 1 May 2027.\n", "EU007") == []


def test_a_named_model_silences_agentless_handling():
    text = "# Answers\n\nFlagged prompts are handled by a smaller model, Example 4.8.\n"
    assert eu(text, "EU003") == []


def test_a_user_notice_silences_the_better_experience_claim():
    text = (
        "# Routing\n\nFlagged prompts get an answer from another model, a better experience "
        "than an outright refusal. The reply names the model that wrote it.\n"
    )
    assert eu(text, "EU002") == []


def test_a_list_after_the_vague_scope_silences_it():
    text = "# Safeguards\n\nThe classifier is disabled in some areas: malware and phishing.\n"
    assert eu(text, "EU004") == []


# --- quiet outside the family's context -----------------------------------------------------


def test_vague_scope_without_a_safeguard_context():
    text = "# Limits\n\nLike any model, it may in some instances give inaccurate answers.\n"
    assert eu(text, "EU004") == []


def test_intention_about_something_else():
    text = "# Roadmap\n\nIn the near future we plan to merge the two models into one.\n"
    assert eu(text, "EU007") == []


def test_capability_routing_between_named_models():
    text = (
        "# Models\n\nExample 5 Fast and Example 5 Deep share one router. Each query is routed "
        "to the model best suited for it.\n"
    )
    assert eu(text, "EU003") == []


def test_superlative_about_something_other_than_safety():
    text = "# Training\n\nWe used a state-of-the-art optimiser on industry-leading hardware.\n"
    assert eu(text, "EU009") == []


def test_trusted_sources_are_not_an_access_group():
    text = "# Retrieval\n\nThe assistant prefers trusted sources when it browses.\n"
    assert eu(text, "EU006") == []


def test_a_verb_is_not_an_access_adjective():
    text = "# Numbers\n\nSince March, the access board has approved 27 organisations.\n"
    assert eu(text, "EU006") == []


def test_headings_are_skipped_unless_the_rule_asks():
    assert eu("# Safeguards in some areas\n\nText.\n", "EU004") == []
    assert eu("# Fewer unnecessary refusals\n\nText.\n", "EU008") == [
        (1, 3, 1, 29, "Fewer unnecessary refusals")
    ]


# --- quiet when negated or not a claim ------------------------------------------------------


def test_denied_configuration_is_not_a_lifted_safeguard():
    text = "# Editions\n\nWe do not offer a research or government edition with fewer safeguards.\n"
    assert eu(text, "EU005") == []


def test_prohibition_is_not_a_lifted_safeguard():
    text = "# Acceptable use\n\nYou may not circumvent or remove usage restrictions.\n"
    assert eu(text, "EU005") == []


def test_question_is_not_a_product_property_claim():
    assert eu("# FAQ\n\nIs the app safe for all ages?\n", "EU001") == []


def test_as_soon_as_is_not_undated_intent():
    text = "# Access\n\nAccess is revoked as soon as a violation is confirmed.\n"
    assert eu(text, "EU007") == []


def test_advice_to_deployers_is_not_a_claim_about_the_model():
    text = "# Deployment\n\nDevelopers should take appropriate measures to limit misuse.\n"
    assert eu(text, "EU010") == []


# --- user-supplied patterns cannot hang the linter ------------------------------------------

HOUSE_RULE = """\
code: HX001
name: house-phrase
category: euphemism
severity: warning
summary: A house rule written by a lab, with its own pattern.
explanation: A test rule whose pattern is supplied by the user of the linter, not by us.
fix: Write the plain statement instead of the phrase.
references: ["FMTI scoring notes: a vague phrase is not a disclosure."]
examples:
  bad: ["# T\\n\\naaaa!\\n"]
  good: ["# T\\n\\nbbbb\\n"]
check:
  kind: phrase
  message: "{{phrase}} is a house euphemism."
  patterns:
    - '{pattern}'
{extra}"""


def _house(tmp_path: Path, pattern: str, extra: str = "") -> list:
    folder = tmp_path / "house"
    folder.mkdir()
    (folder / "HX001-house-phrase.yaml").write_text(
        HOUSE_RULE.format(pattern=pattern, extra=extra), encoding="utf-8"
    )
    rules = [r for r in load_ruleset([folder]).rules if r.code == "HX001"]
    return compile_rules(rules)


def test_pattern_re2_refuses_is_an_error_naming_file_and_line(tmp_path):
    with pytest.raises(RuleError) as err:
        _house(tmp_path, r"(?=safe)safe")
    message = str(err.value)
    assert "HX001-house-phrase.yaml:12:" in message
    assert "pattern 1" in message and "(?=" in message


def test_condition_pattern_re2_refuses_is_an_error_too(tmp_path):
    extra = "  unless:\n    - scope: sentence\n      patterns: ['(a)\\1']\n"
    with pytest.raises(RuleError) as err:
        _house(tmp_path, "safe", extra)
    assert "HX001-house-phrase.yaml:12:" in str(err.value)
    assert "unless.0.patterns" in str(err.value)


def test_window_outside_a_windowed_scope_is_refused(tmp_path):
    extra = "  unless:\n    - scope: section\n      window: 40\n      patterns: ['x']\n"
    with pytest.raises(RuleError, match="window"):
        _house(tmp_path, "safe", extra)


def test_catastrophic_pattern_runs_in_linear_time(tmp_path):
    from linter.engine.run import lint_text

    extra = "  unless:\n    - scope: before\n      patterns: ['(x+x+)+y']\n"
    rules = _house(tmp_path, r"(a+)+!", extra)
    small = "# T\n\n" + "a" * 20_000 + "\n"
    large = "# T\n\n" + "a" * 200_000 + "\n"
    timings = []
    for text in (small, large):
        start = time.perf_counter()
        result = lint_text("house.md", text, ruleset(), rules)
        timings.append(time.perf_counter() - start)
        assert result.findings == []
    # Ten times the text, not a hundred times the work (a backtracking engine never returns).
    assert timings[1] < 2.0
    assert timings[1] < 40 * max(timings[0], 0.005)


def test_many_matches_in_one_huge_sentence_stay_linear():
    text = "# T\n\n" + "safeguards relaxed in some areas " * 20_000 + "\n"
    start = time.perf_counter()
    found = [f for f in lint(text, select=["EU"]) if f.category == "euphemism"]
    assert time.perf_counter() - start < 5.0
    assert {f.rule for f in found} == {"EU004", "EU005"}
    assert len(found) == 2
