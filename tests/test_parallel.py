"""`check --jobs N`: the same output, in the same order, for any number of workers."""

from __future__ import annotations

import multiprocessing
import shutil
from pathlib import Path

import pytest

from linter.engine import Workspace, parallel
from linter.engine.parallel import AUTO_MIN_FILES, lint_files, workers_for
from tests.helpers import REPO, run_cli

CORPUS = REPO / "tests" / "corpus" / "docs"


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Our examples and test corpus, a file that cannot be read, one that is empty, and one of
    very different size, so that batches are reordered by size."""
    root = tmp_path_factory.mktemp("tree")
    sources = [*sorted(CORPUS.glob("*.md"))[::4], *sorted((REPO / "examples").glob("*.md"))]
    for source in sources:
        shutil.copy(source, root / source.name)
    (root / "b-binary.md").write_bytes(b"\x00\x01\x02binary")
    (root / "c-empty.md").write_text("")
    big = (REPO / "examples" / "problem-release.md").read_text()
    (root / "z-big.md").write_text("\n\n".join([big] * 10))
    return root


def _json(result) -> list:
    return [
        (f.path, f.error, [x.to_json() for x in f.findings], [x.to_json() for x in f.suppressed])
        for f in result.files
    ]


def test_workers_give_the_same_results_in_the_same_order(tree: Path, monkeypatch):
    monkeypatch.chdir(tree)
    workspace = Workspace()
    files = list(workspace.expand("."))
    assert len(files) > 10
    one = lint_files(workspace, files, jobs=1)
    two = lint_files(Workspace(), files, jobs=2)
    assert [f.path for f in two.files] == files
    assert _json(two) == _json(one)
    assert {f.path for f in two.errors} == {"./b-binary.md", "./c-empty.md"}
    assert two.ruleset_version == one.ruleset_version


def test_workers_that_are_not_forked_build_their_own_workspace(tree: Path, monkeypatch):
    monkeypatch.setattr(parallel, "_context", lambda: multiprocessing.get_context("spawn"))
    monkeypatch.chdir(tree)
    workspace = Workspace()
    files = sorted(str(p.relative_to(tree)) for p in tree.glob("[ef]*.md"))[:6]
    assert _json(lint_files(workspace, files, jobs=2)) == _json(workspace.lint(files))


def test_cli_output_is_byte_identical_for_one_and_two_jobs(tree: Path):
    outputs = []
    for jobs in ("1", "2"):
        proc = run_cli("check", "--format", "json", "--jobs", jobs, ".", cwd=tree)
        assert proc.returncode == 2  # the binary and the empty file
        outputs.append((proc.stdout, proc.stderr))
    assert outputs[0] == outputs[1]
    assert b"b-binary.md: binary file" in outputs[0][1]


@pytest.mark.parametrize(
    ("jobs", "files", "expected"),
    [
        (None, AUTO_MIN_FILES, 1),
        (None, AUTO_MIN_FILES + 1, "cores"),
        (0, 5, "cores-or-files"),
        (3, 2, 2),
        (3, 100, 3),
        (1, 1000, 1),
    ],
)
def test_how_many_workers(jobs, files, expected, monkeypatch):
    monkeypatch.setattr(parallel, "cpu_count", lambda: 4)
    want = {"cores": 4, "cores-or-files": 4}.get(expected, expected)
    assert workers_for(jobs, files) == want


def test_a_negative_job_count_is_a_usage_error():
    proc = run_cli("check", "--jobs", "-1", "examples/complete-release.md")
    assert proc.returncode == 2
    assert b"--jobs" in proc.stderr
