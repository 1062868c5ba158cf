"""Shared test helpers: lint a text in-process, run the CLI as a user would."""

from __future__ import annotations

import subprocess
import sys
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@lru_cache(maxsize=1)
def ruleset():
    from linter.rulebook import load_ruleset

    return load_ruleset()


@lru_cache(maxsize=1)
def default_rules():
    from linter.engine import compile_rules, select_rules

    return compile_rules(select_rules(ruleset().rules))


def lint(text: str, path: str = "card.md", select: list[str] | None = None):
    """Findings for ``text`` as a Markdown document, with the default rules (or ``select``)."""
    from linter.engine import compile_rules, select_rules
    from linter.engine.run import lint_text

    rules = (
        default_rules() if select is None else compile_rules(select_rules(ruleset().rules, select))
    )
    result = lint_text(path, text, ruleset(), rules)
    assert result.error is None, result.error
    return result.findings


def codes(text: str, **kw) -> set[str]:
    return {f.rule for f in lint(text, **kw)}


def run_cli(*args: str, input: bytes | None = None, cwd: Path | None = None):
    """Run `python -m linter ARGS` in a subprocess, as a user's shell would."""
    return subprocess.run(
        [sys.executable, "-m", "linter", *args],
        input=input,
        capture_output=True,
        cwd=cwd or REPO,
        timeout=120,
    )
