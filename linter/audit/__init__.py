"""Audits of published documents (Markdown, text, HTML pages, PDFs, URLs): a scorecard per
document, batches, and the difference between two versions of a card. Sits above the engine:
it runs the checks and turns their results and the disclosure analysis into scorecards."""

from .diff import compare
from .model import AuditDiff, AuditError, AuditResult, DocumentAudit
from .run import Settings, audit_all, audit_one, prepare
from .sources import Limits

__all__ = [
    "AuditDiff",
    "AuditError",
    "AuditResult",
    "DocumentAudit",
    "Limits",
    "Settings",
    "audit_all",
    "audit_one",
    "compare",
    "prepare",
]
