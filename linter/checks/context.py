"""What a check kind receives, and helpers to turn document positions into findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..findings import Finding

if TYPE_CHECKING:
    from ..disclosure import Disclosure
    from ..document import Document, Sentence
    from ..rulebook import Rule, Ruleset

EXCERPT_LIMIT = 160


@dataclass(slots=True)
class CheckContext:
    document: Document
    ruleset: Ruleset
    sidecar: Any = None  # the structured block read from NAME.disclosure.yaml, if any
    _disclosure: Disclosure | None = field(default=None, repr=False)
    # What a check kind keeps for all its rules on this document (by kind name).
    memo: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def disclosure(self) -> Disclosure:
        """The analysis of what the document discloses, computed once per document."""
        if self._disclosure is None:
            from ..disclosure import analyse

            self._disclosure = analyse(self.document, self.ruleset.topics, self.sidecar)
        return self._disclosure


def excerpt(text: str, limit: int = EXCERPT_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def finding_at(
    rule: Rule,
    message: str,
    line: int,
    column: int,
    end_line: int,
    end_column: int,
    text: str = "",
) -> Finding:
    return Finding(
        rule=rule.code,
        name=rule.name,
        category=rule.category,
        severity=rule.severity,
        message=message,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        excerpt=excerpt(text),
    )


def sentence_finding(
    rule: Rule, message: str, sentence: Sentence, start: int = 0, end: int | None = None
) -> Finding:
    end = len(sentence.text) if end is None else end
    begin, finish = sentence.span(start, end)
    return finding_at(
        rule,
        message,
        begin.line,
        begin.column,
        finish.line,
        finish.column,
        sentence.text[start:end],
    )


def whole_document_finding(rule: Rule, message: str, document: Document) -> Finding:
    line = document.first_line
    text = document.line_text(line)
    finding = finding_at(rule, message, line, 1, line, max(1, len(text)) + 1, text)
    finding.document_level = True
    return finding
