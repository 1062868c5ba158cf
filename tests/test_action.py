"""The composite GitHub Action (action.yml). No runner is reachable here, so this test plays the
runner: it runs each `run:` step with bash as GitHub does (`bash --noprofile --norc -eo pipefail`),
with GITHUB_WORKSPACE, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and RUNNER_TEMP pointing at temporary
paths, the inputs as INPUT_* variables, and `${{ }}` expressions filled in from the inputs and
earlier steps' outputs. `uses:` steps (setup-python, the SARIF upload) are checked, not run.

The install step creates a virtual environment and installs this checkout with pip, so the test
needs the package index (as pre-commit's does); it runs in CI."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import jsonschema
import pytest

from linter.document import load_yaml
from tests.helpers import REPO, SHARED

ACTION, _ = load_yaml((REPO / "action.yml").read_text())
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
CONDITION = re.compile(r"^inputs\.([\w-]+)\s*(==|!=)\s*'([^']*)'$")
ROUTING = "Our classifier routes requests about chemical weapons to Example 4.8."


class Runner:
    def __init__(self, tmp: Path, inputs: dict[str, str]) -> None:
        self.workspace = tmp / "workspace"
        self.temp = tmp / "runner-temp"
        self.summary = tmp / "summary.md"
        self.temp.mkdir(exist_ok=True)
        self.summary.touch()
        defaults = {name: str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()}
        self.inputs = {**defaults, **inputs}
        self.outputs: dict[str, dict[str, str]] = {}
        self.logs: dict[str, subprocess.CompletedProcess] = {}

    def expand(self, text: str) -> str:
        def value(match: re.Match) -> str:
            expr = match.group(1)
            if expr.startswith("inputs."):
                return self.inputs[expr.removeprefix("inputs.")]
            if expr.startswith("steps."):
                _, step, kind, key = expr.split(".")
                assert kind == "outputs"
                return self.outputs.get(step, {}).get(key, "")
            github = {"action_path": str(REPO), "workspace": str(self.workspace)}
            assert expr.startswith("github.") and expr[7:] in github, f"unsupported: {expr}"
            return github[expr[7:]]

        return EXPRESSION.sub(value, str(text))

    def wanted(self, step: dict) -> bool:
        condition = step.get("if")
        if condition is None:
            return True
        match = CONDITION.match(str(condition).strip())
        assert match, f"unsupported condition: {condition}"
        name, op, literal = match.groups()
        return (self.inputs[name] == literal) == (op == "==")

    def run_step(self, step: dict) -> subprocess.CompletedProcess:
        output = self.temp / f"output-{step.get('id', 'step')}"
        output.write_text("")
        env = {
            **os.environ,
            **{f"INPUT_{k.upper()}": v for k, v in self.inputs.items()},
            **{k: self.expand(v) for k, v in step.get("env", {}).items()},
            "GITHUB_WORKSPACE": str(self.workspace),
            "GITHUB_ACTION_PATH": str(REPO),
            "GITHUB_OUTPUT": str(output),
            "GITHUB_STEP_SUMMARY": str(self.summary),
            "RUNNER_TEMP": str(self.temp),
        }
        env.pop("VIRTUAL_ENV", None)
        assert step["shell"] == "bash"
        cwd = self.expand(step.get("working-directory", "${{ github.workspace }}"))
        proc = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", self.expand(step["run"])],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        if "id" in step:
            pairs = (line.split("=", 1) for line in output.read_text().splitlines() if "=" in line)
            self.outputs[step["id"]] = dict(pairs)
        return proc

    def run(self, skip: tuple[str, ...] = ()) -> dict[str, subprocess.CompletedProcess]:
        for step in ACTION["runs"]["steps"]:
            if "run" not in step or step.get("id") in skip or not self.wanted(step):
                continue
            proc = self.run_step(step)
            self.logs[step.get("id") or step["name"]] = proc
            if proc.returncode != 0:  # a failing step ends the job
                break
        return self.logs


def test_action_metadata_is_a_composite_action_with_sarif_upload():
    assert ACTION["runs"]["using"] == "composite"
    uses = {s["uses"].split("@")[0]: s for s in ACTION["runs"]["steps"] if "uses" in s}
    upload = uses["github/codeql-action/upload-sarif"]
    assert upload["with"]["sarif_file"] == "${{ inputs.sarif-file }}"
    assert upload["if"] == "inputs.upload-sarif == 'true'"
    assert "actions/setup-python" in uses
    for step in ACTION["runs"]["steps"]:
        if "run" in step:
            assert step["shell"] == "bash"
            # inputs reach scripts through env, never pasted into the script text
            assert "inputs." not in step["run"], step["name"]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Runner, dict]:
    """The first run: installs the tool and lints a card with findings."""
    tmp = tmp_path_factory.mktemp("action")
    runner = Runner(tmp, {"paths": "cards", "args": "--select FR004,FR005,RR001"})
    subprocess.run(["git", "init", "-q", str(runner.workspace)], check=True)
    (runner.workspace / "cards").mkdir(parents=True)
    (runner.workspace / "cards" / "model-card.md").write_text(f"# Example 5\n\n{ROUTING}\n")
    return runner, runner.run()


def test_install_step_installs_the_tool(installed):
    runner, logs = installed
    assert logs["install"].returncode == 0, logs["install"].stderr
    binary = Path(runner.outputs["install"]["bin"])
    assert binary.is_file() and binary.is_relative_to(runner.temp)


def test_lint_step_writes_sarif_annotations_and_summary(installed):
    runner, logs = installed
    lint = logs["lint"]
    assert lint.returncode == 0, lint.stderr  # findings do not fail this step
    assert runner.outputs["lint"] == {"exit-code": "1", "sarif-file": "disclosure-lint.sarif"}

    sarif = json.loads((runner.workspace / "disclosure-lint.sarif").read_text())
    schema_file = SHARED / "specs" / "sarif-schema-2.1.0.json"
    if schema_file.is_file():
        schema = json.loads(schema_file.read_text())
        jsonschema.validators.validator_for(schema)(schema).validate(sarif)
    located = {
        (
            r["ruleId"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for r in sarif["runs"][0]["results"]
    }
    assert located == {
        ("FR004", "cards/model-card.md", 3),
        ("FR005", "cards/model-card.md", 3),
        ("RR001", "cards/model-card.md", 1),
    }

    annotations = [line for line in lint.stdout.splitlines() if line.startswith("::error ")]
    assert len(annotations) == 3
    assert any(
        a.startswith("::error file=cards/model-card.md,line=3,col=1,")
        and ",title=FR004 routing-notice-unstated::" in a
        for a in annotations
    ), annotations

    summary = runner.summary.read_text()
    assert summary.startswith("## disclosure-lint\n")
    assert "cards/model-card.md:3:1: FR004 [error]" in summary
    assert not any(line.startswith("::") for line in summary.splitlines())


def test_fail_step_fails_the_job_on_findings(installed):
    _, logs = installed
    assert logs["Fail on findings"].returncode == 1


def test_clean_card_passes_and_fail_false_only_reports(installed, tmp_path):
    runner, _ = installed
    card = runner.workspace / "cards" / "model-card.md"
    card.write_text((REPO / "examples" / "complete-release.md").read_text())
    clean = runner.run(skip=("install",))
    assert runner.outputs["lint"]["exit-code"] == "0"
    assert clean["Fail on findings"].returncode == 0

    card.write_text(f"# Example 5\n\n{ROUTING}\n")
    runner.inputs["fail"] = "false"
    runner.logs = {}
    report_only = runner.run(skip=("install",))
    assert runner.outputs["lint"]["exit-code"] == "1"
    assert "Fail on findings" not in report_only
    runner.inputs["fail"] = "true"


def test_bad_configuration_stops_at_the_lint_step(installed):
    runner, _ = installed
    (runner.workspace / ".disclosure-lint.yaml").write_text("selct: [FR]\n")
    try:
        runner.logs = {}
        logs = runner.run(skip=("install",))
    finally:
        (runner.workspace / ".disclosure-lint.yaml").unlink()
    assert logs["lint"].returncode == 2
    assert runner.outputs["lint"]["exit-code"] == "2"
    assert "unknown key 'selct'" in logs["lint"].stderr
    assert "Fail on findings" not in logs
