"""Rule patterns, compiled with RE2 so that no pattern in a rule file can take more than linear
time, however it is written. Patterns RE2 cannot run (look-around, back-references) are refused
when the rules load, with RE2's reason."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .re2fast import Pattern

MAX_PATTERN_LENGTH = 20_000


class PatternError(ValueError):
    pass


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


def alternation(patterns: list[str], phrases: list[str] | None = None) -> Any | None:
    """One compiled pattern matching any of ``patterns`` (regexes) or ``phrases`` (plain)."""
    parts = [f"(?:{p})" for p in patterns]
    parts += [f"(?:{phrase_to_regex(p)})" for p in phrases or []]
    if not parts:
        return None
    return compile_pattern("|".join(parts))
