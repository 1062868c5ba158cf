"""Rule pages in docs/rules/ are generated from the rule data and kept current."""

from __future__ import annotations

from linter.reporters import rule_docs
from tests.helpers import REPO, ruleset

REGENERATE = "run: python -m linter.reporters.rule_docs docs/rules"


def test_docs_rules_are_current():
    stale = rule_docs.stale(REPO / "docs" / "rules", ruleset())
    assert not stale, f"{REGENERATE} (out of date: {', '.join(stale)})"


def test_a_page_carries_the_rule_data():
    rule = ruleset().find("FR004")
    page = rule_docs.rule_page(rule)
    assert page.startswith("# FR004 routing-notice-unstated\n\n" + rule.summary + "\n")
    for part in ("## Why it matters", "## What to write instead", "## References"):
        assert part in page
    assert rule.references[0] in page
    assert "```markdown\n" + rule.examples.bad[0].rstrip() + "\n```" in page
    index = rule_docs.index_page(ruleset())
    assert all(f"[{r.code}]({r.code}.md)" in index for r in ruleset().rules)


def test_examples_with_fences_get_a_longer_fence():
    rule = ruleset().find("FR004")
    fenced = rule.model_copy(
        update={"examples": rule.examples.model_copy(update={"bad": ["a\n```\ncode\n```\n"]})}
    )
    assert "````markdown\na\n```\ncode\n```\n````" in rule_docs.rule_page(fenced)


def test_write_and_check_bring_a_folder_up_to_date(tmp_path):
    (tmp_path / "ZZ999.md").write_text("a page for a rule that no longer exists")
    (tmp_path / "notes.md").write_text("kept: not a rule page")
    assert rule_docs.main([str(tmp_path), "--check"]) == 1
    assert rule_docs.main([str(tmp_path)]) == 0
    assert not (tmp_path / "ZZ999.md").exists()
    assert (tmp_path / "notes.md").exists()
    assert (tmp_path / "FR004.md").read_text() == rule_docs.rule_page(ruleset().find("FR004"))
    assert rule_docs.main([str(tmp_path), "--check"]) == 0


def test_help_uri():
    rule = ruleset().find("FR004")
    assert (
        rule_docs.help_uri("https://x.org/docs/rules", rule) == "https://x.org/docs/rules/FR004.md"
    )
    assert rule_docs.help_uri("https://x.org/r/{code}.html#{name}", rule) == (
        "https://x.org/r/FR004.html#routing-notice-unstated"
    )
