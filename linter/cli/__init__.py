"""The command line. Each command lives in a module of this package; this one holds the app,
the shared option types and the entry point.

Exit codes: 0 no finding at or above the fail level; 1 findings; 2 usage error, bad rule or
config, or a file that could not be read or parsed (other files are still linted).
"""

from __future__ import annotations

import gc

# A Document is tens of thousands of small objects that live until its file is done, and
# startup (typer, pydantic, our rules and their compiled patterns) makes objects that live as
# long as the process: at the default threshold (700) the collector walks them again every few
# hundred allocations. Set before anything else is imported, so that startup runs no collection.
# Measured: 5% less time on 379 cards (7 paired whole-process runs), 8 MB more peak memory.
GC_THRESHOLD = 100_000  # allocations between young-generation collections
gc.set_threshold(GC_THRESHOLD, 50, 50)

import os  # noqa: E402
import sys  # noqa: E402
from enum import StrEnum  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Annotated  # noqa: E402

import typer  # noqa: E402

from .. import __version__  # noqa: E402

app = typer.Typer(
    name="disclosure-lint",
    help="Lint model cards, system cards and release notes for fallback-routing, tier and "
    "refusal-rate disclosures, and for euphemisms that hide them.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


class ListFormat(StrEnum):
    text = "text"
    json = "json"


def fail(message: str) -> typer.Exit:
    """Print a one-line usage error and return the exit to raise."""
    typer.echo(f"disclosure-lint: error: {message}", err=True)
    return typer.Exit(EXIT_USAGE)


def _split(values: list[str] | None) -> list[str]:
    out: list[str] = []
    for value in values or []:
        out.extend(v.strip() for v in value.split(",") if v.strip())
    return out


def _load_ruleset(extra_dirs: list[Path] | None = None):
    from ..rulebook import RuleError, load_ruleset

    try:
        return load_ruleset(extra_dirs)
    except RuleError as exc:
        raise fail(str(exc)) from None


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"disclosure-lint {__version__}")
        raise typer.Exit(EXIT_CLEAN)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version_callback,
            is_eager=True,
            help="Print the version and exit.",
        ),
    ] = False,
) -> None:
    """disclosure-lint"""


def _write_output(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    from ..atomic import write_atomic

    try:
        write_atomic(output, text)
    except OSError as exc:
        raise fail(f"cannot write {output}: {exc.strerror or exc}") from None


def _register(command: str | None = None) -> None:
    """Import the command modules: importing one adds its commands to `app`.

    Given the command about to run, import only the module named after it when that module
    defines it (`check` lives in check.py): every command module costs import time, and typer
    builds every registered command before it parses the arguments. Anything else (a command
    in a module of another name, a typo, `--help`) gets them all."""
    if command is not None and command.isidentifier():
        import importlib.util

        if importlib.util.find_spec(f"{__name__}.{command}") is not None:
            importlib.import_module(f"{__name__}.{command}")
            if command in _registered_names():
                return
    from . import audit, check, info  # noqa: F401


def _registered_names() -> set[str]:
    return {
        info.name or info.callback.__name__.replace("_", "-")
        for info in app.registered_commands
        if info.callback is not None
    }


def main() -> None:
    """Entry point: no traceback reaches the user; an internal error prints one line and where
    the full report was written."""
    # The modules imported so far live as long as the process: out of the collector's sight,
    # so that the collection after each linted file does not walk them.
    gc.freeze()
    # pydantic scans the entry points of every installed distribution for its plugins the first
    # time it builds a model (~4 ms here, more in a large environment). Our models are internal
    # (rule files, check parameters): nothing a plugin is for. A value the user set is kept.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _register(next((arg for arg in sys.argv[1:] if not arg.startswith("-")), None))
    try:
        app(prog_name="disclosure-lint")
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.stderr.write("disclosure-lint: interrupted\n")
        sys.exit(130)
    except Exception as exc:  # the last line of defence, not control flow
        import tempfile
        import traceback

        fd, report = tempfile.mkstemp(prefix="disclosure-lint-crash-", suffix=".txt")
        with os.fdopen(fd, "w") as fh:
            traceback.print_exc(file=fh)
        sys.stderr.write(
            f"disclosure-lint: internal error: {type(exc).__name__}: {exc}; "
            f"full report in {report}\n"
        )
        sys.exit(EXIT_USAGE)
