"""`--format json`: the public contract of design section 7, pinned by
schemas/findings.schema.json. Fields may be added, never renamed or removed.

The document is written file by file (``stream``): each entry of ``files`` as soon as its file is
linted, the summary last, byte for byte what ``json.dumps(..., indent=2)`` of the whole document
gives."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from json.encoder import encode_basestring as _escape

from ..findings import FileResult, LintResult, Summary, summarise


def dumps_at(value: object, level: int) -> str:
    """``value`` as indented JSON whose lines sit ``level`` levels deep (the first line is not
    indented: it follows a key, or the caller puts it after an indent): what
    ``json.dumps(value, indent=2, ensure_ascii=False)`` gives, indented.

    json's indenting encoder is its pure-Python one, a generator per level that every piece of
    text passes through; a report of many findings spent most of its time there. Here the
    common values (the reports' dicts, lists, strings, numbers) are joined directly, strings by
    json's own C escaper, and anything else goes to json."""
    try:
        return _encode(value, "\n" + "  " * level)
    except _Unusual:
        text = json.dumps(value, indent=2, ensure_ascii=False)
        return text.replace("\n", "\n" + "  " * level) if level else text


class _Unusual(Exception):
    """A value ``_encode`` leaves to json (a non-string key, a special float, another type)."""


def _encode(value: object, newline: str) -> str:
    """``value`` whose line starts at ``newline`` (a newline and that line's indent)."""
    if isinstance(value, str):
        return _escape(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float) and math.isfinite(value):
        return float.__repr__(value)
    inner = newline + "  "
    if isinstance(value, dict):
        if not value:
            return "{}"
        if not all(isinstance(key, str) for key in value):
            raise _Unusual
        items = [_escape(key) + ": " + _encode(item, inner) for key, item in value.items()]
        return "{" + inner + ("," + inner).join(items) + newline + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        items = [_encode(item, inner) for item in value]
        return "[" + inner + ("," + inner).join(items) + newline + "]"
    raise _Unusual


def array(items: Iterable[str | Iterable[str]], level: int) -> Iterator[str]:
    """A JSON array at ``level`` from items already rendered at ``level + 1`` (``dumps_at``),
    each a string or the pieces of one."""
    inner = "\n" + "  " * (level + 1)
    first = True
    for item in items:
        if isinstance(item, str):
            yield ("[" if first else ",") + inner + item
        else:
            yield ("[" if first else ",") + inner
            yield from item
        first = False
    yield "[]" if first else "\n" + "  " * level + "]"


def entry_pieces(file: FileResult, level: int) -> Iterator[str]:
    """``dumps_at(file_entry(file), level)`` a finding at a time: a file with very many
    findings never has them all rendered at once."""
    inner = "\n" + "  " * (level + 1)
    yield "{" + inner + '"path": ' + dumps_at(file.path, 0) + "," + inner + '"findings": '
    yield from array((dumps_at(f.to_json(), level + 2) for f in file.findings), level + 1)
    yield "," + inner + '"suppressed": '
    yield from array((dumps_at(f.to_json(), level + 2) for f in file.suppressed), level + 1)
    if file.error is not None:
        yield "," + inner + '"error": ' + dumps_at(file.error, 0)
    yield "\n" + "  " * level + "}"


def file_entry(file: FileResult) -> dict:
    entry: dict = {
        "path": file.path,
        "findings": [f.to_json() for f in file.findings],
        "suppressed": [f.to_json() for f in file.suppressed],
    }
    if file.error is not None:
        entry["error"] = file.error
    return entry


def tool(tool_version: str, ruleset_version: str) -> dict:
    return {"name": "disclosure-lint", "version": tool_version, "ruleset_version": ruleset_version}


def summary_data(summary: Summary) -> dict:
    return {
        "files": summary.files,
        **summary.counts,
        "suppressed": summary.suppressed,
        "unreadable": summary.unreadable,
    }


def to_data(result: LintResult) -> dict:
    files = result.files
    return {
        "tool": tool(result.tool_version, result.ruleset_version),
        "files": [file_entry(f) for f in files],
        "summary": summary_data(summarise(files)),
    }


def stream(files: Iterable[FileResult], tool_version: str, ruleset_version: str) -> Iterator[str]:
    summary = Summary()

    def entries() -> Iterator[Iterator[str]]:
        for file in files:
            summary.add(file)
            yield entry_pieces(file, 2)

    yield '{\n  "tool": ' + dumps_at(tool(tool_version, ruleset_version), 1) + ',\n  "files": '
    yield from array(entries(), 1)
    yield ',\n  "summary": ' + dumps_at(summary_data(summary), 1) + "\n}\n"


def render(result: LintResult) -> str:
    return "".join(stream(result.files, result.tool_version, result.ruleset_version))
