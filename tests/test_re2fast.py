"""The lean RE2 front gives exactly what google-re2's own wrapper gives: spans, groups and the
sequence of matches, on ASCII and non-ASCII text, with empty matches and optional groups."""

from __future__ import annotations

import os

import re2
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.rulebook import compile_pattern
from linter.rulebook.patterns import _options
from linter.rulebook.re2fast import Pattern

ATOMS = [
    "a", "b", "é", "’", "数", ".", r"\w", r"\s", r"\S", r"\d", r"\b", "[a-c]", "[^a]", "x?",
    "(?:ab)", "(a|é)", "(b)?", "^", "$", r"\bwe\b", "k", "ß", "",
]  # fmt: skip
PATTERNS = st.lists(st.sampled_from(ATOMS), min_size=1, max_size=5).map("".join) | st.sampled_from(
    [r"\b(?:route[sd]?|routing)\b", r"(\d+(?:[.,]\d+)?)\s?%", r"x*", r"(a)|(b)", r"^\s*$"]
)
ALPHABET = [*"abkxé’数ßK \n5.%,-we", "\u212a", "😀"]  # U+212A KELVIN SIGN folds to k
TEXT = st.text(alphabet=st.sampled_from(ALPHABET), max_size=40)


def _reference(pattern: str):
    return re2.compile(f"(?m){pattern}", _options())


def _spans(match) -> list | None:
    if match is None:
        return None
    groups = len(match.groups())
    return [match.span(i) for i in range(groups + 1)] + [match.group(), match.groups()]


@settings(
    max_examples=int(os.environ.get("DISCLOSURE_LINT_FUZZ_EXAMPLES", "400")),
    deadline=None,
    database=None,
)
@given(PATTERNS, TEXT)
def test_the_fast_front_agrees_with_the_wrapper(pattern: str, text: str):
    fast, reference = compile_pattern(pattern), _reference(pattern)
    assert isinstance(fast, Pattern)
    assert _spans(fast.search(text)) == _spans(reference.search(text))
    assert _spans(fast.match(text)) == _spans(reference.match(text))
    assert _spans(fast.fullmatch(text)) == _spans(reference.fullmatch(text))
    assert [_spans(m) for m in fast.finditer(text)] == [_spans(m) for m in reference.finditer(text)]
    assert fast.found_in(text) == (reference.search(text) is not None)
    assert fast.found_in_utf8(text.encode()) == (reference.search(text) is not None)


def test_the_same_text_scanned_by_many_patterns_and_then_another_text():
    texts = ["Requests are routed — to Example 4.", "plain ascii routed text", "é routed"]
    for text in texts * 2:
        for pattern in (r"\brouted\b", r"Example \d", "é", r"\w+"):
            fast, reference = compile_pattern(pattern), _reference(pattern)
            assert [m.span() for m in fast.finditer(text)] == [
                m.span() for m in reference.finditer(text)
            ]


def test_match_objects_answer_like_re_matches():
    match = compile_pattern(r"(\d+)(%)?( pts)?").search("share 12% today")
    assert match.group() == "12%" and match.group(0) == "12%"
    assert match.group(1, 2) == ("12", "%")
    assert match[1] == "12" and match.groups() == ("12", "%", None)
    assert match.groups(default="") == ("12", "%", "")
    assert (match.start(), match.end(), match.span(1)) == (6, 9, (6, 8))
    assert match.string == "share 12% today"


def test_other_attributes_come_from_the_wrapped_pattern():
    pattern = compile_pattern(r"(a)(b)")
    assert pattern.groups == 2
    assert "(a)(b)" in pattern.pattern


def test_text_with_many_non_ascii_characters_is_decoded_instead_of_indexed(monkeypatch):
    from linter.rulebook import re2fast

    monkeypatch.setattr(re2fast, "_MAX_INDEXED", 2)
    texts = ["数据 routed é — to k", "ééé a é b", "plain", "😀x😀y😀"]
    for text in texts:
        for pattern in (r"\w+", "é", r"(\S)(\s)?", "x*", r"\bk\b"):
            fast, reference = compile_pattern(pattern), _reference(pattern)
            assert [_spans(m) for m in fast.finditer(text)] == [
                _spans(m) for m in reference.finditer(text)
            ]
            assert _spans(fast.search(text)) == _spans(reference.search(text))
