"""`rules` and `explain`: the rule data, rendered for people or as JSON."""

from __future__ import annotations

import json

from ..rulebook import Rule, Ruleset


def _summary(rule: Rule) -> dict:
    return {
        "code": rule.code,
        "name": rule.name,
        "category": rule.category,
        "severity": rule.severity,
        "summary": rule.summary,
        "precision": rule.precision,
        "default": rule.default_on,
    }


def table(ruleset: Ruleset, json_format: bool = False) -> str:
    if json_format:
        return json.dumps([_summary(r) for r in ruleset.rules], indent=2) + "\n"
    rows = [("CODE", "NAME", "CATEGORY", "SEVERITY", "SUMMARY")]
    for r in ruleset.rules:
        off = "" if r.default_on else " (off by default)"
        rows.append((r.code, r.name, r.category, r.severity, r.summary + off))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row[:4], widths, strict=True)) + "  " + row[4]
        for row in rows
    ]
    lines.append(f"\n{len(ruleset.rules)} rules, ruleset {ruleset.version}.")
    return "\n".join(lines) + "\n"


def explain(rule: Rule, json_format: bool = False) -> str:
    if json_format:
        data = _summary(rule)
        data.update(
            explanation=rule.explanation.strip(),
            fix=rule.fix.strip(),
            references=rule.references,
            examples={"bad": rule.examples.bad, "good": rule.examples.good},
            check=rule.check.model_dump(),
            since=rule.since,
        )
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    default = "on by default" if rule.default_on else "off by default (enable with --extend-select)"
    precision = f", precision {rule.precision}" if rule.precision else ""
    parts = [
        f"{rule.code} {rule.name} [{rule.severity}, {rule.category}{precision}; {default}]",
        "",
        rule.summary,
        "",
        "Why it matters",
        _indent(rule.explanation),
        "What to write instead",
        _indent(rule.fix),
        "References",
        *[f"  - {ref}" for ref in rule.references],
        "",
        "Example that fires the rule",
        _indent(rule.examples.bad[0]),
        "Example that does not",
        _indent(rule.examples.good[0]),
    ]
    return "\n".join(parts).rstrip() + "\n"


def _indent(text: str) -> str:
    return "\n".join(f"  {line}" if line else "" for line in text.strip().split("\n")) + "\n"
