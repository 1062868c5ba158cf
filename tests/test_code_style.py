"""The project's own habits, enforced by the test suite: ruff lint and format, and the import
layers (cli -> reporters -> engine -> checks -> disclosure -> rulebook -> document)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.helpers import REPO


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=300)


def test_ruff_lint():
    proc = _run(sys.executable, "-m", "ruff", "check", "linter", "tests")
    assert proc.returncode == 0, proc.stdout[-4000:]


def test_ruff_format():
    proc = _run(sys.executable, "-m", "ruff", "format", "--check", "linter", "tests")
    assert proc.returncode == 0, proc.stdout[-4000:]


@pytest.mark.skipif(shutil.which("lint-imports") is None, reason="import-linter not installed")
def test_import_layers():
    proc = _run("lint-imports")
    assert proc.returncode == 0, proc.stdout[-4000:]
