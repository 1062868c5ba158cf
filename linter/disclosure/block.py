"""The structured disclosure block: where a document keeps it, whether it validates, and the
facts it states.

A card keeps the block in its YAML front matter under ``disclosure:``, or beside it in
``NAME.disclosure.yaml`` (the block at the top level, or under a single ``disclosure:`` key).
The front matter wins when both exist. A sidecar linted on its own is its own document: its
key positions are lines of the linted file. A sidecar read beside a card is not, so evidence
from it points at the card's first line and names the sidecar.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..document import Document, Position
from .blockschema import Problem, validate
from .model import TopicReport

KEY = "disclosure"
# Top-level keys whose facts stand or fall with their own validity.
SECTIONS = ("fallback_routing", "tiers", "refusal_reporting", "refusal_authority")


@dataclass(slots=True)
class StatedBlock:
    data: Any
    positions: dict[tuple, Position]
    prefix: tuple[str | int, ...]  # the block's key path inside its YAML file
    origin: str  # "front matter", or the sidecar's path
    in_document: bool  # its positions are lines of the file being linted
    extra_keys: tuple[str, ...] = ()  # sidecar keys beside a top-level `disclosure:`

    def position(self, path: tuple[str | int, ...]) -> tuple[Position, bool]:
        """Where the key at ``path`` is, walking up to the nearest key that has a position;
        the flag says whether ``path`` itself was found."""
        probe = path
        while probe:
            found = self.positions.get(probe)
            if found is not None:
                return found, probe == path
            probe = probe[:-1]
        return Position(1, 1), not path

    def where(self, path: tuple[str | int, ...]) -> str:
        line = self.position(path)[0].line
        if self.in_document:
            return f"line {line}"
        return f"{Path(self.origin).name} line {line}"

    def problems(self) -> list[Problem]:
        found = [
            Problem(
                (key,),
                f"unknown key {key!r}: a sidecar holds the block at its top level "
                f"or under a single `{KEY}:` key",
            )
            for key in self.extra_keys
        ]
        found.extend(validate(self.data, self.prefix))
        found.sort(key=lambda p: (self.position(p.path)[0].line, self.position(p.path)[0].column))
        return found

    def section_of(self, problem: Problem) -> str | None:
        """The section a problem lies in; None for a problem at the block's root."""
        if problem.path[: len(self.prefix)] != self.prefix:
            return None
        rel = problem.path[len(self.prefix) :]
        return str(rel[0]) if rel and rel[0] in SECTIONS else None

    def valid_sections(self, problems: list[Problem]) -> set[str]:
        """Sections whose facts count: no problem inside them, and none at the block's root."""
        bad: set[str] = set()
        for problem in problems:
            section = self.section_of(problem)
            if section is None:
                return set()
            bad.add(section)
        data = self.data if isinstance(self.data, dict) else {}
        return {s for s in SECTIONS if s in data and s not in bad}


def is_standalone(document: Document, sidecar: Any) -> bool:
    """True when the sidecar is the file being linted (not a companion of a card)."""
    return Path(sidecar.path) == Path(document.path)


def front_matter_block(document: Document) -> StatedBlock | None:
    fm = document.front_matter
    if fm is None or not isinstance(fm.data, dict) or KEY not in fm.data:
        return None
    return StatedBlock(fm.data[KEY], fm.positions, (KEY,), "front matter", True)


def sidecar_block(document: Document, sidecar: Any) -> StatedBlock | None:
    if sidecar is None or sidecar.error is not None:
        return None
    data = sidecar.data
    standalone = is_standalone(document, sidecar)
    if isinstance(data, dict) and KEY in data:
        extra = tuple(str(k) for k in data if k != KEY)
        return StatedBlock(data[KEY], sidecar.positions, (KEY,), sidecar.path, standalone, extra)
    return StatedBlock(data, sidecar.positions, (), sidecar.path, standalone)


def find_block(document: Document, sidecar: Any = None) -> StatedBlock | None:
    """The block that states the document's facts: front matter first, then the sidecar."""
    return front_matter_block(document) or sidecar_block(document, sidecar)


def block_reports(document: Document, sidecar: Any = None) -> dict[str, TopicReport]:
    """Per topic, what the block states. Sections that do not validate state nothing."""
    block = find_block(document, sidecar)
    if block is None:
        return {}
    from .blockfacts import stated_reports

    sections = block.valid_sections(block.problems())
    return stated_reports(block, sections, document)
