"""`--statistics`: how often each rule fired, most frequent first."""

from __future__ import annotations

import json
from collections import Counter

from ..findings import LintResult


def render(result: LintResult, json_format: bool = False) -> str:
    counts: Counter[tuple[str, str, str]] = Counter()
    for file in result.files:
        for f in file.findings:
            counts[(f.rule, f.name, f.severity)] += 1
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0]))
    if json_format:
        data = [{"rule": r, "name": n, "severity": s, "count": c} for (r, n, s), c in rows]
        return json.dumps(data, indent=2) + "\n"
    width = max((len(str(c)) for _, c in rows), default=1)
    lines = [f"{c:>{width}}  {r}  {n} [{s}]" for (r, n, s), c in rows]
    return "\n".join(lines) + ("\n" if lines else "")
