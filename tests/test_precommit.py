"""The pre-commit hook, run by the real pre-commit: it installs this repository (as it is in the
working tree, committed into a temporary clone) with pip, and lints a temporary card repository.

pre-commit installs the hook's dependencies from the package index, so this test needs network
access to PyPI; it runs in CI."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("pre_commit") is None, reason="pre-commit is not installed"
)

GIT_ENV = {
    "GIT_AUTHOR_NAME": "disclosure-lint tests",
    "GIT_AUTHOR_EMAIL": "tests@example.invalid",
    "GIT_COMMITTER_NAME": "disclosure-lint tests",
    "GIT_COMMITTER_EMAIL": "tests@example.invalid",
}
ROUTING = "Our classifier routes requests about chemical weapons to Example 4.8."
VIOLATING = f"# Example 5 model card\n\n{ROUTING}\n"


def git(cwd: Path, *args: str) -> str:
    proc = subprocess.run(
        ["git", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **GIT_ENV},
    )
    return proc.stdout.strip()


def snapshot_of_this_checkout(target: Path) -> str:
    """Commit the working tree's files (tracked and untracked, minus what .gitignore ignores)
    into a new repository at ``target``; return the commit."""
    listed = git(REPO, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    target.mkdir()
    for name in sorted(set(filter(None, listed.split("\0")))):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    git(target, "init", "-q")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "snapshot of the working tree")
    return git(target, "rev-parse", "HEAD")


def pre_commit(cards: Path, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
        cwd=cards,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )


def test_hook_fails_on_a_violating_card_and_passes_on_a_clean_one(tmp_path):
    rev = snapshot_of_this_checkout(tmp_path / "hook")
    cards = tmp_path / "cards"
    cards.mkdir()
    git(cards, "init", "-q")
    (cards / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {tmp_path / 'hook'}\n    rev: {rev}\n"
        "    hooks:\n      - id: disclosure-lint\n"
    )
    (cards / "docs" / "model-cards").mkdir(parents=True)
    (cards / "docs" / "model-cards" / "example-5.md").write_text(VIOLATING)
    (cards / "SYSTEM_CARD.md").write_text(VIOLATING)
    (cards / "notes.md").write_text(VIOLATING)  # not a card by the default `files` pattern
    git(cards, "add", "-A")

    home = tmp_path / "pre-commit-home"
    failed = pre_commit(cards, home)
    output = failed.stdout + failed.stderr
    assert failed.returncode == 1, output
    assert re.search(r"disclosure-lint\.+Failed", output), output
    assert "- exit code: 1" in output
    assert "docs/model-cards/example-5.md:3:1: FR004 [error]" in output
    assert "SYSTEM_CARD.md:3:1: FR004 [error]" in output  # both files, one hook run
    assert "notes.md" not in output

    clean = (REPO / "examples" / "complete-release.md").read_text()
    (cards / "docs" / "model-cards" / "example-5.md").write_text(clean)
    (cards / "SYSTEM_CARD.md").write_text(clean)
    git(cards, "add", "-A")
    passed = pre_commit(cards, home)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"disclosure-lint\.+Passed", passed.stdout), passed.stdout
