"""Scanning a document's sentences for a pattern: the joinable fast path, the generic scan of the
joined text and the scan of several patterns together (PatternSet) all find exactly the
sentences where a search of the sentence alone finds a match; patterns whose matches depend on
the edges of the searched text keep the generic scan."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.document.model import Block, Document, OffsetMap, Section, Sentence
from linter.rulebook import compile_pattern
from linter.rulebook.patternset import PatternSet

ATOMS = [
    "a", "b", "é", "数", ".", r"\w", r"\s", r"\S", r"\d", r"\b", "[a-c]", "[^a]", "x?", "(?:ab)",
    "(a|é)", "^", "$", r"\bwe\b", "k", "", r"\s+", "[^.]*", "(?s).", r"\n", "a*", "(?:b\n?)+",
]  # fmt: skip
PATTERNS = st.lists(st.sampled_from(ATOMS), min_size=1, max_size=4).map("".join)
ALPHABET = [*"abkxé数K \n5.%we", "\u212a"]
TEXTS = st.lists(st.text(alphabet=st.sampled_from(ALPHABET), max_size=12), max_size=8)
EXAMPLES = int(os.environ.get("DISCLOSURE_LINT_FUZZ_EXAMPLES", "400"))


def _document(texts: list[str]) -> Document:
    root = Section("", 0, 1)
    block = Block("paragraph", "", OffsetMap(), root, 1, 1)
    sentences = [Sentence(text, 0, len(text), block, i) for i, text in enumerate(texts)]
    return Document("t.md", "\n".join(texts), None, root, [root], [block], [], sentences, [], 1)


class _Plain:
    """A pattern offering only ``finditer`` and ``search``: the document's generic scan."""

    def __init__(self, pattern) -> None:
        self.finditer = pattern.finditer
        self.search = pattern.search


def _alone(pattern, texts: list[str]) -> frozenset[int]:
    return frozenset(i for i, text in enumerate(texts) if pattern.search(text) is not None)


@settings(max_examples=EXAMPLES, deadline=None, database=None)
@given(PATTERNS, TEXTS)
def test_a_joinable_pattern_finds_the_sentences_a_search_of_each_finds(source, texts):
    pattern = compile_pattern(source)
    assert pattern.joinable
    expected = _alone(pattern, texts)
    assert pattern.sentence_hits(_document(texts)) == expected
    assert _document(texts).sentence_hits(pattern) == expected
    assert _document(texts).sentence_hits(_Plain(pattern)) == expected
    document = _document(texts)
    assert {i for i in range(len(texts)) if pattern.in_sentence(document, i)} == expected


@settings(max_examples=EXAMPLES // 2, deadline=None, database=None)
@given(PATTERNS, TEXTS, st.data())
def test_a_scan_of_ranges_finds_the_hits_inside_them(source, texts, data):
    pattern = compile_pattern(source)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(texts)), max_size=4)))
    runs = [(a, b) for a, b in zip([0, *cuts], [*cuts, len(texts)], strict=True) if a < b][::2]
    inside = {i for a, b in runs for i in range(a, b)}
    found = pattern.hits_within(_document(texts), runs)
    assert sorted(found) == sorted(_alone(pattern, texts) & inside)


@pytest.mark.parametrize("source", [r"\Aa", r"a\z", r"(?-m)^a", r"(?s-m:a$)", r"\\A"])
def test_patterns_bound_to_the_text_edges_keep_the_generic_scan(source):
    pattern = compile_pattern(source)
    texts = ["a", "b a", "a", "ab\\A"]
    assert not pattern.joinable and pattern.sentence_hits(_document(texts)) is None
    assert pattern.in_sentence(_document(texts), 0) is None
    # Each sentence alone: \Aa matches the first and the third, which a scan of the sentences
    # joined would miss.
    assert _document(texts).sentence_hits(pattern) == _alone(pattern, texts)
    assert _document(texts).sentence_hits(_Plain(pattern)) == _alone(pattern, texts)


def test_a_match_across_sentences_decides_each_sentence_it_covers():
    texts = ["refusal rate", "", "of 5%", "none here", "rate: 7%"]
    pattern = compile_pattern(r"rate\s*(?:of\s+)?\d+%|(?s)rate.{0,12}\d")
    assert _document(texts).sentence_hits(pattern) == _alone(pattern, texts) == {4}


def test_non_ascii_sentences_are_found_by_their_byte_ranges():
    texts = ["é数 we", "数数数 route", "plain", "Kelvin \u212a route"]
    for source, expected in ((r"\broute\b", {1, 3}), ("k", {3}), (r"\bwe\b", {0})):
        assert _document(texts).sentence_hits(compile_pattern(source)) == expected


@settings(max_examples=EXAMPLES // 2, deadline=None, database=None)
@given(st.lists(PATTERNS, min_size=2, max_size=5, unique=True), TEXTS)
def test_a_pattern_set_records_each_members_hits(sources, texts):
    patterns = [compile_pattern(source) for source in sources]
    document = _document(texts)
    PatternSet(patterns, after=0).scan(document)
    for pattern in patterns:
        assert document.scanned_hits(pattern) == _alone(pattern, texts)


@settings(max_examples=EXAMPLES // 2, deadline=None, database=None)
@given(st.lists(PATTERNS, min_size=2, max_size=5, unique=True), TEXTS, st.data())
def test_a_pattern_set_finds_each_members_hits_inside_ranges(sources, texts, data):
    patterns = [compile_pattern(source) for source in sources]
    cuts = sorted(data.draw(st.lists(st.integers(0, len(texts)), max_size=4)))
    runs = [(a, b) for a, b in zip([0, *cuts], [*cuts, len(texts)], strict=True) if a < b][::2]
    inside = {i for a, b in runs for i in range(a, b)}
    pattern_set = PatternSet(patterns, after=0)
    document = _document(texts)
    found = pattern_set.hits_within(document, runs)
    assert found is not None
    for member, hits in zip(pattern_set.members, found, strict=True):
        assert hits == sorted(_alone(member, texts) & inside)
    assert all(document.scanned_hits(p) is None for p in patterns)  # nothing recorded


class _FailingSet:
    """An RE2 Set that ran out of memory: it reports no match at all, not even the sentinel."""

    def Match(self, text: bytes) -> list[int]:
        return []


def test_a_pattern_set_whose_set_fails_searches_each_member():
    patterns = [compile_pattern(s) for s in (r"\broute[sd]?\b", r"\d+%", "never")]
    texts = ["requests are routed", "5% of them", "routes: 7%", "nothing"]
    pattern_set = PatternSet(patterns, after=0)
    pattern_set._set = _FailingSet()
    document = _document(texts)
    pattern_set.scan(document)
    assert [document.scanned_hits(p) for p in patterns] == [{0, 2}, {1, 2}, set()]


def test_a_pattern_set_without_a_joint_scan_leaves_members_to_their_own_scans():
    first, edge = compile_pattern("a"), compile_pattern(r"\Ab")
    pattern_set = PatternSet([first, edge], after=0)
    assert pattern_set.members == (first,)  # not joinable: scanned on its own
    document = _document(["b", "a"])
    pattern_set.scan(document)
    assert document.scanned_hits(first) is None and document.scanned_hits(edge) is None
    assert document.sentence_hits(first) == {1} and document.sentence_hits(edge) == {0}


def test_a_pattern_set_whose_alternation_does_not_compile_has_no_joint_scan(monkeypatch):
    import re2

    class Refused:  # what RE2 answers for an alternation beyond its memory budget
        Anchor = re2._re2.RE2.Anchor

        def __init__(self, *args: object) -> None:
            pass

        def ok(self) -> bool:
            return False

    patterns = [compile_pattern("a"), compile_pattern("b")]
    monkeypatch.setattr(re2._re2, "RE2", Refused)
    pattern_set = PatternSet(patterns, after=0)
    monkeypatch.undo()
    document = _document(["a", "b", "ab"])
    pattern_set.scan(document)
    assert all(document.scanned_hits(p) is None for p in patterns)
    assert [document.sentence_hits(p) for p in patterns] == [{0, 2}, {1, 2}]


def test_a_pattern_set_compiles_only_when_a_second_document_comes():
    patterns = [compile_pattern("a"), compile_pattern("b")]
    pattern_set = PatternSet(patterns)
    first, second = _document(["a", "b"]), _document(["b", "ab"])
    pattern_set.scan(first)
    pattern_set.scan(first)
    assert pattern_set._union is None and first.scanned_hits(patterns[0]) is None
    assert [first.sentence_hits(p) for p in patterns] == [{0}, {1}]
    pattern_set.scan(second)
    assert [second.scanned_hits(p) for p in patterns] == [{1}, {0, 1}]
