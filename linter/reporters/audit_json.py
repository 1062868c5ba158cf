"""`audit --format json`: a public contract, pinned by schemas/audit.schema.json. No timings
and no timestamps: the same input gives the same bytes."""

from __future__ import annotations

import json

from ..audit.model import AuditResult, DocumentAudit, Located, TopicCard


def _place(located: Located) -> dict:
    return {"line": located.line, "page": located.page, "excerpt": located.excerpt}


def _topic(card: TopicCard) -> dict:
    return {
        "status": card.status,
        "found": [
            {
                "fact": f.fact,
                **_place(f.where),
                "detail": f.detail,
                "source": f.source,
                "rule": f.rule or None,
            }
            for f in card.found
        ],
        "missing": list(card.missing),
        "withheld": [_place(w) for w in card.withheld],
        "points": round(card.points, 4),
        "weight": card.weight,
        "rules": list(card.rules),
    }


def document_data(audit: DocumentAudit, tool_version: str, ruleset_version: str) -> dict:
    p = audit.provenance
    return {
        "path": audit.path,
        "score": audit.score,
        "provenance": {
            "sha256": p.sha256,
            "size": p.size,
            "format": p.format,
            "url": p.url,
            "final_url": p.final_url,
            "content_type": p.content_type,
            "pages": p.pages,
            "title": p.title,
            "tool": {"name": "disclosure-lint", "version": tool_version},
            "ruleset_version": ruleset_version,
        },
        "topics": {topic: _topic(card) for topic, card in audit.topics.items()},
        "euphemisms": [
            {"rule": e.rule, "name": e.name, **_place(e.where), "message": e.message}
            for e in audit.euphemisms
        ],
        "suppressions": [
            {"line": s.line, "page": s.page, "comment": s.excerpt} for s in audit.suppressions
        ],
        "findings": [
            {
                "rule": f.rule,
                "name": f.name,
                "category": f.category,
                "severity": f.severity,
                "message": f.message,
                "line": f.line,
                "page": f.page,
                "excerpt": f.excerpt,
            }
            for f in audit.findings
        ],
        "notes": list(audit.notes),
    }


def to_data(result: AuditResult) -> dict:
    documents = [
        document_data(d, result.tool_version, result.ruleset_version) for d in result.documents
    ]
    scores = [d.score for d in result.documents]
    return {
        "tool": {
            "name": "disclosure-lint",
            "version": result.tool_version,
            "ruleset_version": result.ruleset_version,
        },
        "documents": documents,
        "errors": [{"path": e.path, "error": e.message} for e in result.errors],
        "summary": {
            "documents": len(documents),
            "unreadable": len(result.errors),
            "mean_score": round(sum(scores) / len(scores), 1) if scores else None,
        },
    }


def render(result: AuditResult) -> str:
    return json.dumps(to_data(result), indent=2, ensure_ascii=False) + "\n"
