"""The sentence pass that finds, per topic, where a practice is described or denied and which of
its facts are stated near it. Driven by the topic lexicons: only the sentences a condition's
opening term matches are tried against it, each term is run at most once per sentence, and the
document's scans are shared by all topics (SentenceIndex)."""

from __future__ import annotations

from ..document import Sentence
from .lexicon import Condition, Lexicon, Probe, candidates, negated, opened
from .model import Evidence, TopicReport
from .scope import runs, scope_sentences
from .sentences import SentenceIndex

MAX_EVIDENCE = 8  # per fact: enough for reports, bounded for huge documents


def is_question(sentence: Sentence) -> bool:
    """A question asks about a practice; it neither describes nor denies it."""
    return sentence.text.rstrip(" *_\"'”’)").endswith("?")


def _titled_sections(sentences: SentenceIndex, lex: Lexicon, titles: tuple[str, ...]) -> set[int]:
    found: set[int] = set()
    for term in titles:
        found |= sentences.titled(lex.terms[term])
    return found


def _scoped_candidates(
    sentences: SentenceIndex, lex: Lexicon, condition: Condition, within: list[tuple[int, int]]
) -> set[int]:
    """``candidates`` among the sentences of ``within``: the opening terms are looked for in
    those stretches of the text only."""
    found: set[int] = set()
    for name in condition.all[:1] or condition.any:
        found.update(sentences.hits_within(lex.terms[name], within))
    return found


def find_facts(
    sentences: SentenceIndex,
    lex: Lexicon,
    anchors: list[Sentence],
    probes: dict[int, Probe],
    report: TopicReport,
) -> None:
    """Record, for each fact of the lexicon, sentences within its scope of the anchors."""
    document = sentences.document
    scopes: dict[str, tuple[set[int] | None, list[tuple[int, int]]]] = {}
    titled_by: dict[tuple[str, ...], set[int]] = {}
    for spec in (spec for alternatives in lex.facts.values() for spec in alternatives):
        if not anchors and spec.scope != "document":
            continue  # facts tied to the practice need a description of the practice
        if spec.scope not in scopes:
            inside = scope_sentences(sentences, anchors, spec.scope)
            scopes[spec.scope] = (inside, runs(sorted(inside)) if inside is not None else [])
        inside, within = scopes[spec.scope]
        if spec.condition is None:
            wanted: set[int] = set()
        elif inside is not None:
            # A fact tied to the practice is looked for in its scope only.
            wanted = _scoped_candidates(sentences, lex, spec.condition, within)
        else:
            wanted = candidates(sentences, lex.terms, [spec.condition])
        if spec.titles not in titled_by:
            titled = _titled_sections(sentences, lex, spec.titles)
            titled_by[spec.titles] = set(sentences.in_sections(titled)) if titled else set()
        under_title = titled_by[spec.titles]
        if under_title:
            wanted = wanted | under_title
        found: list[Evidence] = []
        # Only the sentences that can state the fact, in document order.
        for index in sorted(wanted):
            sentence = document.sentences[index]
            if sentence.block.kind == "heading" or (inside is not None and index not in inside):
                continue
            if index in under_title:
                detail = f"under '{sentence.section.title}'"
                found.append(sentences.evidence(spec.name, sentence, detail=detail))
            else:
                probe = probes.get(index)
                if probe is None:
                    probe = probes[index] = Probe(sentence, lex.terms, sentences)
                if not probe.holds(spec.condition):
                    continue
                # What was matched is shown for the first place only (messages, scorecards).
                detail = "" if found else probe.details(spec.condition)
                found.append(sentences.evidence(spec.name, sentence, detail=detail))
            if len(found) >= MAX_EVIDENCE:
                break
        if found:
            report.facts.setdefault(spec.name, []).extend(found)


def analyse_topic(sentences: SentenceIndex, lex: Lexicon) -> TopicReport:
    report = TopicReport(lex.topic)
    probes: dict[int, Probe] = {}
    anchors: list[Sentence] = []
    all_sentences = sentences.sentences
    evidence = sentences.evidence
    # Each condition with the sentences that can meet it: a sentence is tried only against
    # the conditions it opens.
    practice = [(c, opened(sentences, lex.terms, c)) for c in lex.practice]
    denial = [(c, opened(sentences, lex.terms, c)) for c in lex.denial]
    wanted: set[int] = set()
    for _condition, hits in (*practice, *denial):
        wanted |= hits
    for index in sorted(wanted):
        sentence = all_sentences[index]
        if sentence.block.kind == "heading":
            continue
        probe = Probe(sentence, lex.terms, sentences)
        probes[index] = probe
        if is_question(sentence):
            continue
        open_practice = [c for c, hits in practice if index in hits]
        holding = [c for c in open_practice if probe.holds(c)]
        # A negated description is a denial, whatever else the sentence mentions ("there is no
        # safety router, and no substitution when capacity is tight").
        described = holding or [c for c in open_practice if probe.holds(c, core_only=True)]
        if described and all(negated(probe, c, lex) for c in described):
            report.denial.append(evidence("denial", sentence))
            continue
        if holding:
            anchors.append(sentence)
            if len(report.practice) < MAX_EVIDENCE * 4:
                report.practice.append(evidence("practice", sentence))
        elif any(probe.holds(c) for c, hits in denial if index in hits):
            report.denial.append(evidence("denial", sentence))
    find_facts(sentences, lex, anchors, probes, report)
    return report


_CACHE: dict[int, tuple[dict, dict[str, Lexicon]]] = {}


def lexicons(topics: dict) -> dict[str, Lexicon]:
    """Compiled lexicons for a ruleset's topic data, compiled once per process."""
    from .lexicon import compile_lexicon

    hit = _CACHE.get(id(topics))
    if hit is None or hit[0] is not topics:
        hit = (topics, {name: compile_lexicon(data) for name, data in topics.items()})
        _CACHE[id(topics)] = hit
    return hit[1]
