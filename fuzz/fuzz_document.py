"""Coverage-guided fuzzing of the reader and the Document layer with atheris (libFuzzer).

Each input is a file's bytes. The reader either refuses it with a one-line ReadError or decodes
it; the Document built from the text must then hold its invariants: every sentence, block and
comment position lies inside the file, sentences lie inside their block's text, and what the
reader and parser raise is only what they document. Anything else is a crash that libFuzzer
saves as an artifact. See fuzz/README.md for the commands.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["linter.document", "markdown_it", "ruamel", "html"]):
    # The modules the Document layer imports on first use, imported here to be instrumented.
    import html.parser  # noqa: F401

    import markdown_it  # noqa: F401
    import ruamel.yaml  # noqa: F401

    import linter.document.htmlblock
    import linter.document.markdown
    import linter.document.plainyaml  # noqa: F401
    from linter.document import ReadError, decode, parse


def _inside(lines: list[str], line: int, column: int, what: str) -> None:
    if not 1 <= line <= len(lines):
        raise AssertionError(f"{what}: line {line} outside 1..{len(lines)}")
    width = len(lines[line - 1]) + 1
    if not 1 <= column <= width:
        raise AssertionError(f"{what}: column {column} outside 1..{width} on line {line}")


def check_document(text: str) -> None:
    document = parse("fuzz.md", text)
    lines = text.split("\n")
    for block in document.blocks:
        _inside(lines, block.line, 1, f"block {block.kind}")
        if not block.line <= block.end_line <= len(lines):
            raise AssertionError(f"block end line {block.end_line} before {block.line}")
    for sentence in document.sentences:
        if not 0 <= sentence.start < sentence.end <= len(sentence.block.text):
            raise AssertionError(f"sentence span {sentence.start}..{sentence.end} outside block")
        if sentence.block.text[sentence.start : sentence.end] != sentence.text:
            raise AssertionError("sentence text is not its block's text")
        start, end = sentence.position, sentence.end_position
        _inside(lines, start.line, start.column, f"sentence {sentence.text[:40]!r}")
        _inside(lines, end.line, end.column, f"end of sentence {sentence.text[:40]!r}")
    for comment in document.comments:
        _inside(lines, comment.line, comment.column, "comment")


def test_one_input(data: bytes) -> None:
    try:
        text = decode(data, "fuzz.md")
    except ReadError as exc:
        if "\n" in str(exc):
            raise AssertionError("a ReadError message spans lines") from None
        return
    check_document(text)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
