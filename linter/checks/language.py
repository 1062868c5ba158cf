"""Kind `language`: the document is mostly in a language the rules do not read.

Silence from a linter that cannot read a document must not look like a clean bill: the rules'
patterns are English, so a card written mostly in another language gets a warning saying so.
The measure is cheap and linear: the share of common function words of the covered language
among the words of the body, and the share of letters outside the Latin script."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from ..findings import Finding
from ..rulebook import Rule
from .context import CheckContext, whole_document_finding


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")

    language: str = Field(description="Name of the language the rules cover, for the message.")
    function_words: list[str] = Field(min_length=10)
    min_words: int = Field(default=60, ge=1, description="Shorter documents are not judged.")
    min_share: float = Field(
        default=0.08, gt=0, lt=1, description="Below this share of function words, warn."
    )
    max_non_latin: float = Field(
        default=0.5, gt=0, lt=1, description="Above this share of non-Latin letters, warn."
    )
    _lowered: frozenset[str] = PrivateAttr(default=frozenset())

    @model_validator(mode="after")
    def _lower(self) -> Params:
        self._lowered = frozenset(w.lower() for w in self.function_words)
        return self


_NON_LATIN_LETTER = re.compile(r"[^\W\d_\u0000-\u024f]")
_WORD = re.compile(r"[^\W\d_]+")
_ASCII_LETTERS = {
    code: chr(code).lower() if chr(code).isalpha() else " " for code in range(128)
}  # ASCII letters lowercased, every other character a space
SAMPLE_CHARS = 30_000  # the prose sampled: enough to tell a language, bounded for huge files


def _measure(ctx: CheckContext, function_words: frozenset[str]) -> tuple[int, int, int, int]:
    ascii_parts: list[str] = []
    other_parts: list[str] = []
    size = 0
    for block in ctx.document.blocks:
        if block.kind in ("table_cell", "table_row"):
            continue  # tables are mostly numbers and names
        (ascii_parts if block.text.isascii() else other_parts).append(block.text)
        size += len(block.text)
        if size > SAMPLE_CHARS:
            break
    # Blocks are read apart (no run of letters crosses from one to the next), so ASCII blocks
    # can be read the cheap way: their runs of letters are runs of A-Z and a-z, none of them
    # outside the Latin script; every other character becomes a space, and the text is split.
    spaced = "\n".join(ascii_parts).translate(_ASCII_LETTERS)
    words = spaced.split()
    letters = len(spaced) - spaced.count(" ")
    other = 0
    if other_parts:
        text = "\n".join(other_parts)
        found = _WORD.findall(text.lower())
        words += found
        letters += sum(map(len, found))  # every letter belongs to exactly one run of letters
        other = len(_NON_LATIN_LETTER.findall(text))
    hits = sum(map(function_words.__contains__, words))
    return len(words), hits, letters - other, other


def run(rule: Rule, params: Params, ctx: CheckContext) -> Iterator[Finding]:
    words, hits, latin, other = _measure(ctx, params._lowered)
    letters = latin + other
    if letters == 0:
        return
    non_latin = other / letters
    if non_latin > params.max_non_latin and letters >= params.min_words * 4:
        share = f"{non_latin:.0%} of its letters are outside the Latin script"
    elif words >= params.min_words and hits / words < params.min_share:
        share = f"only {hits / words:.0%} of its words are common {params.language} words"
    else:
        return
    message = (
        f"The document seems not to be written in {params.language} ({share}); the rules "
        f"read {params.language} only, so missing findings here do not mean the facts are stated."
    )
    yield whole_document_finding(rule, message, ctx.document)
