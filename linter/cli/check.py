"""`disclosure-lint check`: lint files, directories or stdin."""

# No `from __future__ import annotations` here: typer reads the command's parameters from its
# annotations, and string annotations cost an eval each on every run (about 2.5 ms in all).
import gc
import os
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from . import EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, FailOn, _split, app, fail

if TYPE_CHECKING:
    from ..engine import Workspace
    from ..findings import FileResult


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
    if baseline is not None and write_baseline is not None:
        raise fail("use --baseline or --write-baseline, not both")
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
            single = workspace.lint_stdin(sys.stdin.buffer.read(), stdin_filename or "-")
            version, results = single.ruleset_version, iter(single.files)
        elif "-" in paths:
            raise fail("- (stdin) cannot be combined with other paths")
        else:
            files = [file for arg in paths for file in workspace.expand(arg)]
            if not files:
                raise fail(f"no Markdown files under {', '.join(paths)}")
            from ..engine.parallel import iter_files

            version = workspace.prepare(files)
            # What startup made so far (rules, checks, the modules they import) lives as long
            # as the process too: out of the sight of the collection after each file (main()).
            gc.freeze()
            results = iter_files(workspace, files, jobs)
    except (ConfigError, SelectionError, RuleError) as exc:
        raise fail(str(exc)) from None

    run = _Run(workspace, baseline, write_baseline)
    colour = output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    chunks = _report(format, statistics, colour, run.each(results), version, workspace)
    _stream_output(chunks, output)
    run.finish()

    if run.errors:
        raise typer.Exit(EXIT_USAGE)
    if write_baseline is not None:
        raise typer.Exit(EXIT_CLEAN)
    raise typer.Exit(EXIT_FINDINGS if run.failing else EXIT_CLEAN)


def _report(
    format: CheckFormat,
    statistics: bool,
    colour: bool,
    files: Iterator["FileResult"],
    version: str,
    workspace: "Workspace",
) -> Iterator[str]:
    """The report, in pieces, as the files' results arrive."""
    from .. import __version__

    if statistics:
        from ..reporters import statistics as stats_reporter

        return stats_reporter.stream(files, format is CheckFormat.json)
    if format is CheckFormat.json:
        from ..reporters import jsonout

        return jsonout.stream(files, __version__, version)
    if format is CheckFormat.sarif:
        from ..reporters import sarif

        docs_url = workspace.settings(Path.cwd()).docs_url
        return sarif.stream(files, workspace.rules_used(), __version__, version, docs_url)
    if format is CheckFormat.github:
        from ..reporters import github

        return github.stream(files)
    if format is CheckFormat.junit:
        from ..reporters import junit

        return junit.stream(files, workspace.rules_used())
    from ..reporters import text as text_reporter

    return text_reporter.stream(files, colour=colour, concise=format is CheckFormat.concise)


class _Run:
    """What the end of a run needs, gathered as each file's result passes on to the report:
    unreadable files (reported on stderr as they come), whether a finding fails the run, the
    baseline records to write or the baseline to apply."""

    def __init__(
        self, workspace: "Workspace", baseline: Path | None, write_baseline: Path | None
    ) -> None:
        self.workspace = workspace
        self.errors = 0
        self.failing = False
        self.write_baseline = write_baseline
        self.recorder = None
        self.filter = None
        if write_baseline is not None or baseline is not None:
            from ..engine import baseline as baselines

            if write_baseline is not None:
                self.recorder = baselines.Recorder()
            else:
                try:
                    self.filter = baselines.Filter(baselines.load(baseline))
                except baselines.BaselineError as exc:
                    raise fail(str(exc)) from None

    def each(self, results: Iterator["FileResult"]) -> Iterator["FileResult"]:
        for file in results:
            if self.recorder is not None:
                self.recorder.add(file)
            if self.filter is not None:
                file = self.filter(file)
            if file.error is not None:
                self.errors += 1
                typer.echo(f"disclosure-lint: error: {file.error}", err=True)
            elif not self.failing and self.workspace.fails(file):
                self.failing = True
            yield file

    def finish(self) -> None:
        """--write-baseline records the findings (not on a run with unreadable files: their
        findings would be missing)."""
        if self.recorder is None or self.write_baseline is None:
            return
        if self.errors:
            typer.echo(
                f"disclosure-lint: error: {self.write_baseline} not written: a file could not "
                "be linted",
                err=True,
            )
            return
        try:
            count = self.recorder.write(self.write_baseline)
        except OSError as exc:
            raise fail(f"cannot write {self.write_baseline}: {exc.strerror or exc}") from None
        typer.echo(f"disclosure-lint: recorded {count} findings in {self.write_baseline}", err=True)


def _stream_output(chunks: Iterator[str], output: Path | None) -> None:
    """Write the report as it is made: to stdout, or to FILE atomically (a temporary file
    renamed when the report is complete)."""
    if output is None:
        write = sys.stdout.write
        for chunk in chunks:
            write(chunk)
        return
    from ..atomic import atomic_writer

    try:
        with atomic_writer(output) as fh:
            for chunk in chunks:
                fh.write(chunk)
    except OSError as exc:
        raise fail(f"cannot write {output}: {exc.strerror or exc}") from None


def _show_settings(workspace, paths: list[str], stdin_filename: str | None) -> None:
    import json

    if len(paths) != 1:
        raise fail("--show-settings takes one path")
    path = (stdin_filename or "-") if paths == ["-"] else paths[0]
    typer.echo(json.dumps(workspace.describe(path), indent=2))
    raise typer.Exit(EXIT_CLEAN)
