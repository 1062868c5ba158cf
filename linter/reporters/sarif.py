"""`--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Each rule that ran is described (summary, explanation, help text in plain text and Markdown,
a link to its page when a docs URL is configured). Results name files relative to the
repository root, carry line and column regions and fingerprints that follow the text rather
than the line, and suppressed findings are included with their reason as in-source
suppressions, so a viewer shows them as such. Text from documents passes through xml_safe.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from urllib.parse import quote

from ..engine.fingerprints import VERSION as FINGERPRINT_VERSION
from ..engine.fingerprints import file_fingerprints
from ..engine.repo import relative_path
from ..findings import FileResult, Finding, LintResult
from ..rulebook import Rule
from .jsonout import dumps_at
from .rule_docs import help_uri, rule_body
from .safe import xml_safe
from .spool import Spool

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = f"disclosureLint/{FINGERPRINT_VERSION}"


def _text(value: str) -> str:
    return xml_safe(value).strip()


def _descriptor(rule: Rule, docs_url: str | None) -> dict:
    descriptor = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": _text(rule.summary)},
        "fullDescription": {"text": _text(" ".join(rule.explanation.split()))},
        "help": {
            "text": _text(" ".join(rule.fix.split())),
            "markdown": _text(rule_body(rule)),
        },
        "defaultConfiguration": {"level": LEVELS[rule.severity], "enabled": rule.default_on},
        "properties": {"category": rule.category, "tags": [rule.category]},
    }
    if rule.precision:
        descriptor["properties"]["precision"] = rule.precision
    if docs_url:
        descriptor["helpUri"] = help_uri(docs_url, rule)
    return descriptor


def _bare_descriptor(finding: Finding) -> dict:
    """For a finding whose rule was not passed in (should not happen; never drop a result)."""
    return {
        "id": finding.rule,
        "name": finding.name,
        "shortDescription": {"text": finding.rule},
        "properties": {"category": finding.category, "tags": [finding.category]},
    }


def _location(uri: str, finding: Finding) -> dict:
    region: dict = {
        "startLine": max(1, finding.line),
        "startColumn": max(1, finding.column),
        "endLine": max(finding.line, finding.end_line, 1),
        "endColumn": max(1, finding.end_column),
    }
    if region["endLine"] == region["startLine"]:
        region["endColumn"] = max(region["endColumn"], region["startColumn"])
    if finding.excerpt:
        region["snippet"] = {"text": _text(finding.excerpt)}
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
            "region": region,
        }
    }


class _Run:
    """The parts of a SARIF run that follow from the files one by one: results, notifications
    for files that could not be linted, and the rule list (which gains a bare entry for a
    finding whose rule was not passed in)."""

    def __init__(self, rules: Sequence[Rule], docs_url: str | None, cwd: Path | None) -> None:
        ordered = sorted(rules, key=lambda r: r.code)
        self.descriptors = [_descriptor(rule, docs_url) for rule in ordered]
        self.index = {d["id"]: i for i, d in enumerate(self.descriptors)}
        self.notifications: list[dict] = []
        self.cwd = cwd

    def results(self, file: FileResult) -> list[dict]:
        uri = quote(relative_path(file.path, self.cwd), safe="/")
        if file.error is not None:
            self.notifications.append(
                {
                    "level": "error",
                    "message": {"text": _text(file.error)},
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}],
                }
            )
            return []
        out = []
        findings = [*file.findings, *file.suppressed]
        reported, suppressed = file_fingerprints(file)
        prints = [*reported, *suppressed]
        for finding, fingerprint in zip(findings, prints, strict=True):
            if finding.rule not in self.index:
                self.index[finding.rule] = len(self.descriptors)
                self.descriptors.append(_bare_descriptor(finding))
            entry: dict = {
                "ruleId": finding.rule,
                "ruleIndex": self.index[finding.rule],
                "level": LEVELS[finding.severity],
                "message": {"text": _text(finding.message) or finding.rule},
                "locations": [_location(uri, finding)],
                "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
            }
            if finding.reason is not None:
                entry["suppressions"] = [
                    {"kind": "inSource", "justification": _text(finding.reason)}
                ]
            out.append(entry)
        return out

    def document(self, tool_version: str, ruleset_version: str, results: object) -> dict:
        return {
            "$schema": SCHEMA_URI,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "disclosure-lint",
                            "version": tool_version,
                            "semanticVersion": tool_version,
                            "rules": self.descriptors,
                            "properties": {"rulesetVersion": ruleset_version},
                        }
                    },
                    "columnKind": "unicodeCodePoints",
                    "invocations": [
                        {
                            "executionSuccessful": not self.notifications,
                            "toolExecutionNotifications": self.notifications,
                        }
                    ],
                    "results": results,
                }
            ],
        }


def to_data(
    result: LintResult,
    rules: Sequence[Rule],
    docs_url: str | None = None,
    cwd: Path | None = None,
) -> dict:
    run = _Run(rules, docs_url, cwd)
    results = [entry for file in result.files for entry in run.results(file)]
    return run.document(result.tool_version, result.ruleset_version, results)


# Where the results array sits in the document: runs[0].results, three levels deep.
_RESULTS_LEVEL = 3
_PLACEHOLDER = "\0results\0"  # document text never reaches the output with a NUL (xml_safe)


def stream(
    files: Iterable[FileResult],
    rules: Sequence[Rule],
    tool_version: str,
    ruleset_version: str,
    docs_url: str | None = None,
    cwd: Path | None = None,
) -> Iterator[str]:
    """The rule list and the notifications come before the results in the document, and both
    can grow with each file, so the results are spooled as files arrive and the document is
    written at the end around them."""
    run = _Run(rules, docs_url, cwd)
    with Spool() as spool:
        first = True
        inner = "\n" + "  " * (_RESULTS_LEVEL + 1)
        for file in files:
            for entry in run.results(file):
                spool.write(("[" if first else ",") + inner + dumps_at(entry, _RESULTS_LEVEL + 1))
                first = False
        document = dumps_at(run.document(tool_version, ruleset_version, _PLACEHOLDER), 0)
        head, tail = document.split(json.dumps(_PLACEHOLDER))
        yield head
        if first:
            yield "[]"
        else:
            yield from spool.chunks()
            yield "\n" + "  " * _RESULTS_LEVEL + "]"
        yield tail + "\n"


def render(
    result: LintResult,
    rules: Sequence[Rule],
    docs_url: str | None = None,
    cwd: Path | None = None,
) -> str:
    return "".join(
        stream(result.files, rules, result.tool_version, result.ruleset_version, docs_url, cwd)
    )
