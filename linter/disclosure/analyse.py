"""The sentence pass that finds, per topic, where a practice is described or denied and which of
its facts are stated near it. Driven by the topic lexicons; one pass per topic, each term run at
most once per sentence."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..document import Document, Section, Sentence
from .lexicon import Condition, Lexicon, Probe, candidates, negated
from .model import Evidence, TopicReport

NEAR_WINDOW = 2  # sentences either side of a practice sentence, within its section
MAX_EVIDENCE = 8  # per fact: enough for reports, bounded for huge documents


def evidence(
    fact: str, sentence: Sentence, match=None, detail: str = "", source: str = "prose"
) -> Evidence:
    start = sentence.position
    end = sentence.end_position
    if match is not None and not detail:
        detail = " ".join(match.group().split())
    source = "table" if sentence.block.table is not None and source == "prose" else source
    return Evidence(
        fact,
        start.line,
        start.column,
        end.line,
        end.column,
        " ".join(sentence.text.split()),
        detail,
        source,
        sentence.section.index,
    )


def text_sentences(document: Document) -> Iterator[Sentence]:
    """Sentences that carry statements (headings only name sections)."""
    for sentence in document.sentences:
        if sentence.block.kind != "heading":
            yield sentence


def is_question(sentence: Sentence) -> bool:
    """A question asks about a practice; it neither describes nor denies it."""
    return sentence.text.rstrip(" *_\"'”’)").endswith("?")


def _descendants(section: Section) -> Iterator[Section]:
    stack = [section]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(node.children)


SECTION_UNIT_LEVEL = 2


def _unit(section: Section) -> Section:
    """The section a statement belongs to for "same section" purposes: its ancestor at heading
    level 2 (or the section itself when higher), so that "### 2.1 What answers a flagged
    request" and "### 2.2 What the user sees" are read together under "## 2. Routing"."""
    while section.level > SECTION_UNIT_LEVEL and section.parent is not None:
        section = section.parent
    return section


def scope_filter(document: Document, anchors: list[Sentence], scope: str):
    """A predicate telling whether a sentence lies within ``scope`` of any anchor sentence."""
    if scope == "document":
        return lambda s: True
    if scope == "sentence":
        ids = {s.index for s in anchors}
        return lambda s: s.index in ids
    if scope == "near":
        blocks = {id(s.block) for s in anchors}
        window: set[int] = set()
        for s in anchors:
            window.update(range(s.index - NEAR_WINDOW, s.index + NEAR_WINDOW + 1))
        sections = {id(s.section) for s in anchors}
        return lambda s: id(s.block) in blocks or (s.index in window and id(s.section) in sections)
    sections = {id(node) for s in anchors for node in _descendants(_unit(s.section))}
    return lambda s: id(s.section) in sections


def _titled_sections(document: Document, lex: Lexicon, titles: tuple[str, ...]) -> set[int]:
    if not titles:
        return set()
    patterns = [lex.terms[t] for t in titles]
    return {
        id(section)
        for section in document.sections
        if section.title and any(p.search(section.title) for p in patterns)
    }


def _runs(indices: list[int]) -> list[tuple[int, int]]:
    """Sorted sentence indices as ranges ``(first, stop)`` of consecutive ones."""
    runs: list[tuple[int, int]] = []
    for index in indices:
        if runs and runs[-1][1] == index:
            runs[-1] = (runs[-1][0], index + 1)
        else:
            runs.append((index, index + 1))
    return runs


def _scoped_candidates(
    document: Document, lex: Lexicon, condition: Condition, runs: list[tuple[int, int]]
) -> set[int]:
    """``candidates`` among the sentences of ``runs``: the opening terms are looked for in
    those stretches of the text only (a scan of the whole document when a term cannot be)."""
    found: set[int] = set()
    for name in condition.all[:1] or condition.any:
        hits = lex.terms[name].hits_within(document, runs)
        if hits is None:
            return candidates(document, lex.terms, [condition])
        found.update(hits)
    return found


def find_facts(
    document: Document,
    lex: Lexicon,
    anchors: list[Sentence],
    probes: dict[int, Probe],
    report: TopicReport,
) -> None:
    """Record, for each fact of the lexicon, sentences within its scope of the anchors."""
    scopes: dict[str, tuple[Callable[[Sentence], bool], list[tuple[int, int]] | None]] = {}
    titled_by: dict[tuple[str, ...], set[int]] = {}
    for spec in (spec for alternatives in lex.facts.values() for spec in alternatives):
        if not anchors and spec.scope != "document":
            continue  # facts tied to the practice need a description of the practice
        if spec.scope not in scopes:
            inside = scope_filter(document, anchors, spec.scope)
            runs = None
            if spec.scope != "document":
                runs = _runs([s.index for s in document.sentences if inside(s)])
            scopes[spec.scope] = (inside, runs)
        inside, runs = scopes[spec.scope]
        if spec.condition is None:
            wanted: set[int] = set()
        elif runs is not None:
            # A fact tied to the practice is looked for in its scope only.
            wanted = _scoped_candidates(document, lex, spec.condition, runs)
        else:
            wanted = candidates(document, lex.terms, [spec.condition])
        if spec.titles not in titled_by:
            titled_by[spec.titles] = _titled_sections(document, lex, spec.titles)
        titled = titled_by[spec.titles]
        if titled:
            wanted = wanted | {s.index for s in document.sentences if id(s.section) in titled}
        found: list[Evidence] = []
        # Only the sentences that can state the fact, in document order.
        for sentence in (document.sentences[i] for i in sorted(wanted)):
            by_title = id(sentence.section) in titled
            if sentence.block.kind == "heading" or not inside(sentence):
                continue
            if by_title:
                detail = f"under '{sentence.section.title}'"
                found.append(evidence(spec.name, sentence, detail=detail))
            else:
                probe = probes.get(sentence.index)
                if probe is None:
                    probe = probes[sentence.index] = Probe(sentence, lex.terms, document)
                if not probe.holds(spec.condition):
                    continue
                # What was matched is shown for the first place only (messages, scorecards).
                detail = "" if found else probe.details(spec.condition)
                found.append(evidence(spec.name, sentence, detail=detail))
            if len(found) >= MAX_EVIDENCE:
                break
        if found:
            report.facts.setdefault(spec.name, []).extend(found)


def analyse_topic(document: Document, lex: Lexicon) -> TopicReport:
    report = TopicReport(lex.topic)
    probes: dict[int, Probe] = {}
    anchors: list[Sentence] = []
    wanted = candidates(document, lex.terms, [*lex.practice, *lex.denial])
    for index in sorted(wanted):
        sentence = document.sentences[index]
        if sentence.block.kind == "heading":
            continue
        probe = Probe(sentence, lex.terms, document)
        probes[sentence.index] = probe
        if is_question(sentence):
            continue
        holding = [c for c in lex.practice if probe.holds(c)]
        # A negated description is a denial, whatever else the sentence mentions ("there is no
        # safety router, and no substitution when capacity is tight").
        described = holding or [c for c in lex.practice if probe.holds(c, core_only=True)]
        if described and all(negated(probe, c, lex) for c in described):
            report.denial.append(evidence("denial", sentence))
            continue
        if holding:
            anchors.append(sentence)
            if len(report.practice) < MAX_EVIDENCE * 4:
                report.practice.append(evidence("practice", sentence))
        elif any(probe.holds(c) for c in lex.denial):
            report.denial.append(evidence("denial", sentence))
    find_facts(document, lex, anchors, probes, report)
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
