"""The phrase check's shortcuts agree with the plain way: the sentences each phrase is looked
for in come from one scan of all the phrases, table rows left out; condition scopes, as the
check evaluates them (results shared across rules and units, texts kept in UTF-8, the document
scope read from the joined sentences), agree with a plain search of each scope's text built
from its definition."""

from __future__ import annotations

from pathlib import Path

import pytest

from linter.checks import CheckContext
from linter.checks.phrase import _DERIVED_KINDS, _compiled, _phrase_set, _Scopes, _unit
from linter.disclosure.lexicon import clause_before
from linter.document import Section, Sentence, parse
from linter.engine import compile_rules
from tests.helpers import REPO, ruleset

DOCS = sorted((REPO / "tests" / "corpus" / "docs").glob("*.md"))[::4]


def _section_text(section: Section) -> str:
    parts: list[str] = []

    def walk(node: Section) -> None:
        if node.heading is not None:
            parts.append(node.heading.text)
        parts.extend(block.text for block in node.blocks)
        for child in node.children:
            walk(child)

    walk(section)
    return "\n".join(parts)


def _reference(scope, width, sentences: list[Sentence], s: Sentence, start: int, end: int) -> str:
    text = s.text
    if scope == "before":
        return text[max(0, start - width) : start]
    if scope == "after":
        return text[end : end + width]
    if scope == "around":
        return text[max(0, start - width) : end + width]
    if scope == "clause":
        return clause_before(text, start, width)
    if scope == "sentence":
        return text
    if scope in ("neighbours", "others"):
        near = [
            n
            for n in sentences[max(0, s.index - 1) : s.index + 2]
            if n.block.section is s.block.section and (scope == "neighbours" or n is not s)
        ]
        return "\n".join(n.text for n in near)
    if scope == "paragraph":
        return s.block.text
    if scope == "section":
        return _section_text(s.block.section)
    assert scope == "document"
    return "\n".join(n.text for n in sentences)


@pytest.mark.parametrize("path", DOCS, ids=[p.name for p in DOCS])
def test_every_condition_holds_where_a_plain_search_of_its_scope_finds_it(path: Path):
    rules = ruleset()
    phrase_rules = compile_rules([r for r in rules.rules if r.check.kind == "phrase"])
    document = parse(str(path), path.read_text(encoding="utf-8"))
    scopes = _Scopes(CheckContext(document, rules))
    compiled = [_compiled(c.params) for c in phrase_rules]
    tests = [t for _regex, context, unless in compiled for t in (*context, *unless)]
    checked = 0
    for regex, _context, _unless in compiled:
        for index in sorted(document.sentence_hits(regex)):
            sentence = document.sentences[index]
            for match in regex.finditer(sentence.text):
                start, end = match.span()
                for test in tests:
                    text = _reference(
                        test.scope, test.width, document.sentences, sentence, start, end
                    )
                    if test.cached:  # the unit's text, as the check reads it
                        unit = _unit(test.scope, sentence)
                        assert scopes._unit_utf8(test.scope, unit, sentence) == text.encode()
                    expected = test.regex.search(text) is not None
                    assert scopes.holds(test, sentence, start, end) == expected, (
                        test.scope,
                        test.regex.source[:60],
                        sentence.text[:80],
                    )
                    checked += 1
    assert checked or not any(document.sentence_hits(r) for r, _c, _u in compiled)


TABLE = """# Editions

Our safeguards were lifted in some areas.

| Edition | Note |
| --- | --- |
| Open | made safe for general use |
| Lab | safeguards lifted for trusted partners |
"""


def test_each_phrase_is_looked_for_in_the_sentences_it_occurs_in_outside_table_rows():
    rules = ruleset()
    compiled = [
        _compiled(c.params)[0]
        for c in compile_rules([r for r in rules.rules if r.check.kind == "phrase"])
    ]
    primers = [parse("a.md", "a"), parse("b.md", "b")]  # the joint scan compiles at the second
    for primer in primers:
        _phrase_set(rules).hits_within(primer, [])
    paths = sorted((REPO / "tests" / "corpus" / "docs").glob("*.md"))[:40]
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in paths] + [("table.md", TABLE)]
    skipped = 0
    for name, text in texts:
        document = parse(name, text)
        hits = _Scopes(CheckContext(document, rules)).hits
        assert hits is not None
        for regex in compiled:
            expected = [
                i
                for i in sorted(document.sentence_hits(regex))
                if document.sentences[i].block.kind not in _DERIVED_KINDS
            ]
            assert hits[id(regex)] == expected, name
            skipped += len(document.sentence_hits(regex)) - len(expected)
    assert skipped  # the table's rows repeat its cells' phrases
