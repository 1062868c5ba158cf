"""Kind `phrase`: a phrase that hides a fact (a euphemism), flagged where it stands.

A rule gives the phrase as RE2 patterns or plain phrases, and two lists of conditions:
``context`` (every one must hold: the phrase only matters in a safeguard, access, routing or
refusal context) and ``unless`` (any one silences it: the fact the phrase hides is stated close
by). Each condition looks in one scope around the phrase: the words ``before`` or ``after`` it
in its sentence, or ``around`` it (the phrase included), optionally within a window of
characters; the words before it in its ``clause`` (back to a semicolon, colon, "but", or a
comma that opens a new subject); the ``sentence``; its ``neighbours`` (the sentences just
before and after it in the same section, itself included) or the ``others`` (the same,
without it); the ``paragraph`` (the block); the ``section`` (its heading and blocks,
subsections included); or the whole ``document``. Questions are skipped unless a rule asks.

Patterns are compiled once, when the rule is compiled; a rule looks only at the sentences its
phrase occurs in (one scan of the document for all the rules' phrases, table rows left out:
see PatternSet), and a condition's pattern over a sentence, paragraph, section or the document
is searched at most once per unit.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from ..disclosure.analyse import is_question
from ..disclosure.lexicon import clause_before
from ..findings import Finding
from ..rulebook import PatternError, Rule, alternation, check_each
from ..rulebook.patternset import PatternSet
from .context import CheckContext, sentence_finding

if TYPE_CHECKING:
    from ..document import Document, Section, Sentence
    from ..rulebook import Ruleset

Scope = Literal[
    "clause",
    "before",
    "after",
    "around",
    "sentence",
    "neighbours",
    "others",
    "paragraph",
    "section",
    "document",
]
_WINDOWED = ("clause", "before", "after", "around")
# Scopes whose result is the same for every phrase in a unit: evaluated once per unit.
_CACHED_SCOPES = ("sentence", "neighbours", "others", "paragraph", "section", "document")
# Blocks whose text is derived from other blocks: a table row pairs each cell with its column
# label, and the cells are read on their own already.
_DERIVED_KINDS = frozenset({"table_row"})
# Text next to a phrase is read within this many characters at most, so that a huge unpunctuated
# "sentence" full of matches still costs linear time.
MAX_WINDOW = 2000


def _empty() -> list:
    # A Python function, not the builtin ``list``: pydantic reads a default factory's signature,
    # and reading a builtin's compiles the tokenizer's patterns (5 ms) on first use.
    return []


def _each_compiles(patterns: list[str]) -> list[str]:
    """Check the patterns before the alternation of the phrases, so an error names the one RE2
    refuses (rulebook.check_each; the alternation it compiles is the one `_compile` reuses)."""
    try:
        check_each(patterns)
    except PatternError as exc:
        raise ValueError(str(exc)) from None
    return patterns


class Condition(BaseModel):
    """Text that must (``context``) or must not (``unless``) be found in a scope of the phrase."""

    model_config = ConfigDict(extra="forbid")

    patterns: list[str] = Field(default_factory=_empty, description="RE2 patterns.")
    phrases: list[str] = Field(default_factory=_empty, description="Plain phrases.")
    scope: Scope = "sentence"
    window: int | None = Field(
        default=None,
        ge=1,
        le=MAX_WINDOW,
        description="For `before`/`after`/`around`: only this many characters next to the phrase.",
    )
    _regex: Any = PrivateAttr(default=None)

    _patterns_compile = field_validator("patterns")(_each_compiles)

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

    patterns: list[str] = Field(default_factory=_empty, description="The phrase, as RE2 patterns.")
    phrases: list[str] = Field(default_factory=_empty, description="The phrase, as plain phrases.")
    message: str = Field(
        min_length=10,
        description="The finding's message; `{phrase}` stands for the matched words.",
    )
    context: list[Condition] = Field(
        default_factory=_empty, description="All must hold for the phrase to be flagged."
    )
    unless: list[Condition] = Field(
        default_factory=_empty, description="Any one of these silences the phrase."
    )
    headings: bool = Field(default=False, description="Also look in headings.")
    questions: bool = Field(
        default=False, description="Also look in questions (a question states nothing)."
    )
    _regex: Any = PrivateAttr(default=None)

    _patterns_compile = field_validator("patterns")(_each_compiles)

    @model_validator(mode="after")
    def _compile(self) -> Params:
        if not self.patterns and not self.phrases:
            raise ValueError("a phrase rule needs at least one pattern or phrase")
        self._regex = alternation(self.patterns, self.phrases)
        return self

    @property
    def regex(self) -> Any:
        return self._regex


class _Test:
    """A condition as the phrase scan reads it, from plain attributes (pydantic's cost more)."""

    __slots__ = ("cached", "regex", "scope", "width")

    def __init__(self, condition: Condition) -> None:
        self.regex: Any = condition.regex
        self.scope: str = condition.scope
        self.width: int = condition.window or MAX_WINDOW
        self.cached: bool = condition.scope in _CACHED_SCOPES


class _Scopes:
    """The text around a phrase, per scope; the texts of whole units (sections, the document),
    in UTF-8, and the results of patterns over them are kept for all the phrase rules of a
    document. A result depends on the pattern and the unit only, so rules whose conditions
    share a pattern (compile_pattern memoises by source) share it."""

    def __init__(self, ctx: CheckContext) -> None:
        self.document = ctx.document
        self.sentences = ctx.document.sentences
        # Each phrase's sentences, from one scan of all the phrases (None before it compiles).
        self.hits = _read_hits(ctx)
        self._utf8: dict[tuple[str, int], bytes] = {}
        self._found: dict[tuple[int, str, int], bool] = {}

    def holds(self, test: _Test, sentence: Sentence, start: int, end: int) -> bool:
        """Whether the test's pattern finds a match in its scope around ``text[start:end]``."""
        regex = test.regex
        if not test.cached:
            return regex.found_in(_window(test, sentence.text, start, end))
        scope = test.scope
        unit = _unit(scope, sentence)
        key = (id(regex), scope, unit)
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = regex.found_in_utf8(self._unit_utf8(scope, unit, sentence))
        return found

    def _unit_utf8(self, scope: str, unit: int, sentence: Sentence) -> bytes:
        if scope == "document":
            # The document's sentences joined by newlines: the text its hits are scanned in.
            return self.document.joined_utf8()[0]
        data = self._utf8.get((scope, unit))
        if data is None:
            data = self._utf8[scope, unit] = self._text(scope, sentence).encode("utf-8")
        return data

    def _text(self, scope: str, sentence: Sentence) -> str:
        """The text of ``sentence``'s unit of a cached scope other than ``document``."""
        if scope == "sentence":
            return sentence.text
        if scope == "neighbours":
            return "\n".join(s.text for s in self._neighbours(sentence))
        if scope == "others":
            return "\n".join(s.text for s in self._neighbours(sentence) if s is not sentence)
        if scope == "paragraph":
            return sentence.block.text
        return "\n".join(_section_parts(sentence.block.section))

    def _neighbours(self, sentence: Sentence) -> list[Sentence]:
        section = sentence.block.section
        around = self.sentences[max(0, sentence.index - 1) : sentence.index + 2]
        return [s for s in around if s.block.section is section]


def _unit(scope: str, sentence: Sentence) -> int:
    """Which unit of a cached scope ``sentence`` lies in."""
    if scope == "paragraph":
        return id(sentence.block)
    if scope == "section":
        return sentence.block.section.index
    if scope == "document":
        return 0
    return sentence.index


def _window(test: _Test, text: str, start: int, end: int) -> str:
    """The words next to ``text[start:end]`` that a windowed scope reads."""
    width = test.width
    scope = test.scope
    if scope == "before":
        return text[max(0, start - width) : start]
    if scope == "after":
        return text[end : end + width]
    if scope == "clause":
        return clause_before(text, start, width)
    return text[max(0, start - width) : end + width]


def _read_hits(ctx: CheckContext) -> dict[int, list[int]] | None:
    """The sentences each phrase of the joint scan occurs in, in order, among those a phrase
    rule reads: derived blocks (table rows) are not scanned."""
    phrase_set = _phrase_set(ctx.ruleset)
    found = phrase_set.hits_within(ctx.document, _read_runs(ctx.document))
    if found is None:
        return None
    return {id(member): hits for member, hits in zip(phrase_set.members, found, strict=True)}


def _read_runs(document: Document) -> list[tuple[int, int]]:
    """The index ranges of the document's sentences outside derived blocks."""
    skipped = sorted(
        s.index for b in document.blocks if b.kind in _DERIVED_KINDS for s in b.sentences
    )
    runs: list[tuple[int, int]] = []
    first = 0
    for index in skipped:
        if index > first:
            runs.append((first, index))
        first = index + 1
    if first < len(document.sentences):
        runs.append((first, len(document.sentences)))
    return runs


def _scopes(ctx: CheckContext) -> _Scopes:
    """The document's _Scopes, shared by its phrase rules."""
    scopes = ctx.memo.get("phrase")
    if scopes is None:
        scopes = ctx.memo["phrase"] = _Scopes(ctx)
    return scopes


def _section_parts(section: Section) -> Iterator[str]:
    """The heading and blocks of a section and of its subsections, in document order."""
    stack = [section]
    while stack:
        node = stack.pop()
        if node.heading is not None:
            yield node.heading.text
        for block in node.blocks:
            yield block.text
        stack.extend(reversed(node.children))


def _first_match(
    regex: Any, context: list[_Test], unless: list[_Test], scopes: _Scopes, sentence: Sentence
) -> tuple[int, int] | None:
    holds = scopes.holds
    for match in regex.finditer(sentence.text):
        start, end = match.span()
        if start == end:
            continue
        # all(context) and not any(unless), as plain loops (no generator per phrase)
        for test in context:
            if not holds(test, sentence, start, end):
                break
        else:
            for test in unless:
                if holds(test, sentence, start, end):
                    break
            else:
                return start, end
    return None


_PHRASE_SETS: dict[int, tuple[Ruleset, PatternSet]] = {}


def _phrase_set(ruleset: Ruleset) -> PatternSet:
    """The phrases of all the ruleset's phrase rules, scanned together once per document."""
    hit = _PHRASE_SETS.get(id(ruleset))
    if hit is None or hit[0] is not ruleset:
        regexes = []
        for rule in ruleset.rules:
            if rule.check.kind == "phrase":
                regex = _phrase_regex(rule.params())
                if regex is not None:
                    regexes.append(regex)
        hit = _PHRASE_SETS[id(ruleset)] = (ruleset, PatternSet(regexes))
    return hit[1]


def _phrase_regex(params: dict[str, Any]) -> Any:
    """A phrase rule's alternation straight from its parameters, without validating them again:
    for a rule that compiled, the very pattern its Params holds (compile_pattern memoises by
    source). None when they form none; the rule's own compile reports why. A member of the set
    only saves scans, so a rule that is not run costs a member at most, never a result."""
    patterns = params.get("patterns", [])
    phrases = params.get("phrases", [])
    for texts in (patterns, phrases):
        if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
            return None
    try:
        return alternation(patterns, phrases)
    except PatternError:
        return None


_COMPILED: dict[int, tuple[Params, Any, list[_Test], list[_Test]]] = {}


def _compiled(params: Params) -> tuple[Any, list[_Test], list[_Test]]:
    """A rule's phrase and its conditions with their patterns, read once per process: pydantic
    private attributes cost microseconds a read, and every document reads them."""
    hit = _COMPILED.get(id(params))
    if hit is None or hit[0] is not params:
        context = [_Test(c) for c in params.context]
        unless = [_Test(c) for c in params.unless]
        hit = _COMPILED[id(params)] = (params, params.regex, context, unless)
    return hit[1], hit[2], hit[3]


def run(rule: Rule, params: Params, ctx: CheckContext) -> Iterator[Finding]:
    scopes = _scopes(ctx)
    sentences = ctx.document.sentences
    regex, context, unless = _compiled(params)
    hits = None if scopes.hits is None else scopes.hits.get(id(regex))
    if hits is None:
        hits = sorted(ctx.document.sentence_hits(regex))
    for index in hits:
        sentence = sentences[index]
        kind = sentence.block.kind
        if kind in _DERIVED_KINDS or (kind == "heading" and not params.headings):
            continue
        if not params.questions and is_question(sentence):
            continue
        span = _first_match(regex, context, unless, scopes, sentence)
        if span is None:
            continue
        start, end = span
        phrase = " ".join(sentence.text[start:end].split())
        yield sentence_finding(
            rule, params.message.replace("{phrase}", phrase), sentence, start, end
        )
