"""The holdout corpus (tests/holdout) is well formed and written in our own words. Its score is
measured, not asserted: it must stay untuned (see tests/holdout/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.corpus_score import STATUSES, TOPIC_RULE, load_labels
from tests.helpers import SHARED
from tests.test_corpus import _reuse, _rule_examples

HOLDOUT = Path(__file__).resolve().parent / "holdout"


def _texts() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((HOLDOUT / "docs").glob("*.md"))}


def test_every_document_is_labelled_once_with_known_statuses():
    labels = load_labels(HOLDOUT / "labels.json")
    assert sorted(d["file"] for d in labels) == sorted(f"docs/{name}" for name in _texts())
    for doc in labels:
        assert set(doc["topics"]) == set(TOPIC_RULE), doc["file"]
        assert set(doc["topics"].values()) <= set(STATUSES), doc["file"]
        lines = (HOLDOUT / doc["file"]).read_text(encoding="utf-8").split("\n")
        assert doc["euphemisms_exhaustive"] is True and doc["why"].strip(), doc["file"]
        for n in doc["euphemism_lines"]:
            assert 0 < n <= len(lines) and lines[n - 1].strip(), f"{doc['file']}:{n}"


def test_no_document_reuses_a_rule_example_sentence():
    assert _reuse(_texts(), "\n\n".join(_rule_examples())) == {}


@pytest.mark.skipif(not (SHARED / "corpus" / "docs").is_dir(), reason="../shared is absent")
def test_no_document_reuses_a_calibration_corpus_sentence():
    paths = sorted((SHARED / "corpus" / "docs").rglob("*.md"))
    theirs = "\n\n".join(p.read_text(encoding="utf-8", errors="replace") for p in paths)
    assert _reuse(_texts(), theirs) == {}
