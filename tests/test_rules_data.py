"""Rule files are data with a published shape; malformed ones are refused with file and line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from linter.rulebook import RuleError, load_rule, load_ruleset
from linter.rulebook.schema import rule_json_schema
from tests.helpers import REPO, ruleset, run_cli

REQUIRED_CODES = {
    "FR001": "error",
    "FR002": "error",
    "FR003": "error",
    "FR004": "error",
    "FR005": "error",
    "FR006": "warning",
    "FR007": "warning",
    "TD001": "error",
    "TD002": "error",
    "TD003": "error",
    "TD004": "error",
    "TD005": "warning",
    "TD006": "warning",
    "RR001": "error",
    "RR002": "error",
    "RR003": "error",
    "RR004": "error",
    "RR005": "warning",
    "RR006": "warning",
    "RA001": "warning",
    "RA002": "warning",
}


def test_required_codes_and_default_severities():
    by_code = ruleset().by_code()
    for code, severity in REQUIRED_CODES.items():
        assert by_code[code].severity == severity, code


def test_codes_names_and_files_agree():
    for rule in ruleset().rules:
        path = Path(rule.source)
        assert path.name.startswith(f"{rule.code}-{rule.name}"), path
        assert path.parent.name == rule.category, path
        assert rule.references and all(len(r) > 20 for r in rule.references)


def test_published_rule_schema_is_current():
    published = json.loads((REPO / "schemas" / "rule.schema.json").read_text())
    assert published == rule_json_schema(), (
        "run: python -m linter.rulebook.schema > schemas/rule.schema.json"
    )


def test_every_rule_file_validates_against_the_published_schema():
    import jsonschema

    from linter.document import load_yaml

    schema = json.loads((REPO / "schemas" / "rule.schema.json").read_text())
    for rule in ruleset().rules:
        data, _ = load_yaml(Path(rule.source).read_text())
        jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)


def test_changelog_records_every_rule_code():
    changelog = (REPO / "CHANGELOG.md").read_text()
    assert f"## Ruleset {ruleset().version}" in changelog
    missing = [r.code for r in ruleset().rules if r.code not in changelog]
    assert not missing, f"CHANGELOG.md does not mention {missing}"


def _write_rule(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "house" / "HR001-house-rule.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


GOOD_RULE = (REPO / "rules" / "fallback-routing" / "FR004-routing-notice-unstated.yaml").read_text()


def test_malformed_rule_names_file_and_line(tmp_path: Path):
    bad = GOOD_RULE.replace("severity: error", "severity: fatal").replace(
        "code: FR004", "code: HR001"
    )
    path = _write_rule(tmp_path, bad)
    with pytest.raises(RuleError) as err:
        load_rule(path)
    line = bad.split("\n").index("severity: fatal") + 1
    assert str(err.value).startswith(f"{path}:{line}: severity:")


def test_invalid_yaml_in_rule_names_line(tmp_path: Path):
    path = _write_rule(tmp_path, "code: HR001\nname: [unclosed\n")
    with pytest.raises(RuleError) as err:
        load_rule(path)
    assert re.match(rf"{re.escape(str(path))}:\d+:\d+: invalid YAML", str(err.value))


def test_house_rules_folder_via_cli(tmp_path: Path):
    house = GOOD_RULE.replace("code: FR004", "code: HR001").replace(
        "name: routing-notice-unstated", "name: house-notice"
    )
    path = _write_rule(tmp_path, house)
    proc = run_cli(
        "check", "--rules-dir", str(path.parent), "--select", "HR001", "examples/problem-release.md"
    )
    assert proc.returncode == 1
    assert "HR001 [error]" in proc.stdout.decode()
    path.write_text(house.replace("kind: fact", "kind: no_such_kind"))
    proc = run_cli("check", "--rules-dir", str(path.parent), "examples/problem-release.md")
    assert proc.returncode == 2
    assert f"{path}:" in proc.stderr.decode() and "unknown kind" in proc.stderr.decode()


def test_duplicate_codes_are_refused(tmp_path: Path):
    _write_rule(tmp_path, GOOD_RULE)  # FR004 again
    with pytest.raises(RuleError, match="already defined"):
        load_ruleset([tmp_path / "house"])
