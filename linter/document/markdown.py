"""Markdown to Document: the only module that knows markdown-it-py's tokens.

markdown-it-py reports line ranges only. Each inline text token is found again in its source
lines, left to right, which gives every character of a block's plain text its source line and
column (see OffsetMap).
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice, repeat
from typing import TYPE_CHECKING, Any, NamedTuple

from . import limits
from . import sentences as sentence_splitter
from .model import Block, Cell, Comment, Document, OffsetMap, Section, Sentence, Table
from .tablerows import row_blocks

if TYPE_CHECKING:
    from .htmlblock import Run

# markdown-it-py enforces its own nesting limit (maxNesting) for lists and blockquotes.
_INLINE_TEXT = ("text", "code_inline")
# Characters at which one of the enabled inline rules (escape, backticks, emphasis, link,
# image, autolink, html_inline, entity) can start ("!" only before "["). Inline content without
# any is plain text and line breaks, which ``_Builder.plain_text`` reads without markdown-it.
_MARKUP = re.compile(r"[\\`*_\[\]<&]")
_INLINE_RULES = frozenset(
    [
        "text",
        "newline",
        "escape",
        "backticks",
        "emphasis",
        "link",
        "image",
        "autolink",
        "html_inline",
        "entity",
    ]
)
_TERMINATORS = re.compile(r"[\n!&*<\[\\\]_`]")
# Markup other than "*", and line breaks: content ``_emphasis_pieces`` leaves to markdown-it.
_NON_STAR_MARKUP = re.compile(r"[\\`_\[\]<&\n]")
_STAR_RUN = re.compile(r"\*+")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ALIGN_WINDOW = 12  # source columns searched for a character of text that differs from it
_ALIGN_REACH = 512  # source columns searched for where such a text starts
_FIND_LINES = 2  # lines after the current one searched for the next piece of text
_FIND_REACH = 4096  # columns searched past the current one for it
_DROP_EVERY = 4096  # tokens read before the ones read are dropped


def _agreement(line: str, at: int, content: str) -> int:
    """How many leading characters of ``content`` the source reproduces from column ``at``,
    escapes and entities included."""
    from html import unescape

    i = 0
    limit = min(len(content), 16)
    while i < limit and at < len(line):
        ch = line[at]
        if ch == content[i]:
            i, at = i + 1, at + 1
        elif ch == "\\" and at + 1 < len(line) and line[at + 1] == content[i]:
            at += 1
        elif ch == "&" and (entity := _ENTITY.match(line, at)) is not None:
            decoded = unescape(entity.group())
            if not decoded or not content.startswith(decoded, i):
                break
            i, at = i + len(decoded), entity.end()
        else:
            break
    return i


def _next_in_source(line: str, col: int, content: str, i: int) -> tuple[int, int, int] | None:
    """Where ``content[i:]`` continues in ``line`` from ``col``: (source column, source end,
    characters of text it stands for), or None when not within a few columns."""
    from html import unescape

    want = content[i]
    for at in range(col, min(len(line), col + _ALIGN_WINDOW)):
        ch = line[at]
        if ch == "&":
            entity = _ENTITY.match(line, at)
            if entity is not None:
                decoded = unescape(entity.group())
                if decoded and content.startswith(decoded, i):
                    return at, entity.end(), len(decoded)
        if ch == want:
            return at, at + 1, 1
    return None


@lru_cache(maxsize=1)
def _parser() -> Any:
    """markdown-it-py's CommonMark with tables, without the core rules that parse inline
    content (``inline``, ``text_join``): ``_inline_children`` does their work one block at a
    time, when the block is read, and its tokens are dropped after. The tokens are those of a
    full ``parse``, but a large file never holds all of them at once."""
    from markdown_it import MarkdownIt

    from . import blockrules

    md = MarkdownIt("commonmark").enable("table")
    md.core.ruler.disable(["inline", "text_join"])
    blockrules.install(md)
    # The text rule stops at every character an inline rule might start at; the default set
    # also holds characters kept for extensions ("-", ":", "=", ...) at each of which every rule
    # is tried in vain. Only the enabled rules' characters stop it here (and "]", which ends a
    # link label): the same tokens, in far fewer steps.
    enabled = set(md.inline.ruler.get_active_rules())
    if enabled <= _INLINE_RULES:
        md.inline.terminator_re = _TERMINATORS
    return md


def _block_tokens(body: str, env: dict) -> list[Any]:
    """markdown-it's tokens for ``body`` (its block pass only: see ``_parser``). Of the core
    rules only ``normalize`` and ``block`` are left; a body without CR or NUL, which
    ``normalize`` would give back unchanged, goes straight to the block parser (what ``block``
    calls): the same tokens, without two regular-expression passes over the whole text."""
    md = _parser()
    if "\r" in body or "\0" in body:
        tokens = md.parse(body, env)
    else:
        tokens = []
        md.block.parse(body, md, env, tokens)
    # The dispatcher (blockrules) stops a parse that passes the limit; the last block it let
    # through may still have.
    if len(tokens) > limits.MAX_TOKENS:
        raise limits.too_many_tokens()
    return tokens


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


class _Text(NamedTuple):
    """A text token as ``inline_text`` reads it."""

    content: str
    type: str = "text"


def _emphasis_pieces(content: str, env: dict) -> list[_Text] | None:
    """The text tokens markdown-it gives for one line whose only markup is two ``*`` runs of
    the same length ("**Score:** 0": about half the inline contents with markup in the
    benchmark's cards), found without the inline parser: with equal runs CommonMark's rule of
    three never applies, so the runs are emphasis exactly when the first can open and the
    second can close (markdown-it's own ``scanDelims`` decides), and are text otherwise. None
    for any other content."""
    if _NON_STAR_MARKUP.search(content) is not None:
        return None
    runs = [run.span() for run in islice(_STAR_RUN.finditer(content), 3)]  # two, or not
    if len(runs) != 2:
        return None
    (opening, opened), (closing, closed) = runs
    if opened - opening != closed - closing:
        return None
    from markdown_it.rules_inline import StateInline

    state = StateInline(content, _parser(), env, [])
    if not (state.scanDelims(opening, True).can_open and state.scanDelims(closing, True).can_close):
        return [_Text(content)]
    return [_Text(content[:opening]), _Text(content[opened:closing]), _Text(content[closed:])]


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
        self.cursor = (0, 0)  # (line index, column) where the last inline text ended

    # -- text and positions -------------------------------------------------------------

    def _find(self, needle: str, li: int, col: int, last: int) -> tuple[int, int] | None:
        """Find ``needle`` at or after (line index, column), no further than line ``last``.

        Only near: on this line or the next two, within a few thousand columns (markup between
        two pieces of text, such as a link's URL, is short). An unbounded search would make a
        long line or paragraph of texts that are not verbatim in the source quadratic."""
        lines = self.lines
        stop = min(last, li + _FIND_LINES, len(lines) - 1)
        while li <= stop:
            at = lines[li].find(needle, col, col + len(needle) + _FIND_REACH)
            if at >= 0:
                return li, at
            li += 1
            col = 0
        return None

    def block_text(
        self, inline: Any, env: dict, first: int, last: int, col: int = 0
    ) -> tuple[str, OffsetMap, list[Comment]]:
        """Plain text of a block-level ``inline`` token (see ``inline_text``)."""
        content = inline.content
        if _MARKUP.search(content) is None:
            plain = self.plain_text(content, first, last, col)
            if plain is not None:
                return plain
        elif (pieces := _emphasis_pieces(content, env)) is not None:
            return self.inline_text(pieces, first, last, col)
        limits.check_markup(content)
        return self.inline_text(_inline_children(inline, env), first, last, col)

    def plain_text(
        self, content: str, first: int, last: int, col: int = 0
    ) -> tuple[str, OffsetMap, list[Comment]] | None:
        """``inline_text`` for content without markup: the tokens markdown-it would give are
        its lines as text, the spaces at a line's end dropped (a soft or hard break, both read
        as one space) and the spaces and tabs at the next line's start skipped. None when a
        piece is not found verbatim in the source (``inline_text`` then aligns it)."""
        if "\n" not in content:  # most headings, cells and short paragraphs
            if not content:
                self.cursor = (first, col)
                return content, OffsetMap(), []
            found = self._find(content, first, col, last)
            if found is None:
                return None
            first, col = found
            self.cursor = (first, col + len(content))
            return content, OffsetMap([0], [first + 1], [col + 1]), []
        parts: list[str] = []
        starts: list[int] = []
        lines: list[int] = []
        columns: list[int] = []
        pos = 0
        li = first
        pieces = content.split("\n")
        end = len(pieces) - 1
        for k, piece in enumerate(pieces):
            if k:
                starts.append(pos)
                lines.append(li + 1)
                columns.append(col + 1)
                parts.append(" ")
                pos += 1
                piece = piece.lstrip(" \t")
            if k < end:
                piece = piece.rstrip(" ")
            if not piece:
                continue
            found = self._find(piece, li, col, last)
            if found is None:
                return None
            li, col = found
            starts.append(pos)
            lines.append(li + 1)
            columns.append(col + 1)
            col += len(piece)
            parts.append(piece)
            pos += len(piece)
        self.cursor = (li, col)
        return "".join(parts), OffsetMap(starts, lines, columns), []

    def inline_text(
        self, children: list[Any], first: int, last: int, col: int = 0
    ) -> tuple[str, OffsetMap, list[Comment]]:
        """Plain text of inline tokens whose source lies on lines first..last (0-based), from
        column ``col`` of the first; ``self.cursor`` is left where the text ends."""
        parts: list[str] = []
        offsets = OffsetMap()
        comments: list[Comment] = []
        pos = 0
        li = first
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
                head, _, _ = content.partition("\n")
                found = self._find(head, li, col, last)
                if found is not None:
                    li, col = found
                if content.startswith("<!--"):
                    comments.append(Comment(content, li + 1, col + 1, li + 1 + content.count("\n")))
                elif content[:3].lower() == "<br":
                    offsets.add(pos, li + 1, col + 1)
                    parts.append(" ")
                    pos += 1
                if found is not None:
                    li, col = self._skip_lines(content, li, col)
            elif kind == "image" and tok.children:
                text, sub, _ = self.inline_text(tok.children, li, last, col)
                offsets.extend(sub, pos)
                parts.append(text)
                pos += len(text)
        self.cursor = (li, col)
        return "".join(parts), offsets, comments

    def _align(
        self, content: str, pos: int, offsets: OffsetMap, li: int, col: int, last: int
    ) -> tuple[int, int]:
        """Map text that differs from its source: an entity (``&lt;`` for ``<``) maps to its
        ``&``, an escaped character (``\\*``) to itself, anything else to the next source
        character that equals it within a few columns. A character found nowhere near stays
        where the source was reached, so that every position lies inside the file."""
        lines = self.lines
        li, col = self._align_start(content, li, col, last)
        i = 0
        contiguous = -1  # plain offset that would continue the current run
        while i < len(content):
            line = lines[li] if li < len(lines) else ""
            if col >= len(line) and li < last and li + 1 < len(lines):
                li, col, contiguous = li + 1, 0, -1  # the text goes on on the next line
                continue
            found = _next_in_source(line, col, content, i)
            if (
                found is None
                and li < last
                and li + 1 < len(lines)
                and _next_in_source(lines[li + 1], 0, content, i) is not None
            ):
                li, col, contiguous = li + 1, 0, -1  # after a hard break or trailing spaces
                continue
            if found is None:
                offsets.add(pos + i, li + 1, min(col, max(len(line) - 1, 0)) + 1)
                contiguous = -1
                i += 1
                continue
            at, source_end, plain_len = found
            if pos + i != contiguous or at != col:
                offsets.add(pos + i, li + 1, at + 1)
            i += plain_len
            col = source_end
            contiguous = pos + i if plain_len == source_end - at else -1
        return li, col

    def _skip_lines(self, content: str, li: int, col: int) -> tuple[int, int]:
        """Where source text ``content``, found at (li, col), ends (it may span lines, whose
        indentation markdown-it removed inside lists and quotes)."""
        newlines = content.count("\n")
        if not newlines:
            return li, col + len(content)
        tail = content.rsplit("\n", 1)[1]
        end_li = min(li + newlines, len(self.lines) - 1)
        at = self.lines[end_li].find(tail)
        return end_li, (at + len(tail) if at >= 0 else 0)

    def _align_start(self, content: str, li: int, col: int, last: int) -> tuple[int, int]:
        """Where text that differs from its source starts: of the places within a few columns,
        and the first place its longest verbatim prefix is found on this line or the next, the
        one that reproduces most of its first characters (the earliest on a tie)."""
        lines = self.lines
        candidates: list[tuple[int, int]] = []
        line = lines[li] if li < len(lines) else ""
        for at in range(col, min(len(line), col + _ALIGN_WINDOW)):
            if line[at] in (content[0], "\\", "&"):
                candidates.append((li, at))
        # Further on (past a link's URL, say): where a piece of its first characters is found
        # verbatim, a few columns back for the escapes before it. Bounded searches, so that
        # many such texts on one long line cost no more than a constant each.
        places = [(li, col)] if li < len(lines) else []
        if li < last and li + 1 < len(lines):
            places.append((li + 1, 0))
        for where_li, start in places:
            text = lines[where_li]
            for j in range(0, min(4, len(content) - 3)):
                for k in range(min(len(content) - j, 16), 3, -1):
                    at = text.find(content[j : j + k], start, start + _ALIGN_REACH)
                    if at >= 0:
                        candidates += [(where_li, c) for c in range(max(start, at - 2 * j), at + 1)]
                        break
        best, best_score = (li, col), 0
        for where in candidates:
            score = _agreement(lines[where[0]], where[1], content)
            if score > best_score or (score == best_score and where < best and score):
                best, best_score = where, score
        return best

    def add_block(
        self,
        kind: str,
        inline: Any,
        env: dict,
        first: int,
        last: int,
        quoted: bool,
        col: int = 0,
    ) -> Block | None:
        text, offsets, comments = self.block_text(inline, env, first, last, col)
        self.comments.extend(comments)
        if not text.strip():
            return None
        block = Block(kind, text, offsets, self.section, first + 1, last + 1, quoted)
        self.section.blocks.append(block)
        self._keep(block)
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
        self._keep(block)
        return block

    def _keep(self, block: Block) -> None:
        if len(self.blocks) >= limits.MAX_PIECES:
            raise limits.too_many_pieces("blocks (paragraphs, headings, list items, cells)")
        self.blocks.append(block)

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

    def heading(self, level: int, inline: Any, env: dict, first: int, last: int) -> None:
        text, offsets, comments = self.block_text(inline, env, first, last)
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
            self._keep(block)

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
        from .htmlblock import read_html  # with html.parser: only for a file with HTML blocks

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
    tokens = _block_tokens(body, env)
    b = _Builder(lines)
    list_depth = 0
    quote_depth = 0
    i = 0
    n = len(tokens)
    read = 0
    while i < n:
        if i - read >= _DROP_EVERY:  # tokens already read are dropped, so that memory does not
            tokens[read:i] = repeat(None, i - read)  # hold both all the tokens and the whole
            read = i  # Document of a large file
        tok = tokens[i]
        kind = tok.type
        if kind == "heading_open":
            first, last = tok.map[0], tok.map[1] - 1
            b.heading(int(tok.tag[1:]), tokens[i + 1], env, first, last)
            i += 3
            continue
        if kind == "paragraph_open":
            first, last = tok.map[0], tok.map[1] - 1
            block_kind = "list_item" if list_depth else "paragraph"
            b.add_block(block_kind, tokens[i + 1], env, first, last, quote_depth > 0)
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
    _attach_leads(b.blocks)
    all_sentences: list[Sentence] = []
    split = sentence_splitter.split
    for block in b.blocks:
        own = block.text
        # A table row is one statement: its cells only make sense together.
        spans = split(own) if block.kind != "table_row" else sentence_splitter.whole(own)
        if len(all_sentences) + len(spans) > limits.MAX_PIECES:
            raise limits.too_many_pieces("sentences")
        mine = block.sentences
        for start, end in spans:
            sentence = Sentence(own[start:end], start, end, block, len(all_sentences))
            mine.append(sentence)
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
    cell_col = 0
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
            cell_col = 0  # each cell is looked for after the one before it
            if in_head:
                header_rows += 1
        elif kind == "tr_close":
            table.rows.append(row)
        elif kind == "inline":
            block = b.add_block("table_cell", tok, env, row_line, row_line, quoted, cell_col)
            if block is not None:
                block.table = table
                cell_col = b.cursor[1]
            row.append(Cell(" ".join(block.text.split()) if block else "", block, in_head))
        j += 1
    table.header_rows = header_rows or 1
    b.tables.append(table)
    return end + 1


def _attach_leads(blocks: list[Block]) -> None:
    """Link list items to the paragraph ending in a colon that introduces their list."""
    lead: Block | None = None
    for block in blocks:
        if block.kind == "list_item":
            if lead is not None and block.section is lead.section:
                block.lead = lead
        elif block.kind in ("paragraph", "html"):
            lead = block if block.text.rstrip().endswith(":") else None
        elif block.kind != "table_row":
            lead = None


def _insert_rows(b: _Builder) -> None:
    """Put each table's row blocks right after its last cell, in document order."""
    after: dict[int, list[Block]] = {}
    sections: dict[int, Section] = {}  # the sections that hold a table's last cell
    for table in b.tables:
        cells = [c.block for row in table.rows for c in row if c.block is not None]
        rows = row_blocks(table)
        if cells and rows:
            after[id(cells[-1])] = rows
            sections[id(cells[-1].section)] = cells[-1].section
    if not after:
        return

    def with_rows(blocks: list[Block]) -> list[Block]:
        ordered: list[Block] = []
        for block in blocks:
            ordered.append(block)
            ordered.extend(after.get(id(block), ()))
        return ordered

    b.blocks = with_rows(b.blocks)
    for section in sections.values():
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
