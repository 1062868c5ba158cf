"""`--format text`: one finding per line, `path:line:col: CODE [severity] message`, coloured on a
terminal, then a summary. `--format concise` drops severity and summary.

Lines are produced file by file (``stream``), so a run over many files never holds more than
one file's findings and the counts of the summary."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..findings import FileResult, LintResult, Summary
from .safe import one_line

_COLOURS = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def file_lines(file: FileResult, colour: bool = False, concise: bool = False) -> str:
    """The lines of one file's findings, each ending in a newline ("" for none)."""
    if file.error is not None or not file.findings:
        return ""
    path = one_line(file.path)
    out: list[str] = []
    for f in file.findings:
        where = f"{path}:{f.line}:{f.column}:"
        message = one_line(f.message)
        if concise:
            out.append(f"{where} {f.rule} {message}\n")
        elif colour:
            sev = f"{_COLOURS[f.severity]}[{f.severity}]{_RESET}"
            out.append(f"{_BOLD}{where}{_RESET} {_BOLD}{f.rule}{_RESET} {sev} {message}\n")
        else:
            out.append(f"{where} {f.rule} [{f.severity}] {message}\n")
    return "".join(out)


def summary_line(summary: Summary, colour: bool = False) -> str:
    counts = summary.counts
    linted = summary.linted
    if sum(counts.values()):
        parts = [_plural(counts[s], s) for s in ("error", "warning", "info") if counts[s]]
        text = f"Found {', '.join(parts)} in {_plural(linted, 'file')}."
    else:
        text = f"No findings in {_plural(linted, 'file')}."
    if summary.suppressed:
        text += f" {summary.suppressed} suppressed."
    if summary.unreadable:
        text += f" {_plural(summary.unreadable, 'file')} could not be linted."
    return (f"{_DIM}{text}{_RESET}" if colour else text) + "\n"


def stream(
    files: Iterable[FileResult], colour: bool = False, concise: bool = False
) -> Iterator[str]:
    summary = Summary()
    for file in files:
        summary.add(file)
        lines = file_lines(file, colour, concise)
        if lines:
            yield lines
    if not concise:
        yield summary_line(summary, colour)


def render(
    result: LintResult, colour: bool = False, concise: bool = False, show_suppressed: bool = False
) -> str:
    return "".join(stream(result.files, colour, concise))
