"""The Document layer maps every sentence back to its exact line and column in the file."""

from __future__ import annotations

import pytest

from linter.document import decode, parse


def doc(text: str):
    return parse("t.md", decode(text.encode("utf-8"), "t.md"))


def located(d, needle: str):
    """(line, column, end_line, end_column) of the sentence containing ``needle``."""
    for s in d.sentences:
        if needle in s.text:
            p, e = s.position, s.end_position
            return p.line, p.column, e.line, e.column
    raise AssertionError(f"no sentence contains {needle!r}: {[s.text for s in d.sentences]}")


def source_at(text: str, line: int, column: int, length: int) -> str:
    return text.split("\n")[line - 1][column - 1 : column - 1 + length]


def test_plain_paragraph_positions():
    d = doc("# Title\n\nFirst sentence here. Second one follows.\n")
    assert located(d, "First") == (3, 1, 3, 21)
    assert located(d, "Second") == (3, 22, 3, 41)


def test_inline_markup_is_stripped_but_columns_follow_the_source():
    text = "Intro.\n\nWe route **some** requests to [Example 4](https://x.test) and `code` here.\n"
    d = doc(text)
    (s,) = [s for s in d.sentences if "route" in s.text]
    assert s.text == "We route some requests to Example 4 and code here."
    start = s.text.index("Example 4")
    p, e = s.span(start, start + len("Example 4"))
    assert (p.line, p.column) == (3, 32)
    assert source_at(text, p.line, p.column, 9) == "Example 4"
    assert (e.line, e.column) == (3, 41)
    code_at = s.text.index("code")
    p, _ = s.span(code_at, code_at + 4)
    assert source_at(text, p.line, p.column, 4) == "code"


def test_paragraph_spanning_lines():
    text = "A first line that\ncontinues on the second line. Then a new\nsentence ends here.\n"
    d = doc(text)
    assert located(d, "A first") == (1, 1, 2, 30)
    assert located(d, "Then a new") == (2, 31, 3, 20)


def test_front_matter_offsets_are_kept():
    text = "---\ntitle: x\nlicense: mit\n---\n\n# Card\n\nThe model is here.\n"
    d = doc(text)
    assert d.front_matter is not None
    assert d.front_matter.line == 1 and d.front_matter.end_line == 4
    assert d.front_matter.data == {"title": "x", "license": "mit"}
    assert d.front_matter.positions[("license",)].line == 3
    assert located(d, "The model") == (8, 1, 8, 19)
    assert d.first_line == 1


def test_crlf_and_bom_give_the_same_positions_as_lf():
    lf = "# T\n\nOne sentence. Two sentence.\n"
    crlf = "\ufeff" + lf.replace("\n", "\r\n")
    d1 = doc(lf)
    d2 = parse("t.md", decode(crlf.encode("utf-8"), "t.md"))
    assert [located(d1, "Two")] == [located(d2, "Two")] == [(3, 15, 3, 28)]


def test_non_ascii_columns_count_code_points():
    text = "Café naïve 😀 text. Über alles.\n"
    d = doc(text)
    assert located(d, "Über") == (1, 20, 1, 31)
    assert source_at(text, 1, 20, 4) == "Über"


def test_markdown_table_cells():
    text = "Intro.\n\n| Category | Refusal rate |\n| --- | --- |\n| Cyber | 3.1% |\n"
    d = doc(text)
    assert d.text == text  # the whole file, whatever blocks it holds
    (table,) = d.tables
    assert table.source == "markdown"
    assert table.header_texts() == ["Category", "Refusal rate"]
    assert [[c.text for c in r] for r in table.body_rows()] == [["Cyber", "3.1%"]]
    (row,) = [b for b in d.blocks if b.kind == "table_row"]
    assert row.text == "Category: Cyber; Refusal rate: 3.1%"
    assert [s.text for s in row.sentences] == [row.text]
    cell = table.body_rows()[0][1].block
    assert cell.kind == "table_cell" and cell.table is table
    assert located(d, "3.1%") == (5, 11, 5, 15)


def test_html_table_cells_and_caption():
    text = (
        "Intro.\n\n"
        "<table><caption>Refusals by category</caption>\n"
        "<tr><th>Model</th><th>Over-refusal</th></tr>\n"
        "<tr><td>Example 5</td><td>2.0%</td></tr></table>\n"
    )
    d = doc(text)
    (table,) = d.tables
    assert table.source == "html"
    assert table.caption == "Refusals by category"
    assert table.header_texts() == ["Model", "Over-refusal"]
    assert located(d, "2.0%") == (5, 27, 5, 31)
    assert source_at(text, 5, 27, 4) == "2.0%"


def test_blockquotes_lists_and_code():
    text = (
        "> A quoted claim. Another.\n\n- item one is here.\n- item two &amp; more\n\n"
        "```\nCode is skipped.\n```\n"
    )
    d = doc(text)
    quoted = [s for s in d.sentences if s.block.quoted]
    assert [s.text for s in quoted] == ["A quoted claim.", "Another."]
    assert located(d, "A quoted") == (1, 3, 1, 18)
    items = [s for s in d.sentences if s.block.kind == "list_item"]
    assert [s.text for s in items] == ["item one is here.", "item two & more"]
    assert located(d, "item two") == (4, 3, 4, 22)
    assert not any("skipped" in s.text for s in d.sentences)


def test_section_tree():
    d = doc("# A\n\nx.\n\n## B\n\ny.\n\n### C\n\nz.\n\n## D\n\nw.\n")
    titles = [(s.title, s.level, s.parent.title if s.parent else None) for s in d.sections]
    assert titles == [("", 0, None), ("A", 1, ""), ("B", 2, "A"), ("C", 3, "B"), ("D", 2, "A")]
    z = next(s for s in d.sentences if s.text == "z.")
    assert z.section.path() == ["A", "B", "C"]


def test_multi_line_comment_end_line():
    d = doc("Intro.\n\n<!-- disclosure-lint: disable FR001\n  -- reason -->\nText follows.\n")
    assert [(c.line, c.end_line) for c in d.comments] == [(3, 4)]


def test_comments_are_collected_with_lines():
    text = (
        "Intro.\n\n<!-- disclosure-lint: disable FR001 -- reason -->\n\n"
        "Text <!-- inline --> here.\n"
    )
    d = doc(text)
    assert [(c.line, c.column, c.end_line) for c in d.comments] == [(3, 1, 3), (5, 6, 5)]
    assert "disable FR001" in d.comments[0].text


@pytest.mark.parametrize(
    "text",
    ["Dr. Smith arrived. Then left.", "We use e.g. cyber. Next one.", "Version 4.5 ships. Next."],
)
def test_sentence_splitter_keeps_abbreviations_and_decimals(text):
    d = doc(text + "\n")
    assert len(d.sentences) == 2


def test_a_released_document_leaves_no_cycles_for_the_collector():
    import gc

    card = (
        "# Card\n\nIntro sentence. Second one.\n\n## Routing\n\n- item one\n- item two\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n<table><tr><td>x</td></tr></table>\n\n### Deeper\n\n"
        "> quoted text\n"
    )
    gc.collect()
    gc.disable()
    try:
        document = parse("card.md", card)
        assert document.tables and len(document.sections) == 4
        document.release()
        del document
        assert gc.collect() == 0
        document = parse("card.md", card)
        del document
        assert gc.collect() > 50  # without release, the collector has the cycles to find
    finally:
        gc.enable()
