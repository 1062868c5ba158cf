"""The README's opening commands, its sample output and its disclosure block stay true."""

from __future__ import annotations

import json
import re

import jsonschema
from ruamel.yaml import YAML

from tests.helpers import REPO, run_cli

README = (REPO / "README.md").read_text()


def test_readme_opens_with_the_install_and_test_commands():
    blocks = re.findall(r"```sh\n(.*?)```", README, re.S)
    assert (
        blocks[0].strip()
        == "python3 -m pip install . && disclosure-lint check examples/problem-release.md"
    )
    assert blocks[1].strip() == "python3 -m pip install -e '.[test]' && python3 -m pytest -q"
    ci = (REPO / ".ci" / "run").read_text()
    assert "python3 -m pip install --quiet --disable-pip-version-check -e '.[test]'" in ci
    assert "python3 -m pytest -q" in ci


def test_sample_text_output_is_what_the_linter_prints():
    sample = re.search(r"```text\n(examples/problem-release\.md:.*?)\n```", README, re.S).group(1)
    out = run_cli("check", "examples/problem-release.md").stdout.decode().splitlines()
    assert sample in out


def test_disclosure_block_in_readme_validates():
    block = re.search(r"```yaml\n(disclosure:.*?)```", README, re.S).group(1)
    data = YAML(typ="safe").load(block)
    schema = json.loads((REPO / "schemas" / "disclosure.schema.json").read_text())
    jsonschema.validate(data["disclosure"], schema, cls=jsonschema.Draft202012Validator)


def test_every_rule_code_is_documented_in_readme():
    mentioned = set(re.findall(r"\b[A-Z]{2}\d{3}\b", README))
    for prefix, first, last in re.findall(r"\b([A-Z]{2})(\d{3})[-/]\1?(\d{3})\b", README):
        mentioned.update(f"{prefix}{n:03d}" for n in range(int(first), int(last) + 1))
    rows = json.loads(run_cli("rules", "--format", "json").stdout)
    missing = [row["code"] for row in rows if row["code"] not in mentioned]
    assert not missing, f"README does not mention {missing}"
