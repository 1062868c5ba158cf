"""Kind `topic`: a required disclosure neither described nor denied.

For routing and tiers, an explicit denial ("we do not route requests") is a complete answer. For
refusal reporting only a number counts; a statement that rates are withheld is acknowledged in
the message but still fires."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict

from ..findings import Finding
from ..rulebook import Rule
from .context import CheckContext, finding_at, whole_document_finding


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")

    topic: str
    message: str
    withheld_message: str | None = None
    denial_counts: bool = True


def run(rule: Rule, params: Params, ctx: CheckContext) -> Iterator[Finding]:
    report = ctx.disclosure[params.topic]
    if report.described or (params.denial_counts and report.denial):
        return
    if report.withheld and params.withheld_message:
        where = report.withheld[0]
        message = params.withheld_message.format(line=where.line)
        yield finding_at(
            rule, message, where.line, where.column, where.end_line, where.end_column, where.excerpt
        )
        return
    yield whole_document_finding(rule, params.message, ctx.document)
