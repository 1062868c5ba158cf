"""The repository a file belongs to, and paths relative to its root.

SARIF results, GitHub annotations and baselines name files relative to the repository root (the
folder holding ``.git``), or to the working directory outside a repository, so that a report
made on one machine points at the same files on another. They never carry absolute paths.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1024)
def repo_root(folder: Path) -> Path | None:
    """The nearest folder at or above ``folder`` (absolute) that holds ``.git`` (a directory,
    or a file in worktrees and submodules)."""
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def relative_path(path: str, cwd: Path | None = None) -> str:
    """``path`` relative to its repository root, or to ``cwd`` outside a repository, with
    forward slashes. A path outside both is made relative with ``..`` rather than absolute."""
    base = Path.cwd() if cwd is None else cwd
    absolute = Path(os.path.abspath(base / path))
    root = repo_root(absolute.parent) or base
    try:
        rel = os.path.relpath(absolute, root)
    except ValueError:  # another drive on Windows: nothing relative exists
        rel = absolute.name
    return Path(rel).as_posix()
