"""The linter never writes to what it reads: every command runs on a tree of inputs, and every
file of the tree is byte-identical afterwards (no file added, none touched). Commands that write
(`--output`, `--write-baseline`) write atomically: a temporary file beside the target, then a
rename."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.cli_inprocess import cli
from tests.helpers import REPO

FRONT = "---\nlanguage: en\ndisclosure:\n  schema_version: 1\n  model: Example 5\n---\n"


def _tree(root: Path) -> Path:
    tree = root / "tree"
    docs = tree / "docs"
    docs.mkdir(parents=True)
    for source in sorted((REPO / "examples").glob("*.md")):
        shutil.copy(source, docs / source.name)
    (docs / "front.md").write_text(FRONT + "# Card\n\nRequests are handled by another system.\n")
    (docs / "front.disclosure.yaml").write_text("schema_version: 1\nmodel: Example 5\n")
    (docs / "crlf.md").write_bytes(b"# Card\r\n\r\nWe do not route requests.\r\n")
    (docs / "page.html").write_text("<html><body><h1>Card</h1><p>We route requests.</p></body>")
    (docs / "notes.txt").write_text("Release notes. We refuse fewer requests.\n")
    (docs / "broken.md").write_bytes(b"\xff\xfe\x00binary")
    from tests.fixtures.audit.pdfgen import make_pdf

    (docs / "card.pdf").write_bytes(make_pdf([["Example 5 system card", "We route requests."]]))
    (tree / ".disclosure-lint.yaml").write_text("ignore: [RA002]\n")
    house = tree / "house-rules"
    house.mkdir()
    rule = (REPO / "rules" / "fallback-routing" / "FR001-routing-undisclosed.yaml").read_text()
    rule = rule.replace("code: FR001", "code: HR001").replace(
        "name: routing-undisclosed", "name: house-routing-undisclosed"
    )
    (house / "HR001-house.yaml").write_text(rule)
    return tree


def _snapshot(tree: Path) -> dict[str, tuple[bytes, int, int]]:
    out = {}
    for path in sorted(tree.rglob("*")):
        info = path.lstat()
        data = path.read_bytes() if path.is_file() else b""
        out[str(path.relative_to(tree))] = (data, info.st_mtime_ns, info.st_mode)
    return out


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return _tree(tmp_path)


def test_no_command_changes_or_adds_a_file_in_what_it_reads(tree: Path, tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    baseline = out / "baseline.json"
    commands = [
        ["check", "docs"],
        ["check", "--format", "json", "docs"],
        ["check", "--format", "sarif", "docs"],
        ["check", "--format", "github", "docs"],
        ["check", "--format", "junit", "docs"],
        ["check", "--format", "concise", "--statistics", "docs"],
        ["check", "--rules-dir", "house-rules", "--extend-select", "HR001", "docs"],
        ["check", "--jobs", "2", "docs"],
        ["check", "--output", str(out / "report.txt"), "docs"],
        ["check", "--write-baseline", str(baseline), "docs/front.md"],
        ["check", "--baseline", str(baseline), "docs/front.md"],
        ["check", "--show-settings", "docs/front.md"],
        ["check", "--no-suppressions", "docs/front.md"],
        ["rules"],
        ["explain", "FR001"],
        ["schema"],
        ["init"],
        ["audit", "docs"],
        ["audit", "--format", "json", "--output", str(out / "audit.json"), "docs"],
        ["audit", "--format", "html", "--output", str(out / "audit.html"), "docs/front.md"],
        ["diff", "docs/problem-release.md", "docs/complete-release.md"],
        ["diff", "--format", "json", "docs/page.html", "docs/card.pdf"],
    ]
    before = _snapshot(tree)
    codes = []
    for args in commands:
        result = cli(*args, cwd=tree)
        codes.append((args[0], result.code))
        assert result.code in (0, 1, 2), (args, result.err)
    assert _snapshot(tree) == before
    assert sorted(p.name for p in out.iterdir()) == [
        "audit.html",
        "audit.json",
        "baseline.json",
        "report.txt",
    ]
    assert codes[0] == ("check", 2)  # docs/broken.md cannot be read; the rest is linted
    assert ("rules", 0) in codes


def test_output_replaces_the_target_by_rename(tree: Path, tmp_path: Path):
    target = tmp_path / "report.json"
    target.write_text("old report\n")
    reader = tmp_path / "held-open.json"
    os.link(target, reader)  # a reader holding the old file keeps seeing it whole
    old_inode = target.stat().st_ino
    result = cli("check", "--format", "json", "--output", str(target), "docs", cwd=tree)
    assert result.code == 2  # docs/broken.md cannot be read; --output never changes that
    assert result.out == ""
    assert target.stat().st_ino != old_inode
    assert json.loads(target.read_text())["tool"]["name"] == "disclosure-lint"
    assert reader.read_text() == "old report\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_an_output_that_cannot_be_written_leaves_nothing_behind(tree: Path, tmp_path: Path):
    target = tmp_path / "missing-folder" / "report.txt"
    result = cli("check", "--output", str(target), "docs/front.md", cwd=tree)
    assert result.code == 2
    assert result.err.startswith(f"disclosure-lint: error: cannot write {target}")
    assert not target.parent.exists()


def test_an_interrupted_write_keeps_the_old_file_and_removes_the_temporary(tmp_path: Path):
    from linter.atomic import write_atomic

    target = tmp_path / "report.txt"
    target.write_text("old\n")

    with pytest.raises(TypeError):
        write_atomic(target, 12345)  # type: ignore[arg-type]  # fails while writing
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]


def test_write_baseline_is_atomic_too(tree: Path, tmp_path: Path):
    target = tmp_path / "baseline.json"
    target.write_text("{}\n")
    old_inode = target.stat().st_ino
    result = cli("check", "--write-baseline", str(target), "docs/front.md", cwd=tree)
    assert result.code == 0, result.err
    assert target.stat().st_ino != old_inode
    assert json.loads(target.read_text())
    assert [p.name for p in tmp_path.iterdir() if p.name != "tree"] == ["baseline.json"]
