"""Kind `phrase`: a phrase that hides a fact (a euphemism), flagged where it stands.

A rule gives the phrase as RE2 patterns or plain phrases, and two lists of conditions:
``context`` (every one must hold: the phrase only matters in a safeguard, access, routing or
refusal context) and ``unless`` (any one silences it: the fact the phrase hides is stated close
by). Each condition looks in one scope around the phrase: the words ``before`` or ``after`` it
in its sentence, or ``around`` it (the phrase included), optionally within a window of
characters; the ``sentence``; its ``neighbours`` (the sentences just before and after it in the
same section); the ``paragraph`` (the block); the ``section`` (its heading and blocks,
subsections included); or the whole ``document``.

Patterns are compiled once, when the rule is compiled; conditions over a paragraph, section or
the document are evaluated at most once per unit, so a rule costs one pass over the sentences.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from ..findings import Finding
from ..rulebook import Rule, alternation
from .context import CheckContext, sentence_finding

Scope = Literal[
    "before", "after", "around", "sentence", "neighbours", "paragraph", "section", "document"
]
_WINDOWED = ("before", "after", "around")
_SHARED_SCOPES = ("paragraph", "section", "document")


class Condition(BaseModel):
    """Text that must (``context``) or must not (``unless``) be found in a scope of the phrase."""

    model_config = ConfigDict(extra="forbid")

    patterns: list[str] = Field(default_factory=list, description="RE2 patterns.")
    phrases: list[str] = Field(default_factory=list, description="Plain phrases.")
    scope: Scope = "sentence"
    window: int | None = Field(
        default=None,
        ge=1,
        description="For `before`/`after`/`around`: only this many characters next to the phrase.",
    )
    _regex: Any = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _compile(self) -> Condition:
        if not self.patterns and not self.phrases:
            raise ValueError("a condition needs at least one pattern or phrase")
        if self.window is not None and self.scope not in _WINDOWED:
            raise ValueError("`window` applies to the `before`, `after` and `around` scopes only")
        self._regex = alternation(self.patterns, self.phrases)
        return self

    @property
    def regex(self) -> Any:
        return self._regex


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")

    patterns: list[str] = Field(default_factory=list, description="The phrase, as RE2 patterns.")
    phrases: list[str] = Field(default_factory=list, description="The phrase, as plain phrases.")
    message: str = Field(
        min_length=10,
        description="The finding's message; `{phrase}` stands for the matched words.",
    )
    context: list[Condition] = Field(
        default_factory=list, description="All must hold for the phrase to be flagged."
    )
    unless: list[Condition] = Field(
        default_factory=list, description="Any one of these silences the phrase."
    )
    headings: bool = Field(default=False, description="Also look in headings.")
    _regex: Any = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _compile(self) -> Params:
        if not self.patterns and not self.phrases:
            raise ValueError("a phrase rule needs at least one pattern or phrase")
        self._regex = alternation(self.patterns, self.phrases)
        return self

    @property
    def regex(self) -> Any:
        return self._regex


class _Scopes:
    """The text around a sentence, per scope, with results of shared scopes cached."""

    def __init__(self, ctx: CheckContext) -> None:
        self.sentences = ctx.document.sentences
        self._section_text: dict[int, str] = {}
        self._document_text: str | None = None
        self._cache: dict[tuple[int, str, int], bool] = {}

    def holds(self, condition: Condition, sentence: Any, start: int, end: int) -> bool:
        scope = condition.scope
        if scope in _SHARED_SCOPES:
            unit = self._unit(scope, sentence)
            key = (id(condition), scope, unit)
            if key not in self._cache:
                self._cache[key] = condition.regex.search(self._text(scope, sentence)) is not None
            return self._cache[key]
        return condition.regex.search(self._local_text(condition, sentence, start, end)) is not None

    def _unit(self, scope: str, sentence: Any) -> int:
        if scope == "paragraph":
            return id(sentence.block)
        if scope == "section":
            return sentence.block.section.index
        return 0

    def _text(self, scope: str, sentence: Any) -> str:
        if scope == "paragraph":
            return sentence.block.text
        if scope == "section":
            section = sentence.block.section
            if section.index not in self._section_text:
                self._section_text[section.index] = "\n".join(_section_parts(section))
            return self._section_text[section.index]
        if self._document_text is None:
            self._document_text = "\n".join(s.text for s in self.sentences)
        return self._document_text

    def _local_text(self, condition: Condition, sentence: Any, start: int, end: int) -> str:
        text = sentence.text
        if condition.scope == "before":
            low = 0 if condition.window is None else max(0, start - condition.window)
            return text[low:start]
        if condition.scope == "after":
            high = len(text) if condition.window is None else end + condition.window
            return text[end:high]
        if condition.scope == "around":
            if condition.window is None:
                return text
            return text[max(0, start - condition.window) : end + condition.window]
        if condition.scope == "neighbours":
            return "\n".join(s.text for s in self._neighbours(sentence))
        return text

    def _neighbours(self, sentence: Any) -> list[Any]:
        section = sentence.block.section
        around = self.sentences[max(0, sentence.index - 1) : sentence.index + 2]
        return [s for s in around if s.block.section is section]


def _section_parts(section: Any) -> Iterator[str]:
    """The heading and blocks of a section and of its subsections, in document order."""
    stack = [section]
    while stack:
        node = stack.pop()
        if node.heading is not None:
            yield node.heading.text
        for block in node.blocks:
            yield block.text
        stack.extend(reversed(node.children))


def _first_match(params: Params, scopes: _Scopes, sentence: Any) -> tuple[int, int] | None:
    for match in params.regex.finditer(sentence.text):
        start, end = match.span()
        if start == end:
            continue
        if all(scopes.holds(c, sentence, start, end) for c in params.context) and not any(
            scopes.holds(c, sentence, start, end) for c in params.unless
        ):
            return start, end
    return None


def run(rule: Rule, params: Params, ctx: CheckContext) -> Iterator[Finding]:
    scopes = _Scopes(ctx)
    for sentence in ctx.document.sentences:
        if sentence.block.kind == "heading" and not params.headings:
            continue
        span = _first_match(params, scopes, sentence)
        if span is None:
            continue
        start, end = span
        phrase = " ".join(sentence.text[start:end].split())
        yield sentence_finding(
            rule, params.message.replace("{phrase}", phrase), sentence, start, end
        )
