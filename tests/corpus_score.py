"""Score the linter against a labelled corpus, in-process.

The labels file is the format of tests/corpus/labels.json: a list of documents, each with a
status per topic (stated, partial or missing), the lines a careful reviewer flags as
euphemistic, and whether that list is exhaustive. The scoring follows the calibration scorer
the project is measured with:

- a topic's predicted status is ``missing`` if its topic rule fired (FR001, TD001, RR001),
  ``partial`` if any of its required-fact rules fired, ``stated`` otherwise;
- balanced accuracy is the mean, over every (topic, labelled status) that occurs, of the share
  of those documents linted with that status;
- a euphemism finding matches a labelled line within +-1 line; recall counts every labelled
  line, precision only documents whose labels are exhaustive.

One deliberate difference: a file the linter could not read is scored as absent (wrong), never
as a document on which no rule fired.

Run it by hand with ``python -m tests.corpus_score tests/corpus/labels.json``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

TOPIC_RULE = {
    "fallback-routing": "FR001",
    "tier-differences": "TD001",
    "refusal-reporting": "RR001",
}
REQUIRED = {
    "fallback-routing": frozenset({"FR002", "FR003", "FR004", "FR005"}),
    "tier-differences": frozenset({"TD002", "TD003", "TD004"}),
    "refusal-reporting": frozenset({"RR002", "RR003", "RR004"}),
}
STATUSES = ("stated", "partial", "missing")
ABSENT = "absent"  # the linter gave no result for the file
EUPHEMISM = "euphemism"
LINE_TOLERANCE = 1


class LabelError(ValueError):
    """The labels file is unreadable or does not follow the format."""


@dataclass(frozen=True, slots=True)
class TopicMismatch:
    file: str
    topic: str
    labelled: str
    linted: str
    codes: tuple[str, ...]  # the topic's rule codes that fired


@dataclass(frozen=True, slots=True)
class EuphemismMiss:
    """A labelled line no finding matched (missed) or a finding no label matched (extra)."""

    file: str
    line: int
    rules: tuple[str, ...] = ()  # for extra flags: the rules that fired on the line
    excerpt: str = ""


@dataclass(slots=True)
class Score:
    documents: int
    balanced_accuracy: float
    topic_accuracy: float
    euphemism_precision: float
    euphemism_recall: float
    precision_flags: int  # flags counted for precision (exhaustive documents)
    recall_labels: int  # labelled lines counted for recall
    class_recall: dict[tuple[str, str], float] = field(default_factory=dict)
    topic_mismatches: list[TopicMismatch] = field(default_factory=list)
    missed_euphemisms: list[EuphemismMiss] = field(default_factory=list)
    extra_euphemisms: list[EuphemismMiss] = field(default_factory=list)
    unlinted: list[str] = field(default_factory=list)  # files with no usable result

    def summary(self) -> str:
        return (
            f"balanced_accuracy={self.balanced_accuracy:.3f} "
            f"topic_accuracy={self.topic_accuracy:.3f} "
            f"euphemism_precision={self.euphemism_precision:.3f} "
            f"(on {self.precision_flags} flags) "
            f"euphemism_recall={self.euphemism_recall:.3f} "
            f"(on {self.recall_labels} labels), documents={self.documents}"
        )


def predicted_status(topic: str, codes: Iterable[str]) -> str:
    found = set(codes)
    if TOPIC_RULE[topic] in found:
        return "missing"
    if found & REQUIRED[topic]:
        return "partial"
    return "stated"


def load_labels(path: Path) -> list[dict]:
    try:
        documents = json.loads(path.read_text(encoding="utf-8"))["documents"]
    except (OSError, KeyError, TypeError, json.JSONDecodeError) as exc:
        raise LabelError(f"{path}: cannot read the labels: {exc!r}") from None
    for doc in documents:
        name = doc.get("file", "?") if isinstance(doc, dict) else "?"
        if not isinstance(doc, dict) or not isinstance(doc.get("file"), str):
            raise LabelError(f"{path}: a document entry has no 'file'")
        topics = doc.get("topics", {})
        unknown = set(topics) - set(TOPIC_RULE)
        bad = set(topics.values()) - set(STATUSES)
        if unknown or bad:
            raise LabelError(f"{path}: {name}: unknown topics {unknown} or statuses {bad}")
        lines = doc.get("euphemism_lines", [])
        if not all(isinstance(n, int) and n >= 1 for n in lines):
            raise LabelError(f"{path}: {name}: euphemism_lines must be 1-based line numbers")
    return documents


def lint_files(files: list[Path]) -> dict:
    """The linter's JSON output (``check --format json``) for ``files``, default rules."""
    from linter.engine import compile_rules, lint_paths, select_rules
    from linter.reporters.jsonout import to_data
    from linter.rulebook import load_ruleset

    ruleset = load_ruleset()
    rules = compile_rules(select_rules(ruleset.rules))
    return to_data(lint_paths([str(f) for f in files], ruleset, rules))


def _entries_by_path(output: dict) -> dict[Path, dict]:
    entries = {}
    for entry in output.get("files", []):
        if isinstance(entry, dict) and isinstance(entry.get("path"), str):
            entries[Path(entry["path"]).resolve()] = entry
    return entries


def _matches(line: int, others: Iterable[int]) -> bool:
    return any(abs(line - other) <= LINE_TOLERANCE for other in others)


def score(documents: list[dict], base: Path, output: dict) -> Score:
    """Score ``output`` (the linter's JSON for the labelled files) against ``documents``."""
    entries = _entries_by_path(output)
    confusion: dict[tuple[str, str, str], int] = {}
    mismatches: list[TopicMismatch] = []
    missed: list[EuphemismMiss] = []
    extra: list[EuphemismMiss] = []
    unlinted: list[str] = []
    recall_tp = recall_all = precision_tp = precision_all = 0

    for doc in documents:
        entry = entries.get((base / doc["file"]).resolve())
        if entry is None or "error" in entry:
            unlinted.append(doc["file"])
            entry = None
        findings = [f for f in (entry or {}).get("findings", []) if isinstance(f, dict)]

        for topic, labelled in doc.get("topics", {}).items():
            codes = sorted({str(f.get("rule")) for f in findings if f.get("category") == topic})
            linted = predicted_status(topic, codes) if entry is not None else ABSENT
            key = (topic, labelled, linted)
            confusion[key] = confusion.get(key, 0) + 1
            if linted != labelled:
                mismatches.append(TopicMismatch(doc["file"], topic, labelled, linted, tuple(codes)))

        flags: dict[int, list[dict]] = {}
        for f in findings:
            if f.get("category") == EUPHEMISM and isinstance(f.get("line"), int):
                flags.setdefault(f["line"], []).append(f)
        wanted = list(doc.get("euphemism_lines", []))
        hit = [w for w in wanted if _matches(w, flags)]
        recall_tp += len(hit)
        recall_all += len(wanted)
        missed.extend(EuphemismMiss(doc["file"], w) for w in wanted if w not in hit)
        if doc.get("euphemisms_exhaustive"):
            for line, found in sorted(flags.items()):
                precision_all += 1
                if _matches(line, wanted):
                    precision_tp += 1
                    continue
                rules = tuple(sorted({str(f.get("rule")) for f in found}))
                extra.append(EuphemismMiss(doc["file"], line, rules, found[0].get("excerpt", "")))

    class_recall: dict[tuple[str, str], float] = {}
    for topic in TOPIC_RULE:
        for status in STATUSES:
            support = sum(n for (t, e, _), n in confusion.items() if t == topic and e == status)
            if support:
                class_recall[(topic, status)] = confusion.get((topic, status, status), 0) / support
    total = sum(confusion.values())
    correct = sum(n for (_, e, p), n in confusion.items() if e == p)
    return Score(
        documents=len(documents),
        balanced_accuracy=sum(class_recall.values()) / len(class_recall) if class_recall else 1.0,
        topic_accuracy=correct / total if total else 1.0,
        euphemism_precision=precision_tp / precision_all if precision_all else 1.0,
        euphemism_recall=recall_tp / recall_all if recall_all else 1.0,
        precision_flags=precision_all,
        recall_labels=recall_all,
        class_recall=class_recall,
        topic_mismatches=mismatches,
        missed_euphemisms=missed,
        extra_euphemisms=extra,
        unlinted=unlinted,
    )


def score_corpus(labels_path: Path) -> Score:
    """Lint every labelled file in-process and score the result."""
    documents = load_labels(labels_path)
    base = labels_path.parent
    files = [base / doc["file"] for doc in documents]
    absent = [str(f) for f in files if not f.is_file()]
    if absent:
        raise LabelError(f"{labels_path}: labelled files not found: {absent}")
    return score(documents, base, lint_files(files))


def report(result: Score) -> str:
    """Every disagreement, grouped so a developer sees what regressed and where."""
    out = [result.summary()]
    weak = [f"{t} {s}: {r:.2f}" for (t, s), r in sorted(result.class_recall.items()) if r < 1]
    if weak:
        out.append("classes below 1.0 (topic labelled: share linted the same): " + "; ".join(weak))
    if result.unlinted:
        out.append("not linted (scored as wrong): " + ", ".join(result.unlinted))
    by_kind: dict[tuple[str, str, str], list[TopicMismatch]] = {}
    for m in result.topic_mismatches:
        by_kind.setdefault((m.topic, m.labelled, m.linted), []).append(m)
    for (topic, labelled, linted), items in sorted(by_kind.items()):
        out.append(f"{topic}: labelled {labelled}, linted {linted} ({len(items)})")
        out.extend(f"  {m.file}  fired: {', '.join(m.codes) or 'nothing'}" for m in items)
    if result.missed_euphemisms:
        out.append(f"euphemisms labelled but not flagged ({len(result.missed_euphemisms)})")
        out.extend(f"  {m.file}:{m.line}" for m in result.missed_euphemisms)
    if result.extra_euphemisms:
        out.append(f"euphemisms flagged but not labelled ({len(result.extra_euphemisms)})")
        out.extend(
            f"  {m.file}:{m.line} {','.join(m.rules)} {m.excerpt[:80]!r}"
            for m in result.extra_euphemisms
        )
    return "\n".join(out)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m tests.corpus_score LABELS.json", file=sys.stderr)
        return 2
    try:
        result = score_corpus(Path(argv[0]))
    except LabelError as exc:
        print(f"corpus_score: {exc}", file=sys.stderr)
        return 2
    print(report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
