"""Linting many files with several worker processes, with the output of one.

Linting a file is a pure function of the file and its plan (workspace.py), so files can be
linted anywhere and in any order; the results are put back in the order of the paths, which
makes the output identical to a one-worker run. The caller builds every file's plan first
(Workspace.prepare): configuration and rule errors surface before any worker starts, and the
parent keeps the plans that reporters and the exit code read.

Results stream: each is handed on as soon as every earlier path's result is in, so that a run
holds a bounded number of results whatever the number of files. Paths are cut into windows in
their own order; a window's files go out largest first, in small batches, so that one big file
does not finish last on a lone worker, and the next window is already queued while one is
collected, so that workers never wait for the parent.

Workers are forked where the platform allows it, and then start with the parent's loaded rules;
elsewhere each builds its own workspace from the same command-line overrides.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .. import __version__
from ..findings import FileResult, LintResult
from .workspace import Overrides, Workspace

AUTO_MIN_FILES = 48  # below this many files, starting workers costs more than it saves
BATCHES_PER_WORKER = 8  # batches of a window per worker
MAX_BATCH = 16  # files per batch at most: a window, and so the results held, stays small

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
    version = workspace.prepare(paths)
    return LintResult(list(iter_files(workspace, paths, jobs)), __version__, version)


def iter_files(
    workspace: Workspace, paths: list[str], jobs: int | None = None
) -> Iterator[FileResult]:
    """The result of each path, in the order of ``paths``, as soon as it is known. Call
    ``workspace.prepare(paths)`` first."""
    workers = workers_for(jobs, len(paths))
    if workers == 1:
        for path in paths:
            yield workspace.lint_path(path)
        return
    from concurrent.futures import ProcessPoolExecutor  # only now: one file needs no pool

    global _workspace
    _workspace = workspace
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_context(),
        initializer=_start_worker,
        initargs=(workspace.overrides, workspace.cwd),
    )
    try:
        yield from _in_order(pool, paths, workers)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _workspace = None


def _in_order(pool: Any, paths: list[str], workers: int) -> Iterator[FileResult]:
    batch = max(1, min(MAX_BATCH, len(paths) // (workers * BATCHES_PER_WORKER)))
    window = batch * workers * BATCHES_PER_WORKER
    starts = iter(range(0, len(paths), window))
    queued: deque[tuple[bool, Any]] = deque()  # (last batch of its window, future)

    def queue_window() -> None:
        start = next(starts, None)
        if start is None:
            return
        batches = _batches(paths, start, min(start + window, len(paths)), batch)
        for number, items in enumerate(batches, 1):
            queued.append((number == len(batches), pool.submit(_lint_batch, items)))

    queue_window()
    queue_window()  # one window ahead: workers find work while a window is collected
    arrived: dict[int, FileResult] = {}
    position = 0
    while queued:
        closes_window, future = queued.popleft()
        for index, result in future.result():
            arrived[index] = result
        while position in arrived:
            yield arrived.pop(position)
            position += 1
        if closes_window:
            queue_window()


def _context() -> Any:
    import multiprocessing

    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _batches(paths: list[str], start: int, end: int, size: int) -> list[list[tuple[int, str]]]:
    """(index, path) batches of ``paths[start:end]``, the largest files first."""

    def file_size(index: int) -> int:
        try:
            return os.stat(paths[index]).st_size
        except OSError:
            return 0

    ordered = [(i, paths[i]) for i in sorted(range(start, end), key=file_size, reverse=True)]
    return [ordered[i : i + size] for i in range(0, len(ordered), size)]


def _start_worker(overrides: Overrides, cwd: Path) -> None:
    global _workspace
    if _workspace is None:  # not forked: build the parent's workspace again
        _workspace = Workspace(overrides, cwd)


def _lint_batch(batch: list[tuple[int, str]]) -> list[tuple[int, FileResult]]:
    workspace = _workspace
    assert workspace is not None, "worker started without a workspace"
    return [(index, workspace.lint_path(path)) for index, path in batch]
