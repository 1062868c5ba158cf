"""Where a fact may be stated relative to the sentences that describe a practice (its anchors):
the sentences of a scope, worked out from the anchors' blocks and sections."""

from __future__ import annotations

from collections.abc import Iterator

from ..document import Section, Sentence
from .sentences import SentenceIndex

NEAR_WINDOW = 2  # sentences either side of a practice sentence, within its section
SECTION_UNIT_LEVEL = 2


def _descendants(section: Section) -> Iterator[Section]:
    stack = [section]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(node.children)


def _unit(section: Section) -> Section:
    """The section a statement belongs to for "same section" purposes: its ancestor at heading
    level 2 (or the section itself when higher), so that "### 2.1 What answers a flagged
    request" and "### 2.2 What the user sees" are read together under "## 2. Routing"."""
    while section.level > SECTION_UNIT_LEVEL and section.parent is not None:
        section = section.parent
    return section


def _block_of(sentences: list[Sentence], anchor: Sentence) -> range:
    """The indices of the sentences of the anchor's block (a block's sentences are consecutive)."""
    block = anchor.block
    first = anchor.index
    while first > 0 and sentences[first - 1].block is block:
        first -= 1
    stop = anchor.index + 1
    while stop < len(sentences) and sentences[stop].block is block:
        stop += 1
    return range(first, stop)


def scope_sentences(
    sentences: SentenceIndex, anchors: list[Sentence], scope: str
) -> set[int] | None:
    """The indices of the sentences within ``scope`` of any anchor sentence; None for the whole
    document. ``near``: the anchor's block, or up to NEAR_WINDOW sentences either side in its
    section; ``section``: the anchor's section unit and all sections under it."""
    if scope == "document":
        return None
    if scope == "sentence":
        return {s.index for s in anchors}
    if scope == "near":
        inside: set[int] = set()
        sections = {id(s.section) for s in anchors}
        every = sentences.sentences
        count = len(every)
        blocks: set[int] = set()
        for anchor in anchors:
            if id(anchor.block) not in blocks:  # each block walked once
                blocks.add(id(anchor.block))
                inside.update(_block_of(every, anchor))
            for i in range(max(anchor.index - NEAR_WINDOW, 0), anchor.index + NEAR_WINDOW + 1):
                if i < count and id(every[i].block.section) in sections:
                    inside.add(i)
        return inside
    return section_sentences(sentences, anchors)


def section_sentences(sentences: SentenceIndex, anchors: list[Sentence]) -> set[int]:
    """The indices of the sentences in the section units of the anchors (see ``_unit``)."""
    units = {id(unit): unit for unit in (_unit(s.section) for s in anchors)}
    inside = {id(node) for unit in units.values() for node in _descendants(unit)}
    return set(sentences.in_sections(inside))


def runs(indices: list[int]) -> list[tuple[int, int]]:
    """Sorted sentence indices as ranges ``(first, stop)`` of consecutive ones."""
    found: list[tuple[int, int]] = []
    for index in indices:
        if found and found[-1][1] == index:
            found[-1] = (found[-1][0], index + 1)
        else:
            found.append((index, index + 1))
    return found
