"""The command line as a user meets it: exit codes, formats, stdin, selection, bad input."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from tests.helpers import REPO, run_cli

PROBLEM = REPO / "examples" / "problem-release.md"
COMPLETE = REPO / "examples" / "complete-release.md"
LINE = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]{2}\d{3}) \[(?P<sev>\w+)\] .+$"
)


def test_problem_example_fails_with_located_findings():
    proc = run_cli("check", str(PROBLEM.relative_to(REPO)))
    assert proc.returncode == 1
    lines = proc.stdout.decode().splitlines()
    parsed = [LINE.match(line) for line in lines[:-1]]
    assert all(parsed), lines
    got = {(m["code"], int(m["line"])) for m in parsed}
    assert ("FR002", 8) in got  # the sentence that describes the routing, not line 1
    assert ("RR001", 20) in got  # points at "We do not publish refusal rates."
    assert ("TD003", 14) in got
    assert lines[-1].startswith("Found ")
    assert "\x1b[" not in proc.stdout.decode()  # plain when piped


def test_complete_example_is_clean():
    proc = run_cli("check", "--fail-on", "warning", str(COMPLETE.relative_to(REPO)))
    assert proc.returncode == 0, proc.stdout.decode()
    assert proc.stdout.decode().strip() == "No findings in 1 file."


def test_json_output_matches_the_contract_schema():
    proc = run_cli(
        "check", "--format", "json", "examples/problem-release.md", "examples/complete-release.md"
    )
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    schema = json.loads((REPO / "schemas" / "findings.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    assert data["tool"]["name"] == "disclosure-lint"
    assert data["tool"]["ruleset_version"]
    assert [f["path"] for f in data["files"]] == [
        "examples/problem-release.md",
        "examples/complete-release.md",
    ]
    first = data["files"][0]["findings"][0]
    assert set(first) >= {
        "rule",
        "name",
        "category",
        "severity",
        "message",
        "line",
        "column",
        "end_line",
        "end_column",
        "excerpt",
    }
    assert data["summary"]["files"] == 2
    assert data["summary"]["error"] == sum(
        1 for f in data["files"] for x in f["findings"] if x["severity"] == "error"
    )


def test_stdin_uses_stdin_filename():
    proc = run_cli("check", "-", "--stdin-filename", "cards/new.md", input=PROBLEM.read_bytes())
    assert proc.returncode == 1
    assert all(line.startswith("cards/new.md:") for line in proc.stdout.decode().splitlines()[:-1])


def test_concise_format():
    proc = run_cli(
        "check", "--format", "concise", "--select", "FR002", "examples/problem-release.md"
    )
    assert proc.stdout.decode().splitlines() == [
        "examples/problem-release.md:8:64: FR002 Routing or blocking of requests is described (for "
        "cybersecurity, biology) (line 8); what serves the routed requests (a named model, or "
        "blocked) is not stated."
    ]


def test_select_ignore_by_code_prefix_name_and_category():
    def found(*args):
        proc = run_cli("check", "--format", "json", *args, "examples/problem-release.md")
        return {f["rule"] for f in json.loads(proc.stdout)["files"][0]["findings"]}

    assert found("--select", "FR") <= {f"FR00{i}" for i in range(1, 8)}
    assert found("--select", "FR002,TD003") == {"FR002", "TD003"}
    assert found("--select", "routing-target-unnamed") == {"FR002"}
    assert found("--select", "tier-differences") == {"TD002", "TD003", "TD004", "TD005", "TD006"}
    assert "TD003" not in found("--ignore", "TD003")


def test_fail_on_warning_and_info():
    warn_only = ["--select", "FR006"]
    assert run_cli("check", *warn_only, "examples/problem-release.md").returncode == 0
    assert (
        run_cli(
            "check", *warn_only, "--fail-on", "warning", "examples/problem-release.md"
        ).returncode
        == 1
    )


@pytest.mark.parametrize(
    "args", [["--select", "ZZ999"], ["--ignore", "nonsense-rule"], ["--format", "xml"]]
)
def test_usage_errors_exit_2_without_traceback(args):
    proc = run_cli("check", *args, "examples/problem-release.md")
    assert proc.returncode == 2
    assert b"Traceback" not in proc.stderr


def test_unreadable_files_exit_2_and_others_are_still_linted(tmp_path: Path):
    binary = tmp_path / "binary.md"
    binary.write_bytes(b"# x\x00\x01\x02")
    latin = tmp_path / "latin.md"
    latin.write_bytes("Caf\xe9 model card".encode("latin-1"))
    empty = tmp_path / "empty.md"
    empty.write_text("")
    missing = tmp_path / "missing.md"
    proc = run_cli(
        "check", "--format", "json", str(binary), str(latin), str(empty), str(missing), str(PROBLEM)
    )
    assert proc.returncode == 2
    stderr = proc.stderr.decode()
    assert "binary file" in stderr and "not valid UTF-8" in stderr
    assert "empty file" in stderr and "no such file" in stderr
    assert "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 4  # one line each
    data = json.loads(proc.stdout)
    errors = [f for f in data["files"] if "error" in f]
    assert len(errors) == 4
    assert data["files"][-1]["findings"]  # the readable file was still linted


def test_directories_expand_to_markdown_and_sidecars(tmp_path: Path):
    (tmp_path / "a.md").write_text(PROBLEM.read_text())
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.markdown").write_text(PROBLEM.read_text())
    (tmp_path / "notes.txt").write_text("ignored")
    proc = run_cli("check", "--format", "json", str(tmp_path))
    paths = [
        Path(f["path"]).relative_to(tmp_path).as_posix() for f in json.loads(proc.stdout)["files"]
    ]
    assert paths == ["a.md", "sub/b.markdown"]


def test_output_file_does_not_change_exit_code(tmp_path: Path):
    out = tmp_path / "report.json"
    proc = run_cli("check", "--format", "json", "--output", str(out), "examples/problem-release.md")
    assert proc.returncode == 1
    assert proc.stdout == b""
    assert json.loads(out.read_text())["files"][0]["findings"]


def test_explain_by_code_and_name_and_json():
    text = run_cli("explain", "FR004").stdout.decode()
    assert text.startswith("FR004 routing-notice-unstated [error, fallback-routing")
    for heading in (
        "Why it matters",
        "What to write instead",
        "References",
        "Example that fires the rule",
    ):
        assert heading in text
    by_name = run_cli("explain", "routing-notice-unstated").stdout.decode()
    assert by_name == text
    data = json.loads(run_cli("explain", "TD003", "--format", "json").stdout)
    assert data["code"] == "TD003" and data["examples"]["bad"] and data["references"]
    assert run_cli("explain", "XX123").returncode == 2


def test_rules_lists_every_rule():
    rows = json.loads(run_cli("rules", "--format", "json").stdout)
    assert {"FR001", "FR007", "TD001", "TD006", "RR001", "RR006", "RA001", "RA002"} <= {
        r["code"] for r in rows
    }
    for row in rows:
        assert set(row) >= {"code", "name", "category", "severity", "summary"}
    severities = {r["code"]: r["severity"] for r in rows}
    assert severities["FR006"] == severities["FR007"] == "warning"
    assert severities["TD005"] == severities["TD006"] == "warning"
    assert severities["RR005"] == severities["RR006"] == "warning"
    assert all(
        severities[c] == "error" for c in ("FR001", "FR005", "TD001", "TD004", "RR001", "RR004")
    )
    table = run_cli("rules").stdout.decode()
    assert table.splitlines()[0].split() == ["CODE", "NAME", "CATEGORY", "SEVERITY", "SUMMARY"]


def test_schema_and_version():
    assert json.loads(run_cli("schema", "findings").stdout)["title"]
    assert run_cli("schema", "nope").returncode == 2
    assert run_cli("--version").stdout.decode().startswith("disclosure-lint ")


def test_terminal_control_sequences_never_reach_output(tmp_path: Path):
    card = tmp_path / "evil.md"
    card.write_text("# Card\n\nWe route requests \x1b[2J\x1b]0;pwned\x07to Example 4. Done.\n")
    proc = run_cli("check", str(card))
    assert b"\x1b" not in proc.stdout
