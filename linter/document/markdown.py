"""Markdown to Document: the only module that knows markdown-it-py's tokens.

markdown-it-py reports line ranges only. Each inline text token is found again in its source
lines, left to right, which gives every character of a block's plain text its source line and
column (see OffsetMap).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from . import sentences as sentence_splitter
from .htmlblock import Run, read_html
from .model import Block, Cell, Comment, Document, OffsetMap, Section, Sentence, Table
from .tablerows import row_blocks

# markdown-it-py enforces its own nesting limit (maxNesting) for lists and blockquotes.
_INLINE_TEXT = ("text", "code_inline")


@lru_cache(maxsize=1)
def _parser() -> Any:
    """markdown-it-py's CommonMark with tables, without the core rules that parse inline
    content (``inline``, ``text_join``): ``_inline_children`` does their work one block at a
    time, when the block is read, and its tokens are dropped after. The tokens are those of a
    full ``parse``, but a large file never holds all of them at once."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    md.core.ruler.disable(["inline", "text_join"])
    return md


def _inline_children(token: Any, env: dict) -> list[Any]:
    """The inline tokens of a block-level ``inline`` token, as the core rules ``inline`` and
    ``text_join`` would have left them (escapes and entities joined with adjacent text)."""
    md = _parser()
    children: list[Any] = []
    md.inline.parse(token.content, md, env, children)
    for child in children:
        if child.children:  # an image's alt text is a token tree of its own
            child.children = _join_text(child.children)
    return _join_text(children)


def _join_text(tokens: list[Any]) -> list[Any]:
    joined: list[Any] = []
    parts: list[str] = []  # contents of the text run that ends ``joined``
    for tok in tokens:
        if tok.type == "text_special":
            tok.type = "text"
        if tok.type == "text" and parts:
            parts.append(tok.content)
            continue
        if len(parts) > 1:
            joined[-1].content = "".join(parts)
        parts = [tok.content] if tok.type == "text" else []
        joined.append(tok)
    if len(parts) > 1:
        joined[-1].content = "".join(parts)
    return joined


class _Builder:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.root = Section(title="", level=0, line=1)
        self.sections: list[Section] = [self.root]
        self.blocks: list[Block] = []
        self.tables: list[Table] = []
        self.comments: list[Comment] = []
        self.section = self.root
        self.shifts: dict[tuple[int, int], int] = {}  # (file line, HTML source line) -> shift

    # -- text and positions -------------------------------------------------------------

    def _find(self, needle: str, li: int, col: int, last: int) -> tuple[int, int] | None:
        """Find ``needle`` at or after (line index, column), no further than line ``last``."""
        lines = self.lines
        while li <= last and li < len(lines):
            at = lines[li].find(needle, col)
            if at >= 0:
                return li, at
            li += 1
            col = 0
        return None

    def inline_text(
        self, children: list[Any], first: int, last: int
    ) -> tuple[str, OffsetMap, list[Comment]]:
        """Plain text of inline tokens whose source lies on lines first..last (0-based)."""
        parts: list[str] = []
        offsets = OffsetMap()
        comments: list[Comment] = []
        pos = 0
        li, col = first, 0
        for tok in children:
            kind = tok.type
            if kind in _INLINE_TEXT:
                content = tok.content
                if not content:
                    continue
                found = self._find(content, li, col, last)
                if found is not None:
                    li, col = found
                    offsets.add(pos, li + 1, col + 1)
                    col += len(content)
                else:
                    li, col = self._align(content, pos, offsets, li, col, last)
                parts.append(content)
                pos += len(content)
            elif kind in ("softbreak", "hardbreak"):
                offsets.add(pos, li + 1, col + 1)
                parts.append(" ")
                pos += 1
            elif kind == "html_inline":
                content = tok.content
                found = self._find(content, li, col, last)
                if found is not None:
                    li, col = found
                if content.startswith("<!--"):
                    comments.append(Comment(content, li + 1, col + 1, li + 1 + content.count("\n")))
                elif content[:3].lower() == "<br":
                    offsets.add(pos, li + 1, col + 1)
                    parts.append(" ")
                    pos += 1
                if found is not None:
                    col += len(content)
            elif kind == "image" and tok.children:
                text, sub, _ = self.inline_text(tok.children, li, last)
                for start, line, column in zip(sub.starts, sub.lines, sub.columns, strict=True):
                    offsets.add(pos + start, line, column)
                parts.append(text)
                pos += len(text)
        return "".join(parts), offsets, comments

    def _align(
        self, content: str, pos: int, offsets: OffsetMap, li: int, col: int, last: int
    ) -> tuple[int, int]:
        """Map text that differs from its source (entities, escapes) character by character."""
        line = self.lines[li] if li < len(self.lines) else ""
        mapped_any = False
        for i, ch in enumerate(content):
            at = line.find(ch, col, col + 12)
            if at < 0 and li < last and li + 1 < len(self.lines):
                nxt = self.lines[li + 1].find(ch, 0, 12)
                if nxt >= 0 and not mapped_any:
                    li, line, at = li + 1, self.lines[li + 1], nxt
            if at >= 0:
                offsets.add(pos + i, li + 1, at + 1)
                col = at + 1
                mapped_any = True
            elif i == 0:
                offsets.add(pos, li + 1, col + 1)
        return li, col

    def add_block(
        self, kind: str, children: list[Any], first: int, last: int, quoted: bool
    ) -> Block | None:
        text, offsets, comments = self.inline_text(children, first, last)
        self.comments.extend(comments)
        if not text.strip():
            return None
        block = Block(kind, text, offsets, self.section, first + 1, last + 1, quoted)
        self.section.blocks.append(block)
        self.blocks.append(block)
        return block

    def add_runs_block(
        self, kind: str, runs: list[Run], base: int, quoted: bool, source: list[str]
    ) -> Block | None:
        """A block from HTML text runs; ``base`` is the 0-based line where the HTML starts and
        ``source`` its lines as markdown-it gave them (indentation inside lists removed)."""
        parts: list[str] = []
        offsets = OffsetMap()
        pos = 0
        for run in runs:
            column = run.column
            for k, piece in enumerate(run.text.split("\n")):
                line = run.line + k
                if k:
                    parts.append(" ")
                    pos += 1
                    column = 0
                shift = self._indent(base + line, source, line)
                offsets.add(pos, base + line + 1, column + 1 + shift)
                parts.append(piece)
                pos += len(piece)
        text = "".join(parts)
        if not text.strip():
            return None
        lines = [base + r.line + 1 for r in runs] or [base + 1]
        block = Block(kind, text, offsets, self.section, min(lines), max(lines), quoted)
        self.section.blocks.append(block)
        self.blocks.append(block)
        return block

    def _indent(self, li: int, source: list[str], k: int) -> int:
        """Columns removed from file line ``li`` when markdown-it handed it over as source[k].

        Memoised: comparing the lines costs their length, and one line of HTML can hold a
        hundred thousand runs."""
        shift = self.shifts.get((li, k))
        if shift is None:
            shift = 0
            if li < len(self.lines) and k < len(source):
                full = self.lines[li]
                if full.endswith(source[k]):
                    shift = max(0, len(full) - len(source[k]))
            self.shifts[(li, k)] = shift
        return shift

    # -- structure ----------------------------------------------------------------------

    def heading(self, level: int, children: list[Any], first: int, last: int) -> None:
        text, offsets, comments = self.inline_text(children, first, last)
        self.comments.extend(comments)
        parent = self.section
        while parent.level >= level and parent.parent is not None:
            parent = parent.parent
        section = Section(text.strip(), level, first + 1, parent, index=len(self.sections))
        parent.children.append(section)
        self.sections.append(section)
        self.section = section
        if text.strip():
            block = Block("heading", text, offsets, section, first + 1, last + 1)
            section.heading = block
            self.blocks.append(block)

    def html(self, content: str, first: int, quoted: bool) -> None:
        stripped = content.lstrip()
        if (
            stripped.startswith("<!--")
            and stripped.rstrip().endswith("-->")
            and (stripped.count("<!--") == 1)
        ):
            col = content.find("<!--")
            self.comments.append(
                Comment(
                    stripped.rstrip(), first + 1, col + 1, first + 1 + content.rstrip().count("\n")
                )
            )
            return
        parsed = read_html(content)
        source = content.split("\n")
        for comment in parsed.comments:
            self.comments.append(
                Comment(
                    f"<!--{comment.text}-->",
                    first + comment.line + 1,
                    comment.column + 1,
                    first + comment.line + 1 + comment.text.count("\n"),
                )
            )
        for runs in parsed.paragraphs:
            self.add_runs_block("html", runs, first, quoted, source)
        for html_table in parsed.tables:
            table = Table(
                rows=[],
                line=first + html_table.line + 1,
                end_line=first + max(html_table.end_line, html_table.line) + 1,
                caption=" ".join("".join(r.text for r in html_table.caption).split()),
                section=self.section,
                source="html",
            )
            header_rows = 0
            for r, row in enumerate(html_table.rows):
                cells: list[Cell] = []
                for cell in row:
                    block = self.add_runs_block("table_cell", cell.runs, first, quoted, source)
                    if block is not None:
                        block.table = table
                    cells.append(
                        Cell(" ".join((block.text if block else "").split()), block, cell.header)
                    )
                if cells and all(c.header for c in cells) and r == header_rows:
                    header_rows += 1
                table.rows.append(cells)
            table.header_rows = max(1, header_rows) if table.rows else 0
            self.tables.append(table)


def _close_index(tokens: list[Any], i: int, close: str) -> int:
    depth = 0
    open_type = tokens[i].type
    for j in range(i, len(tokens)):
        t = tokens[j].type
        if t == open_type:
            depth += 1
        elif t == close:
            depth -= 1
            if depth == 0:
                return j
    return len(tokens) - 1


def build(path: str, text: str, body_start_line: int) -> Document:
    """Parse ``text`` (the whole file, LF line endings) into a Document. Lines before
    ``body_start_line`` (front matter) are blanked so that positions stay those of the file."""
    lines = text.split("\n")
    if body_start_line > 1:
        body = "\n" * (body_start_line - 1) + "\n".join(lines[body_start_line - 1 :])
    else:
        body = text
    env: dict = {}  # link reference definitions, found by the block pass, used by inline ones
    tokens = _parser().parse(body, env)
    b = _Builder(lines)
    list_depth = 0
    quote_depth = 0
    i = 0
    n = len(tokens)
    read = 0
    while i < n:
        while read < i:  # tokens already read are dropped, so that memory does not hold both
            tokens[read] = None  # all the tokens and the whole Document of a large file
            read += 1
        tok = tokens[i]
        kind = tok.type
        if kind == "heading_open":
            first, last = tok.map[0], tok.map[1] - 1
            b.heading(int(tok.tag[1:]), _inline_children(tokens[i + 1], env), first, last)
            i += 3
            continue
        if kind == "paragraph_open":
            first, last = tok.map[0], tok.map[1] - 1
            block_kind = "list_item" if list_depth else "paragraph"
            children = _inline_children(tokens[i + 1], env)
            b.add_block(block_kind, children, first, last, quote_depth > 0)
            i += 3
            continue
        if kind == "table_open":
            i = _table(b, tokens, i, quote_depth > 0, env)
            continue
        if kind == "html_block":
            b.html(tok.content, tok.map[0], quote_depth > 0)
        elif kind in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif kind == "blockquote_open":
            quote_depth += 1
        elif kind == "blockquote_close":
            quote_depth -= 1
        i += 1
    _attach_captions(b)
    _insert_rows(b)
    all_sentences: list[Sentence] = []
    for block in b.blocks:
        for start, end in sentence_splitter.split(block.text):
            sentence = Sentence(block.text[start:end], start, end, block, len(all_sentences))
            block.sentences.append(sentence)
            all_sentences.append(sentence)
    return Document(
        path=path,
        text=text,
        front_matter=None,
        root=b.root,
        sections=b.sections,
        blocks=b.blocks,
        tables=b.tables,
        sentences=all_sentences,
        comments=b.comments,
        line_count=len(lines),
    )


def _table(b: _Builder, tokens: list[Any], i: int, quoted: bool, env: dict) -> int:
    end = _close_index(tokens, i, "table_close")
    table_map = tokens[i].map or [0, 0]
    table = Table(rows=[], line=table_map[0] + 1, end_line=table_map[1], section=b.section)
    row: list[Cell] = []
    row_line = table_map[0]
    in_head = False
    header_rows = 0
    j = i + 1
    while j < end:
        tok = tokens[j]
        kind = tok.type
        if kind == "thead_open":
            in_head = True
        elif kind == "thead_close":
            in_head = False
        elif kind == "tr_open":
            row = []
            row_line = tok.map[0] if tok.map else row_line
            if in_head:
                header_rows += 1
        elif kind == "tr_close":
            table.rows.append(row)
        elif kind == "inline":
            children = _inline_children(tok, env)
            block = b.add_block("table_cell", children, row_line, row_line, quoted)
            if block is not None:
                block.table = table
            row.append(Cell(" ".join(block.text.split()) if block else "", block, in_head))
        j += 1
    table.header_rows = header_rows or 1
    b.tables.append(table)
    return end + 1


def _insert_rows(b: _Builder) -> None:
    """Put each table's row blocks right after its last cell, in document order."""
    after: dict[int, list[Block]] = {}
    for table in b.tables:
        cells = [c.block for row in table.rows for c in row if c.block is not None]
        rows = row_blocks(table)
        if cells and rows:
            after[id(cells[-1])] = rows
    if not after:
        return

    def with_rows(blocks: list[Block]) -> list[Block]:
        ordered: list[Block] = []
        for block in blocks:
            ordered.append(block)
            ordered.extend(after.get(id(block), ()))
        return ordered

    b.blocks = with_rows(b.blocks)
    for section in b.sections:
        section.blocks = with_rows(section.blocks)


def _attach_captions(b: _Builder) -> None:
    """A table's caption: its own <caption>, else a short paragraph right above or below it
    that names it ("Table 3: ..."), as converted papers and system cards place them."""
    by_line: dict[int, Block] = {}
    for block in b.blocks:
        if block.kind in ("paragraph", "html") and block.table is None:
            by_line[block.line] = block
            by_line.setdefault(block.end_line, block)
    for table in b.tables:
        if table.caption:
            continue
        candidates = []
        for delta in (1, 2, 3):
            below = by_line.get(table.end_line + delta)
            if below is not None:
                candidates.append(below)
                break
        for delta in (1, 2, 3):
            above = by_line.get(table.line - delta)
            if above is not None:
                candidates.insert(0, above)
                break
        for block in candidates:
            head = block.text.lstrip("*_[( ").lower()
            if head.startswith(("table", "tab.", "tab ")):
                table.caption = block.text[:400]
                break
