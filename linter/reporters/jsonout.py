"""`--format json`: the public contract of design section 7, pinned by
schemas/findings.schema.json. Fields may be added, never renamed or removed."""

from __future__ import annotations

import json

from ..findings import LintResult


def to_data(result: LintResult) -> dict:
    files = []
    for file in result.files:
        entry: dict = {
            "path": file.path,
            "findings": [f.to_json() for f in file.findings],
            "suppressed": [f.to_json() for f in file.suppressed],
        }
        if file.error is not None:
            entry["error"] = file.error
        files.append(entry)
    summary = {"files": len(result.files), **result.counts()}
    summary["suppressed"] = sum(len(f.suppressed) for f in result.files)
    summary["unreadable"] = len(result.errors)
    return {
        "tool": {
            "name": "disclosure-lint",
            "version": result.tool_version,
            "ruleset_version": result.ruleset_version,
        },
        "files": files,
        "summary": summary,
    }


def render(result: LintResult) -> str:
    return json.dumps(to_data(result), indent=2, ensure_ascii=False) + "\n"
