"""Kind `block_contradiction`: the prose says the opposite of the structured block.

Each pair names a topic, what the block states (practice or denial) and what the prose states
against it (practice, denial, or a statement that figures are withheld). The finding points at
the prose sentence and names the block's statement. A prose denial or withholding only counts
where the prose does not also describe the practice, so a partial statement ("the API does not
route requests") beside a description of routing in the app is not a contradiction.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..disclosure import Evidence, TopicReport
from ..findings import Finding
from ..rulebook import Rule
from .context import CheckContext, finding_at

Statement = Literal["practice", "denial", "withheld"]


class Pair(BaseModel):
    model_config = ConfigDict(extra="forbid")

    topic: str
    block: Literal["practice", "denial"]
    prose: Statement
    message: str = Field(
        description="The finding's message; {block} is replaced by the block's statement."
    )


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pairs: list[Pair] = Field(min_length=1)
    limit: int = Field(default=3, ge=1, description="Findings per pair, at most.")


def _split(found: list[Evidence]) -> tuple[list[Evidence], list[Evidence]]:
    block = [e for e in found if e.source == "block"]
    prose = [e for e in found if e.source != "block"]
    return block, prose


def _statements(report: TopicReport, which: Statement) -> list[Evidence]:
    return list(getattr(report, which))


def run(rule: Rule, params: Params, ctx: CheckContext) -> Iterator[Finding]:
    disclosure = ctx.disclosure
    for pair in params.pairs:
        if pair.topic not in disclosure.topics:
            continue
        report = disclosure[pair.topic]
        stated, _ = _split(_statements(report, pair.block))
        if not stated:
            continue
        _, against = _split(_statements(report, pair.prose))
        if pair.prose != "practice" and _split(report.practice)[1]:
            continue
        block_ev = stated[0]
        said = f"{block_ev.excerpt}, {block_ev.detail}"  # the block's statement, and where
        seen: set[int] = set()
        for ev in against:
            if ev.line in seen:
                continue
            seen.add(ev.line)
            yield finding_at(
                rule,
                pair.message.format(block=said),
                ev.line,
                ev.column,
                ev.end_line,
                ev.end_column,
                ev.excerpt,
            )
            if len(seen) >= params.limit:
                break
