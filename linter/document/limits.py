"""How much structure one file may make.

Memory grows with the markdown-it tokens, blocks and sentences a file makes, not with its
bytes: ordinary prose makes about 36 bytes of them per byte of text, a file that is one long
table about 240, one wide table about a thousand. Under the 64 MB size limit alone, such a file
could take tens of gigabytes. A file past these limits is refused with one line (exit 2), like
any file that cannot be read. Both limits sit well above a 64 MB card of ordinary prose
(a 50 MB one makes 2.5 million tokens and 1 million sentences) and keep the peak near 3 GB.
"""

from __future__ import annotations

from .reader import ReadError

MAX_TOKENS = 4_000_000  # markdown-it's block tokens: blocks, list items, table cells
MAX_PIECES = 1_500_000  # the Document's blocks, and its sentences


class TooMuchStructure(ReadError):
    """A file with more tokens, blocks or sentences than the limits allow."""


def too_many_tokens() -> TooMuchStructure:
    return TooMuchStructure(
        f"more than {MAX_TOKENS:,} Markdown tokens (blocks, list items, table cells); "
        "split the file"
    )


def too_many_pieces(what: str) -> TooMuchStructure:
    return TooMuchStructure(f"more than {MAX_PIECES:,} {what}; split the file")
