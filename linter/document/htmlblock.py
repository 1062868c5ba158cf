"""Text, tables and comments inside raw HTML blocks of a Markdown file.

Converted system cards carry their tables as ``<table>`` HTML; saved pages carry paragraphs in
``<p>`` and ``<div>``. The standard library's tolerant HTMLParser reads them with positions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser

_BREAKS = {
    "p",
    "div",
    "li",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "section",
    "article",
    "blockquote",
    "ul",
    "ol",
    "dd",
    "dt",
    "hr",
    "figcaption",
    "header",
    "footer",
    "details",
    "summary",
    "pre",
}
_SKIP = {"script", "style", "noscript", "template", "svg", "head", "title"}
MAX_HTML_CELLS = 100_000


@dataclass(slots=True)
class Run:
    """A piece of text and where it starts (line offset within the block, 0-based column)."""

    text: str
    line: int
    column: int


@dataclass(slots=True)
class HtmlCell:
    runs: list[Run] = field(default_factory=list)
    header: bool = False


@dataclass(slots=True)
class HtmlTable:
    rows: list[list[HtmlCell]] = field(default_factory=list)
    caption: list[Run] = field(default_factory=list)
    line: int = 0
    end_line: int = 0


@dataclass(slots=True)
class HtmlContent:
    paragraphs: list[list[Run]] = field(default_factory=list)
    tables: list[HtmlTable] = field(default_factory=list)
    comments: list[Run] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self, source: str = "") -> None:
        # References are decoded one by one (handle_entityref, handle_charref), each at its own
        # position: text after "&amp;" keeps its true columns.
        super().__init__(convert_charrefs=False)
        self.source_lines = source.split("\n")
        self.out = HtmlContent()
        self.skip = 0
        self.tables: list[HtmlTable] = []  # open tables, innermost last
        self.cell: HtmlCell | None = None
        self.in_caption = False
        self.paragraph: list[Run] = []
        self.cells = 0

    def _flush(self) -> None:
        if any(r.text.strip() for r in self.paragraph):
            self.out.paragraphs.append(self.paragraph)
        self.paragraph = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIP:
            self.skip += 1
            return
        line, _ = self.getpos()
        if tag == "table":
            self._flush()
            self.tables.append(HtmlTable(line=line - 1))
        elif not self.tables:
            if tag in _BREAKS:
                self._flush()
        elif tag == "tr":
            self.tables[-1].rows.append([])
        elif tag in ("td", "th"):
            table = self.tables[-1]
            if not table.rows:
                table.rows.append([])
            self.cells += 1
            if self.cells > MAX_HTML_CELLS:
                raise ValueError("HTML table with too many cells")
            self.cell = HtmlCell(header=tag == "th")
            table.rows[-1].append(self.cell)
        elif tag == "caption":
            self.in_caption = True
        elif tag == "br" and self.cell is not None:
            self.cell.runs.append(Run(" ", line - 1, self.getpos()[1]))

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.handle_starttag(tag, attrs)
        if tag in _SKIP:
            self.skip -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if tag == "table" and self.tables:
            table = self.tables.pop()
            table.end_line = self.getpos()[0] - 1
            self.out.tables.append(table)
            self.cell = None
        elif tag in ("td", "th"):
            self.cell = None
        elif tag == "caption":
            self.in_caption = False
        elif not self.tables and tag in _BREAKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.skip or not data:
            return
        line, col = self.getpos()
        run = Run(data, line - 1, col)
        if self.tables:
            if self.in_caption:
                self.tables[-1].caption.append(run)
            elif self.cell is not None:
                self.cell.runs.append(run)
        else:
            self.paragraph.append(run)

    def handle_entityref(self, name: str) -> None:
        decoded = unescape(f"&{name};")
        if decoded == f"&{name};":  # an unknown name stays as written, ";" only if it is there
            line, column = self.getpos()
            source = self.source_lines[line - 1] if line <= len(self.source_lines) else ""
            end = column + 1 + len(name)
            decoded = f"&{name};" if source.startswith(";", end) else f"&{name}"
        self.handle_data(decoded)

    def handle_charref(self, name: str) -> None:
        self.handle_data(unescape(f"&#{name};"))

    def handle_comment(self, data: str) -> None:
        line, col = self.getpos()
        self.out.comments.append(Run(data, line - 1, col))


def read_html(source: str) -> HtmlContent:
    reader = _Reader(source)
    try:
        reader.feed(source)
        reader.close()
    except (ValueError, AssertionError, RecursionError):
        pass  # keep what was read before the parser gave up
    reader._flush()
    for table in reader.tables:  # unclosed tables
        reader.out.tables.append(table)
    return reader.out
