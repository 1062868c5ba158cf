"""What an audit produces: a scorecard per document, plain data for the reporters.

Positions come twice. ``line`` and ``page`` are where a reader finds the words in the audited
file (the HTML source line; the PDF page and the line on it). ``span`` is where they lie in the
text the report shows (``DocumentAudit.text``), for highlighting.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..findings import Finding

STATUSES = ("stated", "partial", "missing", "denied")


@dataclass(slots=True, frozen=True)
class Span:
    """1-based line and column of the first character, and of one past the last, in the shown
    text."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(slots=True)
class Located:
    line: int
    page: int | None
    excerpt: str
    span: Span


@dataclass(slots=True)
class FoundFact:
    fact: str
    where: Located
    detail: str = ""
    source: str = "prose"  # prose | table | block
    rule: str = ""  # the rule that asks for this fact (its explanation says why it matters)


@dataclass(slots=True)
class TopicCard:
    topic: str
    status: str  # stated | partial | missing | denied
    found: list[FoundFact] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    withheld: list[Located] = field(default_factory=list)  # "we do not publish ..."
    points: float = 0.0  # share of the topic's checklist met, 0..1
    weight: int = 0  # the topic's share of the score
    rules: list[str] = field(default_factory=list)  # codes that fired for this topic


@dataclass(slots=True)
class Euphemism:
    rule: str
    name: str
    message: str
    where: Located


@dataclass(slots=True)
class RuleNote:
    """A rule's explanation, for the report's "why it matters" entries."""

    code: str
    name: str
    summary: str
    explanation: str
    fix: str


@dataclass(slots=True)
class Provenance:
    sha256: str
    size: int
    format: str  # markdown | text | html | pdf
    url: str | None = None
    final_url: str | None = None  # after redirects
    content_type: str | None = None
    pages: int | None = None
    title: str = ""


@dataclass(slots=True)
class ShownLine:
    """A line of the document as the HTML report shows it, with where it came from."""

    text: str
    line: int
    page: int | None


@dataclass(slots=True)
class DocumentAudit:
    path: str
    score: int
    topics: dict[str, TopicCard]
    euphemisms: list[Euphemism]
    suppressions: list[Located]
    findings: list[Finding]
    provenance: Provenance
    notes: list[str] = field(default_factory=list)
    rules: dict[str, RuleNote] = field(default_factory=dict)
    text: list[ShownLine] = field(default_factory=list)

    def found_facts(self) -> set[tuple[str, str]]:
        return {(t, f.fact) for t, card in self.topics.items() for f in card.found}


@dataclass(slots=True)
class AuditError:
    path: str
    message: str  # one line


@dataclass(slots=True)
class AuditResult:
    documents: list[DocumentAudit]
    errors: list[AuditError]
    tool_version: str
    ruleset_version: str


@dataclass(slots=True)
class FactChange:
    topic: str
    fact: str
    where: Located | None  # in OLD for a fact gone, in NEW for a new fact


@dataclass(slots=True)
class StatusChange:
    topic: str
    old: str
    new: str
    worse: bool


@dataclass(slots=True)
class AuditDiff:
    old: DocumentAudit
    new: DocumentAudit
    gone: list[FactChange]  # disclosed in OLD, not in NEW
    added: list[FactChange]
    status: list[StatusChange]
    euphemisms_added: list[Euphemism]
    euphemisms_removed: list[Euphemism]

    @property
    def score_change(self) -> int:
        return self.new.score - self.old.score

    @property
    def discloses_less(self) -> bool:
        return bool(self.gone) or any(s.worse for s in self.status)
