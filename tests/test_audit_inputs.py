"""Reading audit inputs: HTML pages and PDFs to Markdown with the way back to the source line or
page, plain text, format detection, and the refusals (no text layer, broken files)."""

from __future__ import annotations

import pytest

from linter.audit.convert import convert, plain_text
from linter.audit.sources import Source, load_source, looks_like_markdown, sniff
from linter.document import ReadError, parse
from linter.document.converted import escape_markdown, unescape_line
from tests.fixtures.audit.pdfgen import make_pdf

pytest.importorskip("lxml")
pytest.importorskip("pypdfium2")

PAGE = """<!doctype html>
<html><head><title>Example 5 card</title><script>var x = "routed to Example 1";</script>
<style>p { color: red }</style></head>
<body>
<header class="site-header"><a href="/">Home</a> <a href="/a">About</a> <a href="/b">Blog</a></header>
<nav><ul><li><a href="/x">Products</a></li><li><a href="/y">Pricing</a></li></ul></nav>
<main>
<h1>Example 5 system card</h1>
<p>Example 5 is our model. When a classifier flags a request about
cybersecurity, the request is routed to <b>Example 4.8</b>.</p>
<h2>Lists</h2>
<ul>
  <li>First item with * star and _under_</li>
  <li>Second item</li>
</ul>
<table><caption>Table 2: Refusal rates</caption>
<tr><th>Category</th><th>Example 5</th></tr>
<tr><td>Cybersecurity</td><td>97.1%</td></tr>
<tr><td>A | B</td><td>2.0%</td></tr>
</table>
<div class="share-buttons"><a href="#">Share this</a></div>
<aside>Related: other cards</aside>
<p>1. Not a list &amp; &lt;b&gt;not bold&lt;/b&gt;.</p>
</main>
<footer>Copyright Example Lab</footer>
</body></html>
"""


def _html(text: str = PAGE):
    return convert(Source("card.html", text.encode(), "html"))


def test_html_keeps_content_and_drops_navigation_footer_and_scripts():
    converted = _html()
    text = converted.text
    assert "Products" not in text and "Home" not in text  # nav and site header
    assert "Copyright" not in text and "Related" not in text  # footer and aside
    assert "Share this" not in text  # share buttons by class
    assert "routed to Example 1" not in text and "color: red" not in text
    assert converted.title == "Example 5 card"
    document = parse("card.html", text)
    kinds = [(b.kind, b.text) for b in document.blocks]
    assert ("heading", "Example 5 system card") in kinds
    assert ("heading", "Lists") in kinds
    assert ("list_item", "First item with * star and _under_") in kinds
    assert ("paragraph", "1. Not a list & <b>not bold</b>.") in kinds
    assert len(document.tables) == 1
    table = document.tables[0]
    assert table.caption.startswith("Table 2: Refusal rates")
    assert [[c.text for c in row] for row in table.rows] == [
        ["Category", "Example 5"],
        ["Cybersecurity", "97.1%"],
        ["A | B", "2.0%"],
    ]


def test_html_lines_map_back_to_the_source():
    converted = _html()
    document = parse("card.html", converted.text)
    source_lines = PAGE.split("\n")
    for block in document.blocks:
        if block.kind == "table_row":  # derived from its cells
            continue
        line, page = converted.locate(block.line)
        assert page is None
        # The element the block came from starts on that source line.
        assert block.text.split()[0].strip("*_") in source_lines[line - 1], (block.text, line)
    paragraph = next(b for b in document.blocks if b.text.startswith("Example 5 is"))
    assert converted.locate(paragraph.line) == (9, None)


def test_html_without_main_drops_link_dense_menus():
    page = (
        "<html><body>\n<div class='x'><a href=1>One</a> <a href=2>Two</a> <a href=3>Three</a>"
        "</div>\n<p>We do not route requests to other models.</p>\n</body></html>"
    )
    text = _html(page).text
    assert "One" not in text
    assert "We do not route requests to other models." in text


def test_html_suppression_comments_are_kept_wherever_they_are():
    page = (
        "<html><body>\n<!-- disclosure-lint: disable FR001 -- reason -->\n<!-- other -->\n"
        "<main><p>Text.</p></main></body></html>"
    )
    converted = _html(page)
    document = parse("p.html", converted.text)
    assert [c.text for c in document.comments] == [
        "<!-- disclosure-lint: disable FR001 - - reason -->"
    ]
    assert converted.locate(document.comments[0].line) == (2, None)


def test_html_with_no_text_is_refused():
    with pytest.raises(ReadError, match="no readable text"):
        _html("<html><body><nav><a href=1>x</a></nav></body></html>")


def test_deeply_nested_html_is_read_without_recursion():
    page = "<html><body>" + "<div>" * 1500 + "Deep text." + "</div>" * 1500 + "</body></html>"
    converted = _html(page)
    assert "Deep text." in converted.text and converted.notes == []


def test_html_nested_beyond_the_parser_limit_says_so():
    page = (
        "<html><body><p>Shallow text.</p>"
        + "<div>" * 3000
        + "Deep text."
        + "</div>" * 3000
        + "</body></html>"
    )
    converted = _html(page)
    assert "Shallow text." in converted.text
    assert any("nests elements over 2048 deep" in n for n in converted.notes)


LINES_P1 = [
    "Example 5 System Card",
    "1 Introduction",
    "Example 5 is our model. When a classifier flags a request about",
    "cybersecurity, it is routed to Example 4.8. The user sees a notice that",
    "names the model. This affects 0.4% of requests in our classi-",
    "fier logs.",
    "• first bullet item",
    "• second bullet",
    "2.1 Refusals",
    "Example 5 refused 96% of harmful requests.",
]


def test_pdf_pages_lines_headings_and_lists():
    converted = convert(Source("card.pdf", make_pdf([LINES_P1, ["Second page text."]]), "pdf"))
    assert converted.page_count == 2
    document = parse("card.pdf", converted.text)
    kinds = [(b.kind, b.text) for b in document.blocks]
    assert ("heading", "1 Introduction") in kinds
    assert ("heading", "2.1 Refusals") in kinds
    assert ("list_item", "first bullet item") in kinds
    assert ("list_item", "second bullet") in kinds
    paragraph = next(b for b in document.blocks if b.text.startswith("Example 5 is"))
    assert "classifier logs." in paragraph.text  # the hyphenated word is joined
    assert converted.locate(paragraph.line) == (3, 1)
    refused = next(s for s in document.sentences if "refused 96%" in s.text)
    assert converted.locate(refused.position.line) == (10, 1)
    second = next(b for b in document.blocks if b.text == "Second page text.")
    assert converted.locate(second.line) == (1, 2)


def test_pdf_running_headers_and_page_numbers_are_dropped():
    words = ["Alpha", "Beta", "Gamma"]
    pages = [
        ["Example Lab - Confidential", *(f"{w} line {k}." for k in "abcd"), f"Page {n}"]
        for n, w in enumerate(words, start=1)
    ]
    text = convert(Source("x.pdf", make_pdf(pages), "pdf")).text
    assert "Confidential" not in text and "Page 2" not in text
    for w in words:
        assert all(f"{w} line {k}." in text for k in "abcd")


def test_pdf_without_text_layer_is_refused():
    with pytest.raises(ReadError, match=r"no text layer \(2 pages"):
        convert(Source("scan.pdf", make_pdf([], blank_pages=2), "pdf"))


def test_broken_pdf_is_refused():
    with pytest.raises(ReadError, match="not a readable PDF"):
        convert(Source("bad.pdf", b"%PDF-1.4\n1 0 obj garbage", "pdf"))


def test_plain_text_cannot_turn_into_markup():
    converted = plain_text("    indented, not code\n# not a heading\n\n1. not a list\n")
    document = parse("t.txt", converted.text)
    assert [(b.kind, b.text) for b in document.blocks] == [
        ("paragraph", "indented, not code # not a heading"),
        ("paragraph", "1. not a list"),
    ]
    assert converted.locate(document.blocks[1].line) == (4, None)


@pytest.mark.parametrize(
    "text",
    ["# heading", "1. item", "- x", "a*b*c_d [x](y) <i>x</i> &amp; | p", "---", "> q", "~~~"],
)
def test_escaped_lines_read_back_as_themselves(text):
    escaped = escape_markdown(text)
    assert unescape_line(escaped)[0] == text
    document = parse("x", "para\n" + escaped + "\n")
    assert [b.text for b in document.blocks] == [f"para {text}"]


def test_format_is_told_by_bytes_name_and_looks(tmp_path):
    assert sniff(b"%PDF-1.7\n...") == "pdf"
    assert sniff(b"<!DOCTYPE html><html>") == "html"
    assert sniff(b"# Title") is None
    assert looks_like_markdown(b"# One\n\ntext\n\n## Two\n")
    assert not looks_like_markdown(b"plain words\n")
    pdf = tmp_path / "card.md"  # a PDF whatever its name says
    pdf.write_bytes(make_pdf([["Text."]]))
    assert load_source(str(pdf)).format == "pdf"
    page = tmp_path / "saved"
    page.write_text("<html><body><p>x</p></body></html>")
    assert load_source(str(page)).format == "html"
    notes = tmp_path / "notes.txt"
    notes.write_text("words\n")
    assert load_source(str(notes)).format == "text"
