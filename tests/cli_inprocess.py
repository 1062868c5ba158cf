"""Run the command line in this process (fast), from a given working directory."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Run:
    code: int
    out: str
    err: str


def cli(*args: str, cwd: Path, input: bytes | None = None) -> Run:
    from typer.testing import CliRunner

    from linter.cli import _register, app

    _register()
    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(app, list(args), input=input, catch_exceptions=False)
    finally:
        os.chdir(old)
    return Run(result.exit_code, result.stdout, result.stderr)
