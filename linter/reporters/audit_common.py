"""What every audit report shares: how a place is named, how rows of the summary are made and
sorted, and escaping of untrusted text for Markdown."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..audit.model import DocumentAudit, Located

TOPIC_LABELS = {
    "fallback-routing": "Fallback routing",
    "tier-differences": "Tier differences",
    "refusal-reporting": "Refusal-rate reporting",
    "refusal-authority": "Refusal authority",
}
SORTS = ("input", "score", "score-desc", "path")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~#!])")


def where(located: Located | None) -> str:
    if located is None:
        return ""
    if located.page is not None:
        return f"p. {located.page}, line {located.line}"
    return f"line {located.line}"


def md_text(text: str) -> str:
    """Untrusted text as Markdown that shows it literally (no markup, no raw HTML)."""
    text = " ".join(text.split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def fact_names(audit: DocumentAudit, topic: str) -> list[str]:
    return list(dict.fromkeys(f.fact for f in audit.topics[topic].found))


@dataclass(slots=True)
class SummaryRow:
    index: int
    path: str
    score: int
    statuses: dict[str, str]
    found: int
    missing: int
    euphemisms: int
    suppressions: int
    format: str
    sha256: str


def summary_rows(documents: list[DocumentAudit], sort: str = "input") -> list[SummaryRow]:
    rows = [
        SummaryRow(
            i,
            d.path,
            d.score,
            {t: c.status for t, c in d.topics.items()},
            sum(len(fact_names(d, t)) for t in d.topics),
            sum(len(c.missing) for c in d.topics.values()),
            len(d.euphemisms),
            len(d.suppressions),
            d.provenance.format,
            d.provenance.sha256,
        )
        for i, d in enumerate(documents)
    ]
    if sort == "score":
        rows.sort(key=lambda r: (r.score, r.index))
    elif sort == "score-desc":
        rows.sort(key=lambda r: (-r.score, r.index))
    elif sort == "path":
        rows.sort(key=lambda r: (r.path, r.index))
    return rows


def generated_line(date: str) -> str:
    return f"Generated on {date} by disclosure-lint"
