"""`audit --format text`: a scorecard per document as terminal tables, then, for a batch, the
summary table. Text from the documents is made terminal-safe."""

from __future__ import annotations

from ..audit.model import AuditResult, DocumentAudit
from .audit_common import fact_names, summary_rows, where
from .safe import one_line

_STATUS_COLOURS = {
    "stated": "\x1b[32m",
    "denied": "\x1b[32m",
    "partial": "\x1b[33m",
    "missing": "\x1b[31m",
}
_BOLD, _RESET = "\x1b[1m", "\x1b[0m"
EXCERPT_WIDTH = 110


def _clip(text: str, width: int = EXCERPT_WIDTH) -> str:
    text = one_line(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def table(
    rows: list[list[str]], colour_cells: dict[tuple[int, int], str] | None = None
) -> list[str]:
    """Left-aligned columns; the last column is not padded."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for y, row in enumerate(rows):
        cells = []
        for x, cell in enumerate(row):
            padded = cell if x == len(row) - 1 else cell.ljust(widths[x])
            code = (colour_cells or {}).get((y, x))
            cells.append(f"{code}{padded}{_RESET}" if code else padded)
        out.append("  ".join(cells).rstrip())
    return out


def document(audit: DocumentAudit, colour: bool = False) -> list[str]:
    p = audit.provenance
    title = f"{one_line(audit.path)}  score {audit.score}/100"
    out = [f"{_BOLD}{title}{_RESET}" if colour else title]
    facts = [p.format, f"{p.size:,} bytes"]
    if p.pages:
        facts.append(f"{p.pages} pages")
    facts.append(f"sha256 {p.sha256[:16]}…")
    out.append("  " + ", ".join(facts))
    if p.url:
        out.append(
            f"  fetched from {one_line(p.url)}"
            + (f" (redirected to {one_line(p.final_url)})" if p.final_url else "")
        )
    out.append("")
    rows = [["TOPIC", "STATUS", "FOUND", "MISSING"]]
    colours: dict[tuple[int, int], str] = {}
    for y, (topic, card) in enumerate(audit.topics.items(), start=1):
        rows.append(
            [
                topic,
                card.status,
                ", ".join(fact_names(audit, topic)) or "-",
                ", ".join(card.missing) or "-",
            ]
        )
        if colour:
            colours[(y, 1)] = _STATUS_COLOURS.get(card.status, "")
    out.extend("  " + line for line in table(rows, colours))

    rows = []
    for topic, card in audit.topics.items():
        for fact in fact_names(audit, topic):
            places = [f for f in card.found if f.fact == fact]
            first = places[0]
            more = f" (+{len(places) - 1} more)" if len(places) > 1 else ""
            said = f"[{first.detail}] " if first.detail else ""
            rows.append(
                [f"{topic}/{fact}", where(first.where) + more, _clip(said + first.where.excerpt)]
            )
    if rows:
        out += ["", "  Facts found (first place each)"]
        out.extend("    " + line for line in table(rows))
    withheld = [(t, w) for t, card in audit.topics.items() for w in card.withheld]
    if withheld:
        out += ["", "  Said to be withheld"]
        rows = [[t, where(w), _clip(w.excerpt)] for t, w in withheld]
        out.extend("    " + line for line in table(rows))
    out += ["", f"  Euphemisms ({len(audit.euphemisms)})"]
    if audit.euphemisms:
        rows = [[e.rule, where(e.where), _clip(e.where.excerpt)] for e in audit.euphemisms]
        out.extend("    " + line for line in table(rows))
    else:
        out.append("    none found")
    if audit.suppressions:
        out += ["", "  Suppression comments (listed, not honoured)"]
        rows = [[where(s), _clip(s.excerpt)] for s in audit.suppressions]
        out.extend("    " + line for line in table(rows))
    for note in audit.notes:
        out.append(f"  note: {one_line(note)}")
    return out


def summary(result: AuditResult, sort: str = "input") -> list[str]:
    rows = [["SCORE", "ROUTING", "TIERS", "REFUSALS", "AUTHORITY", "EUPH", "PATH"]]
    for r in summary_rows(result.documents, sort):
        s = r.statuses
        rows.append(
            [
                str(r.score),
                s.get("fallback-routing", "-"),
                s.get("tier-differences", "-"),
                s.get("refusal-reporting", "-"),
                s.get("refusal-authority", "-"),
                str(r.euphemisms),
                one_line(r.path),
            ]
        )
    return table(rows)


def render(result: AuditResult, colour: bool = False, sort: str = "input") -> str:
    out: list[str] = []
    for audit in result.documents:
        out.extend(document(audit, colour))
        out.append("")
    if len(result.documents) > 1:
        out.extend(summary(result, sort))
        out.append("")
    n = len(result.documents)
    line = f"Audited {n} document{'s' if n != 1 else ''}."
    if result.errors:
        line += f" {len(result.errors)} could not be read."
    out.append(line)
    return "\n".join(out) + "\n"
