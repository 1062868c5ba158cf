"""`audit --format csv`: the summary table across documents, one row per document."""

from __future__ import annotations

import csv
import io

from ..audit.model import AuditResult
from .audit_common import summary_rows

COLUMNS = [
    "path",
    "score",
    "fallback-routing",
    "tier-differences",
    "refusal-reporting",
    "refusal-authority",
    "facts_found",
    "facts_missing",
    "euphemisms",
    "suppressions",
    "format",
    "sha256",
]


def _cell(value: str) -> str:
    # A spreadsheet runs a cell that starts with these as a formula.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def render(result: AuditResult, sort: str = "input") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in summary_rows(result.documents, sort):
        writer.writerow(
            [
                _cell(r.path),
                r.score,
                *(r.statuses.get(t, "") for t in COLUMNS[2:6]),
                r.found,
                r.missing,
                r.euphemisms,
                r.suppressions,
                r.format,
                r.sha256,
            ]
        )
    return buffer.getvalue()
