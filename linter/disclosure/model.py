"""What a document discloses: per topic, whether the practice is described or denied, and which
facts are stated where. Checks turn this into findings; audits turn it into scorecards."""

from __future__ import annotations

from dataclasses import dataclass, field

TOPICS = ("fallback-routing", "tier-differences", "refusal-reporting", "refusal-authority")


@dataclass(slots=True)
class Evidence:
    """One place where the document states something."""

    fact: str
    line: int
    column: int
    end_line: int
    end_column: int
    excerpt: str
    detail: str = ""  # what was found: a model name, categories, a number
    source: str = "prose"  # prose | table | block
    section: int = -1  # index of the document section it lies in; -1 outside the body


@dataclass(slots=True)
class TopicReport:
    topic: str
    practice: list[Evidence] = field(default_factory=list)  # where the practice is described
    denial: list[Evidence] = field(default_factory=list)  # explicit "we do not ..."
    facts: dict[str, list[Evidence]] = field(default_factory=dict)
    withheld: list[Evidence] = field(default_factory=list)  # "we do not publish ..."

    @property
    def described(self) -> bool:
        return bool(self.practice)

    @property
    def denied(self) -> bool:
        return bool(self.denial) and not self.practice

    def has(self, fact: str) -> bool:
        return bool(self.facts.get(fact))

    def add(self, evidence: Evidence) -> None:
        self.facts.setdefault(evidence.fact, []).append(evidence)

    @property
    def anchor(self) -> Evidence | None:
        """Where a finding about a missing fact points: the first description of the practice."""
        return self.practice[0] if self.practice else None


@dataclass(slots=True)
class Disclosure:
    topics: dict[str, TopicReport]

    def __getitem__(self, topic: str) -> TopicReport:
        return self.topics[topic]
