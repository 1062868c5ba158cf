"""Text converted from another format (HTML, PDF, plain text) into Markdown that ``parse`` reads,
with the way back: each line of the converted text knows the source line (HTML, text) or the
page and the line on that page (PDF) it came from."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Characters that Markdown would read as markup anywhere in a line. Escaping them keeps the
# converted text's words exactly the source's words (markdown-it drops the backslashes).
_INLINE_MARKUP = re.compile(r"([\\`*_\[\]<&|])")
# Markup that only counts at the start of a line: headings, quotes, list markers, rules,
# setext underlines, fences.
_LINE_START = re.compile(
    r"^(\s*)(#{1,6}(?=\s|$)|>|[-+](?=\s|$)|[-=](?=[-=\s]*$)|~~~|\d{1,9}(?=[.)](?:\s|$)))"
)
_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def escape_markdown(text: str) -> str:
    """``text`` as one line of a Markdown paragraph that reads back as ``text``."""
    text = _INLINE_MARKUP.sub(r"\\\1", text.strip())
    m = _LINE_START.match(text)
    if m is None:
        return text
    marker = m.group(2)
    if marker[0].isdigit():
        end = m.end()
        return f"{text[:end]}\\{text[end:]}"
    return f"{text[: m.start(2)]}\\{text[m.start(2) :]}"


def unescape_line(line: str) -> tuple[str, list[int] | None]:
    """A converted line with its backslash escapes removed, for display, and for each column of
    the escaped line (0-based) the column it has in the displayed line (None: the same)."""
    if "\\" not in line:
        return line, None
    out: list[str] = []
    columns: list[int] = []
    i = 0
    n = len(line)
    while i < n:
        if line[i] == "\\" and i + 1 < n and _UNESCAPE.match(line, i):
            columns.append(len(out))
            i += 1
        columns.append(len(out))
        out.append(line[i])
        i += 1
    columns.append(len(out))
    return "".join(out), columns


@dataclass(slots=True)
class Converted:
    """Markdown text for ``parse`` and where each of its lines came from.

    ``lines[i]`` is the source line of converted line ``i + 1``: the line in the HTML or text
    file, or the line on page ``pages[i]`` of a PDF. Both are ``None`` for Markdown input, whose
    lines are its own.
    """

    text: str
    format: str  # markdown | text | html | pdf
    lines: list[int] | None = None
    pages: list[int] | None = None
    page_count: int = 0
    title: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def escaped(self) -> bool:
        """Whether the text carries Markdown escapes of ours (to remove for display)."""
        return self.format in ("html", "pdf", "text")

    def locate(self, line: int) -> tuple[int, int | None]:
        """(source line, page) of a 1-based line of the converted text."""
        if self.lines is None or not self.lines:
            return line, None
        i = min(max(line, 1), len(self.lines)) - 1
        page = self.pages[i] if self.pages is not None else None
        return self.lines[i], page


class LineSink:
    """Collects converted lines with their origins; blank lines take the origin before them."""

    def __init__(self) -> None:
        self.text: list[str] = []
        self.lines: list[int] = []
        self.pages: list[int] = []
        self._last = (1, 1)

    def add(self, text: str, line: int, page: int = 0) -> None:
        self.text.append(text)
        self.lines.append(line)
        self.pages.append(page)
        self._last = (line, page)

    def blank(self) -> None:
        if self.text and self.text[-1] != "":
            line, page = self._last
            self.add("", line, page)

    def converted(self, fmt: str, with_pages: bool = False, **extra) -> Converted:
        while self.text and self.text[-1] == "":
            self.text.pop()
            self.lines.pop()
            self.pages.pop()
        return Converted(
            "\n".join(self.text) + "\n",
            fmt,
            self.lines,
            self.pages if with_pages else None,
            **extra,
        )
