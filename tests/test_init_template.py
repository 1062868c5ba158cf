"""`disclosure-lint init` prints a template whose placeholders are plainly placeholders: left in
place they fail validation (and ST001 points at each), filled in they validate."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from tests.helpers import REPO, lint

TEMPLATE = REPO / "schemas" / "disclosure.template.yaml"
PLACEHOLDER = re.compile(r'"?<([^>]*)>"?')


def _fill(match: re.Match, n: int) -> str:
    """A valid value for the ``n``-th placeholder, chosen by what the placeholder asks for."""
    what = match.group(1)
    quoted = match.group(0).startswith('"')
    if what.startswith("one of:"):
        return f'"{what.removeprefix("one of:").split("|")[0].strip()}"'
    if quoted:
        return f'"Filled in by the test ({n})"'
    if what == "true or false":
        return "true"
    if "fraction" in what:
        return "0.004"
    if "number" in what:
        return "12"
    raise AssertionError(f"placeholder the test cannot fill: <{what}>")


def _split_comment(line: str) -> tuple[str, str]:
    """(YAML, comment) of a template line; the template's comments start with `#` after
    indentation or after two spaces."""
    if line.lstrip().startswith("#"):
        return "", line
    code, sep, comment = line.partition("  #")
    return code, sep + comment


def _filled() -> str:
    out = []
    for n, line in enumerate(TEMPLATE.read_text(encoding="utf-8").splitlines()):
        code, comment = _split_comment(line)
        out.append(PLACEHOLDER.sub(lambda m, n=n: _fill(m, n), code) + comment)
    return "\n".join(out) + "\n"


def _placeholder_lines(text: str) -> list[int]:
    lines = text.splitlines()
    return [i for i, line in enumerate(lines, 1) if PLACEHOLDER.search(_split_comment(line)[0])]


def _problems(yaml_text: str):
    from linter.disclosure.blockschema import validate
    from linter.document import load_yaml

    data, _ = load_yaml(yaml_text)
    return validate(data["disclosure"], ("disclosure",))


def _card(yaml_text: str) -> str:
    body = "\n".join(line for line in yaml_text.splitlines() if not line.startswith("#"))
    return f"---\n{body}\n---\n# Card\n\nA card.\n"


def test_init_prints_the_template():
    from linter.cli import _register, app

    _register()
    result = CliRunner().invoke(app, ["init"])
    assert result.exit_code == 0
    assert result.output == TEMPLATE.read_text(encoding="utf-8")


def test_filled_template_validates():
    text = _filled()
    assert _placeholder_lines(text) == []  # every placeholder was filled
    assert _problems(text) == []


def test_filled_template_covers_every_section():
    from linter.document import load_yaml

    data, _ = load_yaml(_filled())
    assert set(data["disclosure"]) == {
        "schema_version",
        "model",
        "predecessor",
        "fallback_routing",
        "tiers",
        "refusal_reporting",
        "refusal_authority",
    }


def test_unfilled_template_fails_on_every_placeholder_only():
    text = TEMPLATE.read_text(encoding="utf-8")
    problems = _problems(text)
    count = len(_placeholder_lines(text))
    assert len(problems) >= count > 20
    assert all("placeholder" in p.message for p in problems), [p.message for p in problems]


def test_unfilled_template_in_a_card_points_at_each_placeholder():
    card = _card(TEMPLATE.read_text(encoding="utf-8"))
    lines = card.splitlines()
    found = lint(card, select=["ST001"])
    # One finding per placeholder, on its line, at the column of its key (or list item).
    assert sorted(f.line for f in found) == _placeholder_lines(card)
    for f in found:
        line = lines[f.line - 1]
        key = f.excerpt.rsplit(".", 1)[-1]
        if key.endswith("]"):  # a list item: the column of its value
            assert line[f.column - 1] in '"<', (f.line, f.column, line)
        else:
            assert line[f.column - 1 :].startswith(f"{key}:"), (f.line, f.column, line)


@pytest.mark.parametrize("codes", [["ST001"], ["FR", "TD", "RR", "RA", "ST"]])
def test_filled_template_in_a_card_is_clean(codes):
    found = lint(_card(_filled()), select=codes)
    assert found == [], [(f.rule, f.line, f.message) for f in found]
