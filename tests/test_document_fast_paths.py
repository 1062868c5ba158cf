"""The Document builder's two shortcuts give exactly what markdown-it-py's own inline parsing
gives: the narrower set of characters that stop the inline text rule, and plain text read
without the inline parser. Each property compares against the slow, general path."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from linter.document import markdown, parse, sentences
from tests.test_fuzz_document import FUZZ, MARKDOWN


def _inline_tokens(tokens: list[Any]) -> list[tuple]:
    def flat(token: Any) -> tuple:
        children = tuple(flat(c) for c in token.children or ())
        return (token.type, token.content, token.markup, tuple(token.attrs.items()), children)

    return [flat(t) for t in tokens]


def _ours(text: str) -> list[list[tuple]]:
    env: dict = {}
    blocks = markdown._parser().parse(text, env)
    return [_inline_tokens(markdown._inline_children(t, env)) for t in blocks if t.type == "inline"]


def _reference(text: str) -> list[list[tuple]]:
    md = MarkdownIt("commonmark").enable("table")
    return [_inline_tokens(t.children or []) for t in md.parse(text) if t.type == "inline"]


def _document_shape(text: str) -> list[tuple]:
    document = parse("card.md", text)
    return [
        (
            b.kind,
            b.text,
            b.line,
            b.end_line,
            tuple(b.offsets.starts),
            tuple(b.offsets.lines),
            tuple(b.offsets.columns),
            tuple((s.start, s.end) for s in b.sentences),
        )
        for b in document.blocks
    ] + [(c.text, c.line, c.column) for c in document.comments]


@contextmanager
def _general_path() -> Iterator[None]:
    """Every inline content counts as markup and goes through markdown-it's inline parser: the
    builder takes the general path."""
    saved = markdown._MARKUP, markdown._emphasis_pieces
    markdown._MARKUP = re.compile(r"(?s).")
    markdown._emphasis_pieces = lambda content, env: None
    try:
        yield
    finally:
        markdown._MARKUP, markdown._emphasis_pieces = saved


def _block_shape(tokens: list[Any]) -> list[dict]:
    return [t.as_dict() for t in tokens]


def test_only_the_core_rules_the_direct_block_parse_stands_for_are_active():
    assert markdown._parser().core.ruler.get_active_rules() == ["normalize", "block"]


@FUZZ
@given(MARKDOWN | st.text(alphabet=st.sampled_from("ab\r\n\x00 #|-"), max_size=30))
def test_block_tokens_equal_the_parsers_own(text: str):
    env: dict = {}
    expected = _block_shape(markdown._parser().parse(text, env))
    ours_env: dict = {}
    assert _block_shape(markdown._block_tokens(text, ours_env)) == expected
    assert ours_env == env


def test_the_parser_stops_text_only_where_an_enabled_rule_can_start():
    assert markdown._parser().inline.terminator_re is markdown._TERMINATORS


@FUZZ
@given(MARKDOWN)
def test_inline_tokens_equal_markdown_it_defaults(text: str):
    assert _ours(text) == _reference(text)


@pytest.mark.parametrize(
    "text",
    [
        "Routing - to the older model: 5% = share ~ {x} @ #1 + $2",
        "a [link](http://x.test/a-b:c) and **bold** and `code` &amp; <b>x</b> \\* ![i](j)",
        "[label]: http://x.test\n\nsee [label] - here",
    ],
)
def test_inline_tokens_equal_markdown_it_defaults_on_examples(text: str):
    assert _ours(text) == _reference(text)


def _same_on_both_paths(text: str) -> Any:
    """The Document's shape for ``text``, the same with and without the shortcuts."""
    fast = _document_shape(text)
    with _general_path():
        slow = _document_shape(text)
    assert fast == slow
    return fast


@FUZZ
@given(MARKDOWN)
def test_plain_text_shortcut_gives_the_general_paths_document(text: str):
    _same_on_both_paths(text)


@pytest.mark.parametrize(
    "text",
    [
        "One line of plain text.",
        "Hard break  \nnext line",
        "Soft break \n   indented\tnext\n\t tabbed line",
        "- item one\n  continues here\n- item two",
        "> quoted\n> more quoted",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "Text with a NUL \x00 inside",
    ],
)
def test_plain_text_shortcut_on_examples(text: str):
    assert _same_on_both_paths(text)  # the example gives blocks


@FUZZ
@given(
    st.text(alphabet=st.sampled_from(" \t\n\u00a0\u2003ab.!"), max_size=12) | st.text(max_size=12)
)
def test_a_block_read_as_one_sentence_is_trimmed_as_any_sentence_is(text: str):
    expected = sentences._trim(text, 0, len(text))
    assert sentences.whole(text) == ([expected] if expected is not None else [])


@FUZZ
@given(
    st.text(alphabet=st.sampled_from("ab \n"), max_size=30),
    st.integers(min_value=-2, max_value=12),
    st.integers(min_value=-2, max_value=12),
)
def test_source_lines_are_the_lines_a_split_of_the_whole_text_gives(text, first, last):
    expected = text.split("\n")[max(first, 1) - 1 : last] if last >= 1 else []
    assert parse("card.md", text).source_lines(first, last) == expected


STARRED = st.lists(
    st.sampled_from(["*", "**", "***", "****", "a", "B", "1", " ", "\t", "\u00a0", "\u2003"])
    | st.sampled_from([".", ":", "(", ")", "!", '"', "é", "—", "¿", "_", "`", "&"]),
    max_size=14,
).map("".join)


@FUZZ
@given(STARRED)
def test_emphasis_pair_shortcut_gives_markdown_its_text_tokens(text: str):
    pieces = markdown._emphasis_pieces(text, {})
    if pieces is None:
        return
    reference = MarkdownIt("commonmark").enable("table").parseInline(text)[0].children or []
    emphasis = {"em_open", "em_close", "strong_open", "strong_close"}
    assert {t.type for t in reference} <= {"text"} | emphasis
    assert [t.content for t in reference if t.type == "text" and t.content] == [
        p.content for p in pieces if p.content
    ]


@FUZZ
@given(STARRED)
def test_emphasis_pair_shortcut_gives_the_general_paths_document(text: str):
    for card in (text, f"| {text} | x |\n|---|---|\n| {text} | y |", f"# {text}\n\n- {text}"):
        _same_on_both_paths(card)


@pytest.mark.parametrize(
    "text",
    [
        "**Score:** 0",
        "Choose **This wasn't right**. Then",
        "a**b**c and a*b*c",
        "** not bold**, *not em *, ***both*** ****four****",
        "(**x**) \u00a0**y**\u00a0 \u2014**z**\u2014",
        "| **Total** | 5 |\n|---|---|\n| *a* | **1820** |",
    ],
)
def test_emphasis_pair_shortcut_on_examples(text: str):
    assert _same_on_both_paths(text)
