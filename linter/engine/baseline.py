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
from ..findings import FileResult, LintResult
from .fingerprints import file_fingerprints
from .repo import relative_path

FORMAT_VERSION = 1

Key = tuple[str, str, str]  # (path, rule, fingerprint)


class BaselineError(Exception):
    """A baseline file that cannot be read; the message names the file."""


def _file_keys(file: FileResult, cwd: Path | None) -> list[Key]:
    path = relative_path(file.path, cwd)
    prints, _ = file_fingerprints(file)
    return [(path, f.rule, p) for f, p in zip(file.findings, prints, strict=True)]


class Recorder:
    """The records of a baseline, gathered file by file: a few short fields per finding, never
    the findings themselves."""

    def __init__(self, cwd: Path | None = None) -> None:
        self.cwd = cwd
        self.records: list[tuple[str, int, str, str, str]] = []

    def add(self, file: FileResult) -> None:
        keys = _file_keys(file, self.cwd)
        for finding, (path, rule, fingerprint) in zip(file.findings, keys, strict=True):
            self.records.append((path, finding.line, rule, fingerprint, finding.message))

    def to_data(self) -> dict:
        records = [
            {"path": p, "rule": r, "fingerprint": fp, "line": line, "message": m}
            for p, line, r, fp, m in sorted(self.records, key=lambda r: r[:4])
        ]
        return {"tool": "disclosure-lint", "baseline_version": FORMAT_VERSION, "findings": records}

    def write(self, path: Path) -> int:
        """Write the baseline atomically; return how many findings it records."""
        write_atomic(path, json.dumps(self.to_data(), indent=2, ensure_ascii=False) + "\n")
        return len(self.records)


def to_data(result: LintResult, cwd: Path | None = None) -> dict:
    recorder = Recorder(cwd)
    for file in result.files:
        recorder.add(file)
    return recorder.to_data()


def write(path: Path, result: LintResult, cwd: Path | None = None) -> int:
    """Write the baseline atomically; return how many findings it records."""
    recorder = Recorder(cwd)
    for file in result.files:
        recorder.add(file)
    return recorder.write(path)


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


class Filter:
    """Drops, file by file, the findings a baseline records (each record matches once)."""

    def __init__(self, baseline: Counter[Key], cwd: Path | None = None) -> None:
        self.remaining = Counter(baseline)
        self.cwd = cwd

    def __call__(self, file: FileResult) -> FileResult:
        if not file.findings:
            return file
        kept = []
        for finding, key in zip(file.findings, _file_keys(file, self.cwd), strict=True):
            if self.remaining[key] > 0:
                self.remaining[key] -= 1
            else:
                kept.append(finding)
        return replace(file, findings=kept)


def apply(result: LintResult, baseline: Counter[Key], cwd: Path | None = None) -> LintResult:
    """``result`` without the findings the baseline records (each record matches once)."""
    keep = Filter(baseline, cwd)
    return replace(result, files=[keep(file) for file in result.files])
