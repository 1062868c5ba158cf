"""The README's sections on pre-commit, CI, configuration, suppressions and baselines: every
snippet in them is parsed or run, so the documentation cannot drift from the tool."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from linter.document import load_yaml
from linter.engine.config_model import ConfigFile
from tests.cli_inprocess import cli
from tests.helpers import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
SECTIONS = ["Pre-commit", "CI and the GitHub Action", "Configuration", "Suppressions", "Baselines"]
ROUTING = "Our classifier routes requests about chemical weapons to Example 4.8."


def section(title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, re.S | re.M)
    assert match, f"README.md has no section '## {title}'"
    return match.group(1)


def snippets(title: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", section(title), re.S | re.M)


def table(title: str) -> dict[str, list[str]]:
    rows = re.findall(r"^\| `([\w-]+)` \|(.*)\|$", section(title), re.M)
    return {key: [cell.strip() for cell in rest.split("|")] for key, rest in rows}


def shell(text: str, cwd: Path) -> list:
    runs = []
    for line in text.strip().splitlines():
        words = shlex.split(line)
        assert words[0] == "disclosure-lint", line
        runs.append(cli(*words[1:], cwd=cwd))
    return runs


@pytest.mark.parametrize("title", SECTIONS)
def test_the_readme_has_the_section(title):
    assert section(title).strip()


def test_pre_commit_snippet_uses_the_hook_and_the_documented_names_match_its_pattern():
    (config,) = snippets("Pre-commit", "yaml")
    data, _ = load_yaml(config)
    hooks, _ = load_yaml((REPO / ".pre-commit-hooks.yaml").read_text())
    (hook,) = hooks
    assert {h["id"] for h in data["repos"][0]["hooks"]} == {hook["id"]} == {"disclosure-lint"}
    assert hook["language"] == "python"
    assert hook["types_or"] == ["markdown", "yaml"]
    assert hook["require_serial"] is False
    assert hook["entry"] == "disclosure-lint check"
    sentence = re.search(r"default\s+`files:` pattern.*?sidecars\.", section("Pre-commit"), re.S)
    names = re.findall(r"`([^`]+\.(?:md|yaml))`", sentence.group(0))
    assert len(names) == 7
    pattern = re.compile(hook["files"])
    for name in [*names, "cards/Example.disclosure.yaml"]:
        assert pattern.search(name.replace("NAME", "example")), name
    for other in ["README.md", "docs/index.md", "src/model_card.py", "notes/release.txt"]:
        assert not pattern.search(other), other


def test_workflow_snippet_uses_the_actions_inputs():
    workflow, _ = load_yaml(snippets("CI and the GitHub Action", "yaml")[0])
    action, _ = load_yaml((REPO / "action.yml").read_text())
    job = workflow["jobs"]["cards"]
    assert job["permissions"]["security-events"] == "write"
    (step,) = [s for s in job["steps"] if "disclosure-lint" in s.get("uses", "")]
    assert set(step["with"]) <= set(action["inputs"])
    documented = table("CI and the GitHub Action")
    assert set(documented) == set(action["inputs"])
    for name, (default, _) in documented.items():
        assert default.strip("`") == str(action["inputs"][name].get("default", "")), name


def test_ci_commands_run(tmp_path):
    (tmp_path / "cards").mkdir()
    (tmp_path / "cards" / "model-card.md").write_text(f"# Example 5\n\n{ROUTING}\n")
    (commands,) = snippets("CI and the GitHub Action", "sh")
    runs = shell(commands, tmp_path)
    assert [r.code for r in runs] == [1, 1, 1, 1]
    assert json.loads((tmp_path / "disclosure-lint.sarif").read_text())["version"] == "2.1.0"
    assert (tmp_path / "disclosure-lint.xml").read_text().startswith("<?xml")
    assert runs[2].out.startswith("::")


def test_configuration_snippets_are_valid_configs(tmp_path):
    (yaml_text,) = snippets("Configuration", "yaml")
    (toml_text,) = snippets("Configuration", "toml")
    (tmp_path / ".disclosure-lint.yaml").write_text("fail-on: error\n")
    project = tmp_path / "project"
    (project / "house-rules").mkdir(parents=True)
    (project / ".disclosure-lint.yaml").write_text(yaml_text)
    (project / "card.md").write_text(f"# Example 5\n\n{ROUTING}\n")
    run = cli("check", "--show-settings", "card.md", cwd=project)
    assert run.code == 0, run.err
    shown = json.loads(run.out)
    assert shown["effective-fail-on"] == "warning"
    assert shown["rules"]["EU001"] == "error" and shown["rules"]["EU007"] == "warning"
    assert "FR007" not in shown["rules"]

    other = tmp_path / "other"
    other.mkdir()
    (other / "pyproject.toml").write_text(toml_text)
    (other / "card.md").write_text(f"# Example 5\n\n{ROUTING}\n")
    run = cli("check", "--show-settings", "card.md", cwd=other)
    assert run.code == 0, run.err
    assert json.loads(run.out)["config-files"] == [str(other / "pyproject.toml")]


def test_configuration_table_lists_every_key():
    keys = {field.alias or name for name, field in ConfigFile.model_fields.items()}
    assert set(table("Configuration")) == keys


def test_suppression_snippet_suppresses_what_it_says(tmp_path):
    (example,) = snippets("Suppressions", "markdown")
    (tmp_path / "card.md").write_text(example)
    run = cli("check", "--format", "json", "card.md", cwd=tmp_path)
    data = json.loads(run.out)["files"][0]
    assert {f["rule"] for f in data["findings"]}.isdisjoint({"ST010", "ST011"})
    assert {(f["rule"], f["reason"]) for f in data["suppressed"]} == {
        ("RR001", "refusal rates are in the evaluation report"),
        ("EU001", "quoted from the launch announcement"),
        ("FR005", "the share is published in the quarterly report"),
    }


def test_baseline_commands_run(tmp_path):
    (tmp_path / "cards").mkdir()
    (tmp_path / "cards" / "model-card.md").write_text(f"# Example 5\n\n{ROUTING}\n")
    (commands,) = snippets("Baselines", "sh")
    first, second = shell(commands, tmp_path)
    assert first.code == 0 and second.code == 0, (first.err, second.err)
    assert second.out.strip() == "No findings in 1 file."
