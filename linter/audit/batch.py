"""Which documents a command line names: files and URLs as given, directories walked for the
formats an audit reads, and list files (one path or URL a line, # for comments)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from ..document import ReadError
from ..engine.paths import SKIPPED_DIRS
from .fetch import is_url
from .sources import SUFFIXES


def expand(arg: str) -> Iterator[str]:
    """A directory's audit documents, sorted (hidden, VCS and environment folders skipped,
    links to folders not followed); anything else as given."""
    if is_url(arg) or not Path(arg).is_dir():
        yield arg
        return
    for root, dirs, files in os.walk(arg, followlinks=False, onerror=lambda e: None):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS and not d.startswith("."))
        for name in sorted(files):
            if Path(name).suffix.lower() in SUFFIXES and not name.startswith("."):
                yield os.path.join(root, name)


def read_list(list_file: str) -> list[str]:
    """Entries of a list file; relative paths are taken from the list file's folder."""
    path = Path(list_file)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ReadError(f"{list_file}: no such list file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ReadError(f"{list_file}: cannot read list file ({exc})") from None
    base = path.parent
    entries = []
    for line in text.splitlines():
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        if is_url(entry) or os.path.isabs(entry):
            entries.append(entry)
        else:
            entries.append(os.path.normpath(base / entry))
    return entries


def collect(args: list[str], list_files: list[str]) -> tuple[list[str], list[str]]:
    """The documents to audit, in order without repeats, and the arguments that named none."""
    out: list[str] = []
    empty: list[str] = []
    names = list(args)
    for list_file in list_files:
        names.extend(read_list(list_file))
    for arg in names:
        found = list(expand(arg))
        if not found:
            empty.append(arg)
        out.extend(found)
    return list(dict.fromkeys(out)), empty
