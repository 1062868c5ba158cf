"""Kind `block_schema`: the structured disclosure block does not validate against
schemas/disclosure.schema.json.

Each problem is a finding at the line and column of the offending key. A sidecar read beside a
card is reported in the card as one finding that names the sidecar (its lines belong to another
file; linting the sidecar itself lists each problem). A card with a block in its front matter
and a sidecar as well is told that the front matter wins.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from ..disclosure.block import front_matter_block, sidecar_block
from ..disclosure.blockschema import dotted
from ..findings import Finding
from ..rulebook import Rule
from .context import CheckContext, finding_at, whole_document_finding


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")


def run(rule: Rule, params: Params, ctx: CheckContext) -> Iterator[Finding]:
    document = ctx.document
    in_front = front_matter_block(document)
    beside = sidecar_block(document, ctx.sidecar)
    block = in_front or beside
    if block is None:
        return
    problems = block.problems()
    if block.in_document:
        for problem in problems:
            pos, exact = block.position(problem.path)
            last = problem.path[-1] if problem.path else ""
            width = len(str(last)) if exact and isinstance(last, str) and last else 1
            where = dotted(problem.path)
            section = block.section_of(problem)
            effect = (
                f"the block's {section} facts are not counted"
                if section
                else "none of the block's facts are counted"
            )
            yield finding_at(
                rule,
                f"{where}: {problem.message}; {effect} until it validates.",
                pos.line,
                pos.column,
                pos.line,
                pos.column + width,
                where,
            )
    elif problems:
        first = problems[0]
        name = Path(block.origin).name
        more = f" and {len(problems) - 1} more" if len(problems) > 1 else ""
        yield whole_document_finding(
            rule,
            f"The sidecar {name} does not validate against the disclosure schema "
            f"({block.where(first.path)}: {dotted(first.path)}: {first.message}{more}); "
            f"its facts are not counted: lint {name} to see each problem.",
            document,
        )
    if in_front is not None and beside is not None:
        pos, _ = in_front.position(in_front.prefix)
        name = Path(beside.origin).name
        yield finding_at(
            rule,
            f"The card has a disclosure block in its front matter and a sidecar {name}; the "
            f"front matter block is used and the sidecar is ignored: keep one of them.",
            pos.line,
            pos.column,
            pos.line,
            pos.column + len(in_front.prefix[0]),
            "disclosure",
        )
