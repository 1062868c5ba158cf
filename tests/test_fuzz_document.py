"""Property-based tests of the Document layer: every position lies inside the file and points at
the text it claims, whatever the Markdown; arbitrary bytes and text never crash the reader, the
Document builder or the linter. The example counts stay modest so CI stays fast; the coverage-
guided fuzzer (fuzz/fuzz_document.py) runs much longer."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.document import ReadError, decode, parse
from tests.helpers import default_rules, ruleset

# DISCLOSURE_LINT_FUZZ_EXAMPLES=20000 runs the properties longer than CI does.
FUZZ = settings(
    max_examples=int(os.environ.get("DISCLOSURE_LINT_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
)

WORDS = ["We", "route", "requests", "model", "refuses", "5%", "e.g.", "Dr.", "U.S.", "é", "😀"]
SYNTAX = [
    "# ", "## ", "- ", "* ", "1. ", "> ", "    ", "\t", "**", "*", "_", "`", "```\n", "~~~\n",
    "[", "]", "](", ")", "![", "<", ">", "<div>", "</div>", "<p>", "</p>", "<br>", "<table>",
    "<tr>", "<td>", "</td>", "<th>", "<caption>", "<script>", "</script>", "<!-- ", " -->",
    "&amp;", "&lt;", "&#x26;", "&nbsp;", "&bogus;", "\\", "\\*", "|", "|---|", "---", "===",
    ". ", "! ", "? ", "… ", "\n", "\n\n", "  \n", " ", "\u00a0", "\u2028",
]  # fmt: skip
PIECES = st.sampled_from(WORDS + SYNTAX) | st.text(max_size=4)
MARKDOWN = st.lists(PIECES, max_size=60).map("".join)
PLAIN_WORDS = st.lists(
    st.sampled_from(["We", "route", "requests", "model", "refusal", "rates", "é", "Ω", "数据"]),
    min_size=1,
    max_size=6,
).map(" ".join)


def _decoded(text: str) -> str:
    """As the reader hands text over (LF line endings); NUL would make it refuse the file."""
    return decode(text.replace("\x00", " ").encode(), "card.md")


def _check_positions(text: str) -> None:
    document = parse("card.md", text)
    lines = text.split("\n")
    for sentence in document.sentences:
        start, end = sentence.position, sentence.end_position
        assert 1 <= start.line <= len(lines), (sentence.text, start)
        assert 1 <= start.column <= len(lines[start.line - 1]) + 1, (sentence.text, start)
        assert 1 <= end.line <= len(lines), (sentence.text, end)
        assert 1 <= end.column <= len(lines[end.line - 1]) + 1, (sentence.text, end)
        assert (start.line, start.column) <= (end.line, end.column), (sentence.text, start, end)


@FUZZ
@given(MARKDOWN)
def test_every_position_lies_inside_the_file(text: str):
    _check_positions(_decoded(text))


@FUZZ
@given(
    st.lists(
        st.tuples(st.sampled_from(["", "# ", "- ", "> ", "1. ", "   "]), PLAIN_WORDS),
        min_size=1,
        max_size=12,
    ),
    st.sampled_from([". ", ".\n", "\n\n", "! "]),
)
def test_a_plain_text_sentence_points_at_its_first_characters(lines, joint):
    """Without inline syntax every character is copied from the source, so the source at a
    sentence's position starts with the sentence's first word."""
    text = joint.join(prefix + words for prefix, words in lines) + "\n"
    source = text.split("\n")
    document = parse("card.md", text)
    assert document.sentences
    for sentence in document.sentences:
        pos = sentence.position
        first_word = sentence.text.split()[0]
        assert source[pos.line - 1][pos.column - 1 :].startswith(first_word), (sentence.text, pos)
        end = sentence.end_position
        assert source[end.line - 1][end.column - 2] == sentence.text[-1], (sentence.text, end)


@FUZZ
@given(MARKDOWN)
def test_the_first_character_of_a_sentence_is_where_it_says(text: str):
    """Where the first character of a sentence is a letter copied from the source (not the
    product of an entity or an escape), the source holds it at the sentence's position."""
    text = _decoded(text)
    source = text.split("\n")
    for sentence in parse("card.md", text).sentences:
        first = sentence.text[0]
        if not first.isalpha() or "&" in text or "\\" in text:
            continue
        pos = sentence.position
        assert source[pos.line - 1][pos.column - 1] == first, (sentence.text, pos)


@FUZZ
@given(MARKDOWN)
def test_inline_tokens_are_those_of_a_full_parse(text: str):
    """The Document parses inline content block by block; the tokens are a full parse's."""
    from markdown_it import MarkdownIt

    from linter.document.markdown import _inline_children, _parser

    def flat(tokens):
        return [(t.type, t.tag, t.content, t.markup, flat(t.children or [])) for t in tokens or []]

    full = MarkdownIt("commonmark").enable("table").parse(text)
    env: dict = {}
    blocks = _parser().parse(text, env)
    assert [(t.type, t.map) for t in blocks] == [(t.type, t.map) for t in full]
    for ours, theirs in zip(blocks, full, strict=True):
        if ours.type == "inline":
            assert flat(_inline_children(ours, env)) == flat(theirs.children)


@FUZZ
@given(st.binary(max_size=300))
def test_arbitrary_bytes_decode_or_are_refused(data: bytes):
    try:
        text = decode(data, "card.md")
    except ReadError as exc:
        message = str(exc)
        assert message.startswith("card.md: ") and "\n" not in message
        return
    assert "\r" not in text
    _check_positions(text)


@FUZZ
@given(MARKDOWN | st.text(max_size=300))
def test_arbitrary_text_never_crashes_the_linter(text: str):
    from linter.engine.run import lint_text

    result = lint_text("card.md", _decoded(text), ruleset(), default_rules())
    line_count = text.count("\n") + 1
    for finding in result.findings:
        assert 1 <= finding.line <= max(line_count, 1)
        assert finding.column >= 1


def test_the_coverage_guided_target_runs_briefly(tmp_path):
    """The atheris target over our examples and test corpus, for 1,500 inputs."""
    import importlib.util
    import subprocess
    import sys

    from tests.helpers import REPO

    if importlib.util.find_spec("atheris") is None:
        import pytest

        pytest.skip("atheris is not installed (pip install -e '.[test]')")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    proc = subprocess.run(
        [
            sys.executable,
            str(REPO / "fuzz" / "fuzz_document.py"),
            "-runs=1500",
            "-seed=1",
            f"-dict={REPO / 'fuzz' / 'markdown.dict'}",
            f"-artifact_prefix={tmp_path}/",
            str(corpus),
            str(REPO / "examples"),
            str(REPO / "tests" / "corpus" / "docs"),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Done 1500 runs" in proc.stderr
    assert not list(tmp_path.glob("crash-*"))


FOUND_BY_FUZZING = {
    # An unknown entity without ";" at the end of a line of HTML gained a ";" in the text.
    "unknown-entity": "<p>\nver-refusal is Pel<&am6\n",
    # A sentence ending inside a header label borrowed by a table row, the cell at line end.
    "long-row-label": "| Weights. To download them you must sign in and accept the licence |\n"
    "|---|\n| x\n",
    # A mapping inside a list used as a key in the front matter was an internal error.
    "unhashable-key": "---\na:\n- b:\n   ? - c: d\n   e: f\n---\n# T\n\nText here.\n",
    # A date that is not in the calendar made the front matter loader raise ValueError.
    "impossible-date": "---\nmodel: Heron\ndate: 2026-03-41\n---\n\n# Heron\n\nText here.\n",
}


def test_inputs_the_fuzzer_found_stay_fixed():
    for name, text in FOUND_BY_FUZZING.items():
        _check_positions(text)
        assert parse("card.md", text).sentences, name
    notes = parse("card.md", FOUND_BY_FUZZING["unhashable-key"]).notes
    assert notes == ["2:1:front matter: invalid YAML: a key that cannot be used "
                     "(unhashable type: 'CommentedMap')"]  # fmt: skip
    notes = parse("card.md", FOUND_BY_FUZZING["impossible-date"]).notes
    assert notes == ["2:1:front matter: invalid YAML: a value that cannot be read "
                     "(day is out of range for month)"]  # fmt: skip
