"""`--format text`: one finding per line, `path:line:col: CODE [severity] message`, coloured on a
terminal, then a summary. `--format concise` drops severity and summary."""

from __future__ import annotations

from ..findings import LintResult
from .safe import one_line

_COLOURS = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def render(
    result: LintResult, colour: bool = False, concise: bool = False, show_suppressed: bool = False
) -> str:
    out: list[str] = []
    for file in result.files:
        if file.error is not None:
            continue
        path = one_line(file.path)
        for f in file.findings:
            where = f"{path}:{f.line}:{f.column}:"
            message = one_line(f.message)
            if concise:
                out.append(f"{where} {f.rule} {message}")
            elif colour:
                sev = f"{_COLOURS[f.severity]}[{f.severity}]{_RESET}"
                out.append(f"{_BOLD}{where}{_RESET} {_BOLD}{f.rule}{_RESET} {sev} {message}")
            else:
                out.append(f"{where} {f.rule} [{f.severity}] {message}")
    if concise:
        return "\n".join(out) + ("\n" if out else "")
    counts = result.counts()
    total = sum(counts.values())
    linted = sum(1 for f in result.files if f.error is None)
    suppressed = sum(len(f.suppressed) for f in result.files)
    if total:
        parts = [_plural(counts[s], s) for s in ("error", "warning", "info") if counts[s]]
        summary = f"Found {', '.join(parts)} in {_plural(linted, 'file')}."
    else:
        summary = f"No findings in {_plural(linted, 'file')}."
    if suppressed:
        summary += f" {suppressed} suppressed."
    if result.errors:
        summary += f" {_plural(len(result.errors), 'file')} could not be linted."
    out.append(f"{_DIM}{summary}{_RESET}" if colour else summary)
    return "\n".join(out) + "\n"
