"""The language check's measure reads ASCII blocks with str.translate and split: it counts the
same words, function words and letters as the regular expressions it replaces, whatever the
blocks hold."""

from __future__ import annotations

import os
import re
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from linter.checks.language import SAMPLE_CHARS, _measure

_WORD = re.compile(r"[^\W\d_]+")
_NON_LATIN_LETTER = re.compile(r"[^\W\d_\u0000-\u024f]")
FUNCTION_WORDS = frozenset({"the", "of", "and", "a", "in", "is", "é"})
ALPHABET = [*"theofand aisxyzTHE A_9.,;:-'\n\t", "’", "—", "é", "É", "数", "²", "Ⓐ", "İ", "ß"]
BLOCKS = st.lists(
    st.tuples(
        st.sampled_from(["paragraph", "table_cell", "heading", "table_row"]),
        st.text(alphabet=st.sampled_from(ALPHABET), max_size=40),
    ),
    max_size=12,
)


def _reference(blocks, function_words, sample=SAMPLE_CHARS):
    parts, size = [], 0
    for kind, text in blocks:
        if kind in ("table_cell", "table_row"):
            continue
        parts.append(text)
        size += len(text)
        if size > sample:
            break
    text = "\n".join(parts)
    words = _WORD.findall(text.lower())
    letters = sum(map(len, words))
    other = len(_NON_LATIN_LETTER.findall(text))
    hits = sum(1 for w in words if w in function_words)
    return len(words), hits, letters - other, other


def _ctx(blocks):
    document = SimpleNamespace(blocks=[SimpleNamespace(kind=k, text=t) for k, t in blocks])
    return SimpleNamespace(document=document)


@settings(
    max_examples=int(os.environ.get("DISCLOSURE_LINT_FUZZ_EXAMPLES", "400")),
    deadline=None,
    database=None,
)
@given(BLOCKS)
def test_the_measure_agrees_with_the_regular_expressions(blocks):
    assert _measure(_ctx(blocks), FUNCTION_WORDS) == _reference(blocks, FUNCTION_WORDS)


def test_the_sample_stops_after_the_block_that_passes_the_limit():
    long = "the cat " * (SAMPLE_CHARS // 8 + 1)
    blocks = [("paragraph", long), ("paragraph", "of of of"), ("paragraph", "and")]
    assert _measure(_ctx(blocks), FUNCTION_WORDS) == _reference(blocks, FUNCTION_WORDS)
    assert _measure(_ctx(blocks), FUNCTION_WORDS)[1] == SAMPLE_CHARS // 8 + 1
