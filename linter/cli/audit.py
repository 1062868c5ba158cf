"""`disclosure-lint audit` and `disclosure-lint diff`: scorecards of published documents
(Markdown, text, HTML, PDF, http(s) URLs) and what a new version of a card stopped disclosing.

Exit codes: audit 0 when every document was audited (findings are the report), 1 when
--fail-under is given and a score is below it, 2 when a document could not be read. diff 0, 1
when NEW discloses less than OLD, 2 when either could not be read.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from . import EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, _write_output, app, fail


class AuditFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"
    html = "html"
    csv = "csv"


class DiffFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


class Sort(StrEnum):
    input = "input"
    score = "score"
    score_desc = "score-desc"
    path = "path"


TimeoutOption = Annotated[
    float, typer.Option("--timeout", min=0.1, help="Seconds to wait for a URL.")
]
MaxSizeOption = Annotated[
    float, typer.Option("--max-size", min=0.001, help="Largest download from a URL, in MB.")
]
RulesDirOption = Annotated[list[Path] | None, typer.Option(help="An extra folder of rule files.")]


def report_date() -> str:
    """Today (UTC), or the date of SOURCE_DATE_EPOCH for reproducible reports."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date().isoformat()
    return dt.datetime.now(dt.UTC).date().isoformat()


def _settings(timeout: float, max_size: float, rules_dir: list[Path] | None):
    from ..audit import Limits, Settings, prepare
    from ..rulebook import RuleError

    settings = Settings(
        Limits(timeout=timeout, max_bytes=int(max_size * 1024 * 1024)),
        tuple(str(d) for d in rules_dir or ()),
    )
    try:
        prepare(settings.rules_dirs)
    except RuleError as exc:
        raise fail(str(exc)) from None
    return settings


class _ProgressBar:
    """A one-line bar on stderr, drawn only on a terminal."""

    WIDTH = 30

    def __init__(self) -> None:
        self.drawn = False

    def __call__(self, done: int, total: int, name: str) -> None:
        filled = self.WIDTH * done // total
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        from ..reporters.safe import one_line

        label = one_line(name)[-40:]
        sys.stderr.write(f"\r[{bar}] {done}/{total} {label}\x1b[K")
        sys.stderr.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


@app.command()
def audit(
    paths: Annotated[
        list[str] | None,
        typer.Argument(help="Files (.md, .txt, .html, .pdf), directories or http(s) URLs."),
    ] = None,
    list_file: Annotated[
        list[str] | None,
        typer.Option("--list", help="A file naming documents, one path or URL a line."),
    ] = None,
    format: Annotated[
        AuditFormat,
        typer.Option("--format", "-f", help="Report format (csv: the summary table)."),
    ] = AuditFormat.text,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to FILE.")
    ] = None,
    summary: Annotated[
        bool, typer.Option("--summary", help="Only the table across documents (text, markdown).")
    ] = False,
    sort: Annotated[Sort, typer.Option(help="Order of the summary table.")] = Sort.input,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes.")] = 1,
    fail_under: Annotated[
        int | None,
        typer.Option("--fail-under", min=0, max=100, help="Exit 1 when a score is below this."),
    ] = None,
    timeout: TimeoutOption = 20.0,
    max_size: MaxSizeOption = 20.0,
    rules_dir: RulesDirOption = None,
) -> None:
    """Audit published documents: a scorecard per document (what it discloses about routing,
    tiers and refusals, what it hides, and where). Suppression comments are listed, not
    honoured."""
    from ..audit import audit_all
    from ..audit.batch import collect
    from ..document import ReadError

    if not paths and not list_file:
        raise fail("no documents given (paths, directories, URLs or --list FILE)")
    if summary and format in (AuditFormat.json, AuditFormat.html):
        raise fail("--summary applies to the text and markdown formats (csv is a summary)")
    try:
        documents, empty = collect(paths or [], list_file or [])
    except ReadError as exc:
        raise fail(str(exc)) from None
    for arg in empty:
        typer.echo(f"disclosure-lint: error: {arg}: no documents to audit there", err=True)
    if not documents:
        raise typer.Exit(EXIT_USAGE)
    settings = _settings(timeout, max_size, rules_dir)
    bar = _ProgressBar() if sys.stderr.isatty() and len(documents) > 1 else None
    try:
        result = audit_all(documents, settings, jobs=jobs, progress=bar)
    finally:
        if bar is not None:
            bar.close()
    for error in result.errors:
        typer.echo(f"disclosure-lint: error: {error.message}", err=True)

    text = _render(result, format, summary, sort.value, output)
    _write_output(text, output)
    if result.errors or empty:
        raise typer.Exit(EXIT_USAGE)
    if fail_under is not None and any(d.score < fail_under for d in result.documents):
        raise typer.Exit(EXIT_FINDINGS)
    raise typer.Exit(EXIT_CLEAN)


def _render(result, format: AuditFormat, summary: bool, sort: str, output: Path | None) -> str:
    if format is AuditFormat.json:
        from ..reporters import audit_json

        return audit_json.render(result)
    if format is AuditFormat.csv:
        from ..reporters import audit_csv

        return audit_csv.render(result, sort)
    if format is AuditFormat.html:
        from ..reporters import audit_html

        return audit_html.render(result, report_date(), sort)
    if format is AuditFormat.markdown:
        from ..reporters import audit_markdown

        return audit_markdown.render(result, report_date(), sort, only_summary=summary)
    from ..reporters import audit_text

    colour = output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    if summary:
        return "\n".join(audit_text.summary(result, sort)) + "\n"
    return audit_text.render(result, colour=colour, sort=sort)


@app.command()
def diff(
    old: Annotated[str, typer.Argument(help="The earlier version: file or URL, any format.")],
    new: Annotated[str, typer.Argument(help="The later version: file or URL, any format.")],
    format: Annotated[DiffFormat, typer.Option("--format", "-f")] = DiffFormat.text,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to FILE.")
    ] = None,
    timeout: TimeoutOption = 20.0,
    max_size: MaxSizeOption = 20.0,
    rules_dir: RulesDirOption = None,
) -> None:
    """What NEW stopped (and started) disclosing against OLD: facts gone and new, euphemisms
    new and removed, score change. Exits 1 when NEW discloses less."""
    from ..audit import AuditError, audit_one, compare

    settings = _settings(timeout, max_size, rules_dir)
    audits = [audit_one(old, settings), audit_one(new, settings)]
    errors = [a for a in audits if isinstance(a, AuditError)]
    for error in errors:
        typer.echo(f"disclosure-lint: error: {error.message}", err=True)
    if errors:
        raise typer.Exit(EXIT_USAGE)
    from ..audit.run import prepare
    from ..reporters import audit_diff

    result = compare(audits[0], audits[1])
    ruleset, _ = prepare(settings.rules_dirs)
    from .. import __version__

    if format is DiffFormat.json:
        text = audit_diff.render_json(result, __version__, ruleset.version)
    elif format is DiffFormat.markdown:
        text = audit_diff.render_markdown(result, report_date(), __version__)
    else:
        text = audit_diff.render_text(result)
    _write_output(text, output)
    raise typer.Exit(EXIT_FINDINGS if result.discloses_less else EXIT_CLEAN)
