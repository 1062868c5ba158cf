"""The Document: what checks see of a file.

Every piece of text carries exact 1-based line and column positions in the source file, so a
finding can point at the words it is about. Columns count Unicode code points.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any


def join_utf8(texts: list[str]) -> tuple[bytes, list[int], list[int]]:
    """The texts joined by newlines, in UTF-8, with the byte offset where each starts and ends:
    what a scan of many sentences (or titles) in one pass reads."""
    starts: list[int] = []
    ends: list[int] = []
    offset = 0
    for text in texts:
        starts.append(offset)
        offset += len(text) if text.isascii() else len(text.encode("utf-8"))
        ends.append(offset)
        offset += 1
    return "\n".join(texts).encode("utf-8"), starts, ends


@dataclass(slots=True, frozen=True)
class Position:
    line: int
    column: int


class OffsetMap:
    """Maps character offsets of a block's plain text back to source positions.

    The plain text is built from runs copied verbatim from the source: run *i* starts at plain
    offset ``starts[i]`` and at source ``(lines[i], columns[i])``. Characters inside a run sit on
    the same source line, one column apart.
    """

    __slots__ = ("columns", "lines", "starts")

    def __init__(
        self,
        starts: list[int] | None = None,
        lines: list[int] | None = None,
        columns: list[int] | None = None,
    ) -> None:
        """Empty, or the runs given as three lists of the same length (taken, not copied)."""
        self.starts: list[int] = [] if starts is None else starts
        self.lines: list[int] = [] if lines is None else lines
        self.columns: list[int] = [] if columns is None else columns

    def add(self, plain_offset: int, line: int, column: int) -> None:
        self.starts.append(plain_offset)
        self.lines.append(line)
        self.columns.append(column)

    def extend(self, other: OffsetMap, shift: int) -> None:
        """Append ``other``'s runs, for text placed ``shift`` characters into this one."""
        self.starts.extend([start + shift for start in other.starts])
        self.lines.extend(other.lines)
        self.columns.extend(other.columns)

    def position(self, offset: int) -> Position:
        if not self.starts:
            return Position(1, 1)
        i = bisect_right(self.starts, offset) - 1
        if i < 0:
            i = 0
        return Position(self.lines[i], self.columns[i] + (offset - self.starts[i]))

    def end_position(self, end_offset: int) -> Position:
        """Position of the last character of a span ending (exclusively) at ``end_offset``,
        reported one past it, the way editors and SARIF express an end column."""
        if end_offset <= 0:
            return self.position(0)
        last = self.position(end_offset - 1)
        return Position(last.line, last.column + 1)


@dataclass(slots=True)
class Sentence:
    text: str
    start: int  # offset in the block's text
    end: int
    block: Block
    index: int  # position among all sentences of the document

    @property
    def position(self) -> Position:
        return self.block.offsets.position(self.start)

    @property
    def end_position(self) -> Position:
        return self.block.offsets.end_position(self.end)

    def span(self, start: int, end: int) -> tuple[Position, Position]:
        """Source positions of ``text[start:end]`` of this sentence."""
        return (
            self.block.offsets.position(self.start + start),
            self.block.offsets.end_position(self.start + end),
        )

    @property
    def section(self) -> Section:
        return self.block.section


@dataclass(slots=True)
class Cell:
    text: str
    block: Block | None  # None for an empty cell
    header: bool


@dataclass(slots=True)
class Table:
    rows: list[list[Cell]]
    line: int
    end_line: int
    caption: str = ""
    section: Section | None = None
    header_rows: int = 1
    source: str = "markdown"  # markdown | html

    def header_texts(self) -> list[str]:
        """Column labels: the header rows' cells joined per column."""
        width = max((len(r) for r in self.rows), default=0)
        labels = [""] * width
        for row in self.rows[: self.header_rows]:
            for i, cell in enumerate(row):
                if cell.text and cell.text not in labels[i]:
                    labels[i] = f"{labels[i]} {cell.text}".strip()
        return labels

    def body_rows(self) -> list[list[Cell]]:
        return self.rows[self.header_rows :]


@dataclass(slots=True)
class Block:
    """A unit of running text: a paragraph, a list item, a table cell, a heading, or the text of
    an HTML block."""

    kind: str  # paragraph | list_item | table_cell | heading | html
    text: str
    offsets: OffsetMap
    section: Section
    line: int
    end_line: int
    quoted: bool = False
    table: Table | None = None
    sentences: list[Sentence] = field(default_factory=list)
    # For a list item: the paragraph ending in a colon that introduces its list ("Gossamer 2
    # refused:"), whose words the item's statement depends on.
    lead: Block | None = None


@dataclass(slots=True)
class Section:
    title: str
    level: int  # 0 for the document root
    line: int
    parent: Section | None = None
    children: list[Section] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    index: int = 0  # position among all sections, in document order
    heading: Block | None = None

    def path(self) -> list[str]:
        titles: list[str] = []
        node: Section | None = self
        while node is not None and node.level > 0:
            titles.append(node.title)
            node = node.parent
        return titles[::-1]


@dataclass(slots=True)
class Comment:
    """An HTML comment in the body (suppression directives live in these)."""

    text: str
    line: int
    column: int
    end_line: int


class FrontMatter:
    """The YAML block at the top of a Markdown file: its data (plain dicts, lists, scalars),
    the lines of its opening and closing ``---``, and the position of every key."""

    __slots__ = ("_locate", "_positions", "data", "end_line", "line")

    def __init__(
        self,
        data: Any,
        line: int,
        end_line: int,
        positions: dict[tuple[str | int, ...], Position] | None = None,
        locate: Callable[[], dict[tuple[str | int, ...], Position]] | None = None,
    ) -> None:
        self.data = data
        self.line = line
        self.end_line = end_line
        self._positions = positions
        self._locate = locate

    @property
    def positions(self) -> dict[tuple[str | int, ...], Position]:
        """Key path -> position of the key; found when first asked for (most front matter is
        read for its data alone)."""
        if self._positions is None:
            self._positions = self._locate() if self._locate is not None else {}
            self._locate = None
        return self._positions


@dataclass(slots=True)
class Document:
    path: str
    text: str
    front_matter: FrontMatter | None
    root: Section
    sections: list[Section]
    blocks: list[Block]
    tables: list[Table]
    sentences: list[Sentence]
    comments: list[Comment]
    line_count: int
    notes: list[str] = field(default_factory=list)  # problems met while reading, for ST findings
    _hits: dict[int, tuple[Any, frozenset[int]]] = field(default_factory=dict, repr=False)
    _utf8: tuple[bytes, list[int], list[int]] | None = field(default=None, repr=False)
    _line_starts: list[int] | None = field(default=None, repr=False)

    def release(self) -> None:
        """Break the document's reference cycles (sections and their blocks, blocks and their
        sentences, tables and their cells) once nothing reads it any more: its tens of
        thousands of objects are then freed at once, instead of being left for the cycle
        collector to trace. The document must not be read after this."""
        for section in self.sections:
            section.children = []
            section.blocks = []
            section.heading = None
        for block in self.blocks:
            block.sentences = []
            block.table = None
        for table in self.tables:
            table.rows = []

    def sentence_hits(self, pattern: Any) -> frozenset[int]:
        """Indices of the sentences in which ``pattern`` (a compiled pattern with ``search``)
        finds a match, each sentence searched alone. Cached per pattern.

        A pattern that can scans the sentences itself, joined, in one pass
        (``pattern.sentence_hits(document)``: see re2fast); one that cannot (bound to the text's
        edges by ``\\A`` or ``\\z``, where a joined text would read differently) is searched
        sentence by sentence.
        """
        cached = self._hits.get(id(pattern))
        if cached is not None and cached[0] is pattern:
            return cached[1]
        scan = getattr(pattern, "sentence_hits", None)
        result = scan(self) if scan is not None else None
        if result is None:
            search = pattern.search
            result = frozenset(s.index for s in self.sentences if search(s.text) is not None)
        self._hits[id(pattern)] = (pattern, result)
        return result

    def remember_hits(self, pattern: Any, hits: frozenset[int]) -> None:
        """Record what ``sentence_hits(pattern)`` is, found by scanning it with others."""
        self._hits[id(pattern)] = (pattern, hits)

    def scanned_hits(self, pattern: Any) -> frozenset[int] | None:
        """The result of ``sentence_hits`` when this pattern was already scanned, else None."""
        cached = self._hits.get(id(pattern))
        return cached[1] if cached is not None and cached[0] is pattern else None

    def joined_utf8(self) -> tuple[bytes, list[int], list[int]]:
        """The sentence texts joined by newlines, in UTF-8, with the byte offset where each
        sentence starts and where it ends (``join_utf8``). Built once."""
        if self._utf8 is None:
            self._utf8 = join_utf8([s.text for s in self.sentences])
        return self._utf8

    @property
    def first_line(self) -> int:
        """Where a finding about the whole document points: the front matter, or line 1."""
        return self.front_matter.line if self.front_matter else 1

    def source_lines(self, first: int, last: int) -> list[str]:
        """Lines ``first`` to ``last`` (1-based, both included, clamped to the file) of the
        source text. The first call notes where every line starts; each call after costs only
        the lines it returns, however far into a large file they are."""
        starts = self._line_starts
        if starts is None:
            starts = [0, *accumulate(len(line) + 1 for line in self.text.split("\n"))]
            self._line_starts = starts
        first = max(first, 1)
        last = min(last, len(starts) - 1)
        if first > last:
            return []
        return self.text[starts[first - 1] : starts[last] - 1].split("\n")

    def line_text(self, line: int) -> str:
        lines = self.text.split("\n", line)
        return lines[line - 1] if 0 < line <= len(lines) else ""
