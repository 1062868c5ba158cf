"""Every rule's examples run: a bad example fires its rule, a good one does not.

Each example is linted as a whole document with the default rules plus the rule itself (so
rules that are off by default are exercised too)."""

from __future__ import annotations

import pytest

from tests.helpers import ruleset

RULES = ruleset().rules


def _findings(text: str, code: str):
    from linter.engine import compile_rules, select_rules
    from linter.engine.run import lint_text

    rules = compile_rules(select_rules(ruleset().rules, extend_select=[code]))
    result = lint_text("example.md", text, ruleset(), rules)
    assert result.error is None
    return [f for f in result.findings if f.rule == code]


def _cases(which: str):
    for rule in RULES:
        for i, text in enumerate(getattr(rule.examples, which)):
            yield pytest.param(rule.code, text, id=f"{rule.code}-{which}-{i}")


@pytest.mark.parametrize(("code", "text"), list(_cases("bad")))
def test_bad_example_fires(code, text):
    assert _findings(text, code), f"{code} did not fire on its bad example"


@pytest.mark.parametrize(("code", "text"), list(_cases("good")))
def test_good_example_is_quiet(code, text):
    found = _findings(text, code)
    assert not found, f"{code} fired on its good example: {[f.message for f in found]}"
