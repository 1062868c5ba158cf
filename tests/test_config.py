"""Configuration files: discovery (nearest wins), extend, every key's effect, the command line
on top, --config, --show-settings, errors with file and line, and the published schema."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import jsonschema
import pytest

from linter.engine.config_schema import config_json_schema
from linter.engine.gitignore import ignored, parse_gitignore
from linter.engine.globs import Glob, GlobError
from tests.cli_inprocess import cli
from tests.helpers import REPO

# FR004, FR005 (errors) and FR006 (warning) fire on line 3; RR001 and TD001 on line 1.
CARD = "# Example 5\n\nOur classifier routes requests about chemical weapons to Example 4.8.\n"


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def findings(tmp_path: Path, *args: str) -> dict[str, list[tuple[str, str, int]]]:
    """{path: [(rule, severity, line)]} from `check --format json ARGS` run in tmp_path."""
    run = cli("check", "--format", "json", *args, cwd=tmp_path)
    assert run.code in (0, 1), run.err
    data = json.loads(run.out)
    return {
        f["path"]: [(x["rule"], x["severity"], x["line"]) for x in f["findings"]]
        for f in data["files"]
    }


def rules_of(result: dict, path: str) -> set[str]:
    return {rule for rule, _, _ in result[path]}


# -- keys ----------------------------------------------------------------------------------


def test_yaml_config_select_and_severity(tmp_path):
    write(
        tmp_path,
        {
            ".disclosure-lint.yaml": "select: [FR]\nseverity:\n  FR004: warning\n",
            "card.md": CARD,
        },
    )
    got = findings(tmp_path, "card.md")["card.md"]
    assert {rule for rule, _, _ in got} == {"FR004", "FR005", "FR006"}
    assert ("FR004", "warning", 3) in got
    assert ("FR005", "error", 3) in got


def test_pyproject_table_is_read_and_pyproject_without_it_is_skipped(tmp_path):
    write(
        tmp_path,
        {
            "pyproject.toml": '[tool.disclosure-lint]\nselect = ["FR004", "RR"]\n',
            "sub/pyproject.toml": '[project]\nname = "cards"\n',
            "sub/card.md": CARD,
        },
    )
    assert rules_of(findings(tmp_path, "sub/card.md"), "sub/card.md") == {"FR004", "RR001"}


@pytest.mark.parametrize(
    "table",
    [
        '[tool.disclosure-lint]\nselect = ["FR004", "RR"]\n',
        '[ tool . "disclosure-lint" ]\nselect = ["FR004", "RR"]\n',
        "[tool]\n'disclosure-lint' = { select = ['FR004', 'RR'] }\n",
        'tool.disclosure-lint.select = ["FR004", "RR"]\n',
        '"tool" = {disclosure-lint = {select = ["FR004", "RR"]}}\n',
        '[tool.disclosure-lint.severity]\nFR004 = "warning"\n[tool.disclosure-lint]\n'
        'select = ["FR004", "RR"]\n',
    ],
    ids=["header", "quoted", "tool-table", "dotted", "inline", "subtable-first"],
)
def test_every_toml_spelling_of_our_table_is_found(tmp_path, table: str):
    # A pyproject is parsed only when its text could hold our table; each spelling must.
    write(tmp_path, {"pyproject.toml": f'{table}[project]\nname = "x"\n', "card.md": CARD})
    assert rules_of(findings(tmp_path, "card.md"), "card.md") == {"FR004", "RR001"}


def test_a_pyproject_that_only_names_us_is_not_a_config(tmp_path):
    # Naming the tool (a dependency, say) is not a table of ours, however broken the file.
    pyproject = '[project]\ndependencies = ["disclosure-lint>=0.1"]\n[tool.other]\nx = [\n'
    write(tmp_path, {"pyproject.toml": pyproject, "card.md": CARD})
    assert rules_of(findings(tmp_path, "card.md"), "card.md") >= {"FR004", "FR005", "RR001"}


def test_nearest_config_wins_and_yaml_beats_pyproject_in_one_folder(tmp_path):
    write(
        tmp_path,
        {
            ".disclosure-lint.yaml": "select: [FR004]\n",
            "card.md": CARD,
            "team/pyproject.toml": '[tool.disclosure-lint]\nselect = ["FR005"]\n',
            "team/.disclosure-lint.yaml": "select: [RR001]\n",
            "team/card.md": CARD,
            "other/pyproject.toml": '[tool.disclosure-lint]\nselect = ["FR005"]\n',
            "other/card.md": CARD,
        },
    )
    got = findings(tmp_path, ".")
    assert rules_of(got, "./card.md") == {"FR004"}
    assert rules_of(got, "./team/card.md") == {"RR001"}
    assert rules_of(got, "./other/card.md") == {"FR005"}


def test_extend_inherits_replaces_and_merges(tmp_path):
    write(
        tmp_path,
        {
            "base.yaml": "select: [FR, RR001]\nseverity:\n  FR004: info\n  FR005: info\n",
            "cards/.disclosure-lint.yaml": (
                "extend: ../base.yaml\nseverity:\n  FR005: warning\nignore: [FR006]\n"
            ),
            "cards/card.md": CARD,
        },
    )
    got = set(findings(tmp_path, "cards/card.md")["cards/card.md"])
    assert got == {("FR004", "info", 3), ("FR005", "warning", 3), ("RR001", "error", 1)}


def test_severity_most_specific_entry_wins(tmp_path):
    write(
        tmp_path,
        {
            ".disclosure-lint.yaml": (
                "select: [FR004, FR005, FR006, RR001]\n"
                "severity:\n  fallback-routing: info\n  FR00: warning\n  FR004: error\n"
            ),
            "card.md": CARD,
        },
    )
    got = set(findings(tmp_path, "card.md")["card.md"])
    assert got == {
        ("FR004", "error", 3),
        ("FR005", "warning", 3),
        ("FR006", "warning", 3),
        ("RR001", "error", 1),
    }


def test_per_file_ignores_match_globs_relative_to_the_config(tmp_path):
    write(
        tmp_path,
        {
            ".disclosure-lint.yaml": (
                "select: [FR004, FR005]\nper-file-ignores:\n"
                '  "drafts/**": [FR004]\n  "*-old.md": [routing-share-unquantified]\n'
            ),
            "card.md": CARD,
            "drafts/a/card.md": CARD,
            "card-old.md": CARD,
        },
    )
    got = findings(tmp_path, ".")
    assert rules_of(got, "./card.md") == {"FR004", "FR005"}
    assert rules_of(got, "./drafts/a/card.md") == {"FR005"}
    assert rules_of(got, "./card-old.md") == {"FR004"}


def test_include_exclude_gitignore_and_explicit_files(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    write(
        tmp_path,
        {
            ".disclosure-lint.yaml": (
                'select: [FR004]\ninclude: ["*.md", "*.txt"]\nexclude: ["drafts/", "*-wip.md"]\n'
            ),
            ".gitignore": "build/\n*.tmp.md\n!keep.tmp.md\n",
            "card.md": CARD,
            "notes.txt": CARD,
            "other.markdown": CARD,
            "card-wip.md": CARD,
            "drafts/card.md": CARD,
            "build/card.md": CARD,
            "scratch.tmp.md": CARD,
            "keep.tmp.md": CARD,
        },
    )
    got = findings(tmp_path, ".")
    assert sorted(got) == ["./card.md", "./keep.tmp.md", "./notes.txt"]
    explicit = findings(tmp_path, "drafts/card.md", "build/card.md", "card-wip.md")
    assert sorted(explicit) == ["build/card.md", "card-wip.md", "drafts/card.md"]
    assert all(rules_of(explicit, p) == {"FR004"} for p in explicit)


def test_respect_gitignore_false(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    write(
        tmp_path,
        {
            ".disclosure-lint.yaml": "select: [FR004]\nrespect-gitignore: false\n",
            ".gitignore": "build/\n",
            "build/card.md": CARD,
        },
    )
    assert sorted(findings(tmp_path, ".")) == ["./build/card.md"]


def test_rules_dirs_add_a_labs_own_rules(tmp_path):
    rule = (REPO / "rules" / "fallback-routing" / "FR004-routing-notice-unstated.yaml").read_text()
    rule = rule.replace("code: FR004", "code: LAB001").replace(
        "name: routing-notice-unstated", "name: lab-routing-notice"
    )
    write(
        tmp_path,
        {
            "lab/house/LAB001-lab-routing-notice.yaml": rule,
            "lab/.disclosure-lint.yaml": "rules-dirs: [house]\nselect: [LAB]\n",
            "lab/card.md": CARD,
        },
    )
    assert findings(tmp_path, "lab/card.md")["lab/card.md"] == [("LAB001", "error", 3)]


def test_fail_on_from_config_and_the_option_overrides_it(tmp_path):
    write(tmp_path, {".disclosure-lint.yaml": "select: [FR006]\nfail-on: warning\n"})
    write(tmp_path, {"card.md": CARD})
    assert cli("check", "card.md", cwd=tmp_path).code == 1
    assert cli("check", "card.md", "--fail-on", "error", cwd=tmp_path).code == 0
    (tmp_path / ".disclosure-lint.yaml").write_text("select: [FR006]\n")
    assert cli("check", "card.md", cwd=tmp_path).code == 0


def test_command_line_select_replaces_and_ignore_adds(tmp_path):
    write(tmp_path, {".disclosure-lint.yaml": "select: [FR]\nignore: [FR006]\n", "card.md": CARD})
    got = findings(tmp_path, "card.md", "--select", "FR,RR001", "--ignore", "FR005")
    assert rules_of(got, "card.md") == {"FR004", "RR001"}


def test_explicit_config_applies_to_every_path(tmp_path):
    write(
        tmp_path,
        {
            "ci.yaml": "select: [RR001]\n",
            "team/.disclosure-lint.yaml": "select: [FR004]\n",
            "team/card.md": CARD,
        },
    )
    got = findings(tmp_path, "--config", "ci.yaml", "team/card.md")
    assert rules_of(got, "team/card.md") == {"RR001"}
    missing = cli("check", "--config", "nope.yaml", "team/card.md", cwd=tmp_path)
    assert missing.code == 2
    assert "nope.yaml: config file not found" in missing.err


def test_show_settings_prints_the_resolved_configuration(tmp_path):
    write(
        tmp_path,
        {
            "base.yaml": "select: [FR]\nfail-on: warning\n",
            "cards/.disclosure-lint.yaml": "extend: ../base.yaml\nseverity: {FR004: info}\n",
            "cards/card.md": CARD,
        },
    )
    run = cli("check", "--show-settings", "cards/card.md", "--ignore", "FR007", cwd=tmp_path)
    assert run.code == 0, run.err
    shown = json.loads(run.out)
    assert shown["config-files"] == [
        str(tmp_path / "cards" / ".disclosure-lint.yaml"),
        str(tmp_path / "base.yaml"),
    ]
    assert shown["select"] == ["FR"]
    assert shown["command-line"]["ignore"] == ["FR007"]
    assert shown["effective-fail-on"] == "warning"
    assert shown["rules"] == {
        "FR001": "error",
        "FR002": "error",
        "FR003": "error",
        "FR004": "info",
        "FR005": "error",
        "FR006": "warning",
    }
    assert cli("check", "--show-settings", "a.md", "b.md", cwd=tmp_path).code == 2


def test_no_config_file_means_defaults(tmp_path):
    write(tmp_path, {"card.md": CARD})
    run = cli("check", "--show-settings", "card.md", cwd=tmp_path)
    shown = json.loads(run.out)
    assert shown["config-files"] == []
    assert shown["effective-fail-on"] == "error"
    assert "FR004" in shown["rules"]


# -- errors: file, line, exit 2 ------------------------------------------------------------

ERRORS = [
    (".disclosure-lint.yaml", "select: [FR]\nselct: [TD]\n", 2, "unknown key 'selct'"),
    (
        "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.disclosure-lint]\nselect = ["FR"]\nbogus = 1\n',
        6,
        "unknown key 'bogus'",
    ),
    (
        ".disclosure-lint.yaml",
        "select:\n  - FR\n  - XX9\n",
        3,
        "unknown rule, prefix or category 'XX9'",
    ),
    (
        "pyproject.toml",
        '[tool.disclosure-lint]\nignore = [\n  "FR006",\n  "ZZ001",\n]\n',
        4,
        "unknown rule, prefix or category 'ZZ001'",
    ),
    (
        "pyproject.toml",
        '[tool.disclosure-lint]\nselect = ["FR"]\n\n[tool.disclosure-lint.severity]\n'
        'FR004 = "loud"\n',
        5,
        "severity.FR004",
    ),
    (".disclosure-lint.yaml", "severity:\n  QQ001: warning\n", 2, "'QQ001'"),
    (".disclosure-lint.yaml", "per-file-ignores:\n  'a/*': [FR004, NOPE]\n", 2, "'NOPE'"),
    (".disclosure-lint.yaml", "fail-on: never\n", 1, "fail-on"),
    (".disclosure-lint.yaml", "select: FR\n", 1, "select"),
    (".disclosure-lint.yaml", "exclude: ['[abc']\n", 1, "unclosed '['"),
    (".disclosure-lint.yaml", "rules-dirs: [missing]\n", 1, "rules folder not found"),
    (".disclosure-lint.yaml", "docs-url: docs/rules\n", 1, "docs-url"),
    (".disclosure-lint.yaml", "select: [FR\n", 2, "invalid YAML"),
    (".disclosure-lint.yaml", "- FR\n", 1, "one mapping"),
    ("pyproject.toml", "[tool.disclosure-lint]\nselect = [\n", 3, "invalid TOML"),
    (".disclosure-lint.yaml", "extend: .disclosure-lint.yaml\n", 1, "circular"),
    (".disclosure-lint.yaml", "extend: base.yaml\n", 1, "config file not found"),
]


@pytest.mark.parametrize(("name", "text", "line", "message"), ERRORS)
def test_bad_config_is_an_error_with_file_and_line(tmp_path, name, text, line, message):
    write(tmp_path, {name: text, "card.md": CARD})
    run = cli("check", "card.md", cwd=tmp_path)
    assert run.code == 2, run.out
    assert run.out == ""
    err = run.err.strip()
    assert "\n" not in err and "Traceback" not in err
    assert err.startswith(f"disclosure-lint: error: {tmp_path / name}:{line}: "), err
    assert message in err


# -- globs and .gitignore ------------------------------------------------------------------

BASE = Path("/r")


@pytest.mark.parametrize(
    ("pattern", "path", "is_dir", "expected"),
    [
        ("*.md", "/r/a/b.md", False, True),
        ("docs/*.md", "/r/docs/x.md", False, True),
        ("docs/*.md", "/r/a/docs/x.md", False, False),
        ("/x.md", "/r/x.md", False, True),
        ("/x.md", "/r/a/x.md", False, False),
        ("**/drafts", "/r/a/b/drafts", True, True),
        ("drafts/", "/r/a/drafts", True, True),
        ("drafts/", "/r/a/drafts", False, False),
        ("docs/**/*.md", "/r/docs/x.md", False, True),
        ("docs/**/*.md", "/r/docs/a/b/x.md", False, True),
        ("[!a]*.md", "/r/b.md", False, True),
        ("[!a]*.md", "/r/a.md", False, False),
        ("card?.md", "/r/card1.md", False, True),
        ("*.md", "/elsewhere/x.md", False, False),
    ],
)
def test_glob_matching(pattern, path, is_dir, expected):
    assert Glob.compile(pattern, BASE).matches(Path(path), is_dir) is expected


def test_glob_covers_files_in_matching_folders():
    assert Glob.compile("drafts", BASE).covers(Path("/r/x/drafts/y/z.md"))
    assert not Glob.compile("drafts", BASE).covers(Path("/r/x/final/z.md"))
    with pytest.raises(GlobError):
        Glob.compile("", BASE)


def test_gitignore_negation_comments_and_escapes():
    rules = parse_gitignore("# comment\n*.log\n!keep.log\n\\#literal.md\n", BASE)
    assert ignored(rules, Path("/r/a/x.log"), False)
    assert not ignored(rules, Path("/r/a/keep.log"), False)
    assert ignored(rules, Path("/r/#literal.md"), False)
    assert not ignored(rules, Path("/r/comment"), False)


# -- the published schema -------------------------------------------------------------------


def test_published_config_schema_is_current():
    published = json.loads((REPO / "schemas" / "config.schema.json").read_text())
    assert published == config_json_schema(), (
        "run: python -m linter.engine.config_schema > schemas/config.schema.json"
    )


def test_schema_accepts_a_full_config_and_rejects_unknown_keys():
    from linter.document import load_yaml

    schema = json.loads((REPO / "schemas" / "config.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    full, _ = load_yaml(
        "extend: ../base.yaml\nselect: [FR, TD]\nignore: [RA]\nextend-select: [EU]\n"
        "severity: {FR006: error}\nper-file-ignores: {'drafts/**': [FR005]}\n"
        "include: ['*.md']\nexclude: [archive/]\nrespect-gitignore: true\n"
        "rules-dirs: [house-rules]\nfail-on: warning\n"
        "docs-url: https://example.org/rules/{code}.html\n"
    )
    jsonschema.validate(full, schema, cls=jsonschema.Draft202012Validator)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"selct": ["FR"]}, schema, cls=jsonschema.Draft202012Validator)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {"severity": {"FR004": "loud"}}, schema, cls=jsonschema.Draft202012Validator
        )
