"""The disclosure analysis's shortcuts give what the plain definitions give: sentence hits from
scans and in-place searches equal a search of each sentence alone, section titles scanned joined
equal a search of each title, fact scopes computed from the anchors equal the scope predicates
tried on every sentence, and trying a sentence only against the conditions it opens finds the
same practice and denials as trying every sentence against every condition."""

from __future__ import annotations

import os

from hypothesis import given, settings
from hypothesis import strategies as st

from linter.disclosure.analyse import MAX_EVIDENCE, analyse_topic, is_question, lexicons
from linter.disclosure.lexicon import Probe, negated, opened
from linter.disclosure.scope import NEAR_WINDOW, SECTION_UNIT_LEVEL, scope_sentences
from linter.disclosure.sentences import SentenceIndex
from linter.document import Document, Section, parse
from linter.rulebook import compile_pattern, load_ruleset

EXAMPLES = int(os.environ.get("DISCLOSURE_LINT_FUZZ_EXAMPLES", "400")) // 4

WORDS = [
    "requests", "are", "routed", "to", "Model 4.8", "when", "the", "classifier", "flags", "them",
    "we", "do", "not", "route", "safety", "refusal", "rate", "5%", "é", "数", "Eligibility",
    "trusted", "partners", "safeguards", "lifted", "users", "are", "told", "who", "decides",
]  # fmt: skip
SENTENCE = (
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=7)
    .map(" ".join)
    .map(lambda words: words + ".")
)
PARAGRAPH = st.lists(SENTENCE, min_size=1, max_size=3).map(" ".join)
HEADING = st.tuples(st.integers(1, 4), st.lists(st.sampled_from(WORDS), min_size=1, max_size=3))
BLOCK = st.one_of(
    PARAGRAPH,
    PARAGRAPH.map(lambda text: f"- {text}"),
    HEADING.map(lambda heading: f"{'#' * heading[0]} {' '.join(heading[1])}"),
    st.just("| Category | Refusal rate |\n|---|---|\n| cyber | 5% |"),
)
DOCUMENTS = st.lists(BLOCK, min_size=1, max_size=12).map("\n\n".join)
PATTERNS = [
    r"\b(?:requests?|routed)\b",
    r"(?:\S+\s+){0,2}safety",
    r"\d+%",
    r"[^.]{0,20}refus",
    r"\Arefusal",  # bound to the text's start: searched sentence by sentence
    r"^Eligib",
    r"é\s+数",
]


def _alone(pattern, texts: list[str]) -> set[int]:
    return {i for i, text in enumerate(texts) if pattern.search(text) is not None}


@settings(max_examples=EXAMPLES, deadline=None, database=None)
@given(DOCUMENTS, st.data())
def test_sentence_hits_equal_a_search_of_each_sentence(text, data):
    document = parse("card.md", text)
    texts = [s.text for s in document.sentences]
    sentences = SentenceIndex(document)
    for source in PATTERNS:
        pattern = compile_pattern(source)
        expected = _alone(pattern, texts)
        cuts = sorted(data.draw(st.lists(st.integers(0, len(texts)), max_size=4)))
        runs = [(a, b) for a, b in zip([0, *cuts], [*cuts, len(texts)], strict=True) if a < b]
        inside = {i for a, b in runs[::2] for i in range(a, b)}
        assert set(sentences.hits_within(pattern, runs[::2])) == expected & inside
        found = {i for i in range(len(texts)) if sentences.search_in_place(pattern, i)}
        assert found == expected
        assert sentences.hits(pattern) == expected
        # Once scanned, the stretches are read from the scan.
        assert set(sentences.hits_within(pattern, runs[::2])) == expected & inside


@settings(max_examples=EXAMPLES, deadline=None, database=None)
@given(DOCUMENTS)
def test_titles_scanned_joined_equal_a_search_of_each_title(text):
    document = parse("card.md", text)
    sentences = SentenceIndex(document)
    for source in PATTERNS:
        pattern = compile_pattern(source)
        expected = {
            id(s) for s in document.sections if s.title and pattern.search(s.title) is not None
        }
        assert sentences.titled(pattern) == expected
        for section in document.sections:
            titles = " / ".join(section.path())
            in_path = bool(titles) and pattern.search(titles) is not None
            assert sentences.in_path(pattern, section) == in_path


def _unit(section: Section) -> Section:
    while section.level > SECTION_UNIT_LEVEL and section.parent is not None:
        section = section.parent
    return section


def _under(section: Section, unit: Section) -> bool:
    node: Section | None = section
    while node is not None:
        if node is unit:
            return True
        node = node.parent
    return False


def _in_scope(document: Document, anchors: list, scope: str) -> set[int]:
    """The scopes by their definition, tried on every sentence."""
    found = set()
    for s in document.sentences:
        if scope == "sentence":
            inside = any(s is a for a in anchors)
        elif scope == "near":
            inside = any(s.block is a.block for a in anchors) or (
                any(abs(s.index - a.index) <= NEAR_WINDOW for a in anchors)
                and any(s.section is a.section for a in anchors)
            )
        else:
            inside = any(_under(s.section, _unit(a.section)) for a in anchors)
        if inside:
            found.add(s.index)
    return found


@settings(max_examples=EXAMPLES, deadline=None, database=None)
@given(DOCUMENTS, st.data())
def test_scopes_from_the_anchors_equal_the_scope_definitions(text, data):
    document = parse("card.md", text)
    if not document.sentences:
        return
    picks = data.draw(st.sets(st.integers(0, len(document.sentences) - 1), max_size=4))
    anchors = [document.sentences[i] for i in sorted(picks)]
    sentences = SentenceIndex(document)
    assert scope_sentences(sentences, anchors, "document") is None
    for scope in ("sentence", "near", "section"):
        assert scope_sentences(sentences, anchors, scope) == _in_scope(document, anchors, scope)


def _every_sentence_report(document: Document, lex) -> tuple[list, list]:
    """Practice and denial lines found by trying every sentence against every condition."""
    sentences = SentenceIndex(document)
    practice, denial = [], []
    for sentence in document.sentences:
        if sentence.block.kind == "heading":
            continue
        probe = Probe(sentence, lex.terms, sentences)
        if is_question(sentence):
            continue
        holding = [c for c in lex.practice if probe.holds(c)]
        described = holding or [c for c in lex.practice if probe.holds(c, core_only=True)]
        if described and all(negated(probe, c, lex) for c in described):
            denial.append(sentence.index)
        elif holding:
            if len(practice) < MAX_EVIDENCE * 4:
                practice.append(sentence.index)
        elif any(probe.holds(c) for c in lex.denial):
            denial.append(sentence.index)
    return practice, denial


ROUTING = [
    "Requests about biology are routed to Model 4.8 when the classifier flags them.",
    "We do not route requests to another model.",
    "Is any request routed?",
    "The safety classifier blocks flagged requests before they reach the model.",
    "Tokens are routed to experts in a mixture-of-experts layer.",
    "Trusted partners get a version with some safeguards lifted.",
]


@settings(max_examples=EXAMPLES, deadline=None, database=None)
@given(st.lists(st.one_of(st.sampled_from(ROUTING), BLOCK), min_size=1, max_size=10))
def test_conditions_tried_on_the_sentences_they_open_find_what_every_sentence_finds(blocks):
    document = parse("card.md", "\n\n".join(blocks))
    for topic, lex in lexicons(load_ruleset().topics).items():
        if topic == "refusal-reporting":
            continue  # not condition-driven
        sentences = SentenceIndex(document)
        report = analyse_topic(sentences, lex)
        practice, denial = _every_sentence_report(document, lex)
        where = {s.index: (s.position.line, s.position.column) for s in document.sentences}
        assert [(e.line, e.column) for e in report.practice] == [where[i] for i in practice]
        assert [(e.line, e.column) for e in report.denial] == [where[i] for i in denial]
        for condition in [*lex.practice, *lex.denial]:
            can = opened(sentences, lex.terms, condition)
            for sentence in document.sentences:
                if sentence.index not in can:
                    probe = Probe(sentence, lex.terms, sentences)
                    assert not probe.holds(condition, core_only=True)


def test_the_routing_examples_describe_and_deny_routing():
    document = parse("card.md", "\n\n".join(ROUTING))
    lex = lexicons(load_ruleset().topics)["fallback-routing"]
    report = analyse_topic(SentenceIndex(document), lex)
    assert [e.line for e in report.practice] == [1, 7]
    assert [e.line for e in report.denial] == [3]
