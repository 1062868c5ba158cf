"""markdown-it's block rules, each tried only on the lines it can match.

markdown-it tries its block rules in turn at the start of every block, and its terminator rules
at every line of a paragraph (twice: ``lheading`` reads the paragraph's lines before
``paragraph`` does). Nearly every call returns False at once, because the line does not start
with the rule's marker ("#", ">", "`" ...), yet each costs a call, a debug-log call and a few
state reads: the larger part of the block parse on prose. Here one rule per chain reads the
line's first character and calls only the rules that can match there, in markdown-it's order.
The tokens are the same (tests/test_blockrules.py compares them with markdown-it's own
chains); ``install`` leaves a parser whose rules are not the stock ones untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markdown_it.ruler import Ruler
from markdown_it.rules_block import (
    blockquote,
    code,
    fence,
    heading,
    hr,
    html_block,
    lheading,
    list_block,
    paragraph,
    reference,
    table,
)

from . import limits

Rule = Callable[[Any, int, int, bool], bool]

# The chains of MarkdownIt("commonmark").enable("table"): "" is the main one, the others are
# the rules that may end a paragraph, a reference, a blockquote or a list item without a blank.
_CHAINS: dict[str, list[Rule]] = {
    "": [
        table, code, fence, blockquote, hr, list_block, reference, html_block, heading,
        lheading, paragraph,
    ],
    "paragraph": [table, fence, blockquote, hr, list_block, html_block, heading],
    "reference": [table, fence, blockquote, hr, list_block, html_block, heading],
    "blockquote": [fence, blockquote, hr, list_block, html_block, heading],
    "list": [fence, blockquote, hr],
}  # fmt: skip

# The characters each rule needs first on its line (after the indent) to match at all; every
# one of these rules returns False on any other line, and on a line indented as code.
_MARKERS: dict[Rule, str] = {
    fence: "`~",
    blockquote: ">",
    hr: "*-_",
    list_block: "*-+0123456789",
    reference: "[",
    html_block: "<",
    heading: "#",
}
_TABLE_DELIMITER_ROW = "|-:"  # a table's second line starts with one of these


def _dispatcher(rules: list[Rule]) -> Rule:
    """One rule that tries ``rules`` in order, skipping those that cannot match the line."""
    with_table = table in rules
    anywhere = [r for r in rules if r not in _MARKERS and r is not table and r is not code]
    by_char = {
        char: [r for r in rules if r in anywhere or char in _MARKERS.get(r, "")]
        for marker in (_MARKERS[r] for r in rules if r in _MARKERS)
        for char in marker
    }
    # A line indented as code: the marker rules and lheading refuse it; table reads the next line.
    as_code = [r for r in rules if r is code or r is paragraph]

    def dispatch(state: Any, start: int, end: int, silent: bool) -> bool:
        if not silent and len(state.tokens) > limits.MAX_TOKENS:
            raise limits.too_many_tokens()
        if with_table and start + 1 < end:
            pos = state.bMarks[start + 1] + state.tShift[start + 1]
            if pos < state.eMarks[start + 1] and state.src[pos] in _TABLE_DELIMITER_ROW:
                if silent:
                    if table(state, start, end, True):
                        return True
                elif _bounded_table(state, start, end):
                    return True
        if state.is_code_block(start):
            chosen = as_code
        else:
            pos = state.bMarks[start] + state.tShift[start]
            chosen = by_char.get(state.src[pos : pos + 1], anywhere)
        for rule in chosen:  # noqa: SIM110 (a generator costs more, on every line)
            if rule(state, start, end, silent):
                return True
        return False

    return dispatch


def _bounded_table(state: Any, start: int, end: int) -> bool:
    """markdown-it's table rule, given no more lines than the token limit has room for: one
    table pushes all of its tokens in one call, so the limit is applied before the call, not
    after it. A table that would pass the limit is refused (``limits``)."""
    header = state.src[state.bMarks[start] + state.tShift[start] : state.eMarks[start]].rstrip()
    # Every row gets the header's cells: at most one more than its "|", less an outer "|" at
    # either end. A row costs 3 tokens a cell and 2 more; the table 6 more, thead and tbody.
    cells = header.count("|") + 1 - header.startswith("|") - header.endswith("|")
    per_row = 3 * cells + 2
    body_rows = (limits.MAX_TOKENS - len(state.tokens) - 6) // per_row - 1
    stop = start + 2 + body_rows
    if stop >= end:
        return table(state, start, end, False)
    if body_rows < 0:
        if table(state, start, end, True):
            raise limits.too_many_tokens()
        return False
    if not table(state, start, stop, False):
        return False
    if state.line >= stop and not state.isEmpty(stop):
        raise limits.too_many_tokens()  # the table goes on past the rows there was room for
    return True


def install(md: Any) -> bool:
    """Give ``md`` dispatching block chains when its chains are the stock ones (see the module
    docstring); whether it did."""
    ruler = md.block.ruler
    if any(ruler.getRules(chain) != rules for chain, rules in _CHAINS.items()):
        return False
    chains: Ruler = Ruler()
    chains.push("blocks", _dispatcher(_CHAINS[""]))
    for chain, rules in _CHAINS.items():
        if chain:
            chains.push(f"{chain}_terminators", _dispatcher(rules), {"alt": [chain]})
    # Never reached in the main chain ("blocks" always ends in a paragraph); its name keeps
    # StateBlock.is_code_block on, which looks for an active rule called "code".
    chains.push("code", code)
    md.block.ruler = chains
    return True
