"""The dispatching block chains (linter/document/blockrules.py) give markdown-it's own tokens."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from linter.document import blockrules, markdown
from tests.test_fuzz_document import FUZZ, MARKDOWN

ROOT = Path(__file__).resolve().parent.parent
SHARED_DOCS = ROOT.parent / "shared" / "corpus" / "docs"


def _stock() -> Any:
    return MarkdownIt("commonmark").enable("table")


def _dispatching() -> Any:
    md = _stock()
    assert blockrules.install(md)
    return md


STOCK, OURS = _stock(), _dispatching()


def _tokens(md: Any, text: str) -> list[dict]:
    env: dict = {}
    tokens = [t.as_dict() for t in md.parse(text, env)]
    return [*tokens, env]


def _same(text: str) -> None:
    assert _tokens(OURS, text) == _tokens(STOCK, text)


# Lines a block rule can start on, next to lines it cannot: every rule and every terminator.
BLOCK_LINES = st.sampled_from(
    [
        "", "text", "# h", "#no", "####### seven", "> q", ">", "- a", "* b", "+ c", "-", "1. n",
        "2) n", "12345678901. n", "***", "---", "___", "- - -", "===", "```", "~~~", "``` py",
        "    code", "\tcode", "  - nested", "     deep", "<div>", "</div>", "<!-- c -->", "<x>",
        "[ref]: /url", "[ref]:", "[a", "| a | b |", "|---|---|", "| - | :-: |", "a | b",
        "--|--", ":--", "| x |", "-:", "- :", " > > quoted", ">     code in quote",
    ]
)  # fmt: skip
LINED = st.lists(BLOCK_LINES | st.text(alphabet="ab #>-*|:`~<[]1. \t", max_size=8), max_size=14)


@FUZZ
@given(LINED.map("\n".join))
def test_tokens_equal_markdown_its_on_block_syntax(text: str):
    _same(text)


@FUZZ
@given(MARKDOWN | st.text(max_size=200))
def test_tokens_equal_markdown_its_on_arbitrary_text(text: str):
    _same(text)


@pytest.mark.parametrize(
    "text",
    [
        "para\n# heading\nmore",  # a heading ends a paragraph
        "para\n| a | b |\n|---|---|\n| 1 | 2 |",  # a table ends a paragraph
        "| a |\n|---|\nrow\n\n- item\n  | a |\n  |---|",
        "Title\n=====\n\nSub\n---",
        "- one\n- two\n\n  still two\n3. three",
        "> quote\n> - list in quote\n>   more\n\n    code\n    block",
        "[ref]: /url 'title'\n\n[ref]",
        "text\n    not code: a lazy line\n```\nfenced\n```",
        "<div>\nhtml\n</div>\n\n<!-- note -->",
    ],
)
def test_tokens_equal_markdown_its_on_examples(text: str):
    _same(text)


def _documents() -> list[Path]:
    found = sorted((ROOT / "examples").rglob("*.md")) + sorted(
        (ROOT / "tests" / "corpus" / "docs").rglob("*.md")
    )
    return found + (sorted(SHARED_DOCS.glob("*.md")) if SHARED_DOCS.is_dir() else [])


def test_tokens_equal_markdown_its_on_every_card():
    documents = _documents()
    assert len(documents) > 20
    for path in documents:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert _tokens(OURS, text) == _tokens(STOCK, text), path


def test_the_documents_parser_dispatches():
    assert markdown._parser().block.ruler.get_active_rules()[0] == "blocks"


def test_code_blocks_stay_on():
    # StateBlock reads the active rule names to know whether indented code is code.
    assert [t.type for t in OURS.parse("    indented")] == ["code_block"]


def test_a_parser_with_other_block_rules_is_left_alone():
    md = _stock().disable("hr")
    before = md.block.ruler.get_active_rules()
    assert not blockrules.install(md)
    assert md.block.ruler.get_active_rules() == before
    extended = _stock()
    extended.block.ruler.before("paragraph", "mine", lambda state, start, end, silent: False)
    assert not blockrules.install(extended)
