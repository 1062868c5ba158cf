"""The audit walk-through (docs/audit.md, appended to the README) stays true: its console
examples are what the commands print, and the README carries the same text."""

from __future__ import annotations

import re
import shlex

import pytest

from tests.helpers import REPO, run_cli

DOC = (REPO / "docs" / "audit.md").read_text()
CONSOLE = re.findall(r"```console\n\$ (.*?)\n(.*?)```", DOC, re.S)


def _chunks(expected: str) -> list[list[str]]:
    """Expected output split at elision lines (`...`)."""
    chunks: list[list[str]] = [[]]
    for line in expected.rstrip("\n").split("\n"):
        if line.strip() == "...":
            chunks.append([])
        else:
            chunks[-1].append(line)
    return chunks


def test_the_walk_through_has_console_examples():
    assert len(CONSOLE) >= 4


@pytest.mark.parametrize(("command", "expected"), CONSOLE, ids=[c for c, _ in CONSOLE])
def test_console_example_is_what_the_command_prints(command, expected):
    args = shlex.split(command)
    assert args[0] == "disclosure-lint"
    out = run_cli(*args[1:]).stdout.decode().rstrip("\n").split("\n")
    chunks = _chunks(expected)
    if len(chunks) == 1:
        assert out == chunks[0]
        return
    at = 0
    for chunk in chunks:
        while at < len(out) and out[at : at + len(chunk)] != chunk:
            at += 1
        assert at < len(out), f"not printed in this order:\n{chr(10).join(chunk)}"
        at += len(chunk)


def test_readme_carries_the_walk_through():
    readme = (REPO / "README.md").read_text()
    assert DOC.replace("](audit-report.png)", "](docs/audit-report.png)") in readme
    assert (REPO / "docs" / "audit-report.png").stat().st_size > 10_000
