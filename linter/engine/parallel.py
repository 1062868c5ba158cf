"""Linting many files with several worker processes, with the output of one.

Linting a file is a pure function of the file and its plan (workspace.py), so files can be
linted anywhere and in any order; the results are put back in the order of the paths, which
makes the output identical to a one-worker run. The parent builds every file's plan first:
configuration and rule errors surface before any worker starts, and the parent keeps the plans
that reporters and the exit code read.

Workers are forked where the platform allows it, and then start with the parent's loaded rules;
elsewhere each builds its own workspace from the same command-line overrides. Files are handed
out largest first, in small batches, so that one big file does not finish last on a lone worker.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .. import __version__
from ..findings import FileResult, LintResult
from .run import lint_file
from .workspace import Overrides, Workspace

AUTO_MIN_FILES = 48  # below this many files, starting workers costs more than it saves
BATCHES_PER_WORKER = 8

_workspace: Workspace | None = None  # the workspace of this process, parent or worker


def cpu_count() -> int:
    """Processors this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def workers_for(jobs: int | None, files: int) -> int:
    """``jobs`` workers; 0 means one per processor; None means that for more than
    AUTO_MIN_FILES files, and one otherwise. Never more workers than files."""
    if jobs is None:
        jobs = 0 if files > AUTO_MIN_FILES else 1
    if jobs <= 0:
        jobs = cpu_count()
    return max(1, min(jobs, files))


def lint_files(workspace: Workspace, paths: list[str], jobs: int | None = None) -> LintResult:
    """``workspace.lint(paths)``, spread over worker processes."""
    workers = workers_for(jobs, len(paths))
    if workers == 1:
        return workspace.lint(paths)
    version = ""
    for path in paths:  # every plan is built here; errors are raised here, before any worker
        version = version or workspace.plan(path).ruleset.version
    from concurrent.futures import ProcessPoolExecutor  # only now: one file needs no pool

    results: list[FileResult | None] = [None] * len(paths)
    global _workspace
    _workspace = workspace
    try:
        with ProcessPoolExecutor(
            max_workers=workers,
            mp_context=_context(),
            initializer=_start_worker,
            initargs=(workspace.overrides, workspace.cwd),
        ) as pool:
            for batch in pool.map(_lint_batch, _batches(paths, workers)):
                for index, result in batch:
                    results[index] = result
    finally:
        _workspace = None
    return LintResult([r for r in results if r is not None], __version__, version)


def _context() -> Any:
    import multiprocessing

    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _batches(paths: list[str], workers: int) -> list[list[tuple[int, str]]]:
    """(index, path) batches, the largest files first."""

    def size(item: tuple[int, str]) -> int:
        try:
            return os.stat(item[1]).st_size
        except OSError:
            return 0

    ordered = sorted(enumerate(paths), key=size, reverse=True)
    per_batch = max(1, len(ordered) // (workers * BATCHES_PER_WORKER))
    return [ordered[i : i + per_batch] for i in range(0, len(ordered), per_batch)]


def _start_worker(overrides: Overrides, cwd: Path) -> None:
    global _workspace
    if _workspace is None:  # not forked: build the parent's workspace again
        _workspace = Workspace(overrides, cwd)


def _lint_batch(batch: list[tuple[int, str]]) -> list[tuple[int, FileResult]]:
    workspace = _workspace
    assert workspace is not None, "worker started without a workspace"
    out = []
    for index, path in batch:
        plan = workspace.plan(path)
        out.append((index, lint_file(path, plan.ruleset, list(plan.rules), plan.suppressions)))
    return out
