"""The rule bundle (rules/bundle.json): current with the YAML files, used only when it was made
from exactly those files, and giving the same ruleset as reading the YAML."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from linter.rulebook import bundle, load
from linter.rulebook.resources import data_dir

RULES = data_dir("rules")


def _ruleset_fields(ruleset) -> str:
    # As JSON text, so that the order of keys counts too.
    return json.dumps([ruleset.version, [r.model_dump() for r in ruleset.rules], ruleset.topics])


def test_the_committed_bundle_is_current():
    texts = bundle.yaml_texts(RULES)
    current = bundle.lookup(RULES, texts)
    assert current is not None, "rules/bundle.json is stale: run `python -m linter.rulebook.bundle`"
    assert current == bundle.build(RULES)["files"]
    # Equal as dicts is not enough: the order of keys must be the YAML's too.
    assert json.dumps(current) == json.dumps(bundle.build(RULES)["files"])


def test_the_bundle_gives_the_ruleset_the_yaml_gives(monkeypatch):
    with_bundle = load.load_ruleset()
    monkeypatch.setattr(bundle, "lookup", lambda folder, texts: None)
    from_yaml = load.load_ruleset()
    assert _ruleset_fields(with_bundle) == _ruleset_fields(from_yaml)
    assert [r.check_line for r in with_bundle.rules] == [r.check_line for r in from_yaml.rules]
    assert [r.source for r in with_bundle.rules] == [r.source for r in from_yaml.rules]


@pytest.fixture
def rules_copy(tmp_path: Path, monkeypatch) -> Path:
    copy = tmp_path / "rules"
    shutil.copytree(RULES, copy)
    monkeypatch.setattr(load, "data_dir", lambda name: copy)
    return copy


def test_an_edited_rule_file_is_read_from_yaml_not_from_the_stale_bundle(rules_copy: Path):
    (path,) = rules_copy.glob("fallback-routing/FR001-*.yaml")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("severity: error", "severity: warning", 1), encoding="utf-8")
    assert bundle.lookup(rules_copy, bundle.yaml_texts(rules_copy)) is None
    assert load.load_ruleset().find("FR001").severity == "warning"


def test_a_new_rule_file_is_not_missed_because_of_the_bundle(rules_copy: Path):
    (path,) = rules_copy.glob("fallback-routing/FR001-*.yaml")
    data = path.read_text(encoding="utf-8")
    clone = data.replace("code: FR001", "code: FR099").replace(
        "name: routing-undisclosed", "name: routing-undisclosed-again"
    )
    (path.parent / "FR099-again.yaml").write_text(clone, encoding="utf-8")
    assert load.load_ruleset().find("FR099") is not None


@pytest.mark.parametrize("content", ["not json", "[]", '{"digest": "0", "files": {}}'])
def test_an_unreadable_or_foreign_bundle_is_ignored(rules_copy: Path, content: str):
    (rules_copy / bundle.BUNDLE_NAME).write_text(content, encoding="utf-8")
    assert bundle.lookup(rules_copy, bundle.yaml_texts(rules_copy)) is None
    assert load.load_ruleset().find("FR001").severity == "error"


def test_data_json_cannot_carry_is_refused(tmp_path: Path):
    (tmp_path / "a.yaml").write_text("rate: .nan\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"a\.yaml"):
        bundle.build(tmp_path)


def test_the_digest_tells_files_apart_by_name_and_content():
    base = bundle.digest({"a.yaml": "x: 1\n"})
    assert bundle.digest({"b.yaml": "x: 1\n"}) != base
    assert bundle.digest({"a.yaml": "x: 2\n"}) != base
    assert bundle.digest({"a.yaml": "x", "b.yaml": ": 1\n"}) != bundle.digest({"a.yaml": "x: 1\n"})


def test_the_bundle_keeps_the_order_of_keys_and_ends_in_a_newline(rules_copy: Path):
    target = bundle.write(rules_copy)
    text = target.read_text(encoding="utf-8")
    assert text.endswith("}\n")
    assert json.loads(text)["digest"] == bundle.digest(bundle.yaml_texts(rules_copy))
    # Order carries meaning in the data (facts are reported in the order a lexicon lists them).
    (topic,) = [
        name for name in json.loads(text)["files"] if name.endswith("fallback-routing.yaml")
    ]
    keys = list(json.loads(text)["files"][topic])
    assert keys[0] == "topic" and keys != sorted(keys)
