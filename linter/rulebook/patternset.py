"""Patterns scanned together over a document's sentences.

Checks that need the sentences where each of several patterns matches (the terms that open a
topic's conditions, the phrases of all phrase rules) would scan the document once per pattern.
A PatternSet scans it once with the alternation of its members, which finds exactly the
sentences where any member matches, and then asks, for each of those sentences alone, which
members match it: one RE2 Set match per sentence. The result is each member's
``Document.sentence_hits``, recorded in the document for later calls (``scan``), or its hits
among some ranges of sentences only (``hits_within``).

Only joinable members (see re2fast) are scanned this way; the others keep their own scan. When
the alternation cannot be compiled (too large for RE2's memory budget) there is no joint scan,
and when a Set match fails (RE2 reports running out of memory as "no match", which a member
that matches every text shows) the sentence is searched member by member: the results never
depend on the shortcut.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .re2fast import Pattern, scan_sentences


class PatternSet:
    """``after``: how many documents are left to their members' own scans before the
    alternation and the Set are compiled (a few milliseconds), so that linting one small file
    does not pay for what pays off over many."""

    __slots__ = ("_after", "_pending", "_seen", "_set", "_unanchored", "_union", "members")

    def __init__(self, patterns: Iterable[Any], after: int = 1) -> None:
        members: list[Pattern] = []
        for pattern in patterns:
            if isinstance(pattern, Pattern) and pattern.joinable and pattern not in members:
                members.append(pattern)
        self.members: tuple[Pattern, ...] = tuple(members)
        self._union: Any = None
        self._set: Any = None
        self._unanchored: Any = None
        self._after = after
        self._seen: list[int] = []  # the documents met before compiling
        self._pending = len(members) > 1 and _same_options(members)
        if self._pending and after <= 0:
            self._pending = False
            self._compile()

    def _compile(self) -> None:
        import re2

        engine_type = re2._re2.RE2
        options = self.members[0].engine.options()
        options.log_errors = False
        sources = [member.source.encode("utf-8") for member in self.members]
        union = engine_type(b"|".join(b"(?:" + s + b")" for s in sources), options)
        if not union.ok():
            return
        anchor = engine_type.Anchor.UNANCHORED
        matcher = re2._re2.Set(anchor, options)
        for source in sources:
            if matcher.Add(source) < 0:
                return
        if matcher.Add(b"") < 0 or not matcher.Compile():
            return  # an uncompiled Set must never be matched
        self._union, self._set, self._unanchored = union, matcher, anchor

    def scan(self, document: Any) -> None:
        """Record every member's sentence hits in ``document`` (at most once per document)."""
        if not self._ready(document) or document.scanned_hits(self._union) is not None:
            return
        candidates, found = self._scan(document, [(0, len(document.sentences))])
        for member, hits in zip(self.members, found, strict=True):
            document.remember_hits(member, frozenset(hits))
        document.remember_hits(self._union, frozenset(candidates))

    def hits_within(self, document: Any, runs: list[tuple[int, int]]) -> list[list[int]] | None:
        """Each member's hits among the sentences of ``runs`` (``(first, stop)`` index ranges,
        in order), in order; nothing is recorded. None when there is no joint scan (yet): the
        members' own scans answer then."""
        if not self._ready(document):
            return None
        return self._scan(document, runs)[1]

    def _ready(self, document: Any) -> bool:
        """Whether the joint scan is compiled, compiling it when its time has come."""
        if self._pending:
            if id(document) not in self._seen:
                self._seen.append(id(document))
            if len(self._seen) <= self._after:
                return False
            self._pending = False
            self._seen = []
            self._compile()
        return self._union is not None

    def _scan(
        self, document: Any, runs: list[tuple[int, int]]
    ) -> tuple[list[int], list[list[int]]]:
        """The sentences of ``runs`` where the alternation matches, and each member's hits."""
        data, starts, ends = document.joined_utf8()
        unanchored = self._unanchored
        found: list[list[int]] = [[] for _ in self.members]
        sentinel = len(self.members)
        which = self._set.Match
        candidates: list[int] = []
        for first, stop in runs:
            candidates += scan_sentences(self._union, unanchored, data, starts, ends, first, stop)
        for i in candidates:
            text = data[starts[i] : ends[i]]
            matched = which(text)
            if sentinel not in matched:  # the Set could not run: search each member
                matched = [
                    k
                    for k, member in enumerate(self.members)
                    if member.engine.Match(unanchored, data, starts[i], ends[i])[0][0] >= 0
                ]
            for k in matched:
                if k != sentinel:
                    found[k].append(i)
        return candidates, found


def _same_options(members: list[Pattern]) -> bool:
    import re2

    def values(member: Pattern) -> tuple:
        options = member.engine.options()
        return tuple(getattr(options, name) for name in re2.Options.NAMES)

    first = values(members[0])
    return all(values(member) == first for member in members[1:])
