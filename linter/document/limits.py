"""How much structure one file may make.

Memory grows with the markdown-it tokens, blocks and sentences a file makes, not with its
bytes: ordinary prose makes about 36 bytes of them per byte of text, a file that is one long
table about 240, one wide table about a thousand, a paragraph of emphasised words about 380.
Under the 64 MB size limit alone, such a file could take tens of gigabytes. A file past these
limits is refused with one line (exit 2), like any file that cannot be read. The limits sit
well above a 64 MB card of ordinary prose (a 50 MB one makes 2.5 million tokens and 1 million
sentences); at them, the peak stays near 2.5 GB, plus about 1 KB for each finding the file gets.
"""

from __future__ import annotations

from .reader import ReadError

MAX_TOKENS = 4_000_000  # markdown-it's block tokens: blocks, list items, table cells
MAX_PIECES = 1_500_000  # the Document's blocks, and its sentences
# One block's inline tokens are all made at once (and dropped once the block is read): at most
# three for each of these characters and line breaks in its text, so they are counted first.
MAX_MARKUP = 400_000
# An HTML page (audit) is parsed whole into lxml's tree: a 30 MB page of 1.6 million elements
# took 1.8 GB. Its tags ("<") are counted first.
MAX_HTML_TAGS = 2_000_000
_COUNTED = "\\`*_[]<&\n"


class TooMuchStructure(ReadError):
    """A file with more tokens, blocks or sentences than the limits allow."""


def too_many_tokens() -> TooMuchStructure:
    return TooMuchStructure(
        f"more than {MAX_TOKENS:,} Markdown tokens (blocks, list items, table cells); "
        "split the file"
    )


def check_markup(content: str) -> None:
    """Refuse inline content with more markup than ``MAX_MARKUP`` (counted only in a text long
    enough to hold that much)."""
    if len(content) > MAX_MARKUP and sum(map(content.count, _COUNTED)) > MAX_MARKUP:
        raise TooMuchStructure(
            f"a block with more than {MAX_MARKUP:,} characters of inline markup (emphasis, "
            "links, code, HTML, entities) and line breaks; split the file"
        )


def check_html(text: str) -> None:
    """Refuse an HTML page with more than ``MAX_HTML_TAGS`` tags (counted only in a text long
    enough to hold that many)."""
    if len(text) > MAX_HTML_TAGS and text.count("<") > MAX_HTML_TAGS:
        raise TooMuchStructure(f"more than {MAX_HTML_TAGS:,} HTML tags; split the page")


def too_many_pieces(what: str) -> TooMuchStructure:
    return TooMuchStructure(f"more than {MAX_PIECES:,} {what}; split the file")
