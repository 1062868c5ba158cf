"""Baselines: record the findings a set of documents has today, then report only new ones.

``check --write-baseline FILE`` records every reported finding as (path relative to the
repository root, rule, fingerprint); ``check --baseline FILE`` drops the findings that match a
record. Fingerprints follow the text, not the line (see fingerprints.py), so moving a paragraph
or adding one above does not bring old findings back, while the same rule firing on new text
is reported. ``line`` and ``message`` in the file are for people reading it; matching ignores
them.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from pathlib import Path

from ..atomic import write_atomic
from ..findings import LintResult
from .fingerprints import file_fingerprints
from .repo import relative_path

FORMAT_VERSION = 1

Key = tuple[str, str, str]  # (path, rule, fingerprint)


class BaselineError(Exception):
    """A baseline file that cannot be read; the message names the file."""


def _keys(result: LintResult, cwd: Path | None) -> list[list[Key]]:
    out = []
    for file in result.files:
        path = relative_path(file.path, cwd)
        prints, _ = file_fingerprints(file)
        out.append([(path, f.rule, p) for f, p in zip(file.findings, prints, strict=True)])
    return out


def to_data(result: LintResult, cwd: Path | None = None) -> dict:
    records = []
    for file, keys in zip(result.files, _keys(result, cwd), strict=True):
        for finding, (path, rule, fingerprint) in zip(file.findings, keys, strict=True):
            records.append(
                {
                    "path": path,
                    "rule": rule,
                    "fingerprint": fingerprint,
                    "line": finding.line,
                    "message": finding.message,
                }
            )
    records.sort(key=lambda r: (r["path"], r["line"], r["rule"], r["fingerprint"]))
    return {"tool": "disclosure-lint", "baseline_version": FORMAT_VERSION, "findings": records}


def write(path: Path, result: LintResult, cwd: Path | None = None) -> int:
    """Write the baseline atomically; return how many findings it records."""
    data = to_data(result, cwd)
    write_atomic(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    return len(data["findings"])


def load(path: Path) -> Counter[Key]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read baseline ({exc.strerror or exc})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"{path}: not a baseline file (invalid JSON: {exc})") from None
    if not (
        isinstance(data, dict)
        and data.get("baseline_version") == FORMAT_VERSION
        and isinstance(data.get("findings"), list)
    ):
        raise BaselineError(
            f"{path}: not a baseline file (expected baseline_version {FORMAT_VERSION} and a "
            "findings list; write one with --write-baseline)"
        )
    keys: Counter[Key] = Counter()
    for i, record in enumerate(data["findings"]):
        try:
            keys[(str(record["path"]), str(record["rule"]), str(record["fingerprint"]))] += 1
        except (TypeError, KeyError):
            raise BaselineError(f"{path}: findings[{i}] needs path, rule and fingerprint") from None
    return keys


def apply(result: LintResult, baseline: Counter[Key], cwd: Path | None = None) -> LintResult:
    """``result`` without the findings the baseline records (each record matches once)."""
    remaining = Counter(baseline)
    files = []
    for file, keys in zip(result.files, _keys(result, cwd), strict=True):
        kept = []
        for finding, key in zip(file.findings, keys, strict=True):
            if remaining[key] > 0:
                remaining[key] -= 1
            else:
                kept.append(finding)
        files.append(replace(file, findings=kept))
    return replace(result, files=files)
