"""The Document layer: bytes to text, front matter, the section tree, blocks, tables and
sentences, each with exact source positions. Only this layer imports markdown-it-py."""

from __future__ import annotations

from .frontmatter import YamlError, load_plain, load_yaml, parse_front_matter
from .limits import TooMuchStructure
from .model import (
    Block,
    Cell,
    Comment,
    Document,
    FrontMatter,
    OffsetMap,
    Position,
    Section,
    Sentence,
    Table,
    join_utf8,
)
from .reader import ReadError, decode, read_path
from .sidecar import Sidecar, load_sidecar

__all__ = [
    "Block",
    "Cell",
    "Comment",
    "Document",
    "FrontMatter",
    "OffsetMap",
    "Position",
    "ReadError",
    "Section",
    "Sentence",
    "Sidecar",
    "Table",
    "TooMuchStructure",
    "YamlError",
    "decode",
    "join_utf8",
    "load_plain",
    "load_sidecar",
    "load_yaml",
    "parse",
    "read_path",
]


def parse(path: str, text: str) -> Document:
    """Build the Document for ``text`` (LF line endings, as ``decode`` returns it).

    A front matter that is not valid YAML does not stop the parse: the problem is kept in
    ``Document.notes`` with its line, for the structure checks to report. A file with more
    structure than ``limits`` allows raises TooMuchStructure (a ReadError) naming it.
    """
    from .markdown import build

    front_matter, fm_lines, error = parse_front_matter(text)
    try:
        document = build(path, text, fm_lines + 1 if front_matter else 1)
    except TooMuchStructure as exc:
        raise TooMuchStructure(f"{path}: {exc}") from None
    document.front_matter = front_matter
    if error is not None:
        document.notes.append(f"{error.line}:{error.column}:front matter: {error.message}")
    return document
