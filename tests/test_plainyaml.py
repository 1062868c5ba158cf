"""The fast YAML path that rule loading uses reads every file exactly as the reference
(ruamel.yaml round-trip) loader does, or declines it; errors still come with their line."""

from __future__ import annotations

from pathlib import Path

import pytest

from linter.document import YamlError, load_plain, load_yaml
from linter.document.plainyaml import MAX_FAST_NESTING, load_fast
from linter.rulebook import RuleError, load_rule
from tests.helpers import REPO

pytest.importorskip("yaml.cyaml", reason="PyYAML without libyaml: there is no fast path")

RULE_FILES = sorted((REPO / "rules").rglob("*.yaml"))


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_rule_file_takes_the_fast_path_with_identical_data(path: Path):
    text = path.read_text(encoding="utf-8")
    done, _ = load_fast(text)
    assert done, f"{path} fell back to the slow loader"
    assert load_plain(text) == load_yaml(text)[0]


SCALARS = [
    "yes",
    "no",
    "on",
    "off",
    "y",
    "017",
    "0o17",
    "0x1F",
    "-0x1",
    "1_000",
    "1:30",
    "1.5e3",
    "1e3",
    "12e03",
    ".5",
    "5.",
    "+.5",
    "-1_0.5",
    ".inf",
    "-.inf",
    "~",
    "null",
    "Null",
    "NULL",
    "",
    "TRUE",
    "True",
    "false",
    "2001-12-14",
    "2001-12-14 21:59:43.10 -5",
    "0b101",
    "+12",
    "0",
    "-0",
    "09",
    "0o8",
    "1.0.0",
    "v1",
    "'1'",
    '"0x10"',
    "!!str 12",
    "[1, 2]",
    "{a: 1}",
]


@pytest.mark.parametrize("scalar", SCALARS)
def test_scalars_read_as_the_reference_reads_them(scalar: str):
    text = f"key: {scalar}\nlist: [{scalar}]\n"
    assert load_plain(text) == load_yaml(text)[0]


def test_nan_reads_as_nan():
    value = load_plain("k: .nan\n")["k"]
    assert value != value


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2\n",  # duplicate key
        "base: &b {k: 1}\nm:\n  <<: *b\n  j: 2\n",  # merge key: the reference orders keys its way
        "when: 2024-01-02\n",  # timestamp
        "x: !custom 1\n",  # a tag
        "n: 1_000\n",
        "a: [1, 2\n",  # an error
        "[" * (MAX_FAST_NESTING + 1) + "]" * (MAX_FAST_NESTING + 1),  # would recurse in C
    ],
)
def test_what_the_fast_path_cannot_read_identically_is_declined(text: str):
    assert load_fast(text) == (False, None)


def test_duplicate_key_error_names_the_line_of_the_duplicate():
    with pytest.raises(YamlError) as err:
        load_plain("a: 1\nb: 2\na: 3\n")
    assert err.value.line == 3
    assert "duplicate key" in err.value.message


def test_deep_flow_nesting_is_refused_not_crashed():
    depth = 100_000
    with pytest.raises(YamlError, match="nested deeper than 64 levels"):
        load_plain("[" * depth + "]" * depth)


def test_alias_bomb_through_the_fast_path_is_refused():
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        name = chr(ord("a") + i)
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 10)}]")
    with pytest.raises(YamlError, match="alias bomb"):
        load_plain("\n".join(lines) + "\n")


def _rule_text(**overrides: str) -> str:
    source = (REPO / "rules" / "fallback-routing" / "FR001-routing-undisclosed.yaml").read_text()
    for key, value in overrides.items():
        lines = source.split("\n")
        lines = [f"{key}: {value}" if line.startswith(f"{key}:") else line for line in lines]
        source = "\n".join(lines)
    return source


def test_a_valid_rule_records_the_line_of_its_check_key(tmp_path: Path):
    path = tmp_path / "FR901-x.yaml"
    text = _rule_text(code="FR901", name="house-rule")
    path.write_text(text)
    rule = load_rule(path)
    check_line = text.split("\n").index("check:") + 1
    assert rule.check_line == check_line


def test_an_invalid_rule_error_points_at_the_offending_line(tmp_path: Path):
    path = tmp_path / "FR902-x.yaml"
    text = _rule_text(code="FR902", name="house-rule", severity="fatal")
    path.write_text(text)
    line = next(i for i, t in enumerate(text.split("\n"), 1) if t.startswith("severity:"))
    with pytest.raises(RuleError, match=rf"^{path}:{line}: severity: "):
        load_rule(path)
