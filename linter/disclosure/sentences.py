"""A document's sentences as one analysis reads them: which sentences a term matches, and where
each sentence lies, each worked out once for all topics."""

from __future__ import annotations

from typing import Any

from ..document import Document, Section, Sentence, join_utf8
from ..rulebook.re2fast import scan_sentences
from .model import Evidence


class SentenceIndex:
    """Term tests against one document's sentences. A term scanned over the whole document
    (``hits``) answers from the scan; any other is searched in place in the document's joined
    UTF-8 text (see re2fast: the same answer as a search of the sentence alone), without
    scanning sentences nobody asks about.

    Terms are scanned one at a time. Measured on the benchmark cards, an alternation or an RE2
    Set of a topic's opening terms costs more than scanning them apart (the automaton grows
    with the combinations of their bounded repetitions), and so did prefilters on the literal
    words the terms require (more engine calls than the scans they spare)."""

    __slots__ = (
        "_by_section",
        "_path_hits",
        "_places",
        "_titled",
        "_titles",
        "data",
        "document",
        "ends",
        "scans",
        "sentences",
        "starts",
    )

    def __init__(self, document: Document) -> None:
        self.document = document
        self.sentences = document.sentences
        self.data, self.starts, self.ends = document.joined_utf8()
        # pattern -> the sentences it matches, for the patterns scanned over the document
        self.scans: dict[Any, frozenset[int]] = {}
        self._places: dict[int, tuple[int, int, int, int, str, bool, int]] = {}
        self._by_section: dict[int, list[int]] | None = None
        self._titles: tuple[list[Section], bytes, list[int], list[int]] | None = None
        self._titled: dict[Any, set[int]] = {}  # pattern -> ids of sections whose title it matches
        self._path_hits: dict[tuple[int, Any], bool] = {}

    def hits(self, pattern: Any) -> frozenset[int]:
        """The sentences the pattern matches (``Document.sentence_hits``: scanned once per
        document and recorded there, where other checks find it)."""
        found = self.scans.get(pattern)
        if found is None:
            found = self.scans[pattern] = self.document.sentence_hits(pattern)
        return found

    def scanned(self, pattern: Any) -> frozenset[int] | None:
        """``hits`` when the document was already scanned for the pattern, else None."""
        found = self.scans.get(pattern)
        if found is None:
            found = self.document.scanned_hits(pattern)
            if found is not None:
                self.scans[pattern] = found
        return found

    def hits_within(self, pattern: Any, runs: list[tuple[int, int]]) -> list[int]:
        """The sentences of ``runs`` (``(first, stop)`` index ranges) the pattern matches."""
        hits = self.scans.get(pattern)
        if hits is None:
            found = pattern.hits_within(self.document, runs)
            if found is not None:
                return found
            hits = self.hits(pattern)  # bound to the text's edges: searched sentence by sentence
        return [i for first, stop in runs for i in range(first, stop) if i in hits]

    def search_in_place(self, pattern: Any, index: int) -> bool:
        """Whether the pattern matches sentence ``index``, searched in place in the joined text
        (for a pattern that was not scanned: see ``scans``)."""
        # Pattern.in_sentence, with the joined text held here: the analysis's hottest call.
        if pattern.joinable:
            start, end = self.starts[index], self.ends[index]
            return pattern.engine.Match(pattern.unanchored, self.data, start, end)[0][0] >= 0
        return pattern.search(self.sentences[index].text) is not None

    def in_sections(self, sections: set[int]) -> list[int]:
        """Indices, in order, of the sentences whose section's id is in ``sections``."""
        by_section = self._by_section
        if by_section is None:
            by_section = self._by_section = {}
            for sentence in self.sentences:
                key = id(sentence.block.section)
                if key in by_section:
                    by_section[key].append(sentence.index)
                else:
                    by_section[key] = [sentence.index]
        found = [i for key in sections if key in by_section for i in by_section[key]]
        found.sort()
        return found

    def titled(self, pattern: Any) -> set[int]:
        """The ids of the sections whose title the pattern matches: the titles joined by
        newlines and scanned like sentences (one pass instead of a search per title)."""
        found = self._titled.get(pattern)
        if found is not None:
            return found
        if self._titles is None:
            sections = [section for section in self.document.sections if section.title]
            self._titles = (sections, *join_utf8([section.title for section in sections]))
        sections, data, starts, ends = self._titles
        if pattern.joinable:
            indices = scan_sentences(pattern.engine, pattern.unanchored, data, starts, ends)
        else:
            indices = [i for i, s in enumerate(sections) if pattern.search(s.title) is not None]
        found = self._titled[pattern] = {id(sections[i]) for i in indices}
        return found

    def in_path(self, pattern: Any, section: Section) -> bool:
        """Whether the pattern matches the titles of ``section`` and its parents, joined by
        " / " (nothing for the document's root)."""
        key = (id(section), pattern)
        found = self._path_hits.get(key)
        if found is None:
            titles = " / ".join(section.path())
            found = self._path_hits[key] = bool(titles) and pattern.search(titles) is not None
        return found

    def evidence(
        self,
        fact: str,
        sentence: Sentence,
        match: Any = None,
        detail: str = "",
        source: str = "prose",
    ) -> Evidence:
        """Evidence that ``sentence`` states ``fact``; ``detail`` defaults to the matched text."""
        place = self._places.get(sentence.index)
        if place is None:
            start = sentence.position
            end = sentence.end_position
            place = self._places[sentence.index] = (
                start.line,
                start.column,
                end.line,
                end.column,
                " ".join(sentence.text.split()),
                sentence.block.table is not None,
                sentence.section.index,
            )
        line, column, end_line, end_column, excerpt, in_table, section = place
        if match is not None and not detail:
            detail = " ".join(match.group().split())
        if in_table and source == "prose":
            source = "table"
        return Evidence(fact, line, column, end_line, end_column, excerpt, detail, source, section)
