"""`diff OLD NEW`: what the new version stopped and started disclosing, as text, Markdown or
JSON (same shape rules as the audit JSON: no timings, no timestamps)."""

from __future__ import annotations

import json

from ..audit.model import AuditDiff, Euphemism, FactChange
from .audit_common import generated_line, md_text, where
from .safe import one_line

EXCERPT_WIDTH = 110


def _clip(text: str) -> str:
    text = one_line(text)
    return text if len(text) <= EXCERPT_WIDTH else text[: EXCERPT_WIDTH - 1] + "…"


def _fact(c: FactChange) -> dict:
    w = c.where
    return {
        "topic": c.topic,
        "fact": c.fact,
        "line": w.line if w else None,
        "page": w.page if w else None,
        "excerpt": w.excerpt if w else "",
    }


def _euph(e: Euphemism) -> dict:
    return {"rule": e.rule, "line": e.where.line, "page": e.where.page, "excerpt": e.where.excerpt}


def to_data(diff: AuditDiff, tool_version: str, ruleset_version: str) -> dict:
    return {
        "tool": {
            "name": "disclosure-lint",
            "version": tool_version,
            "ruleset_version": ruleset_version,
        },
        "old": {
            "path": diff.old.path,
            "sha256": diff.old.provenance.sha256,
            "format": diff.old.provenance.format,
            "score": diff.old.score,
        },
        "new": {
            "path": diff.new.path,
            "sha256": diff.new.provenance.sha256,
            "format": diff.new.provenance.format,
            "score": diff.new.score,
        },
        "score_change": diff.score_change,
        "discloses_less": diff.discloses_less,
        "status_changes": [
            {"topic": s.topic, "old": s.old, "new": s.new, "worse": s.worse} for s in diff.status
        ],
        "facts_gone": [_fact(c) for c in diff.gone],
        "facts_new": [_fact(c) for c in diff.added],
        "euphemisms_new": [_euph(e) for e in diff.euphemisms_added],
        "euphemisms_removed": [_euph(e) for e in diff.euphemisms_removed],
    }


def render_json(diff: AuditDiff, tool_version: str, ruleset_version: str) -> str:
    return (
        json.dumps(to_data(diff, tool_version, ruleset_version), indent=2, ensure_ascii=False)
        + "\n"
    )


def render_text(diff: AuditDiff) -> str:
    old, new = diff.old, diff.new
    change = f"{diff.score_change:+d}"
    out = [
        f"OLD {one_line(old.path)}  score {old.score}/100  ({old.provenance.format})",
        f"NEW {one_line(new.path)}  score {new.score}/100  ({new.provenance.format})",
        f"Score change: {change}",
        "",
    ]
    if diff.status:
        out.append("Topic status")
        for s in diff.status:
            mark = "worse" if s.worse else "better"
            out.append(f"  {s.topic}: {s.old} -> {s.new} ({mark})")
        out.append("")
    sections = [
        ("Facts disclosed in OLD, gone in NEW", diff.gone, "OLD"),
        ("Facts new in NEW", diff.added, "NEW"),
    ]
    for title, changes, side in sections:
        out.append(f"{title} ({len(changes)})")
        for c in changes:
            out.append(f"  {c.topic}/{c.fact}  {side} {where(c.where)}: {_clip(c.where.excerpt)}")
        out.append("")
    for title, items in (
        ("Euphemisms new in NEW", diff.euphemisms_added),
        ("Euphemisms removed", diff.euphemisms_removed),
    ):
        out.append(f"{title} ({len(items)})")
        for e in items:
            out.append(f"  {e.rule}  {where(e.where)}: {_clip(e.where.excerpt)}")
        out.append("")
    out.append(
        "NEW discloses less than OLD." if diff.discloses_less else "NEW discloses no less than OLD."
    )
    return "\n".join(out) + "\n"


def render_markdown(diff: AuditDiff, date: str, tool_version: str) -> str:
    old, new = diff.old, diff.new
    out = [
        "# Disclosure diff",
        "",
        f"{generated_line(date)} {tool_version}.",
        "",
        "| | Document | Format | Score |",
        "| --- | --- | --- | ---: |",
        f"| OLD | {md_text(old.path)} | {old.provenance.format} | {old.score} |",
        f"| NEW | {md_text(new.path)} | {new.provenance.format} | {new.score} |",
        "",
        f"Score change: **{diff.score_change:+d}**. "
        + (
            "**NEW discloses less than OLD.**"
            if diff.discloses_less
            else "NEW discloses no less than OLD."
        ),
        "",
    ]
    if diff.status:
        out += ["## Topic status", ""]
        out += [
            f"- {s.topic}: {s.old} → {s.new} ({'worse' if s.worse else 'better'})"
            for s in diff.status
        ]
        out.append("")
    for title, changes, side in (
        ("Facts disclosed in OLD, gone in NEW", diff.gone, "OLD"),
        ("Facts new in NEW", diff.added, "NEW"),
    ):
        out += [f"## {title} ({len(changes)})", ""]
        out += [
            f"- {c.topic} / {c.fact} ({side} {where(c.where)}): {md_text(c.where.excerpt)}"
            for c in changes
        ] or ["None."]
        out.append("")
    for title, items in (
        ("Euphemisms new in NEW", diff.euphemisms_added),
        ("Euphemisms removed", diff.euphemisms_removed),
    ):
        out += [f"## {title} ({len(items)})", ""]
        out += [f"- {e.rule} ({where(e.where)}): {md_text(e.where.excerpt)}" for e in items] or [
            "None."
        ]
        out.append("")
    return "\n".join(out).rstrip() + "\n"
