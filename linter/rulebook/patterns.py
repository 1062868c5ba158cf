"""Rule patterns, compiled with RE2 so that no pattern in a rule file can take more than linear
time, however it is written. Patterns RE2 cannot run (look-around, back-references) are refused
when the rules load, with RE2's reason."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache, partial
from typing import Any

from .re2fast import DeferredPattern, Pattern

MAX_PATTERN_LENGTH = 20_000
# What self_contained looks at; everything else is stepped over.
_SPECIAL = re.compile(r"[\\\[()]")


class PatternError(ValueError):
    pass


# Patterns known to compile: those of our own rule files, when they are read from the bundle
# made from exactly those files (the test suite compiles every one of them). They are compiled
# when first used rather than when the rules load.
_VERIFIED: set[str] = set()


def verified(patterns: Iterable[str]) -> None:
    """Note ``patterns`` as known to compile (see ``_VERIFIED``)."""
    _VERIFIED.update(patterns)


def patterns_in(data: Any) -> Iterator[str]:
    """The regular expressions in rule-file data: the strings listed under ``patterns`` keys,
    and those under ``phrases`` keys as ``phrase_to_regex`` makes them."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("patterns", "phrases") and isinstance(value, list):
                texts = (item for item in value if isinstance(item, str))
                yield from texts if key == "patterns" else map(phrase_to_regex, texts)
            else:
                yield from patterns_in(value)
    elif isinstance(data, list):
        for item in data:
            yield from patterns_in(item)


@lru_cache(maxsize=1)
def _options() -> Any:
    import re2

    options = re2.Options()
    options.log_errors = False
    options.case_sensitive = False
    options.max_mem = 64 << 20
    return options


def phrase_to_regex(phrase: str) -> str:
    """A plain phrase from a rule file as a pattern: words matched whole, any run of spaces
    between them, ``*`` standing for one word."""
    words = phrase.split()
    out = []
    for word in words:
        out.append(r"\S+" if word == "*" else re.escape(word))
    body = r"\s+".join(out)
    left = r"\b" if words and words[0][0].isalnum() else ""
    right = r"\b" if words and words[-1][-1].isalnum() else ""
    return f"{left}{body}{right}"


@lru_cache(maxsize=4096)
def compile_pattern(pattern: str) -> Any:
    if pattern in _VERIFIED:
        return DeferredPattern(partial(_compile, pattern))
    return _compile(pattern)


def _compile(pattern: str) -> Pattern:
    import re2

    if len(pattern) > MAX_PATTERN_LENGTH:
        raise PatternError(f"pattern longer than {MAX_PATTERN_LENGTH} characters")
    try:
        # Multi-line: ^ and $ match at sentence bounds when sentences are scanned joined by
        # newlines (Document.sentence_hits), as they do when a sentence is searched alone.
        compiled = re2.compile(f"(?m){pattern}", _options())
    except Exception as exc:  # re2 raises its own error type
        reason = exc.args[0] if exc.args else exc
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        raise PatternError(f"pattern {pattern!r} is not supported: {reason}") from None
    return Pattern(compiled)


def self_contained(pattern: str) -> bool:
    """Whether RE2 reads ``pattern`` token for token the same inside ``(?:...)`` as alone:
    its parentheses balance, never closing more than they opened, and every character class,
    escape and ``\\Q...\\E`` quote ends inside it. A pattern that does not (``a)|(?:b``, ``[a``,
    a trailing backslash) could borrow text from its neighbours in an alternation and parse
    there while RE2 refuses it alone. Conservative: POSIX classes such as ``[[:alpha:]]``,
    whose reading depends on what follows, count as not self-contained."""
    depth = 0
    i = 0
    search = _SPECIAL.search
    while True:
        found = search(pattern, i)
        if found is None:
            return depth == 0
        i = found.start()
        char = pattern[i]
        if char == "\\":
            i = _escape_end(pattern, i, quotes=True)
            if i < 0:
                return False
            continue
        if char == "[":
            i = _class_end(pattern, i)
            if i < 0:
                return False
            continue
        if char == "(":
            depth += 1
        else:
            depth -= 1
            if depth < 0:
                return False
        i += 1


def _escape_end(pattern: str, i: int, quotes: bool) -> int:
    """Where the escape starting at ``pattern[i]`` (a backslash) ends; -1 if it runs past the
    pattern's end. Escapes with a braced argument (``\\p{Greek}``, ``\\x{2014}``) end at the
    brace; the characters of other multi-character escapes (``\\x41``, ``\\pL``, octal) are
    neither parentheses nor brackets, so stepping over them one by one reads them the same."""
    n = len(pattern)
    if i + 1 >= n:
        return -1
    kind = pattern[i + 1]
    if kind == "Q" and quotes:  # a literal run up to the first \E (to the end when none)
        end = pattern.find("\\E", i + 2)
        return -1 if end < 0 else end + 2
    if kind in "pPx" and i + 2 < n and pattern[i + 2] == "{":
        end = pattern.find("}", i + 3)
        return -1 if end < 0 else end + 1
    return i + 2


def _class_end(pattern: str, i: int) -> int:
    """Where the character class opening at ``pattern[i]`` ends (after its ``]``); -1 if it
    does not end inside the pattern or holds a POSIX class."""
    n = len(pattern)
    j = i + 1
    if j < n and pattern[j] == "^":
        j += 1
    if j < n and pattern[j] == "]":  # a ``]`` first in the class is literal
        j += 1
    while j < n:
        char = pattern[j]
        if char == "\\":
            j = _escape_end(pattern, j, quotes=False)
            if j < 0:
                return -1
            continue
        if char == "]":
            return j + 1
        if char == "[" and j + 1 < n and pattern[j + 1] == ":":
            return -1
        j += 1
    return -1


def check_each(patterns: list[str]) -> None:
    """Raise PatternError ("pattern N: reason") for the first pattern RE2 refuses on its own.

    When every pattern is self-contained, the alternation of them all (which the rule compiles
    anyway, so this costs nothing more) is compiled first: RE2 reads each pattern inside it as
    it reads it alone, so if the alternation compiles, each one does, and the patterns are
    compiled one by one only to name the one at fault."""
    if _VERIFIED.issuperset(patterns):
        return
    if patterns and all(self_contained(p) for p in patterns):
        try:
            alternation(patterns)
        except PatternError:
            pass
        else:
            return
    for number, pattern in enumerate(patterns, 1):
        try:
            compile_pattern(pattern)
        except PatternError as exc:
            raise PatternError(f"pattern {number}: {exc}") from None


def alternation(patterns: list[str], phrases: list[str] | None = None) -> Any | None:
    """One compiled pattern matching any of ``patterns`` (regexes) or ``phrases`` (plain)."""
    phrase_patterns = [phrase_to_regex(p) for p in phrases or []]
    parts = [f"(?:{p})" for p in (*patterns, *phrase_patterns)]
    if not parts:
        return None
    joined = "|".join(parts)
    if _VERIFIED.issuperset(patterns) and _VERIFIED.issuperset(phrase_patterns):
        verified([joined])  # made of our rules' own: the test suite compiles each such alternation
    return compile_pattern(joined)
