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
    _split,
    _write_output,
    app,
    fail,
)


class CheckFormat(StrEnum):
    text = "text"
    concise = "concise"
    json = "json"
    sarif = "sarif"
    github = "github"
    junit = "junit"


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
        FailOn | None,
        typer.Option(help="Lowest severity that makes the exit code 1 [default: error]."),
    ] = None,
    statistics: Annotated[
        bool, typer.Option("--statistics", help="Print counts per rule instead of findings.")
    ] = False,
    stdin_filename: Annotated[
        str | None, typer.Option(help="Name reported for input read from stdin.")
    ] = None,
    rules_dir: Annotated[
        list[Path] | None, typer.Option(help="An extra folder of rule files.")
    ] = None,
    config: Annotated[
        Path | None, typer.Option(help="Use this config file for every path (no discovery).")
    ] = None,
    show_settings: Annotated[
        bool, typer.Option("--show-settings", help="Print the resolved settings for PATH.")
    ] = False,
    no_suppressions: Annotated[
        bool, typer.Option("--no-suppressions", help="Ignore suppression comments (audits).")
    ] = False,
    baseline: Annotated[
        Path | None, typer.Option(help="Report only findings not recorded in this baseline.")
    ] = None,
    write_baseline: Annotated[
        Path | None, typer.Option(help="Record the current findings in FILE; exit 0.")
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=0,
            help="Worker processes; 0: one per core [default: one per core for more than "
            "48 files, else 1]. The output is the same for any number.",
        ),
    ] = None,
) -> None:
    """Lint files and directories (Markdown and NAME.disclosure.yaml)."""
    from ..engine import ConfigError, Overrides, SelectionError, Workspace
    from ..rulebook import RuleError

    paths = paths or []
    if not paths:
        raise fail("no paths given (use - to read stdin)")
    overrides = Overrides(
        config=config,
        select=tuple(_split(select)) if select else None,
        ignore=tuple(_split(ignore)),
        extend_select=tuple(_split(extend_select)),
        rules_dirs=tuple(rules_dir or ()),
        fail_on=fail_on.value if fail_on else None,
        suppressions=not no_suppressions,
    )
    try:
        workspace = Workspace(overrides)
        if show_settings:
            _show_settings(workspace, paths, stdin_filename)
        if paths == ["-"]:
            result = workspace.lint_stdin(sys.stdin.buffer.read(), stdin_filename or "-")
        elif "-" in paths:
            raise fail("- (stdin) cannot be combined with other paths")
        else:
            files = [file for arg in paths for file in workspace.expand(arg)]
            if not files:
                raise fail(f"no Markdown files under {', '.join(paths)}")
            from ..engine.parallel import lint_files

            result = lint_files(workspace, files, jobs)
    except (ConfigError, SelectionError, RuleError) as exc:
        raise fail(str(exc)) from None
    result = _baselines(result, baseline, write_baseline)

    for file in result.errors:
        typer.echo(f"disclosure-lint: error: {file.error}", err=True)

    colour = output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    if statistics:
        from ..reporters import statistics as stats_reporter

        text = stats_reporter.render(result, format.value == "json")
    elif format is CheckFormat.json:
        from ..reporters import jsonout

        text = jsonout.render(result)
    elif format in (CheckFormat.sarif, CheckFormat.github, CheckFormat.junit):
        text = _render_ci(format, result, workspace)
    else:
        from ..reporters import text as text_reporter

        text = text_reporter.render(result, colour=colour, concise=format is CheckFormat.concise)
    _write_output(text, output)

    if result.errors:
        raise typer.Exit(EXIT_USAGE)
    if write_baseline is not None:
        raise typer.Exit(EXIT_CLEAN)
    raise typer.Exit(EXIT_FINDINGS if workspace.failing(result) else EXIT_CLEAN)


def _render_ci(format: CheckFormat, result, workspace) -> str:
    """The CI formats: SARIF and JUnit describe the rules that ran; paths in SARIF and GitHub
    annotations are relative to the repository root."""
    from ..reporters import github, junit, sarif

    if format is CheckFormat.sarif:
        docs_url = workspace.settings(Path.cwd()).docs_url
        return sarif.render(result, workspace.rules_used(), docs_url)
    if format is CheckFormat.github:
        return github.render(result)
    return junit.render(result, workspace.rules_used())


def _show_settings(workspace, paths: list[str], stdin_filename: str | None) -> None:
    import json

    if len(paths) != 1:
        raise fail("--show-settings takes one path")
    path = (stdin_filename or "-") if paths == ["-"] else paths[0]
    typer.echo(json.dumps(workspace.describe(path), indent=2))
    raise typer.Exit(EXIT_CLEAN)


def _baselines(result, baseline: Path | None, write_baseline: Path | None):
    """--write-baseline records the findings (not on a run with unreadable files: their
    findings would be missing); --baseline drops the findings it records."""
    from ..engine import baseline as baselines

    if baseline is not None and write_baseline is not None:
        raise fail("use --baseline or --write-baseline, not both")
    if write_baseline is not None and not result.errors:
        try:
            count = baselines.write(write_baseline, result)
        except OSError as exc:
            raise fail(f"cannot write {write_baseline}: {exc.strerror or exc}") from None
        typer.echo(f"disclosure-lint: recorded {count} findings in {write_baseline}", err=True)
    elif write_baseline is not None:
        typer.echo(
            f"disclosure-lint: error: {write_baseline} not written: a file could not be linted",
            err=True,
        )
    if baseline is None:
        return result
    try:
        return baselines.apply(result, baselines.load(baseline))
    except baselines.BaselineError as exc:
        raise fail(str(exc)) from None
