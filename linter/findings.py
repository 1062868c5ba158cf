"""Result objects shared by checks, the engine and reporters. Plain data, no behaviour."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

Severity = Literal["error", "warning", "info"]
Category = Literal[
    "fallback-routing",
    "tier-differences",
    "refusal-reporting",
    "euphemism",
    "refusal-authority",
    "structure",
]
SEVERITIES: tuple[str, ...] = get_args(Severity)
CATEGORIES: tuple[str, ...] = get_args(Category)
SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1}


@dataclass(slots=True)
class Finding:
    """One place where a rule fired."""

    rule: str
    name: str
    category: str
    severity: str
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    excerpt: str = ""
    page: int | None = None
    reason: str | None = None  # set when a suppression comment silenced the finding
    document_level: bool = False  # about the whole document, not a span of its text

    def sort_key(self) -> tuple:
        return (self.line, self.column, self.rule, self.end_line, self.end_column)

    def to_json(self) -> dict:
        out = {
            "rule": self.rule,
            "name": self.name,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "excerpt": self.excerpt,
        }
        if self.page is not None:
            out["page"] = self.page
        if self.reason is not None:
            out["reason"] = self.reason
        return out


@dataclass(slots=True)
class FileResult:
    """One linted file: its findings, those a suppression comment silenced, or why it could not
    be linted."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    suppressed: list[Finding] = field(default_factory=list)
    error: str | None = None  # the file could not be linted: one-line reason


@dataclass(slots=True)
class LintResult:
    """Every file's result at once: for callers that want them all. The command line streams
    FileResults instead and keeps only a Summary."""

    files: list[FileResult]
    tool_version: str
    ruleset_version: str

    def counts(self) -> dict[str, int]:
        return summarise(self.files).counts

    @property
    def errors(self) -> list[FileResult]:
        return [f for f in self.files if f.error is not None]


@dataclass(slots=True)
class Summary:
    """What the end of a report says about a run, counted file by file as results arrive."""

    files: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SEVERITIES, 0))
    suppressed: int = 0
    unreadable: int = 0

    def add(self, file: FileResult) -> None:
        self.files += 1
        for finding in file.findings:
            self.counts[finding.severity] += 1
        self.suppressed += len(file.suppressed)
        if file.error is not None:
            self.unreadable += 1

    @property
    def linted(self) -> int:
        return self.files - self.unreadable


def summarise(files: list[FileResult]) -> Summary:
    summary = Summary()
    for file in files:
        summary.add(file)
    return summary
