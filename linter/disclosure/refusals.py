"""Refusal-rate reporting: numbers about refusals in sentences and in tables.

A sentence reports a rate when it speaks of refusals and holds a number, and is not about
refusing something else (publishing data, a licence, documents that were too long). A table
reports rates when its header, caption or section title speaks of refusals and its cells hold
percentages or fractions (bare numbers when the caption, a header or the lead-in gives the unit,
"(% of prompts)"); its row and column labels give categories, and labels that name models give the
comparison with a predecessor. A plain-text table (a PDF's space-aligned rows, read as paragraphs)
under a caption about refusals is read from its source lines. A rate sentence under a section title
about something else ("Takedown notices") is not about the model's refusals.
"""

from __future__ import annotations

import re

from ..document import Block, Document, Sentence, Table
from .analyse import MAX_EVIDENCE
from .lexicon import Lexicon, Probe
from .model import Evidence, TopicReport
from .scope import runs, section_sentences
from .sentences import SentenceIndex

_CELL_NUMBER = re.compile(
    r"^\s*[<>≈~]?\s*\d+(?:[.,]\d+)?\s*%?(?:\s*\(?±\s*\d+(?:[.,]\d+)?\s*%?\)?)?\s*$"
)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_GENERIC_LABEL = re.compile(
    r"^\s*(?:overall|average|mean|total|all|aggregate|combined|avg\.?|n|count|\W*)\s*$",
    re.IGNORECASE,
)


def _first_cell(table: Table) -> Block | None:
    """The block of the table's first non-empty cell, where its evidence and lead-in are."""
    return next((c.block for row in table.rows for c in row if c.block is not None), None)


def _table_evidence(sentences: SentenceIndex, fact: str, table: Table, detail: str) -> Evidence:
    first = _first_cell(table)
    if first is not None and first.sentences:
        ev = sentences.evidence(fact, first.sentences[0], detail=detail, source="table")
        ev.excerpt = (table.caption or " | ".join(table.header_texts()))[:200]
        return ev
    return Evidence(fact, table.line, 1, table.end_line, 1, table.caption[:200], detail, "table")


def _is_rate_cell(text: str, percent: bool = False) -> bool:
    """A rate: a percentage or a fraction; with ``percent`` (the table gives its unit, "(% of
    prompts)"), also a bare number up to 100."""
    rate_like = "%" in text or text.strip().startswith(("0.", "0,", "1.0", "1,0"))
    if not rate_like and percent:
        number = _NUMBER.search(text)
        rate_like = number is not None and float(number.group().replace(",", ".")) <= 100
    return rate_like and _CELL_NUMBER.match(text) is not None


def _lead_in(document: Document, table: Table, lex: Lexicon) -> str:
    """The sentence just above a table without a caption, in the same section, when it gives the
    cells' unit ("Share of prompts refused, in per cent."): it is the table's caption."""
    first = _first_cell(table)
    if table.caption or first is None or not first.sentences or first.sentences[0].index == 0:
        return ""
    before = document.sentences[first.sentences[0].index - 1]
    block = before.block
    if block.kind != "paragraph" or block.section is not table.section:
        return ""
    if block.end_line < table.line - 2 or lex.terms["percent_unit"].search(before.text) is None:
        return ""
    return before.text


def _read_table(
    sentences: SentenceIndex, table: Table, lex: Lexicon, report: TopicReport, lead: str = ""
) -> bool:
    """Record what a refusal table states; False when the table is not about refusals."""
    terms = lex.terms
    headers = table.header_texts()
    body = table.body_rows()
    if body and not any(headers):
        # Converted tables often carry an empty Markdown header and the real one as row 1.
        headers, body = [c.text for c in body[0]], body[1:]
    unit = " ".join([table.caption, lead, *headers])
    percent = terms["percent_unit"].search(unit) is not None
    rate_cells = sum(1 for row in body for cell in row if _is_rate_cell(cell.text, percent))
    if rate_cells == 0:
        return False
    section_title = table.section.title if table.section is not None else ""
    labels = [c.text for row in body for c in row if c.text and not _CELL_NUMBER.match(c.text)]
    context = " ".join([table.caption, lead, " ".join(headers), section_title, " ".join(labels)])
    if terms["table_signal"].search(context) is None:
        return False
    row_labels = [row[0].text for row in body if row and row[0].text]
    col_labels = [h for h in headers[1:] if h]
    model_labels = [x for x in row_labels + col_labels if terms["model_label"].search(x)]
    # Column labels often name the measure ("Benign prompts refused"); row labels rarely do.
    category_labels = [
        x
        for x in dict.fromkeys(
            row_labels + [c for c in col_labels if not terms["metric_label"].search(c)]
        )
        if not terms["model_label"].search(x)
        and not _GENERIC_LABEL.match(x)
        and not _CELL_NUMBER.match(x)
    ]
    label = table.caption or section_title or "table"
    report.practice.append(
        _table_evidence(sentences, "rate", table, f"{rate_cells} rates in a table")
    )
    report.add(_table_evidence(sentences, "rate", table, label))
    if len(category_labels) >= 2:
        report.add(_table_evidence(sentences, "categories", table, ", ".join(category_labels[:6])))
    if terms["over_refusal"].search(context):
        report.add(_table_evidence(sentences, "over-refusal", table, label))
    if len(set(model_labels)) >= 2:
        report.add(
            _table_evidence(sentences, "predecessor", table, ", ".join(dict.fromkeys(model_labels)))
        )
    if terms["method"].search(context):
        report.add(_table_evidence(sentences, "method", table, label))
    return True


def _mostly_rates(text: str, percent: bool) -> bool:
    # Box-drawing borders ("│", "┌──┐") are not words.
    words = [w for w in text.split() if any(c.isalnum() for c in w)]
    rates = sum(1 for w in words if _is_rate_cell(w.strip("()"), percent))
    return rates >= 4 and rates * 3 >= len(words)


def _plain_table(document: Document, caption: Sentence, percent: bool) -> str:
    """The source lines of a plain-text table under a caption about refusals (a PDF's
    space-aligned table, read as paragraphs or headings): from the caption to the last of the
    next blocks (three at most) whose words are mostly rates, or to the end of the caption's own
    paragraph when the rows follow the caption without a blank line. Empty when there is none."""
    sentences = document.sentences
    blocks: list[Block] = []
    # The caption's own paragraph holds the rows when no blank line separates them.
    below = document.source_lines(caption.position.line + 1, caption.block.end_line)
    last = caption.block if _mostly_rates(" ".join(below), percent) else None
    for sentence in sentences[caption.index + 1 : caption.index + 200]:
        block = sentence.block
        if block is caption.block or (blocks and block is blocks[-1]):
            continue
        if block.kind not in ("paragraph", "heading") or len(blocks) == 3:
            break
        blocks.append(block)
        if _mostly_rates(block.text, percent):
            last = block
        elif last is not None:
            break
    if last is None:
        return ""
    return "\n".join(document.source_lines(caption.block.line, last.end_line))


def _read_plain_table(
    sentences: SentenceIndex, caption: Sentence, rows: str, lex: Lexicon, report: TopicReport
) -> None:
    terms = lex.terms
    evidence = sentences.evidence
    label = " ".join(caption.text.split())[:80]
    report.practice.append(evidence("rate", caption, detail="rates in a plain-text table"))
    report.add(evidence("rate", caption, detail=label))
    categories = dict.fromkeys(m.group().lower() for m in terms["category"].finditer(rows))
    if len(categories) >= 2:
        report.add(evidence("categories", caption, detail=", ".join(list(categories)[:6])))
    for fact, term in (("over-refusal", "over_refusal"), ("predecessor", "predecessor")):
        found = terms[term].search(rows)
        if found is not None:
            report.add(evidence(fact, caption, detail=" ".join(found.group().split())))


def _categories_in(probe: Probe) -> set[str]:
    return {m.group().lower() for m in probe.terms["category"].finditer(probe.text)}


def _subject_sentences(sentences: SentenceIndex, subjects: frozenset[int]) -> list[Sentence]:
    """The sentences that speak of refusals, and list items under a lead-in that does ("Model 2
    refused:" then "- cyber: 94.8%"), in order, headings left out."""
    every = sentences.sentences
    leads = {id(every[i].block) for i in subjects}
    return [
        sentence
        for sentence in every
        if (
            sentence.index in subjects
            or (sentence.block.lead is not None and id(sentence.block.lead) in leads)
        )
        and sentence.block.kind != "heading"
    ]


def analyse_refusals(sentences: SentenceIndex, lex: Lexicon) -> TopicReport:
    document = sentences.document
    evidence = sentences.evidence
    report = TopicReport("refusal-reporting")
    terms = lex.terms
    anchors: list[Sentence] = []
    rate_probes: list[tuple[Sentence, Probe]] = []
    refusal_probes: list[tuple[Sentence, Probe]] = []
    subjects = sentences.hits(terms["refusal_subject"])
    for sentence in _subject_sentences(sentences, subjects):
        probe = Probe(sentence, terms, sentences)
        refusal_probes.append((sentence, probe))
        if probe.has("withheld"):
            report.withheld.append(evidence("withheld", sentence))
            continue
        if sentence.block.table is not None:
            continue  # table cells are read as tables
        if not probe.has("rate_number") and probe.has("table_caption"):
            rows = _plain_table(document, sentence, probe.has("percent_unit"))
            if rows and not probe.has("other_sense"):
                anchors.append(sentence)
                _read_plain_table(sentences, sentence, rows, lex, report)
            continue
        if not probe.has("rate_number") or probe.has("other_sense"):
            continue
        if id(sentence.section) in sentences.titled(terms["other_sense"]):
            continue  # under "Takedown notices": a count of something else
        anchors.append(sentence)
        rate_probes.append((sentence, probe))
        if len(report.practice) < MAX_EVIDENCE * 4:
            report.practice.append(evidence("rate", sentence, probe.match("rate_number")))
    for table in document.tables:
        if _read_table(sentences, table, lex, report, _lead_in(document, table, lex)):
            first = _first_cell(table)
            if first is not None and first.sentences:
                anchors.append(first.sentences[0])  # its section unit may describe the method

    seen_categories: set[str] = set()
    for sentence, probe in rate_probes:
        if len(report.facts.get("rate", ())) < MAX_EVIDENCE:
            report.add(evidence("rate", sentence, probe.match("rate_number")))
        cats = _categories_in(probe)
        seen_categories |= cats
        if len(cats) >= 2 or (cats and len(seen_categories) >= 2):
            report.add(evidence("categories", sentence, detail=", ".join(sorted(cats))))
        if probe.has("over_refusal"):
            report.add(evidence("over-refusal", sentence, probe.match("over_refusal")))
        if probe.has("predecessor"):
            report.add(evidence("predecessor", sentence, probe.match("predecessor")))

    if anchors or report.practice:
        # The method is looked for near the rates only: in a section that reports them (in
        # prose or a table) or whose title names the method.
        near_rate = section_sentences(sentences, anchors)
        titled = sentences.titled(terms["method_title"])
        tables = {id(t.section) for t in document.tables if t.section is not None}
        near_rate.update(sentences.in_sections(titled | tables))
        for index in sentences.hits_within(terms["method"], runs(sorted(near_rate))):
            sentence = document.sentences[index]
            if sentence.block.kind == "heading":
                continue
            probe = Probe(sentence, terms, sentences)
            if probe.has("method") and len(report.facts.get("method", ())) < 4:
                report.add(evidence("method", sentence, probe.match("method")))
    for sentence, probe in refusal_probes:
        if probe.has("classifier_layer") and probe.has("separation"):
            report.add(evidence("classifier-separated", sentence, probe.match("separation")))
            break
    return report
