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
        if with_table and start + 1 < end:
            pos = state.bMarks[start + 1] + state.tShift[start + 1]
            if (
                pos < state.eMarks[start + 1]
                and state.src[pos] in _TABLE_DELIMITER_ROW
                and table(state, start, end, silent)
            ):
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
