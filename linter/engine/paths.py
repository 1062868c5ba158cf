"""Which files a command line names: explicit files always, directories expanded."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

LINTED_SUFFIXES = (".md", ".markdown")
SIDECAR_SUFFIX = ".disclosure.yaml"
SKIPPED_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox"}


def is_lintable(name: str) -> bool:
    return name.endswith(LINTED_SUFFIXES) or name.endswith(SIDECAR_SUFFIX)


def expand(arg: str) -> Iterator[str]:
    """Yield the files ``arg`` stands for, as paths relative to how it was given.

    A directory yields its Markdown files and sidecar blocks, sorted, skipping VCS and
    environment folders; symbolic links to directories are not followed, so a link loop
    cannot trap the walk. Anything else is yielded as is (a missing file is reported later).
    """
    path = Path(arg)
    if not path.is_dir():
        yield arg
        return
    for root, dirs, files in os.walk(arg, followlinks=False, onerror=lambda e: None):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS and not d.startswith("."))
        for name in sorted(files):
            if is_lintable(name):
                yield os.path.join(root, name)


def sidecar_for(path: str) -> Path | None:
    """``NAME.disclosure.yaml`` beside ``NAME.md``, when it exists."""
    p = Path(path)
    if p.name.endswith(SIDECAR_SUFFIX):
        return None
    candidate = p.with_name(p.name.rsplit(".", 1)[0] + SIDECAR_SUFFIX)
    return candidate if candidate.is_file() else None
