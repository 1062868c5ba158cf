"""Kind `fact`: the practice is described but one of its required facts is not stated.

The finding points at the first sentence that describes the practice and says what was found
there and what is missing."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from ..findings import Finding
from ..rulebook import Rule
from .context import CheckContext, finding_at, whole_document_finding

_LEAD = re.compile(r"^(?:(?:to|by|from|with|the|a|an|our|its)\s+)+", re.IGNORECASE)


class ManySpec(BaseModel):
    """Fire only where the practice's sections name at least ``distinct`` different matches of
    a lexicon term (e.g. several surfaces: app, API, enterprise)."""

    model_config = ConfigDict(extra="forbid")

    term: str
    distinct: int = Field(default=2, ge=2)


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")

    topic: str
    facts: list[str] = Field(min_length=1, description="Any of these satisfies the rule.")
    missing: str = Field(description="What is not stated, as the end of a sentence.")
    requires_practice: bool = True
    only_when_many: ManySpec | None = None


def _found_summary(report, topic: dict) -> str:
    """What the document says about the practice, from the topic's `describe` templates:
    "Routing or blocking of requests is described (served by Example 4.8; for biology)"."""
    parts: list[str] = []
    for fact, template in (topic.get("describe_facts") or {}).items():
        for ev in report.facts.get(fact, [])[:1]:
            detail = _LEAD.sub("", ev.detail).strip()
            if detail:
                parts.append(template.format(detail))
    describe = topic.get("describe", report.topic)
    return f"{describe} ({'; '.join(parts)})" if parts else describe


def _distinct_terms(ctx: CheckContext, params: Params) -> int:
    from ..disclosure.analyse import lexicons

    pattern = lexicons(ctx.ruleset.topics)[params.topic].terms[params.only_when_many.term]
    sections = {ev.section for ev in ctx.disclosure[params.topic].practice}
    seen: set[str] = set()
    for sentence in ctx.document.sentences:
        if sentence.section.index in sections:
            seen.update(m.group().lower() for m in pattern.finditer(sentence.text))
    return len(seen)


def run(rule: Rule, params: Params, ctx: CheckContext) -> Iterator[Finding]:
    report = ctx.disclosure[params.topic]
    if params.requires_practice and not report.described:
        return
    if any(report.has(fact) for fact in params.facts):
        return
    if params.only_when_many and _distinct_terms(ctx, params) < params.only_when_many.distinct:
        return
    anchor = report.anchor
    if anchor is None:
        yield whole_document_finding(
            rule, f"{params.missing[0].upper()}{params.missing[1:]}.", ctx.document
        )
        return
    where = "the structured block" if anchor.source == "block" else f"line {anchor.line}"
    topic = ctx.ruleset.topics.get(params.topic, {})
    message = f"{_found_summary(report, topic)} ({where}); {params.missing}."
    yield finding_at(
        rule,
        message,
        anchor.line,
        anchor.column,
        anchor.end_line,
        anchor.end_column,
        anchor.excerpt,
    )
