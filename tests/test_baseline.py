"""Baselines: record today's findings, then report only new ones. Matching follows the text,
not the line, so edits above a finding and moved paragraphs do not bring it back."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.cli_inprocess import cli

ROUTING = "Our classifier routes requests about chemical weapons to Example 4.8."
MADE_SAFE = "Example 5 has been made safe for general use, so every team can adopt it today."
SELECT = "FR004,EU001,RR001"
CARD = f"# Example 5\n\n## Routing\n\n{ROUTING}\n\n## Safety\n\n{MADE_SAFE}\n"


def repo(tmp_path: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "cards").mkdir()
    (tmp_path / "cards" / "card.md").write_text(CARD)
    return tmp_path


def record(root: Path, cwd: Path | None = None, *paths: str) -> dict:
    run = cli(
        "check", *(paths or ["cards"]), "--select", SELECT, "--write-baseline",
        str(root / "baseline.json"), cwd=cwd or root,
    )  # fmt: skip
    assert run.code == 0, run.err
    return json.loads((root / "baseline.json").read_text())


def new_findings(root: Path, cwd: Path | None = None, *paths: str) -> list[tuple[str, str, int]]:
    run = cli(
        "check", *(paths or ["cards"]), "--select", SELECT, "--format", "json", "--baseline",
        str(root / "baseline.json"), cwd=cwd or root,
    )  # fmt: skip
    assert run.code in (0, 1), run.err
    data = json.loads(run.out)
    return [(f["path"], x["rule"], x["line"]) for f in data["files"] for x in f["findings"]]


def test_write_baseline_records_findings_and_exits_clean(tmp_path):
    root = repo(tmp_path)
    run = cli("check", "cards", "--select", SELECT, "--write-baseline", "baseline.json", cwd=root)
    assert run.code == 0
    assert "recorded 3 findings in baseline.json" in run.err
    data = json.loads((root / "baseline.json").read_text())
    assert data["baseline_version"] == 1
    assert [(r["path"], r["rule"], r["line"]) for r in data["findings"]] == [
        ("cards/card.md", "RR001", 1),
        ("cards/card.md", "FR004", 5),
        ("cards/card.md", "EU001", 9),
    ]
    assert all(len(r["fingerprint"]) == 32 for r in data["findings"])
    assert not list(root.glob(".baseline.json.*"))  # the atomic write left no temporary file
    assert new_findings(root) == []
    assert (
        cli("check", "cards", "--select", SELECT, "--baseline", "baseline.json", cwd=root).code == 0
    )


def test_paragraphs_added_above_or_moved_do_not_resurrect_findings(tmp_path):
    root = repo(tmp_path)
    record(root)
    card = root / "cards" / "card.md"
    card.write_text(
        f"# Example 5 (revised)\n\nAn introduction.\n\n## Safety\n\n{MADE_SAFE}\n\n"
        f"## Routing\n\nSome context first.\n\n{ROUTING}\n"
    )
    assert new_findings(root) == []


def test_the_same_rule_on_new_text_is_reported(tmp_path):
    root = repo(tmp_path)
    record(root)
    other = "Example 5 Pro was made safe for general use in the enterprise plan."
    (root / "cards" / "card.md").write_text(CARD + f"\n{other}\n\n{MADE_SAFE}\n")
    assert new_findings(root) == [("cards/card.md", "EU001", 11), ("cards/card.md", "EU001", 13)]


def test_matching_is_per_file_and_paths_are_repository_relative(tmp_path):
    root = repo(tmp_path)
    record(root)
    (root / "cards" / "copy.md").write_text(CARD)
    got = new_findings(root, root / "cards", ".")
    assert sorted(got) == [
        ("./copy.md", "EU001", 9),
        ("./copy.md", "FR004", 5),
        ("./copy.md", "RR001", 1),
    ]


def test_bad_baseline_options_and_files_exit_2(tmp_path):
    root = repo(tmp_path)
    (root / "notjson.json").write_text("{")
    (root / "other.json").write_text('{"findings": []}')
    cases = [
        (["--baseline", "missing.json"], "missing.json: cannot read baseline"),
        (["--baseline", "notjson.json"], "notjson.json: not a baseline file (invalid JSON"),
        (["--baseline", "other.json"], "other.json: not a baseline file"),
        (["--baseline", "a.json", "--write-baseline", "b.json"], "not both"),
        (["--write-baseline", "no/such/dir/b.json"], "cannot write no/such/dir/b.json"),
    ]
    for args, message in cases:
        run = cli("check", "cards", *args, cwd=root)
        assert run.code == 2, args
        assert message in run.err, run.err
        assert "Traceback" not in run.err


def test_no_baseline_is_written_when_a_file_cannot_be_linted(tmp_path):
    root = repo(tmp_path)
    (root / "cards" / "empty.md").write_text("")
    run = cli("check", "cards", "--write-baseline", "baseline.json", cwd=root)
    assert run.code == 2
    assert "baseline.json not written" in run.err
    assert not (root / "baseline.json").exists()
