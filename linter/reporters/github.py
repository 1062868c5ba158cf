"""`--format github`: GitHub Actions workflow commands, one annotation per finding, then the
full plain report.

    ::error file=PATH,line=N,col=C,endLine=N,endColumn=C,title=CODE name::message

Escaping follows the Actions toolkit (@actions/core, command.ts): in the message (data) `%`,
CR and LF become %25, %0D and %0A; in properties `:` and `,` are escaped too, as %3A and %2C.
GitHub shows only the first 10 annotations of each level per step, so the plain report follows
in the log. It quotes document text, so it is wrapped in ::stop-commands:: so that no line of
it can act as a workflow command.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..engine.repo import relative_path
from ..findings import FileResult, LintResult, Summary
from . import text as text_reporter
from .safe import terminal_safe
from .spool import Spool

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(level: str, properties: dict[str, object], message: str) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{level} {props}::{escape_data(terminal_safe(message))}"


def file_annotations(file: FileResult, cwd: Path | None = None) -> list[str]:
    path = terminal_safe(relative_path(file.path, cwd))
    if file.error is not None:
        return [command("error", {"file": path, "title": "disclosure-lint"}, file.error)]
    lines: list[str] = []
    for f in file.findings:
        props = {
            "file": path,
            "line": f.line,
            "col": f.column,
            "endLine": f.end_line,
            "endColumn": f.end_column,
            "title": f"{f.rule} {f.name}",
        }
        lines.append(command(LEVELS[f.severity], props, f.message))
    return lines


def annotations(result: LintResult, cwd: Path | None = None) -> list[str]:
    return [line for file in result.files for line in file_annotations(file, cwd)]


def stream(files: Iterable[FileResult], cwd: Path | None = None) -> Iterator[str]:
    """Annotations as files arrive. The plain report follows them, fenced by a token made from
    its hash, so it is spooled (and hashed) meanwhile and written at the end."""
    digest = hashlib.sha256()
    summary = Summary()
    with Spool() as report:

        def keep(text: str) -> None:
            report.write(text)
            digest.update(text.encode("utf-8"))

        for file in files:
            summary.add(file)
            keep(text_reporter.file_lines(file))
            lines = file_annotations(file, cwd)
            if lines:
                yield "\n".join(lines) + "\n"
        keep(text_reporter.summary_line(summary))
        token = digest.hexdigest()[:24]
        yield f"::stop-commands::{token}\n"
        yield from report.chunks()
        yield f"::{token}::\n"


def render(result: LintResult, cwd: Path | None = None) -> str:
    return "".join(stream(result.files, cwd))
