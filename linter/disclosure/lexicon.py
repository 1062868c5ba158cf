"""Topic lexicons (rules/topics/*.yaml) compiled into sentence tests."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..rulebook import PatternError, RuleError, alternation
from .sentences import SentenceIndex

SCOPES = ("sentence", "near", "section", "document")


@dataclass(slots=True)
class Condition:
    """All of ``all``, at least one of ``any`` (when given), none of ``none``; and none of
    ``section_none`` in the titles of the sentence's section and its parents."""

    all: tuple[str, ...] = ()
    any: tuple[str, ...] = ()
    none: tuple[str, ...] = ()
    section_none: tuple[str, ...] = ()  # terms that must not match the section's titles


@dataclass(slots=True)
class FactSpec:
    """A fact and where it may be stated. ``titles``: terms that, matching the title of a
    sentence's own section ("Eligibility", "Who decides"), make any sentence there state it."""

    name: str
    scope: str
    condition: Condition | None
    titles: tuple[str, ...] = ()


@dataclass(slots=True)
class Lexicon:
    topic: str
    terms: dict[str, Any]  # name -> compiled RE2 pattern
    practice: list[Condition] = field(default_factory=list)
    denial: list[Condition] = field(default_factory=list)
    facts: dict[str, list[FactSpec]] = field(default_factory=dict)
    # Term whose words, just before a practice cue, negate it ("we do not run a router"): a
    # sentence whose practice cues are all negated denies the practice instead.
    negation: str | None = None
    negation_cues: tuple[str, ...] = ()  # the practice cues that negation applies to


class Probe:
    """One sentence with memoised term matches. Whether a term matches at all comes from the
    document-wide scan when the term was scanned, else from a search of the sentence in place
    (SentenceIndex); the match itself is looked for only when it is asked for."""

    __slots__ = (
        "_found",
        "_memo",
        "index",
        "negations",
        "sentence",
        "sentences",
        "terms",
        "text",
    )

    def __init__(self, sentence: Any, terms: dict[str, Any], sentences: SentenceIndex) -> None:
        self.sentence = sentence
        self.index = sentence.index
        self.text = sentence.text
        self.terms = terms
        self.sentences = sentences
        self._memo: dict[str, Any] = {}  # term -> match, or None
        self._found: dict[str, bool] = {}  # term -> whether it matches
        self.negations: dict[str, bool] = {}  # negation cue -> whether all its uses are negated

    def match(self, term: str) -> Any:
        memo = self._memo
        if term in memo:
            return memo[term]
        if self._found.get(term) is False:
            memo[term] = None
            return None
        pattern = self.terms[term]
        hits = self.sentences.scanned(pattern)
        missed = hits is not None and self.index not in hits
        found = None if missed else pattern.search(self.text)
        memo[term] = found
        return found

    def has(self, term: str) -> bool:
        """Whether the term matches the sentence (``match(term) is not None``)."""
        found = self._found.get(term)
        if found is None:
            memo = self._memo
            if term in memo:
                found = memo[term] is not None
            else:
                pattern = self.terms[term]
                hits = self.sentences.scans.get(pattern)
                if hits is not None:
                    found = self.index in hits
                else:
                    found = self.sentences.search_in_place(pattern, self.index)
            self._found[term] = found
        return found

    def holds(self, condition: Condition, core_only: bool = False) -> bool:
        """Whether the sentence meets the condition; ``core_only`` checks only what it must
        contain (all/any), not what it must not."""
        has = self.has
        for term in condition.all:
            if not has(term):
                return False
        if condition.any:
            for term in condition.any:
                if has(term):
                    break
            else:
                return False
        if core_only:
            return True
        for term in condition.none:
            if has(term):
                return False
        if not condition.section_none:
            return True
        section = self.sentence.block.section
        for term in condition.section_none:
            if self.sentences.in_path(self.terms[term], section):
                return False
        return True

    def details(self, condition: Condition, limit: int = 5) -> str:
        """The distinct texts matched by the first matching term of the condition."""
        for term in (*condition.any, *condition.all):
            if self.match(term) is not None:
                seen = dict.fromkeys(
                    " ".join(m.group().split()) for m in self.terms[term].finditer(self.text)
                )
                return ", ".join(list(seen)[:limit])
        return ""

    def first(self, condition: Condition) -> Any:
        """The match that best shows why the condition holds (for excerpts and details)."""
        for term in (*condition.any, *condition.all):
            found = self.match(term)
            if found is not None:
                return found
        return None


_CLAUSE_BREAK = re.compile(
    r"[;:.!?()\u2014]|\b(?:but|however|although|though|while|whereas|except|unless|instead)\b"
    # a comma before a new subject starts a new clause; a comma inside a list does not
    r"|,\s+(?:and\s+|so\s+|then\s+)?(?:it|its|we|they|this|these|those|there|you|our)\b",
    re.IGNORECASE,
)
_RELATIVE = re.compile(r"\b(?:that|which|who|whose|whom)\s+(?:\S+\s+)?$", re.IGNORECASE)
NEGATION_WINDOW_WORDS = 14


def clause_before(text: str, start: int, limit: int = 160) -> str:
    """The words before ``start`` in the same clause (at most ``limit`` characters)."""
    before = text[max(0, start - limit) : start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    return before[breaks[-1].end() :] if breaks else before


def negated(probe: Probe, condition: Condition, lex: Lexicon) -> bool:
    """Whether every occurrence of the condition's cue (its first matching term among the
    lexicon's negation cues, `any` terms first) follows a negation a few words before it in the
    same clause:
    "No prompt is intercepted", "we have not deployed an input classifier, a safety router".
    A negation inside a relative clause ("requests that do not pass the check are routed")
    does not count. Linear: a bounded look-back per occurrence."""
    if lex.negation is None:
        return False
    # The condition's action is what a negation denies: "classifiers ... neither alter nor
    # block responses" negates the blocking, not the classifiers.
    cues = (*condition.any, *condition.all)
    cue = next((t for t in cues if t in lex.negation_cues and probe.has(t)), None)
    if cue is None:
        return False
    known = probe.negations.get(cue)  # conditions of a sentence often share their cue
    if known is None:
        known = _all_negated(probe.text, lex.terms[cue], lex.terms[lex.negation])
        probe.negations[cue] = known
    return known


def _all_negated(text: str, cue: Any, negation: Any) -> bool:
    found = False
    for match in cue.finditer(text):
        found = True
        window = " ".join(clause_before(text, match.start()).split()[-NEGATION_WINDOW_WORDS:])
        hit = negation.search(window)
        if hit is None or _RELATIVE.search(window[: hit.start()]):
            return False
    return found


def opened(sentences: SentenceIndex, terms: dict[str, Any], condition: Condition) -> frozenset[int]:
    """The sentences that can satisfy ``condition``: those where its first required term (or,
    without one, any of its `any` terms) matches. No other sentence meets it."""
    opening = condition.all[:1] or condition.any
    found = sentences.hits(terms[opening[0]])
    for term in opening[1:]:
        found = found | sentences.hits(terms[term])
    return found


def candidates(
    sentences: SentenceIndex, terms: dict[str, Any], conditions: list[Condition]
) -> set[int]:
    """Sentences that can satisfy at least one of ``conditions`` (see ``opened``)."""
    found: set[int] = set()
    for cond in conditions:
        found |= opened(sentences, terms, cond)
    return found


def _condition(data: Any, terms: dict[str, Any], where: str) -> Condition:
    if not isinstance(data, dict):
        raise RuleError(f"{where}: a condition is a mapping with all/any/none")
    unknown = set(data) - {"all", "any", "none", "section_none"}
    if unknown:
        raise RuleError(f"{where}: unknown condition keys {sorted(unknown)}")
    cond = Condition(
        all=tuple(data.get("all", ())),
        any=tuple(data.get("any", ())),
        none=tuple(data.get("none", ())),
        section_none=tuple(data.get("section_none", ())),
    )
    for name in (*cond.all, *cond.any, *cond.none, *cond.section_none):
        if name not in terms:
            raise RuleError(f"{where}: unknown term {name!r}")
    if not cond.all and not cond.any:
        raise RuleError(f"{where}: a condition needs `all` or `any`")
    return cond


def compile_lexicon(data: dict[str, Any]) -> Lexicon:
    topic = str(data.get("topic"))
    where = f"rules/topics/{topic}.yaml"
    terms: dict[str, Any] = {}
    for name, spec in (data.get("terms") or {}).items():
        spec = spec or {}
        try:
            compiled = alternation(list(spec.get("patterns", [])), list(spec.get("phrases", [])))
        except PatternError as exc:
            raise RuleError(f"{where}: term {name}: {exc}") from None
        if compiled is None:
            raise RuleError(f"{where}: term {name} has no patterns")
        terms[str(name)] = compiled
    lex = Lexicon(topic=topic, terms=terms)
    negation = data.get("negation")
    if negation is not None:
        if not isinstance(negation, dict) or negation.get("term") not in terms:
            raise RuleError(f"{where}: negation: a mapping with a known `term` and `cues`")
        lex.negation = str(negation["term"])
        lex.negation_cues = tuple(str(c) for c in negation.get("cues", ()))
        for cue in lex.negation_cues:
            if cue not in terms:
                raise RuleError(f"{where}: negation: unknown cue term {cue!r}")
    lex.practice = [_condition(c, terms, where) for c in data.get("practice", [])]
    lex.denial = [_condition(c, terms, where) for c in data.get("denial", [])]
    for name, specs in (data.get("facts") or {}).items():
        # A fact is one place-and-condition, or a list of alternatives (any one states it).
        alternatives = specs if isinstance(specs, list) else [specs]
        lex.facts[str(name)] = [_fact(str(name), spec, terms, where) for spec in alternatives]
    return lex


def _fact(name: str, spec: Any, terms: dict[str, Any], where: str) -> FactSpec:
    if not isinstance(spec, dict):
        raise RuleError(f"{where}: fact {name}: a mapping with scope and a condition")
    scope = spec.get("scope", "near")
    if scope not in SCOPES:
        raise RuleError(f"{where}: fact {name}: scope must be one of {', '.join(SCOPES)}")
    titles = tuple(spec.get("titles", ()))
    for term in titles:
        if term not in terms:
            raise RuleError(f"{where}: fact {name}: unknown term {term!r}")
    condition = {k: v for k, v in spec.items() if k not in ("scope", "titles")}
    return FactSpec(
        name,
        scope,
        _condition(condition, terms, where) if condition or not titles else None,
        titles,
    )
