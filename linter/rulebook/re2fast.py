"""A lean front for compiled RE2 patterns.

google-re2's Python wrapper works in UTF-8 bytes and converts every offset of every match back
to character offsets, through a generator, sorting and a dictionary per match, and encodes the
text again on every call: a few microseconds each time, which is most of the cost of the many
searches a lint makes. Here the engine is called directly; on ASCII text (``str.isascii`` reads
a flag) byte offsets are character offsets, and on other text they are converted from the
match before, so the work stays linear. The last text's encoding is kept, since the same text
(a document's sentences joined) is scanned by many patterns in a row. Results are those of the
wrapper; tests/test_re2fast.py compares the two on random patterns and texts.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from typing import Any

_NO_MATCH = (-1, -1)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# What makes a match depend on where the searched text begins or ends: \A, \z, or ^ and $ outside
# multi-line mode. A pattern without them matches in a sentence alone exactly where it matches
# in the sentence's stretch of the joined text (a newline on either side looks to \b, ^ and $
# like the text's edge), so the joined text can be scanned sentence by sentence.
_EDGE_BOUND = re.compile(r"\\[Az]|\(\?[A-Za-z]*-[A-Za-z]*m")
_MAX_INDEXED = 1 << 16  # non-ASCII characters indexed per text; beyond, offsets are decoded


class _Encoded:
    """A text's UTF-8 bytes and, for mostly-ASCII text, where its non-ASCII characters sit:
    a byte offset becomes a character offset by one bisection."""

    __slots__ = ("data", "extra", "starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.data = text.encode("utf-8")
        self.starts: list[int] | None = []  # byte offset of each non-ASCII character
        self.extra: list[int] = []  # bytes beyond one per character, up to and including it
        extra = 0
        for found in _NON_ASCII.finditer(text):
            if len(self.starts) >= _MAX_INDEXED:
                self.starts = None
                break
            char = found.group()
            self.starts.append(found.start() + extra)
            extra += len(char.encode("utf-8")) - 1
            self.extra.append(extra)

    def chars(self, spans: list, anchor: list[int]) -> list[tuple[int, int]]:
        """Byte spans as character spans. Without an index, ``anchor`` is a (byte, character)
        pair at or before the match, moved to its start, so the text is decoded once."""
        if self.starts is not None:
            starts, extra = self.starts, self.extra
            out = []
            for a, b in spans:
                if a < 0:
                    out.append(_NO_MATCH)
                    continue
                i, j = bisect_left(starts, a), bisect_left(starts, b)
                out.append((a - (extra[i - 1] if i else 0), b - (extra[j - 1] if j else 0)))
            return out
        data = self.data
        start = spans[0][0]
        char_start = anchor[1] + len(data[anchor[0] : start].decode("utf-8"))
        anchor[0], anchor[1] = start, char_start
        out = []
        for a, b in spans:
            if a < 0:
                out.append(_NO_MATCH)
            else:
                ca = char_start + len(data[start:a].decode("utf-8"))
                out.append((ca, ca + len(data[a:b].decode("utf-8"))))
        return out


_last: list[_Encoded | None] = [None]  # the same text is often scanned by many patterns in a row


def _utf8(text: str) -> _Encoded:
    encoded = _last[0]
    if encoded is None or encoded.text is not text:
        encoded = _last[0] = _Encoded(text)
    return encoded


class Match:
    """The part of the ``re`` match API the rules use."""

    __slots__ = ("_spans", "string")

    def __init__(self, string: str, spans: list[tuple[int, int]]) -> None:
        self.string = string
        self._spans = spans

    def span(self, group: int = 0) -> tuple[int, int]:
        return self._spans[group]

    def start(self, group: int = 0) -> int:
        return self._spans[group][0]

    def end(self, group: int = 0) -> int:
        return self._spans[group][1]

    def group(self, *groups: int) -> Any:
        if len(groups) > 1:
            return tuple(self._text(g) for g in groups)
        return self._text(groups[0] if groups else 0)

    def groups(self, default: Any = None) -> tuple:
        return tuple(
            default if span == _NO_MATCH else self.string[span[0] : span[1]]
            for span in self._spans[1:]
        )

    def __getitem__(self, group: int) -> str | None:
        return self._text(group)

    def _text(self, group: int) -> str | None:
        start, end = self._spans[group]
        return None if start < 0 else self.string[start:end]

    def __repr__(self) -> str:
        return f"<Match span={self.span()} match={self.group()!r}>"


class Pattern:
    """A compiled pattern: ``search``, ``match``, ``fullmatch`` and ``finditer`` as in ``re``
    (without ``pos`` arguments); anything else is the wrapped pattern's."""

    __slots__ = ("_compiled", "_modes", "engine", "joinable", "unanchored")

    def __init__(self, compiled: Any) -> None:
        import re2

        self._compiled = compiled
        # The RE2 object behind the pattern (None when the wrapper does everything).
        self.engine: Any = getattr(compiled, "_regexp", None)
        anchor = re2._re2.RE2.Anchor
        self._modes = (anchor.UNANCHORED, anchor.ANCHOR_START, anchor.ANCHOR_BOTH)
        self.unanchored: Any = anchor.UNANCHORED  # the engine's mode for a search anywhere
        source = compiled.pattern
        if isinstance(source, bytes):
            source = source.decode("utf-8", "replace")
        multiline = source.startswith("(?m)") or not ("^" in source or "$" in source)
        # Whether the pattern matches a sentence alone exactly where it matches that sentence's
        # stretch of the sentences joined by newlines (see ``_EDGE_BOUND``).
        self.joinable: bool = (
            self.engine is not None and multiline and _EDGE_BOUND.search(source) is None
        )

    @property
    def source(self) -> str:
        source = self._compiled.pattern
        return source.decode("utf-8") if isinstance(source, bytes) else source

    def in_sentence(self, document: Any, index: int) -> bool | None:
        """Whether the pattern matches the document's sentence ``index`` (searched in place in
        ``document.joined_utf8()``, as if alone); None when the pattern is not joinable."""
        if not self.joinable:
            return None
        data, starts, ends = document.joined_utf8()
        return self.engine.Match(self.unanchored, data, starts[index], ends[index])[0][0] >= 0

    def hits_within(self, document: Any, runs: list[tuple[int, int]]) -> list[int] | None:
        """Like ``sentence_hits`` for the sentences of ``runs`` (``(first, stop)`` index ranges)
        only, each range scanned in one pass."""
        if not self.joinable:
            return None
        data, starts, ends = document.joined_utf8()
        unanchored = self.unanchored
        hits: list[int] = []
        for first, stop in runs:
            hits += scan_sentences(self.engine, unanchored, data, starts, ends, first, stop)
        return hits

    def sentence_hits(self, document: Any) -> frozenset[int] | None:
        """Indices of the document's sentences in which the pattern finds a match, each sentence
        searched alone; None when the pattern is not joinable. ``document.joined_utf8()`` gives
        the sentences joined by newlines, in UTF-8, with their byte ranges."""
        if not self.joinable:
            return None
        data, starts, ends = document.joined_utf8()
        return frozenset(scan_sentences(self.engine, self.unanchored, data, starts, ends))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._compiled, name)

    def __repr__(self) -> str:
        return f"Pattern({self._compiled.pattern!r})"

    def _first(self, mode: int, text: str) -> Match | None:
        if text.isascii():
            data = text.encode("ascii")
            spans = self.engine.Match(self._modes[mode], data, 0, len(data))
            return None if spans[0] == _NO_MATCH else Match(text, spans)
        encoded = _utf8(text)
        spans = self.engine.Match(self._modes[mode], encoded.data, 0, len(encoded.data))
        return None if spans[0] == _NO_MATCH else Match(text, encoded.chars(spans, [0, 0]))

    def found_in(self, text: str) -> bool:
        """Whether ``search(text)`` finds a match, without working out where: no character
        offsets, so a long non-ASCII text is encoded once and never indexed."""
        if self.engine is None:
            return self._compiled.search(text) is not None
        return self.found_in_utf8(text.encode("utf-8"))

    def found_in_utf8(self, data: bytes) -> bool:
        """``found_in`` for a text given in UTF-8."""
        if self.engine is None:
            return self._compiled.search(data.decode("utf-8")) is not None
        return self.engine.Match(self.unanchored, data, 0, len(data))[0][0] >= 0

    def search(self, text: str) -> Any:
        if self.engine is None:
            return self._compiled.search(text)
        return self._first(0, text)

    def match(self, text: str) -> Any:
        if self.engine is None:
            return self._compiled.match(text)
        return self._first(1, text)

    def fullmatch(self, text: str) -> Any:
        if self.engine is None:
            return self._compiled.fullmatch(text)
        return self._first(2, text)

    def finditer(self, text: str) -> Iterator[Any]:
        if self.engine is None:
            return self._compiled.finditer(text)
        return self._iter(text)

    def _iter(self, text: str) -> Iterator[Match]:
        ascii_text = text.isascii()
        encoded = None if ascii_text else _utf8(text)
        data = text.encode("ascii") if encoded is None else encoded.data
        end = len(data)
        engine, unanchored = self.engine, self.unanchored
        anchor = [0, 0]
        pos = 0
        while True:
            spans = engine.Match(unanchored, data, pos, end)
            if spans[0] == _NO_MATCH:
                return
            yield Match(text, spans if encoded is None else encoded.chars(spans, anchor))
            if pos == end:
                return
            if spans[0][1] != pos:
                pos = spans[0][1]
            else:  # after an empty match, step one character, as re and the wrapper do
                pos += 1
                while pos < end and data[pos] & 0xC0 == 0x80:
                    pos += 1


class DeferredPattern(Pattern):
    """A pattern known to compile (see ``patterns.verified``), compiled when first used: a
    lint reads a fraction of the rules' patterns on most documents, and compiling them all is
    a large part of starting up. Until then no slot of ``Pattern`` is set, so the first read of
    any of them comes here; afterwards they are read as plain slots, at no extra cost."""

    __slots__ = ("_build",)

    def __init__(self, build: Callable[[], Any]) -> None:
        self._build: Callable[[], Any] | None = build

    def __getattr__(self, name: str) -> Any:
        build = self._build
        if build is None:
            return Pattern.__getattr__(self, name)
        Pattern.__init__(self, build())
        self._build = None  # only now: a build that raised raises again at the next read
        return getattr(self, name)

    def __repr__(self) -> str:
        return f"Deferred{Pattern.__repr__(self)}"


def scan_sentences(
    engine: Any,
    unanchored: Any,
    data: bytes,
    starts: list[int],
    ends: list[int],
    first: int = 0,
    stop: int | None = None,
) -> list[int]:
    """The sentences from ``first`` up to ``stop`` (all by default) in which a joinable
    ``engine`` finds a match, each as if searched alone.

    ``data`` holds the sentences separated by newlines, sentence *i* at bytes
    ``starts[i]:ends[i]``. Each search runs from the first sentence not yet decided to the end
    of the last: a match inside one sentence decides it and the search goes on from the next; a
    match running on past its sentence (``\\s+`` across the newline) hands the sentences it
    covers to a search of each alone. Sentences before a match's start have none (the search
    is leftmost), so this is one pass over the text plus a search per sentence with a match.
    RE2 sees the bytes around the searched range, so a sentence searched in place sees the
    newlines its neighbours see.
    """
    match = engine.Match
    hits: list[int] = []
    count = len(starts) if stop is None else stop
    if first >= count:
        return hits
    end = ends[count - 1]
    while first < count:
        start, stop_at = match(unanchored, data, starts[first], end)[0]
        if start < 0:
            break
        i = bisect_right(starts, start, first, count) - 1
        if stop_at <= ends[i]:
            hits.append(i)
            first = i + 1
            continue
        last = bisect_right(starts, stop_at - 1, i, count) - 1
        for k in range(i, last + 1):
            if match(unanchored, data, starts[k], ends[k])[0][0] >= 0:
                hits.append(k)
        first = last + 1
    return hits
