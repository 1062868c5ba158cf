"""From what the checks found to a scorecard: per topic a status, the facts found and missing;
the euphemisms; the suppression comments (listed, never honoured); the score.

A topic's status follows the rules, as the calibration labels do: ``missing`` when its topic
rule fired (neither described nor denied; for refusal reporting, no number), ``denied`` when the
document explicitly says the practice does not exist, ``partial`` when a required-fact rule (an
error-severity rule of kind ``fact``) fired, ``stated`` otherwise. Which rules those are is read
from the rule data, not from a list of codes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from ..disclosure import Disclosure, Evidence
from ..document import Document
from ..document.converted import Converted, unescape_line
from ..findings import Finding
from ..rulebook import Rule
from . import score as scoring
from .model import (
    DocumentAudit,
    Euphemism,
    FoundFact,
    Located,
    Provenance,
    RuleNote,
    ShownLine,
    Span,
    TopicCard,
)

MAX_PRACTICE_SHOWN = 3
EXCERPT_LIMIT = 300
SUPPRESSION_MARK = "disclosure-lint:"


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_LIMIT else text[: EXCERPT_LIMIT - 1].rstrip() + "…"


@dataclass(slots=True)
class TopicRules:
    topic: Rule | None
    facts: list[Rule]

    def required(self) -> list[Rule]:
        errors = [r for r in self.facts if r.severity == "error"]
        return errors or self.facts


def topic_rules(rules: list[Rule], topic: str) -> TopicRules:
    topic_rule = None
    facts: list[Rule] = []
    for rule in rules:
        if rule.params().get("topic") != topic:
            continue
        if rule.check.kind == "topic" and topic_rule is None:
            topic_rule = rule
        elif rule.check.kind == "fact":
            facts.append(rule)
    return TopicRules(topic_rule, facts)


class _Shown:
    """The document text as the report shows it, and the way from parse positions to it."""

    def __init__(self, converted: Converted) -> None:
        self.converted = converted
        raw = converted.text.split("\n")
        if raw and raw[-1] == "":
            raw.pop()
        self.columns: list[list[int] | None] = []
        self.lines: list[ShownLine] = []
        for number, text in enumerate(raw, start=1):
            columns = None
            if converted.escaped:
                text, columns = unescape_line(text)
            self.columns.append(columns)
            line, page = converted.locate(number)
            self.lines.append(ShownLine(text, line, page))

    def column(self, line: int, column: int) -> int:
        if not 0 < line <= len(self.columns):
            return column
        columns = self.columns[line - 1]
        if columns is None:
            return column
        return columns[min(max(column - 1, 0), len(columns) - 1)] + 1

    def located(self, line: int, column: int, end_line: int, end_column: int, text: str) -> Located:
        where, page = self.converted.locate(line)
        span = Span(line, self.column(line, column), end_line, self.column(end_line, end_column))
        return Located(where, page, _excerpt(text), span)


def _card(
    topic: str,
    report,
    rules: TopicRules,
    fired: set[str],
    shown: _Shown,
) -> TopicCard:
    topic_fired = rules.topic is not None and rules.topic.code in fired
    missing_rules = [r for r in rules.facts if r.code in fired]
    if topic_fired:
        status = "missing"
    elif report.denied:
        status = "denied"
    elif rules.topic is None and not report.described and not report.facts:
        status = "missing"
    elif any(r in missing_rules for r in rules.required()):
        status = "partial"
    else:
        status = "stated"

    fact_rule = {}
    for rule in rules.facts:
        for fact in rule.params().get("facts", []):
            fact_rule.setdefault(fact, rule.code)
    topic_code = rules.topic.code if rules.topic is not None else ""

    def found(ev: Evidence, fact: str, code: str) -> FoundFact:
        where = shown.located(ev.line, ev.column, ev.end_line, ev.end_column, ev.excerpt)
        return FoundFact(fact, where, ev.detail, ev.source, code)

    card = TopicCard(topic, status)
    # Refusal reporting's practice is its rates: those are shown once, as the fact.
    shown_practice = [
        e
        for e in report.practice
        if not any((f.line, f.column) == (e.line, e.column) for f in report.facts.get(e.fact, []))
    ]
    card.found.extend(found(e, "practice", topic_code) for e in shown_practice[:MAX_PRACTICE_SHOWN])
    card.found.extend(found(e, "denial", topic_code) for e in report.denial[:MAX_PRACTICE_SHOWN])
    for fact, evidence in report.facts.items():
        card.found.extend(found(e, fact, fact_rule.get(fact, "")) for e in evidence)
    card.withheld = [
        shown.located(e.line, e.column, e.end_line, e.end_column, e.excerpt)
        for e in report.withheld
    ]
    if status == "missing":
        card.missing = ["practice"]
    elif status != "denied":
        card.missing = [r.params().get("facts", [r.name])[0] for r in missing_rules]
    required = {r.code for r in rules.required()}
    checklist = [(r.code in required, r.code not in fired) for r in rules.facts]
    card.points = scoring.topic_points(status, checklist)
    card.weight = scoring.TOPIC_WEIGHTS.get(topic, 0)
    card.rules = sorted({r.code for r in missing_rules} | ({topic_code} if topic_fired else set()))
    return card


def _note(rule: Rule) -> RuleNote:
    return RuleNote(rule.code, rule.name, rule.summary, rule.explanation.strip(), rule.fix.strip())


def build(
    path: str,
    provenance: Provenance,
    converted: Converted,
    document: Document,
    disclosure: Disclosure,
    findings: list[Finding],
    rules: list[Rule],
) -> DocumentAudit:
    shown = _Shown(converted)
    fired = {f.rule for f in findings}
    topics: dict[str, TopicCard] = {}
    notes: dict[str, RuleNote] = {}
    by_code = {r.code: r for r in rules}
    for topic, report in disclosure.topics.items():
        trules = topic_rules(rules, topic)
        card = _card(topic, report, trules, fired, shown)
        topics[topic] = card
        for rule in [trules.topic, *trules.facts]:
            if rule is not None:
                notes[rule.code] = _note(rule)

    euphemisms: list[Euphemism] = []
    for f in findings:
        if f.category != "euphemism":
            continue
        where = shown.located(f.line, f.column, f.end_line, f.end_column, f.excerpt)
        euphemisms.append(Euphemism(f.rule, f.name, f.message, where))
        if f.rule in by_code:
            notes[f.rule] = _note(by_code[f.rule])

    suppressions = [
        shown.located(c.line, c.column, c.end_line, c.column + len(c.text), c.text)
        for c in document.comments
        if SUPPRESSION_MARK in c.text
    ]
    located_findings = [_relocated(f, converted.locate) for f in findings]
    total = scoring.overall({t: c.points for t, c in topics.items()}, len(euphemisms))
    doc_notes = [*converted.notes, *document.notes]
    return DocumentAudit(
        path=path,
        score=total,
        topics=topics,
        euphemisms=euphemisms,
        suppressions=suppressions,
        findings=located_findings,
        provenance=provenance,
        notes=doc_notes,
        rules=dict(sorted(notes.items())),
        text=shown.lines,
    )


def _relocated(finding: Finding, locate: Callable[[int], tuple[int, int | None]]) -> Finding:
    line, page = locate(finding.line)
    end_line, _ = locate(finding.end_line)
    return dataclasses.replace(finding, line=line, end_line=max(line, end_line), page=page)
