"""Startup stays small: commands that only print rule data import no schema validator, no
Markdown, HTML or PDF library, and no YAML round-trip parser."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.helpers import REPO

HEAVY = (
    "jsonschema",
    "markdown_it",
    "mdit_py_plugins",
    "html.parser",
    "pypdf",
    "pdfminer",
    "pdfplumber",
    "fitz",
    "bs4",
    "lxml",
    "rich",
    "re2",
    "ruamel.yaml",
)

_PROBE = """
import contextlib, io, json, sys
sys.argv = ["disclosure-lint", *json.loads(sys.argv[1])]
from linter.cli import main
code = None
try:
    with contextlib.redirect_stdout(io.StringIO()) as out:
        main()
except SystemExit as exc:
    code = exc.code
print(json.dumps({"code": code, "output": out.getvalue(), "modules": sorted(sys.modules)}))
"""


def _modules_after(*args: str) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(list(args))],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.mark.parametrize(
    "args",
    [("--version",), ("rules",), ("rules", "--format", "json"), ("explain", "FR001")],
    ids=" ".join,
)
def test_printing_commands_import_no_heavy_module(args: tuple[str, ...]):
    pytest.importorskip("yaml.cyaml", reason="without libyaml rule files go through ruamel.yaml")
    result = _modules_after(*args)
    assert result["code"] in (0, None)
    assert result["output"]  # the command ran and printed
    loaded = set(result["modules"])
    heavy = sorted(m for m in HEAVY if m in loaded or any(n.startswith(m + ".") for n in loaded))
    assert heavy == []


def test_version_loads_no_rules():
    loaded = set(_modules_after("--version")["modules"])
    assert "linter.rulebook" not in loaded
    assert "pydantic" not in loaded


def test_check_imports_the_markdown_parser_the_probe_sees():
    # The probe itself would see a heavy import: a check run imports markdown-it.
    result = _modules_after("check", "examples/complete-release.md")
    assert "markdown_it" in result["modules"]


def test_a_card_without_front_matter_is_checked_without_a_yaml_library():
    # Our rules come from rules/bundle.json; YAML is read only for front matter, sidecars,
    # config files and a lab's own rules.
    loaded = set(_modules_after("check", "examples/problem-release.md")["modules"])
    assert sorted(m for m in loaded if m == "yaml" or m.startswith(("yaml.", "ruamel"))) == []


def test_check_imports_only_what_checking_a_file_needs():
    # The repository's pyproject.toml names the tool but holds no table of ours.
    loaded = set(_modules_after("check", "examples/complete-release.md")["modules"])
    assert "linter.cli.check" in loaded
    unneeded = {
        "linter.cli.audit",  # other commands' modules
        "linter.cli.info",
        "linter.engine.config_file",  # no config file applies
        "linter.engine.gitignore",  # no directory is walked
        "linter.engine.baseline",  # no --baseline
        "tomllib",
        "linter.reporters.jsonout",  # the text format was asked for
        "concurrent.futures.process",  # one file needs no workers
        "html.parser",  # the card has no HTML block
    }
    assert sorted(unneeded & loaded) == []


def test_other_commands_are_still_registered_when_their_module_is_named_otherwise():
    result = _modules_after("rules")
    assert result["code"] in (0, None)
    assert "FR001" in result["output"]


_COLLECTIONS = """
import gc, sys
runs = []
# Counted from linter/cli/__init__.py's first line (`import gc`) on: compiling its source, where
# there is no .pyc, may collect once before that, out of the module's hands.
gc.callbacks.append(
    lambda phase, info: phase == "stop"
    and hasattr(sys.modules.get("linter.cli"), "gc")
    and runs.append(info["generation"])
)
sys.argv = ["disclosure-lint", "check", "--format", "json", *sys.argv[1:]]
from linter.cli import main
try:
    main()
except SystemExit:
    pass
sys.stderr.write(f"collections: {runs}\\n")
"""


def test_startup_runs_no_collection_and_each_file_one(tmp_path):
    # Startup's objects (typer, pydantic, the rules) live as long as the process; at the
    # default threshold the collector walked them about sixty times before the first file. The
    # threshold is raised before linter.cli imports anything.
    cards = []
    for n in range(3):
        card = tmp_path / f"card-{n}.md"
        card.write_text(f"# Example {n}\n\nThe model is safe by design.\n")
        cards.append(str(card))
    proc = subprocess.run(
        [sys.executable, "-c", _COLLECTIONS, "--jobs", "1", *cards],
        capture_output=True, text=True, cwd=REPO, timeout=60,
    )  # fmt: skip
    assert proc.stderr.strip().splitlines()[-1] == "collections: [0, 0, 0]", proc.stderr


_YOUNG = """
import gc, json, sys
sys.argv = ["disclosure-lint", "check", *sys.argv[1:]]
from linter.cli import main
# Only now: importing from a checkout without byte-code compiles the package's first modules,
# enough to start a collection before linter.cli raises the threshold.
seen = []
gc.callbacks.append(
    lambda phase, info: phase == "start"
    and not seen
    and seen.append((len(gc.get_objects(0)), gc.get_freeze_count()))
)
try:
    main()
except SystemExit:
    pass
sys.stderr.write(json.dumps(seen[0]) + "\\n")
"""


def test_the_collection_after_a_file_does_not_walk_what_startup_made(tmp_path):
    # The rules, the checks and pydantic are made after main() starts; frozen once the files'
    # plans are built, they are not walked again by the collection after each file (before,
    # that collection walked ~40,000 objects for a one-line card).
    card = tmp_path / "card.md"
    card.write_text("# Example\n\nThe model is safe by design.\n")
    proc = subprocess.run(
        [sys.executable, "-c", _YOUNG, str(card)],
        capture_output=True, text=True, cwd=REPO, timeout=60,
    )  # fmt: skip
    young, frozen = json.loads(proc.stderr.strip().splitlines()[-1])
    assert young * 4 < frozen, (young, frozen)


_PLUGINS = """
import contextlib, io, os, sys
sys.argv = ["disclosure-lint", "check", "examples/complete-release.md"]
from linter.cli import main
try:
    with contextlib.redirect_stdout(io.StringIO()):
        main()
except SystemExit:
    pass
print(os.environ.get("PYDANTIC_DISABLE_PLUGINS"))
"""


@pytest.mark.parametrize(
    ("preset", "expected"), [(None, "__all__"), ("some-plugin", "some-plugin")]
)
def test_check_skips_pydantic_plugins_unless_the_user_chose(preset, expected):
    # pydantic's search for plugins scans every installed distribution's entry points; a
    # variable the user set is theirs.
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    if preset is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = preset
    proc = subprocess.run(
        [sys.executable, "-c", _PLUGINS],
        capture_output=True, text=True, cwd=REPO, timeout=60, env=env,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == expected
