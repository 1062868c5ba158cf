"""Sentence boundaries in a block of plain text.

A single regular-expression pass finds candidate boundaries (terminal punctuation, then
whitespace); a candidate is rejected after a known abbreviation, an initial, or when the next
word starts in lower case. Linear in the length of the text.
"""

from __future__ import annotations

import re

# Terminal punctuation, closing quotes or brackets, and footnote markers ("services.[9]",
# "harm.¹²"), then whitespace.
_CANDIDATE = re.compile(r"[.!?…]+[\"'”’)\]]*(?:\[\d{1,3}\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)*[\"'”’)\]]*\s+(?=\S)")
_ABBREVIATIONS = frozenset(
    [
        "e.g",
        "i.e",
        "etc",
        "vs",
        "cf",
        "al",
        "fig",
        "figs",
        "no",
        "nos",
        "approx",
        "ca",
        "dr",
        "mr",
        "mrs",
        "ms",
        "prof",
        "inc",
        "ltd",
        "co",
        "corp",
        "jr",
        "sr",
        "st",
        "sec",
        "secs",
        "eq",
        "eqs",
        "ref",
        "refs",
        "vol",
        "pp",
        "p",
        "ed",
        "eds",
        "est",
        "dept",
        "govt",
        "u.s",
        "u.k",
        "e.u",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "art",
        "para",
        "min",
        "max",
        "avg",
        "resp",
        "incl",
        "viz",
    ]
)


def split(text: str) -> list[tuple[int, int]]:
    """Return (start, end) offsets of the sentences of ``text``, whitespace trimmed."""
    first = _CANDIDATE.search(text)
    if first is None:
        return whole(text)
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    for m in _CANDIDATE.finditer(text, first.start()):
        at = m.start()
        nxt = m.end()
        if nxt < n and text[nxt].islower():
            continue
        if text[at] == "." and _is_abbreviation(text, start, at):
            continue
        spans.append((start, at + len(m.group().rstrip())))
        start = nxt
    if start < n:
        spans.append((start, n))
    return [trimmed for s, e in spans if (trimmed := _trim(text, s, e)) is not None]


def whole(text: str) -> list[tuple[int, int]]:
    """``text`` as one sentence, whitespace trimmed (none when it is blank)."""
    kept = text.strip()
    if len(kept) == len(text):  # most blocks: nothing to trim
        return [(0, len(text))] if text else []
    if not kept:
        return []
    lead = len(text) - len(text.lstrip())
    return [(lead, lead + len(kept))]


def _is_abbreviation(text: str, floor: int, dot: int) -> bool:
    i = dot
    while i > floor and not text[i - 1].isspace() and dot - i < 24:
        i -= 1
    word = text[i:dot].lstrip("([\"'“‘").lower()
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``text[start:end]`` without the whitespace around it, or None when nothing is left."""
    piece = text[start:end]
    kept = piece.strip()
    if not kept:
        return None
    lead = len(piece) - len(piece.lstrip())
    return start + lead, start + lead + len(kept)
