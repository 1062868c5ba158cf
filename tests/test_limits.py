"""The limits on how much structure one file may make (linter/document/limits.py): a file past
them is refused with one line and exit 2, before its structure fills memory; a file within them
parses exactly as before. The limits are lowered here so that small texts reach them."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest

from linter.document import TooMuchStructure, limits, parse
from linter.document.markdown import _block_tokens
from tests.cli_inprocess import cli

TABLE_HEAD = "# Card\n\n| model | refusal rate |\n| --- | --- |\n"
ROW = "| Example 5 | 4.2% |\n"


def stock_tokens(text: str) -> list[tuple]:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    md.core.ruler.disable(["inline", "text_join"])
    return [(t.type, t.map, t.content) for t in md.parse(text)]


def refusal(path: str, text: str) -> tuple[str, int]:
    """The message ``parse`` refuses the text with, and the peak memory traced until then."""
    tracemalloc.start()
    try:
        with pytest.raises(TooMuchStructure) as refused:
            parse(path, text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return str(refused.value), peak


def test_a_table_past_the_token_limit_is_refused_before_its_rows_are_made(monkeypatch):
    # 200,000 rows would make 1.6 million tokens (about 600 MB) in one call of markdown-it's
    # table rule; the parse stops where the limit is passed.
    monkeypatch.setattr(limits, "MAX_TOKENS", 2_000)
    message, peak = refusal("big.md", TABLE_HEAD + ROW * 200_000)
    assert message == (
        "big.md: more than 2,000 Markdown tokens (blocks, list items, table cells); split the file"
    )
    # The text's line tables and lines take about 40 MB; the table's tokens would take 600.
    assert peak < 100 * 1024 * 1024, peak


def test_a_table_the_limit_has_just_room_for_parses_as_before(monkeypatch):
    rows = 40
    text = TABLE_HEAD + ROW * rows + "\nAfter the table.\n"
    # the heading 3 tokens, the table 6 and 8 a row (its header row too), the paragraph 3
    total = 3 + 6 + 8 * (rows + 1) + 3
    assert len(stock_tokens(text)) == total
    monkeypatch.setattr(limits, "MAX_TOKENS", total)
    assert [(t.type, t.map, t.content) for t in _block_tokens(text, {})] == stock_tokens(text)
    document = parse("card.md", text)
    assert [len(row) for row in document.tables[0].rows] == [2] * (rows + 1)
    for limit in (total - 1, total - 3, total - 4):  # the paragraph, then the table's last row
        monkeypatch.setattr(limits, "MAX_TOKENS", limit)
        with pytest.raises(TooMuchStructure, match=f"more than {limit:,} Markdown tokens"):
            parse("card.md", text)


def test_a_table_whose_header_row_alone_would_pass_the_limit_is_refused(monkeypatch):
    # A header row of 100,000 cells is 300,000 tokens (about 100 MB) before any other line
    # is read: the table is refused before its first row.
    monkeypatch.setattr(limits, "MAX_TOKENS", 1_000)
    wide = "|" + " a |" * 100_000 + "\n|" + " - |" * 100_000 + "\n| x |\n"
    message, peak = refusal("wide.md", "# Card\n\n" + wide)
    assert message.startswith("wide.md: more than 1,000 Markdown tokens")
    assert peak < 40 * 1024 * 1024, peak
    # Where not even a header row fits, lines that only look like a table's start are read as
    # what they are: here a paragraph (3 tokens).
    monkeypatch.setattr(limits, "MAX_TOKENS", 3)
    document = parse("pipes.md", "a | b\n-- | x y\n")
    assert document.tables == [] and [b.kind for b in document.blocks] == ["paragraph"]


def test_headings_past_the_token_limit_are_refused(monkeypatch):
    monkeypatch.setattr(limits, "MAX_TOKENS", 1_000)
    text = "".join(f"## Part {i}\n" for i in range(400))  # 3 tokens each
    with pytest.raises(TooMuchStructure, match=r"^many\.md: more than 1,000 Markdown tokens"):
        parse("many.md", text)
    parse("few.md", "".join(f"## Part {i}\n" for i in range(300)))


def test_blocks_past_the_limit_are_refused(monkeypatch):
    monkeypatch.setattr(limits, "MAX_PIECES", 50)
    text = "".join(f"Paragraph {i}\n\n" for i in range(51))
    with pytest.raises(TooMuchStructure) as refused:
        parse("blocks.md", text)
    assert str(refused.value) == (
        "blocks.md: more than 50 blocks (paragraphs, headings, list items, cells); split the file"
    )
    assert len(parse("ok.md", "".join(f"Paragraph {i}\n\n" for i in range(50))).blocks) == 50


def test_sentences_past_the_limit_are_refused(monkeypatch):
    monkeypatch.setattr(limits, "MAX_PIECES", 100)
    with pytest.raises(TooMuchStructure, match=r"^long\.md: more than 100 sentences; split"):
        parse("long.md", "We route requests. " * 101)
    assert len(parse("ok.md", "We route requests. " * 100).sentences) == 100


def test_a_file_past_a_limit_exits_2_with_one_line_and_the_others_are_linted(
    tmp_path: Path, monkeypatch
):
    monkeypatch.setattr(limits, "MAX_TOKENS", 1_000)
    (tmp_path / "big.md").write_text("".join(f"## Part {i}\n" for i in range(400)))
    (tmp_path / "card.md").write_text("# Example 5 card\n\nExample 5 is made safe.\n")
    result = cli("check", "--jobs", "1", "--format", "json", "big.md", "card.md", cwd=tmp_path)
    assert result.code == 2
    assert result.err.splitlines() == [
        "disclosure-lint: error: big.md: more than 1,000 Markdown tokens (blocks, list items, "
        "table cells); split the file"
    ]
    files = {f["path"]: f for f in json.loads(result.out)["files"]}
    assert files["big.md"]["error"].startswith("big.md: more than 1,000 Markdown tokens")
    assert files["big.md"]["findings"] == []
    assert "error" not in files["card.md"] and files["card.md"]["findings"]

    stdin = cli(
        "check", "-", "--stdin-filename", "piped.md", cwd=tmp_path,
        input=(tmp_path / "big.md").read_bytes(),
    )  # fmt: skip
    assert stdin.code == 2
    assert "piped.md: more than 1,000 Markdown tokens" in stdin.err
    assert "Traceback" not in stdin.err + stdin.out


def test_a_block_with_too_much_inline_markup_is_refused_before_it_is_parsed(monkeypatch):
    # 200,000 emphasised words make 800,000 inline tokens (about 300 MB) in one parse of the
    # paragraph; its 400,000 "*" are counted first.
    monkeypatch.setattr(limits, "MAX_MARKUP", 1_000)
    message, peak = refusal("stars.md", "# Card\n\n" + "*a* " * 200_000 + "\n")
    assert message.startswith("stars.md: a block with more than 1,000 characters of inline markup")
    assert peak < 40 * 1024 * 1024, peak
    # up to the limit, line breaks included, the block is read as before
    ok = parse("ok.md", "# Card\n\n" + "*a* " * 300 + "\n" + "[b](c) " * 100 + "\n" + "x\n" * 199)
    (paragraph,) = [b for b in ok.blocks if b.kind == "paragraph"]
    assert paragraph.text.startswith("a a a") and "b b b" in paragraph.text
    with pytest.raises(TooMuchStructure):
        parse("over.md", "# Card\n\n" + "*a* " * 300 + "\n" + "[b](c) " * 100 + "\n" + "x\n" * 200)


def test_an_html_page_with_too_many_tags_is_refused_before_it_is_parsed(monkeypatch):
    pytest.importorskip("lxml")
    from linter.document.html_input import html_to_markdown

    monkeypatch.setattr(limits, "MAX_HTML_TAGS", 1_000)
    page = "<html><body>" + "<p>We route <b>some</b> requests.</p>" * 250 + "</body></html>"
    assert page.count("<") == 1_004
    with pytest.raises(TooMuchStructure) as refused:
        html_to_markdown(page, "page.html")
    assert str(refused.value) == "page.html: more than 1,000 HTML tags; split the page"
    fewer = "<html><body>" + "<p>We route <b>some</b> requests.</p>" * 249 + "</body></html>"
    assert "We route some requests." in html_to_markdown(fewer, "page.html").text
