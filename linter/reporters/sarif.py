"""`--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Each rule that ran is described (summary, explanation, help text in plain text and Markdown,
a link to its page when a docs URL is configured). Results name files relative to the
repository root, carry line and column regions and fingerprints that follow the text rather
than the line, and suppressed findings are included with their reason as in-source
suppressions, so a viewer shows them as such. Text from documents passes through xml_safe.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

from ..engine.fingerprints import VERSION as FINGERPRINT_VERSION
from ..engine.fingerprints import file_fingerprints
from ..engine.repo import relative_path
from ..findings import Finding, LintResult
from ..rulebook import Rule
from .rule_docs import help_uri, rule_body
from .safe import xml_safe

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


def to_data(
    result: LintResult,
    rules: Sequence[Rule],
    docs_url: str | None = None,
    cwd: Path | None = None,
) -> dict:
    descriptors = [_descriptor(rule, docs_url) for rule in sorted(rules, key=lambda r: r.code)]
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    results: list[dict] = []
    notifications: list[dict] = []
    for file in result.files:
        uri = quote(relative_path(file.path, cwd), safe="/")
        if file.error is not None:
            notifications.append(
                {
                    "level": "error",
                    "message": {"text": _text(file.error)},
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}],
                }
            )
            continue
        findings = [*file.findings, *file.suppressed]
        reported, suppressed = file_fingerprints(file)
        prints = [*reported, *suppressed]
        for finding, fingerprint in zip(findings, prints, strict=True):
            if finding.rule not in index:
                index[finding.rule] = len(descriptors)
                descriptors.append(_bare_descriptor(finding))
            entry: dict = {
                "ruleId": finding.rule,
                "ruleIndex": index[finding.rule],
                "level": LEVELS[finding.severity],
                "message": {"text": _text(finding.message) or finding.rule},
                "locations": [_location(uri, finding)],
                "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
            }
            if finding.reason is not None:
                entry["suppressions"] = [
                    {"kind": "inSource", "justification": _text(finding.reason)}
                ]
            results.append(entry)
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "disclosure-lint",
                        "version": result.tool_version,
                        "semanticVersion": result.tool_version,
                        "rules": descriptors,
                        "properties": {"rulesetVersion": result.ruleset_version},
                    }
                },
                "columnKind": "unicodeCodePoints",
                "invocations": [
                    {
                        "executionSuccessful": not notifications,
                        "toolExecutionNotifications": notifications,
                    }
                ],
                "results": results,
            }
        ],
    }


def render(
    result: LintResult,
    rules: Sequence[Rule],
    docs_url: str | None = None,
    cwd: Path | None = None,
) -> str:
    return json.dumps(to_data(result, rules, docs_url, cwd), indent=2, ensure_ascii=False) + "\n"
