"""`--statistics`: how often each rule fired, most frequent first. Only the counts are kept
while files stream in."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator

from ..findings import FileResult, LintResult


def stream(files: Iterable[FileResult], json_format: bool = False) -> Iterator[str]:
    counts: Counter[tuple[str, str, str]] = Counter()
    for file in files:
        for f in file.findings:
            counts[(f.rule, f.name, f.severity)] += 1
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0]))
    if json_format:
        data = [{"rule": r, "name": n, "severity": s, "count": c} for (r, n, s), c in rows]
        yield json.dumps(data, indent=2) + "\n"
        return
    width = max((len(str(c)) for _, c in rows), default=1)
    lines = [f"{c:>{width}}  {r}  {n} [{s}]" for (r, n, s), c in rows]
    yield "\n".join(lines) + ("\n" if lines else "")


def render(result: LintResult, json_format: bool = False) -> str:
    return "".join(stream(result.files, json_format))
