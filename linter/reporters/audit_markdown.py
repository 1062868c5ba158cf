"""`audit --format markdown`: the scorecards as a Markdown report (dated), for an issue, a pull
request or a wiki page. Text from the documents is escaped: it shows literally and cannot add
markup or raw HTML."""

from __future__ import annotations

from ..audit.model import AuditResult, DocumentAudit
from .audit_common import TOPIC_LABELS, fact_names, generated_line, md_text, summary_rows, where


def _code(text: str) -> str:
    return text.replace("`", "'")


def document(audit: DocumentAudit) -> list[str]:
    p = audit.provenance
    out = [f"## {md_text(audit.path)}: {audit.score}/100", ""]
    facts = [f"format {p.format}", f"{p.size:,} bytes"]
    if p.pages:
        facts.append(f"{p.pages} pages")
    facts.append(f"SHA-256 `{p.sha256}`")
    if p.url:
        facts.append(f"fetched from <{md_text(p.url)}>")
    if p.final_url:
        facts.append(f"redirected to <{md_text(p.final_url)}>")
    if p.title:
        facts.append(f"title: {md_text(p.title)}")
    out += ["; ".join(facts) + ".", ""]
    out += ["| Topic | Status | Facts found | Facts missing |", "| --- | --- | --- | --- |"]
    for topic, card in audit.topics.items():
        found = ", ".join(fact_names(audit, topic)) or "none"
        missing = ", ".join(card.missing) or "none"
        out.append(
            f"| {TOPIC_LABELS.get(topic, topic)} | **{card.status}** | {found} | {missing} |"
        )
    out.append("")
    rows = []
    for topic, card in audit.topics.items():
        for fact in fact_names(audit, topic):
            places = [f for f in card.found if f.fact == fact]
            more = f" (+{len(places) - 1} more)" if len(places) > 1 else ""
            first = places[0]
            place = where(first.where) + more
            rows.append(f"| {topic} | {fact} | {place} | {md_text(first.where.excerpt)} |")
    if rows:
        out += ["### Facts found (first place each)", ""]
        out += ["| Topic | Fact | Where | Excerpt |", "| --- | --- | --- | --- |", *rows, ""]
    withheld = [(t, w) for t, card in audit.topics.items() for w in card.withheld]
    if withheld:
        out += ["### Said to be withheld", ""]
        out += [f"- {t}, {where(w)}: {md_text(w.excerpt)}" for t, w in withheld]
        out.append("")
    out += [f"### Euphemisms ({len(audit.euphemisms)})", ""]
    if audit.euphemisms:
        out += ["| Rule | Where | Excerpt |", "| --- | --- | --- |"]
        for e in audit.euphemisms:
            out.append(f"| {e.rule} {e.name} | {where(e.where)} | {md_text(e.where.excerpt)} |")
    else:
        out.append("None found.")
    out.append("")
    if audit.suppressions:
        out += ["### Suppression comments (listed, not honoured)", ""]
        out += [f"- {where(s)}: `{_code(s.excerpt)}`" for s in audit.suppressions]
        out.append("")
    if audit.notes:
        out += ["### Notes", ""] + [f"- {md_text(n)}" for n in audit.notes] + [""]
    return out


def summary(result: AuditResult, sort: str = "input") -> list[str]:
    out = [
        "| Score | Document | Routing | Tiers | Refusals | Authority | Euphemisms | Suppressions |",
        "| ---: | --- | --- | --- | --- | --- | ---: | ---: |",
    ]
    for r in summary_rows(result.documents, sort):
        s = r.statuses
        out.append(
            f"| {r.score} | {md_text(r.path)} | {s.get('fallback-routing', '-')} | "
            f"{s.get('tier-differences', '-')} | {s.get('refusal-reporting', '-')} | "
            f"{s.get('refusal-authority', '-')} | {r.euphemisms} | {r.suppressions} |"
        )
    return out


def render(result: AuditResult, date: str, sort: str = "input", only_summary: bool = False) -> str:
    out = [
        "# Disclosure audit",
        "",
        f"{generated_line(date)} {result.tool_version} "
        f"(ruleset {result.ruleset_version}). Audits run with suppressions off; the score "
        "formula is in docs/audit.md.",
        "",
    ]
    if len(result.documents) > 1 or only_summary:
        out += [*summary(result, sort), ""]
    if not only_summary:
        for audit in result.documents:
            out += document(audit)
    if result.errors:
        out += ["## Could not be read", ""] + [f"- {md_text(e.message)}" for e in result.errors]
        out.append("")
    return "\n".join(out).rstrip() + "\n"
