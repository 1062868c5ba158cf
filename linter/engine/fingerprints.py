"""Fingerprints: what identifies a finding across edits of a document.

A finding is identified by its rule, the normalised text it points at and its occurrence index
among findings of the same rule on the same text, never by its line: inserting or moving a
paragraph keeps every other finding's fingerprint, while the same rule firing on new text gets a
new one. A finding about the whole document is identified by its rule alone (its file is part
of every comparison). SARIF's partialFingerprints and baselines both use these.
"""

from __future__ import annotations

import hashlib
from collections import Counter

from ..findings import FileResult, Finding

VERSION = "v1"


def is_document_level(finding: Finding) -> bool:
    """A finding about the whole document (missing topics, language), not about a span."""
    return finding.document_level


def _normalise(text: str) -> str:
    return " ".join(text.split()).rstrip("…").strip()


def fingerprints(findings: list[Finding]) -> list[str]:
    """One fingerprint per finding of one file, in the order given. Occurrences are counted
    in document order."""
    seen: Counter[tuple[str, str]] = Counter()
    out = [""] * len(findings)
    for i in sorted(range(len(findings)), key=lambda i: findings[i].sort_key()):
        finding = findings[i]
        text = "" if is_document_level(finding) else _normalise(finding.excerpt)
        index = seen[(finding.rule, text)]
        seen[(finding.rule, text)] += 1
        key = f"{VERSION}\0{finding.rule}\0{text}\0{index}"
        out[i] = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    return out


def file_fingerprints(file: FileResult) -> tuple[list[str], list[str]]:
    """Fingerprints of a file's (reported, suppressed) findings, counted together so that
    suppressing one finding does not change another's."""
    prints = fingerprints([*file.findings, *file.suppressed])
    return prints[: len(file.findings)], prints[len(file.findings) :]
