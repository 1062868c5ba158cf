"""`audit --format html`: one self-contained page, readable on a phone and in print.

The scorecard comes first, then the document text with each found fact and each euphemism
highlighted and linked to the explanation of the rule that asks for it. Every piece of document
text is escaped, the page holds no script at all, and its Content-Security-Policy allows nothing
but its own style sheet (by hash): an audited page cannot run script in the report.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
from dataclasses import dataclass
from html import escape

from ..audit.model import AuditResult, DocumentAudit, Located, RuleNote, Span
from .audit_common import TOPIC_LABELS, fact_names, generated_line, summary_rows, where

STYLE = """
:root{--ink:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#fff;--fact:#fff3b0;--euph:#ffd6d6;
--stated:#1a7f37;--partial:#9a6700;--missing:#cf222e;--denied:#0969da}
*{box-sizing:border-box}
body{margin:0 auto;max-width:72rem;padding:1rem;font:16px/1.5 system-ui,-apple-system,"Segoe UI",
Roboto,sans-serif;color:var(--ink);background:var(--bg)}
h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.3rem;margin:2rem 0 .5rem;overflow-wrap:anywhere}
h3{font-size:1.05rem;margin:1.4rem 0 .4rem}
p,li,dd{overflow-wrap:anywhere}
.meta{color:var(--muted);font-size:.9rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}
.wrap{overflow-x:auto}
.score{display:inline-block;font-weight:700;padding:.1rem .6rem;border-radius:1rem;
background:#eaeef2;white-space:nowrap}
.status{display:inline-block;font-weight:700;padding:0 .45rem;border-radius:.3rem;color:#fff}
.status.stated{background:var(--stated)}.status.partial{background:var(--partial)}
.status.missing{background:var(--missing)}.status.denied{background:var(--denied)}
ul.places{margin:.3rem 0;padding-left:1.2rem}
ul.places li{margin:.2rem 0}
q{font-style:italic}
dl.rules dt{font-weight:700;margin-top:.8rem}dl.rules dd{margin:.2rem 0 .2rem 1rem}
.text{border:1px solid var(--line);border-radius:.4rem;padding:.5rem 0;margin-top:.5rem;
font:13px/1.55 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.ln{display:flex;gap:.6rem;padding:0 .6rem}
.ln:target{background:#ddf4ff}
.no{flex:0 0 4.5rem;text-align:right;color:var(--muted);user-select:none;text-decoration:none}
.tx{flex:1;white-space:pre-wrap;overflow-wrap:anywhere;min-width:0}
.page{padding:.3rem .6rem;margin:.4rem 0;background:#f6f8fa;color:var(--muted);font-weight:700}
a.hl{color:inherit;text-decoration:none;border-radius:.2rem}
a.hl.fact{background:var(--fact)}a.hl.euph{background:var(--euph);border-bottom:2px solid
var(--missing)}
.legend span{padding:0 .3rem;border-radius:.2rem}
.legend .fact{background:var(--fact)}.legend .euph{background:var(--euph)}
@media (max-width:40rem){body{padding:.5rem;font-size:15px}.no{flex-basis:2.8rem}
th,td{padding:.25rem .3rem}}
@media print{body{max-width:none;padding:0;font-size:11pt}a{color:inherit;text-decoration:none}
.text{font-size:9pt;border:none}.ln{break-inside:avoid}article{break-before:page}
article:first-of-type{break-before:auto}tr{break-inside:avoid}
a.hl.fact{background:none;border-bottom:2px solid #bf8700}
a.hl.euph{background:none;border-bottom:2px solid var(--missing)}}
"""


def _csp() -> str:
    digest = base64.b64encode(hashlib.sha256(STYLE.encode("utf-8")).digest()).decode("ascii")
    return (
        f"default-src 'none'; style-src 'sha256-{digest}'; img-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )


def _e(text: str) -> str:
    return escape(text, quote=True)


@dataclass(slots=True)
class _Mark:
    span: Span
    kind: str  # fact | euph
    label: str
    target: str  # id of the explanation
    anchor: str  # id of the highlight


class _Ids:
    """Anchors unique within the page: document n, then a name."""

    def __init__(self, n: int) -> None:
        self.prefix = f"d{n}"

    def __call__(self, name: str) -> str:
        return f"{self.prefix}-{name}"


def _marks(audit: DocumentAudit, ids: _Ids) -> tuple[list[_Mark], dict[int, str]]:
    """Highlights, and for each found fact or euphemism (by id()) the anchor of its highlight."""
    marks: list[_Mark] = []
    anchors: dict[int, str] = {}
    by_span: dict[tuple[Span, str], _Mark] = {}
    for topic, card in audit.topics.items():
        for fact in card.found:
            key = (fact.where.span, "fact")
            mark = by_span.get(key)
            label = f"{topic}: {fact.fact}"
            if mark is None:
                target = ids(f"rule-{fact.rule}") if fact.rule else ids(f"topic-{topic}")
                mark = _Mark(fact.where.span, "fact", label, target, ids(f"h{len(marks) + 1}"))
                by_span[key] = mark
                marks.append(mark)
            elif label not in mark.label:
                mark.label += f"; {label}"
            anchors[id(fact)] = mark.anchor
    for topic, card in audit.topics.items():
        for w in card.withheld:
            label = f"{topic}: said to be withheld"
            target = ids(f"topic-{topic}")
            marks.append(_Mark(w.span, "fact", label, target, ids(f"h{len(marks) + 1}")))
    for e in audit.euphemisms:
        mark = _Mark(
            e.where.span,
            "euph",
            f"{e.rule} {e.name}",
            ids(f"rule-{e.rule}"),
            ids(f"h{len(marks) + 1}"),
        )
        marks.append(mark)
        anchors[id(e)] = mark.anchor
    return marks, anchors


def _line_pieces(marks: list[_Mark], count: int, lengths: list[int]) -> dict[int, list]:
    """Per shown line (1-based): (start, end, mark) column ranges, 0-based, end exclusive."""
    pieces: dict[int, list] = {}
    for mark in marks:
        s = mark.span
        first, last = max(1, s.line), min(count, max(s.line, s.end_line))
        for line in range(first, last + 1):
            length = lengths[line - 1]
            start = s.column - 1 if line == s.line else 0
            end = s.end_column - 1 if line == s.end_line else length
            start, end = max(0, min(start, length)), max(0, min(end, length))
            if end > start:
                pieces.setdefault(line, []).append((start, end, mark))
    return pieces


def _render_line(text: str, pieces: list) -> str:
    if not pieces:
        return _e(text)
    cuts = sorted({0, len(text), *(p[0] for p in pieces), *(p[1] for p in pieces)})
    starts: dict[int, list[str]] = {}
    for start, _end, mark in pieces:
        starts.setdefault(start, [])
        if mark.anchor not in starts[start]:
            starts[start].append(mark.anchor)
    out: list[str] = []
    placed: set[str] = set()
    for a, b in itertools.pairwise(cuts):
        for anchor in starts.get(a, []):
            if anchor not in placed:
                out.append(f'<span id="{anchor}"></span>')
                placed.add(anchor)
        covering = [m for s, e, m in pieces if s <= a and b <= e]
        chunk = _e(text[a:b])
        if not covering:
            out.append(chunk)
            continue
        euph = [m for m in covering if m.kind == "euph"]
        top = (euph or covering)[0]
        labels = "; ".join(dict.fromkeys(m.label for m in covering))
        out.append(
            f'<a class="hl {top.kind}" href="#{top.target}" title="{_e(labels)}">{chunk}</a>'
        )
    return "".join(out)


def _text_section(audit: DocumentAudit, marks: list[_Mark], ids: _Ids) -> list[str]:
    lines = audit.text
    pieces = _line_pieces(marks, len(lines), [len(s.text) for s in lines])
    out = [
        f'<h3 id="{ids("text")}">Document text</h3>',
        '<p class="meta legend"><span class="fact">found fact</span> '
        '<span class="euph">euphemism</span>: select a highlight for why it matters. '
        "Numbers are "
        + ("page:line in the PDF" if audit.provenance.pages else "lines of the source file")
        + ".</p>",
        '<div class="text">',
    ]
    page = None
    for i, shown in enumerate(lines, start=1):
        if shown.page is not None and shown.page != page:
            page = shown.page
            out.append(f'<div class="page" id="{ids(f"p{page}")}">Page {page}</div>')
        number = f"{shown.page}:{shown.line}" if shown.page is not None else str(shown.line)
        if not shown.text and audit.provenance.format != "markdown":
            number = ""  # a paragraph break the conversion added, not a line of the source
        anchor = ids(f"L{i}")
        out.append(
            f'<div class="ln" id="{anchor}"><a class="no" href="#{anchor}">{number}</a>'
            f'<span class="tx">{_render_line(shown.text, pieces.get(i, []))}</span></div>'
        )
    out.append("</div>")
    return out


def _place(located: Located, anchor: str | None) -> str:
    label = _e(where(located))
    return f'<a href="#{anchor}">{label}</a>' if anchor else label


def _scorecard(audit: DocumentAudit, ids: _Ids) -> list[str]:
    out = [
        '<div class="wrap"><table class="scorecard"><thead><tr><th>Topic</th><th>Status</th>'
        "<th>Facts found</th><th>Facts missing</th></tr></thead><tbody>"
    ]
    for topic, card in audit.topics.items():
        found = ", ".join(_e(f) for f in fact_names(audit, topic)) or "none"
        missing = ", ".join(_e(m) for m in card.missing) or "none"
        out.append(
            f'<tr><td><a href="#{ids(f"topic-{topic}")}">{_e(TOPIC_LABELS.get(topic, topic))}</a>'
            f'</td><td><span class="status {_e(card.status)}">{_e(card.status)}</span></td>'
            f"<td>{found}</td><td>{missing}</td></tr>"
        )
    out.append("</tbody></table></div>")
    return out


def _details(audit: DocumentAudit, ids: _Ids, anchors: dict[int, str]) -> list[str]:
    out: list[str] = []
    for topic, card in audit.topics.items():
        label = TOPIC_LABELS.get(topic, topic)
        out.append(
            f'<h3 id="{ids(f"topic-{topic}")}">{_e(label)}: '
            f'<span class="status {_e(card.status)}">{_e(card.status)}</span></h3>'
        )
        if card.found:
            out.append('<ul class="places">')
            for f in card.found:
                detail = f" [{_e(f.detail)}]" if f.detail else ""
                out.append(
                    f"<li><strong>{_e(f.fact)}</strong>{detail}, "
                    f"{_place(f.where, anchors.get(id(f)))}: <q>{_e(f.where.excerpt)}</q></li>"
                )
            out.append("</ul>")
        for w in card.withheld:
            out.append(f"<p>Said to be withheld, {_e(where(w))}: <q>{_e(w.excerpt)}</q></p>")
        if card.missing:
            links = ", ".join(_e(m) for m in card.missing)
            rules = ", ".join(f'<a href="#{ids(f"rule-{c}")}">{_e(c)}</a>' for c in card.rules)
            out.append(f"<p>Missing: {links}" + (f" (rules {rules})" if rules else "") + ".</p>")
    return out


def _euphemisms(audit: DocumentAudit, ids: _Ids, anchors: dict[int, str]) -> list[str]:
    out = [f'<h3 id="{ids("euphemisms")}">Euphemisms ({len(audit.euphemisms)})</h3>']
    if not audit.euphemisms:
        return [*out, "<p>None found.</p>"]
    out.append('<ul class="places">')
    for e in audit.euphemisms:
        out.append(
            f'<li><a href="#{ids(f"rule-{e.rule}")}">{_e(e.rule)} {_e(e.name)}</a>, '
            f"{_place(e.where, anchors.get(id(e)))}: <q>{_e(e.where.excerpt)}</q>"
            f"<br>{_e(e.message)}</li>"
        )
    out.append("</ul>")
    return out


def _suppressions(audit: DocumentAudit, ids: _Ids) -> list[str]:
    if not audit.suppressions:
        return []
    out = [
        f'<h3 id="{ids("suppressions")}">Suppression comments (listed, not honoured)</h3>',
        '<ul class="places">',
    ]
    out += [f"<li>{_e(where(s))}: <code>{_e(s.excerpt)}</code></li>" for s in audit.suppressions]
    out.append("</ul>")
    return out


def _rule_notes(notes: dict[str, RuleNote], ids: _Ids) -> list[str]:
    if not notes:
        return []
    out = [f'<h3 id="{ids("why")}">Why these disclosures matter</h3>', '<dl class="rules">']
    for code, note in notes.items():
        out.append(
            f'<dt id="{ids(f"rule-{code}")}">{_e(code)} {_e(note.name)}</dt>'
            f"<dd>{_e(note.summary)}</dd><dd>{_e(note.explanation)}</dd>"
            f"<dd><em>What to write:</em> {_e(note.fix)}</dd>"
        )
    out.append("</dl>")
    return out


def _document(audit: DocumentAudit, n: int) -> list[str]:
    ids = _Ids(n)
    p = audit.provenance
    marks, anchors = _marks(audit, ids)
    facts = [p.format, f"{p.size:,} bytes"]
    if p.pages:
        facts.append(f"{p.pages} pages")
    facts.append(f"SHA-256 {p.sha256}")
    if p.url:
        facts.append(f"fetched from {p.url}")
    if p.final_url:
        facts.append(f"redirected to {p.final_url}")
    out = [
        f'<article id="{ids("doc")}">',
        f'<h2>{_e(audit.path)} <span class="score">{audit.score}/100</span></h2>',
    ]
    if p.title:
        out.append(f"<p>{_e(p.title)}</p>")
    out.append(f'<p class="meta">{_e("; ".join(facts))}</p>')
    out += _scorecard(audit, ids)
    out += _details(audit, ids, anchors)
    out += _euphemisms(audit, ids, anchors)
    out += _suppressions(audit, ids)
    for note in audit.notes:
        out.append(f'<p class="meta">Note: {_e(note)}</p>')
    out += _text_section(audit, marks, ids)
    out += _rule_notes(audit.rules, ids)
    out.append("</article>")
    return out


def _summary(result: AuditResult, sort: str) -> list[str]:
    out = [
        '<h2 id="summary">Summary</h2><div class="wrap"><table><thead><tr><th>Score</th>'
        "<th>Document</th><th>Routing</th><th>Tiers</th><th>Refusals</th><th>Authority</th>"
        "<th>Euphemisms</th></tr></thead><tbody>"
    ]
    for row in summary_rows(result.documents, sort):
        n = row.index + 1
        cells = "".join(
            f'<td><span class="status {_e(s)}">{_e(s)}</span></td>'
            for s in (
                row.statuses.get(t, "-")
                for t in (
                    "fallback-routing",
                    "tier-differences",
                    "refusal-reporting",
                    "refusal-authority",
                )
            )
        )
        out.append(
            f'<tr><td>{row.score}</td><td><a href="#d{n}-doc">{_e(row.path)}</a></td>{cells}'
            f"<td>{row.euphemisms}</td></tr>"
        )
    out.append("</tbody></table></div>")
    return out


def render(result: AuditResult, date: str, sort: str = "input") -> str:
    title = (
        f"Disclosure audit: {result.documents[0].path}"
        if len(result.documents) == 1
        else "Disclosure audit"
    )
    out = [
        "<!doctype html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_csp()}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<header>",
        "<h1>Disclosure audit</h1>",
        f'<p class="meta">{_e(generated_line(date))} {_e(result.tool_version)} (ruleset '
        f"{_e(result.ruleset_version)}). Audits run with suppressions off. The score (0 to 100) "
        "weighs fallback routing, tier differences and refusal-rate reporting 30 each and "
        "refusal authority 10; within a topic, the practice and each fact the rules ask for "
        "earn their share; each euphemism costs 2 points, 10 at most.</p>",
        "</header>",
    ]
    if len(result.documents) > 1:
        out += _summary(result, sort)
    for n, audit in enumerate(result.documents, start=1):
        out += _document(audit, n)
    if result.errors:
        out.append('<h2 id="errors">Could not be read</h2><ul>')
        out += [f"<li>{_e(e.message)}</li>" for e in result.errors]
        out.append("</ul>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
