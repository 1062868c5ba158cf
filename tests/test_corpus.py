"""Our own labelled corpus (tests/corpus): the linter must hold its detection targets on short
documents written in the voice of real release notes, model cards and help-centre pages, with
every status of every topic and the traps that are not the practice.

Run alone with ``pytest tests/test_corpus.py`` (or ``-m corpus``); print the full score with
``python -m tests.corpus_score tests/corpus/labels.json``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import pytest

from tests.corpus_score import (
    REQUIRED,
    STATUSES,
    TOPIC_RULE,
    Score,
    load_labels,
    predicted_status,
    report,
    score,
    score_corpus,
)
from tests.helpers import SHARED

CORPUS = Path(__file__).resolve().parent / "corpus"
LABELS = CORPUS / "labels.json"
MIN_BALANCED_ACCURACY = 0.95
MIN_EUPHEMISM_PRECISION = 0.95
MIN_EUPHEMISM_RECALL = 0.95
MIN_SHARED_WORDS = 8  # a sentence this long, found verbatim elsewhere, counts as reused


@lru_cache(maxsize=1)
def _corpus_score() -> Score:
    return score_corpus(LABELS)


def _labels() -> list[dict]:
    return load_labels(LABELS)


# -- the targets -------------------------------------------------------------------------------


@pytest.mark.corpus
def test_balanced_accuracy():
    result = _corpus_score()
    value = result.balanced_accuracy
    assert value >= MIN_BALANCED_ACCURACY, report(result)


@pytest.mark.corpus
def test_euphemism_precision():
    result = _corpus_score()
    value = result.euphemism_precision
    assert value >= MIN_EUPHEMISM_PRECISION, report(result)


@pytest.mark.corpus
def test_euphemism_recall():
    result = _corpus_score()
    value = result.euphemism_recall
    assert value >= MIN_EUPHEMISM_RECALL, report(result)


# -- the corpus itself -------------------------------------------------------------------------


def _doc_lines(name: str) -> list[str]:
    return (CORPUS / name).read_text(encoding="utf-8").splitlines()


@pytest.mark.corpus
def test_every_document_is_labelled_once():
    labelled = [doc["file"] for doc in _labels()]
    on_disk = sorted(f"docs/{p.name}" for p in (CORPUS / "docs").glob("*.md"))
    assert sorted(labelled) == on_disk
    assert len(on_disk) >= 48


@pytest.mark.corpus
def test_documents_are_short_and_labels_point_inside_them():
    short = 0
    for doc in _labels():
        lines = _doc_lines(doc["file"])
        # Mostly short documents, each exercising one fact; a few long system-card chapters
        # test that facts are found among unrelated material.
        assert 20 <= len(lines) <= 400, f"{doc['file']}: {len(lines)} lines"
        short += len(lines) <= 80
        assert doc["euphemisms_exhaustive"] is True, doc["file"]
        assert doc["why"].strip(), doc["file"]
        for n in doc["euphemism_lines"]:
            assert lines[n - 1].strip(), f"{doc['file']}:{n} is blank"
    assert short >= 40


@pytest.mark.corpus
def test_every_status_of_every_topic_is_exercised():
    counts = {(t, s): 0 for t in TOPIC_RULE for s in STATUSES}
    for doc in _labels():
        for topic, status in doc["topics"].items():
            counts[(topic, status)] += 1
    thin = {key: n for key, n in counts.items() if n < 4}
    assert not thin, f"(topic, status) classes with fewer than 4 documents: {thin}"
    with_euphemisms = sum(1 for doc in _labels() if doc["euphemism_lines"])
    without = sum(1 for doc in _labels() if not doc["euphemism_lines"])
    assert with_euphemisms >= 10 and without >= 10


# -- no reused sentences -----------------------------------------------------------------------

_NOT_WORD = re.compile(r"[^\w%]+")  # markup, punctuation and whitespace all count as one space
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n\s*\n")


def _normalise(text: str) -> str:
    return " " + _NOT_WORD.sub(" ", text.lower().replace("_", " ")).strip() + " "


def _long_sentences(text: str) -> list[str]:
    parts = (_normalise(p) for p in _SENTENCE_END.split(text))
    return [p for p in parts if len(p.split()) >= MIN_SHARED_WORDS]


def _grams(words: list[str]) -> set[tuple[str, ...]]:
    n = MIN_SHARED_WORDS
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def _covered(sentence: str, grams: set[tuple[str, ...]]) -> bool:
    """Every run of MIN_SHARED_WORDS words of ``sentence`` occurs in the indexed text (a cheap
    necessary condition, confirmed by a substring test)."""
    return _grams(sentence.split()) <= grams


def _reuse(ours: dict[str, str], theirs: str) -> dict[str, list[str]]:
    """Per document of ``ours``: sentences of at least MIN_SHARED_WORDS words that it shares
    verbatim with ``theirs``, in either direction (ours inside theirs, theirs inside ours)."""
    their_text = _normalise(theirs)
    their_grams = _grams(their_text.split())
    our_texts = {name: _normalise(text) for name, text in ours.items()}
    our_grams = set().union(*(_grams(t.split()) for t in our_texts.values()))
    found: dict[str, set[str]] = {}
    for name, text in ours.items():
        for sentence in _long_sentences(text):
            if _covered(sentence, their_grams) and sentence in their_text:
                found.setdefault(name, set()).add(sentence)
    for sentence in _long_sentences(theirs):
        if _covered(sentence, our_grams):
            for name, text in our_texts.items():
                if sentence in text:
                    found.setdefault(name, set()).add(sentence)
    return {name: sorted(sentences) for name, sentences in sorted(found.items())}


def _corpus_texts() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((CORPUS / "docs").glob("*.md"))}


def _strings_under_examples(node: object, inside: bool = False) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _strings_under_examples(value, inside or key == "examples")
    elif isinstance(node, list):
        for item in node:
            yield from _strings_under_examples(item, inside)
    elif isinstance(node, str) and inside:
        yield node


def _rule_examples() -> list[str]:
    from ruamel.yaml import YAML

    from linter.rulebook import data_dir

    yaml = YAML(typ="safe")
    found = []
    for path in sorted(data_dir("rules").rglob("*.yaml")):
        found.extend(_strings_under_examples(yaml.load(path.read_text(encoding="utf-8"))))
    return found


def test_reuse_detection_works_both_ways_and_ignores_punctuation():
    doc = "Intro line.\n\nEvery reply in the **app** comes from the model you picked, always."
    example = "Other text. Every reply in the app comes from the model you picked, always!"
    expected = {"d.md": [" every reply in the app comes from the model you picked always "]}
    assert _reuse({"d.md": doc}, example) == expected
    assert _reuse({"d.md": example}, doc) == expected
    longer = "So every reply in the app comes from the model you picked, always, today."
    assert _reuse({"d.md": longer}, example)["d.md"] == expected["d.md"]
    assert _reuse({"d.md": doc}, "Every reply in the app comes from a model.") == {}


@pytest.mark.corpus
def test_no_document_reuses_a_rule_example_sentence():
    examples = _rule_examples()
    assert examples, "no rule examples found"
    assert _reuse(_corpus_texts(), "\n\n".join(examples)) == {}


@pytest.mark.corpus
@pytest.mark.skipif(not (SHARED / "corpus" / "docs").is_dir(), reason="../shared is absent")
def test_no_document_reuses_a_calibration_corpus_sentence():
    paths = sorted((SHARED / "corpus" / "docs").rglob("*.md"))
    theirs = "\n\n".join(p.read_text(encoding="utf-8", errors="replace") for p in paths)
    assert _reuse(_corpus_texts(), theirs) == {}


# -- the scorer --------------------------------------------------------------------------------


def _finding(rule: str, category: str, line: int = 1) -> dict:
    return {"rule": rule, "category": category, "line": line, "excerpt": ""}


def test_predicted_status_follows_topic_then_fact_rules():
    assert predicted_status("fallback-routing", {"FR001", "FR004"}) == "missing"
    assert predicted_status("fallback-routing", {"FR004"}) == "partial"
    assert predicted_status("fallback-routing", {"FR006", "FR007"}) == "stated"
    assert predicted_status("refusal-reporting", {"RR003"}) == "partial"
    assert all(predicted_status(t, REQUIRED[t]) == "partial" for t in TOPIC_RULE)


def test_score_balances_classes_and_matches_lines_within_one(tmp_path):
    docs = [
        {
            "file": "a.md",
            "topics": {"fallback-routing": "stated", "refusal-reporting": "missing"},
            "euphemism_lines": [10, 20],
            "euphemisms_exhaustive": True,
        },
        {
            "file": "b.md",
            "topics": {"fallback-routing": "missing"},
            "euphemism_lines": [5],
            "euphemisms_exhaustive": False,
        },
        {"file": "c.md", "topics": {"fallback-routing": "missing"}, "euphemism_lines": []},
    ]
    output = {
        "files": [
            {
                "path": str(tmp_path / "a.md"),
                "findings": [
                    _finding("FR004", "fallback-routing"),
                    _finding("RR001", "refusal-reporting"),
                    _finding("EU001", "euphemism", 11),  # matches line 10
                    _finding("EU002", "euphemism", 30),  # matches nothing
                ],
            },
            {
                "path": str(tmp_path / "b.md"),
                "findings": [
                    _finding("FR001", "fallback-routing"),
                    _finding("EU003", "euphemism", 40),  # not exhaustive: not counted
                ],
            },
            {"path": str(tmp_path / "c.md"), "findings": [], "error": "c.md: unreadable"},
        ]
    }
    result = score(docs, tmp_path, output)
    # classes: FR stated 0/1, FR missing 1/2 (c.md unreadable), RR missing 1/1
    assert result.balanced_accuracy == pytest.approx((0 + 0.5 + 1) / 3)
    assert result.topic_accuracy == pytest.approx(2 / 4)
    assert result.euphemism_precision == pytest.approx(1 / 2)
    assert result.euphemism_recall == pytest.approx(1 / 3)
    assert [(m.file, m.linted, m.codes) for m in result.topic_mismatches] == [
        ("a.md", "partial", ("FR004",)),
        ("c.md", "absent", ()),
    ]
    assert [(m.file, m.line) for m in result.missed_euphemisms] == [("a.md", 20), ("b.md", 5)]
    assert [(m.file, m.line, m.rules) for m in result.extra_euphemisms] == [
        ("a.md", 30, ("EU002",))
    ]
    assert result.unlinted == ["c.md"]
    text = report(result)
    assert "fallback-routing: labelled stated, linted partial (1)" in text
    assert "a.md  fired: FR004" in text
