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
from pathlib import Path

from ..engine.repo import relative_path
from ..findings import LintResult
from . import text as text_reporter
from .safe import terminal_safe

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(level: str, properties: dict[str, object], message: str) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{level} {props}::{escape_data(terminal_safe(message))}"


def annotations(result: LintResult, cwd: Path | None = None) -> list[str]:
    lines: list[str] = []
    for file in result.files:
        path = terminal_safe(relative_path(file.path, cwd))
        if file.error is not None:
            lines.append(command("error", {"file": path, "title": "disclosure-lint"}, file.error))
            continue
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


def render(result: LintResult, cwd: Path | None = None) -> str:
    report = text_reporter.render(result)
    token = hashlib.sha256(report.encode("utf-8")).hexdigest()[:24]
    parts = [
        *annotations(result, cwd),
        f"::stop-commands::{token}",
        report.rstrip("\n"),
        f"::{token}::",
    ]
    return "\n".join(parts) + "\n"
