"""`disclosure-lint check`: lint files, directories or stdin."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from . import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    EXIT_USAGE,
    FailOn,
    _load_ruleset,
    _split,
    _write_output,
    app,
    fail,
)


class CheckFormat(StrEnum):
    text = "text"
    concise = "concise"
    json = "json"


@app.command()
def check(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Files or directories; - for stdin.")
    ] = None,
    format: Annotated[
        CheckFormat, typer.Option("--format", "-f", help="Output format.")
    ] = CheckFormat.text,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to FILE.")
    ] = None,
    select: Annotated[
        list[str] | None, typer.Option(help="Only these codes, prefixes, names or categories.")
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option(help="Skip these codes, prefixes, names or categories.")
    ] = None,
    extend_select: Annotated[
        list[str] | None,
        typer.Option(help="Add these to the selection (e.g. rules off by default)."),
    ] = None,
    fail_on: Annotated[
        FailOn, typer.Option(help="Lowest severity that makes the exit code 1.")
    ] = FailOn.error,
    statistics: Annotated[
        bool, typer.Option("--statistics", help="Print counts per rule instead of findings.")
    ] = False,
    stdin_filename: Annotated[
        str | None, typer.Option(help="Name reported for input read from stdin.")
    ] = None,
    rules_dir: Annotated[
        list[Path] | None, typer.Option(help="An extra folder of rule files.")
    ] = None,
) -> None:
    """Lint files and directories (Markdown and NAME.disclosure.yaml)."""
    from ..engine import SelectionError, compile_rules, expand, lint_paths, lint_stdin, select_rules
    from ..findings import SEVERITY_RANK
    from ..rulebook import RuleError

    paths = paths or []
    if not paths:
        raise fail("no paths given (use - to read stdin)")
    ruleset = _load_ruleset(rules_dir)
    try:
        chosen = select_rules(ruleset.rules, _split(select), _split(ignore), _split(extend_select))
        compiled = compile_rules(chosen)
    except (SelectionError, RuleError) as exc:
        raise fail(str(exc)) from None

    if paths == ["-"]:
        result = lint_stdin(sys.stdin.buffer.read(), stdin_filename or "-", ruleset, compiled)
    elif "-" in paths:
        raise fail("- (stdin) cannot be combined with other paths")
    else:
        files: list[str] = []
        for arg in paths:
            files.extend(expand(arg))
        if not files:
            raise fail(f"no Markdown files under {', '.join(paths)}")
        result = lint_paths(files, ruleset, compiled)

    for file in result.errors:
        typer.echo(f"disclosure-lint: error: {file.error}", err=True)

    colour = output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    if statistics:
        from ..reporters import statistics as stats_reporter

        text = stats_reporter.render(result, format.value == "json")
    elif format is CheckFormat.json:
        from ..reporters import jsonout

        text = jsonout.render(result)
    else:
        from ..reporters import text as text_reporter

        text = text_reporter.render(result, colour=colour, concise=format is CheckFormat.concise)
    _write_output(text, output)

    if result.errors:
        raise typer.Exit(EXIT_USAGE)
    floor = SEVERITY_RANK[fail_on.value]
    failing = any(
        SEVERITY_RANK[f.severity] >= floor for file in result.files for f in file.findings
    )
    raise typer.Exit(EXIT_FINDINGS if failing else EXIT_CLEAN)
