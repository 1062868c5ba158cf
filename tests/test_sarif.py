"""`--format sarif`: valid SARIF 2.1.0 (validated against the OASIS schema when ../shared is
present), rule descriptors with help text and links, repository-relative URIs, regions, and
fingerprints that are distinct and survive edits above a finding."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import jsonschema
import pytest

from linter.findings import FileResult, Finding, LintResult
from linter.reporters import sarif
from tests.cli_inprocess import cli
from tests.helpers import SHARED, ruleset

SARIF_SCHEMA = SHARED / "specs" / "sarif-schema-2.1.0.json"
ROUTING = "Our classifier routes requests about chemical weapons to Example 4.8."
MADE_SAFE = "Example 5 has been made safe for general use, so every team can adopt it today."
CARD = f"# Example 5\n\n{ROUTING}\n\n{MADE_SAFE}\n\nIntro.\n\n{MADE_SAFE}\n"


def git_repo(root: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def run_sarif(cwd: Path, *args: str, expect: int = 1) -> dict:
    run = cli("check", "--format", "sarif", *args, cwd=cwd)
    assert run.code == expect, run.err
    return json.loads(run.out)


def results(data: dict) -> list[dict]:
    return data["runs"][0]["results"]


def region(result: dict) -> dict:
    return result["locations"][0]["physicalLocation"]["region"]


def uri(result: dict) -> str:
    return result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]


@pytest.mark.skipif(not SARIF_SCHEMA.is_file(), reason="../shared/specs is not present")
def test_output_validates_against_the_sarif_2_1_0_schema(tmp_path):
    git_repo(tmp_path)
    (tmp_path / "cards").mkdir()
    (tmp_path / "cards" / "card.md").write_text(
        CARD + "\n<!-- disclosure-lint: disable-file RR001 -- in the evaluation report -->\n"
    )
    (tmp_path / "cards" / "empty.md").write_text("")
    (tmp_path / ".disclosure-lint.yaml").write_text("docs-url: https://example.org/rules/\n")
    data = run_sarif(tmp_path, "cards", expect=2)
    schema = json.loads(SARIF_SCHEMA.read_text())
    validator = jsonschema.validators.validator_for(schema)
    validator.check_schema(schema)
    validator(schema).validate(data)
    assert data["version"] == "2.1.0"
    assert {r["ruleId"] for r in results(data)} >= {"FR004", "EU001", "RR001"}
    assert data["runs"][0]["invocations"][0]["executionSuccessful"] is False


def test_rules_are_described_with_help_and_links_when_configured(tmp_path):
    (tmp_path / "card.md").write_text(CARD)
    plain = run_sarif(tmp_path, "card.md", "--select", "FR004,EU001")
    descriptors = plain["runs"][0]["tool"]["driver"]["rules"]
    assert [d["id"] for d in descriptors] == ["EU001", "FR004"]
    fr004 = descriptors[1]
    rule = ruleset().find("FR004")
    assert fr004["name"] == "routing-notice-unstated"
    assert fr004["shortDescription"]["text"] == rule.summary
    assert fr004["fullDescription"]["text"] == " ".join(rule.explanation.split())
    assert "## Why it matters" in fr004["help"]["markdown"]
    assert "## What to write instead" in fr004["help"]["markdown"]
    assert fr004["help"]["text"] == " ".join(rule.fix.split())
    assert fr004["defaultConfiguration"]["level"] == "error"
    assert "helpUri" not in fr004
    assert all(
        r["ruleIndex"] == [d["id"] for d in descriptors].index(r["ruleId"]) for r in results(plain)
    )

    (tmp_path / ".disclosure-lint.yaml").write_text("docs-url: https://example.org/rules/\n")
    linked = run_sarif(tmp_path, "card.md", "--select", "FR004")
    assert linked["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"] == (
        "https://example.org/rules/FR004.md"
    )
    (tmp_path / ".disclosure-lint.yaml").write_text(
        "docs-url: https://example.org/r/{code}-{name}.html\n"
    )
    templated = run_sarif(tmp_path, "card.md", "--select", "FR004")
    assert templated["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"] == (
        "https://example.org/r/FR004-routing-notice-unstated.html"
    )


def test_uris_are_relative_to_the_repository_root(tmp_path):
    repo = git_repo(tmp_path / "repo")
    (repo / "docs" / "cards").mkdir(parents=True)
    card = repo / "docs" / "cards" / "my card.md"
    card.write_text(CARD)
    from_subdir = run_sarif(repo / "docs", "cards/my card.md", "--select", "FR004")
    assert {uri(r) for r in results(from_subdir)} == {"docs/cards/my%20card.md"}
    absolute = run_sarif(tmp_path, str(card), "--select", "FR004")
    assert {uri(r) for r in results(absolute)} == {"docs/cards/my%20card.md"}


def test_outside_a_repository_uris_are_relative_to_the_working_directory(tmp_path):
    (tmp_path / "cards").mkdir()
    (tmp_path / "cards" / "card.md").write_text(CARD)
    data = run_sarif(tmp_path, str(tmp_path / "cards" / "card.md"), "--select", "FR004")
    (only,) = results(data)
    assert uri(only) == "cards/card.md"
    assert only["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == (
        "%SRCROOT%"
    )


def test_regions_match_the_json_findings(tmp_path):
    (tmp_path / "card.md").write_text(CARD)
    data = run_sarif(tmp_path, "card.md", "--select", "FR004,EU001")
    listed = json.loads(
        cli("check", "--format", "json", "card.md", "--select", "FR004,EU001", cwd=tmp_path).out
    )["files"][0]["findings"]
    got = [
        (r["ruleId"], *(region(r)[k] for k in ("startLine", "startColumn", "endLine", "endColumn")))
        for r in results(data)
    ]
    want = [(f["rule"], f["line"], f["column"], f["end_line"], f["end_column"]) for f in listed]
    assert got == want
    assert got[0][:3] == ("FR004", 3, 1)
    assert ("EU001", 5, 20) in [g[:3] for g in got]
    assert region(results(data)[0])["snippet"]["text"]


def fingerprints(data: dict) -> dict[tuple[str, str], list[str]]:
    out: dict[tuple[str, str], list[str]] = {}
    for r in results(data):
        key = (r["ruleId"], region(r).get("snippet", {}).get("text", ""))
        out.setdefault(key, []).append(r["partialFingerprints"]["disclosureLint/v1"])
    return out


def test_fingerprints_are_distinct_and_survive_lines_inserted_above(tmp_path):
    (tmp_path / "card.md").write_text(CARD)
    before = run_sarif(tmp_path, "card.md")
    prints = [r["partialFingerprints"]["disclosureLint/v1"] for r in results(before)]
    assert len(prints) == len(set(prints)) >= 5  # two EU001 findings on identical phrases too
    lines_before = {(r["ruleId"], region(r)["startLine"]) for r in results(before)}
    assert ("EU001", 5) in lines_before and ("EU001", 9) in lines_before

    (tmp_path / "card.md").write_text(
        CARD.replace("# Example 5\n", "# Example 5\n\nA new paragraph.\n\nAnother one.\n", 1)
    )
    after = run_sarif(tmp_path, "card.md")
    assert fingerprints(after) == fingerprints(before)
    lines_after = {(r["ruleId"], region(r)["startLine"]) for r in results(after)}
    assert ("EU001", 9) in lines_after and ("EU001", 13) in lines_after


def test_suppressed_findings_are_in_source_suppressions(tmp_path):
    (tmp_path / "card.md").write_text(
        CARD + "\n<!-- disclosure-lint: disable-file FR004 -- told in the reply -->\n"
    )
    data = run_sarif(tmp_path, "card.md", "--select", "FR004,ST", expect=0)
    (only,) = results(data)
    assert only["ruleId"] == "FR004"
    assert only["suppressions"] == [{"kind": "inSource", "justification": "told in the reply"}]


def test_levels_and_text_that_xml_forbids():
    finding = Finding(
        "FR004", "routing-notice-unstated", "fallback-routing", "info",
        "Bad \x01bytes\x1b[31m here", 2, 1, 2, 5, excerpt="x\x00y",
    )  # fmt: skip
    result = LintResult([FileResult("card.md", [finding])], "0.1.0", "1.0.0")
    data = sarif.to_data(result, [ruleset().find("FR004")])
    (entry,) = results(data)
    assert entry["level"] == "note"
    assert entry["message"]["text"] == "Bad bytes\x1b[31m here".replace("\x1b", "")
    assert region(entry)["snippet"]["text"] == "xy"
    assert data["runs"][0]["columnKind"] == "unicodeCodePoints"
