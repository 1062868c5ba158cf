"""Each pattern of a phrase rule is checked as RE2 reads it alone, though the check compiles the
alternation of them all first: a pattern that parses only with text borrowed from its neighbours
in the alternation is still refused, with its number."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.rulebook import PatternError, RuleError, alternation, check_each, compile_pattern
from linter.rulebook.patterns import self_contained
from tests.test_euphemism import _house


def _one_by_one(patterns: list[str]) -> str | None:
    """The reference: each pattern compiled alone, the first refusal as check_each words it."""
    for number, pattern in enumerate(patterns, 1):
        try:
            compile_pattern(pattern)
        except PatternError as exc:
            return f"pattern {number}: {exc}"
    return None


def _checked(patterns: list[str]) -> str | None:
    try:
        check_each(patterns)
    except PatternError as exc:
        return str(exc)
    return None


# Each list compiles as an alternation, yet one member is invalid alone.
BORROWING = [
    (["a)|(?:b"], 1, "unexpected )"),  # closes the group the alternation opened for it
    (["x", "a\\", ")b"], 2, "trailing \\"),  # escapes the alternation's ")"
    (["[a", "b]"], 1, "missing ]"),  # a class running into the next pattern
    (["(?i", "b)"], 1, "invalid perl operator"),  # a flag group closed by the alternation
    (["\\Qa", "b\\E"], 2, "invalid escape sequence"),  # a quote running into the next
]


@pytest.mark.parametrize(("patterns", "number", "reason"), BORROWING)
def test_a_pattern_valid_only_inside_the_alternation_is_refused_with_its_number(
    patterns, number, reason
):
    alternation(patterns)  # compiles: the shortcut alone would have let these through
    message = _checked(patterns)
    assert message is not None
    assert message.startswith(f"pattern {number}: pattern {patterns[number - 1]!r} ")
    assert reason in message
    assert message == _one_by_one(patterns)


@pytest.mark.parametrize(
    "pattern",
    ["a)|(?:b", "a\\", "[a", "[a\\]", "\\Qa", "a(", ")(", "\\p{Greek", "[[:alpha:]]", "[\\x{41]"],
)
def test_not_self_contained(pattern):
    assert not self_contained(pattern)


@pytest.mark.parametrize(
    "pattern",
    [
        r"\bsafe(?:ty)?\b",
        r"[])(]x",
        r"[^]a]",
        r"\Q)(\E",
        r"\p{Greek}\x{29}\)",
        r"(?i)a|(?P<n>b)",
        r"[\]\[(]",
        "",
    ],
)
def test_self_contained(pattern):
    assert self_contained(pattern)


def test_an_alternation_too_large_for_re2_passes_each_pattern_and_fails_as_a_whole(
    tmp_path: Path,
):
    patterns = [f"{letter}\\pL{{1000}}" for letter in "abcd"]  # each alone compiles
    with pytest.raises(PatternError, match="pattern too large"):
        alternation(patterns)
    assert _checked(patterns) is None
    extra = "".join(f"    - '{p}'\n" for p in patterns[1:])
    with pytest.raises(RuleError, match=r"HX001-house-phrase\.yaml:12: check.*pattern too large"):
        _house(tmp_path, patterns[0], extra)


_PIECES = st.sampled_from(
    ["a", "b", "(", ")", "(?:", "(?i", "(?P<n>", "[", "]", "^", "\\", "\\Q", "\\E", "\\p{",
     "}", "{2}", "*", "+", "?", "|", ":", "-", "[:", ":]", "\\b", "\\)", "\\x{", "41"]
)  # fmt: skip
_PATTERN = st.lists(_PIECES, max_size=8).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PATTERN, min_size=1, max_size=4))
def test_check_each_refuses_exactly_what_compiling_each_pattern_refuses(patterns):
    assert _checked(patterns) == _one_by_one(patterns)


def test_a_borrowing_pattern_in_a_rule_file_is_a_rule_error_naming_it(tmp_path: Path):
    with pytest.raises(RuleError) as err:
        _house(tmp_path, "safe)|(?:guard")
    message = str(err.value)
    assert "HX001-house-phrase.yaml:12: check.patterns: " in message
    assert "pattern 1: pattern 'safe)|(?:guard' is not supported: unexpected )" in message


def test_the_joint_phrase_scan_holds_the_compiled_rules_own_patterns():
    from linter.checks.phrase import _phrase_regex, _phrase_set
    from linter.engine.run import compile_rules
    from linter.rulebook import load_ruleset

    ruleset = load_ruleset()
    phrase_rules = [r for r in ruleset.rules if r.check.kind == "phrase"]
    compiled = compile_rules(phrase_rules)
    members = _phrase_set(ruleset).members
    assert len(members) == len(phrase_rules)
    assert {id(m) for m in members} == {id(c.params.regex) for c in compiled}
    # Parameters that form no alternation give no member (the rule's compile reports them).
    assert _phrase_regex({"patterns": "safe"}) is None
    assert _phrase_regex({"patterns": ["safe)"]}) is None
    assert _phrase_regex({"phrases": [3]}) is None
