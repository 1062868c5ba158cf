"""Hostile input: each case finishes in bounded time and memory with a clear one-line message
or a finding, never a traceback, and a file that cannot be linted is never reported as clean.

Bounds are generous (the machines running the suite are shared); what they catch is a hang, a
blow-up or a quadratic path, which miss them by orders of magnitude.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import REPO

CARD = "# Example 5 card\n\nExample 5 answers questions about chemistry.\n"

# A rule of the test's own (a lab's house rule), so that what must fire does not depend on how
# the shipped rules are calibrated.
HOUSE_RULE = """\
code: HR001
name: handled-by
category: euphemism
severity: error
summary: The words "handled by", flagged wherever they stand (a test's house rule).
explanation: |
  A rule that fires on two plain words, so that tests of hostile input can tell where a finding
  lands without depending on the calibration of the shipped rules.
fix: Say which model or system answers.
references:
  - "The test suite."
examples:
  bad:
    - "# Card\\n\\nRequests are handled by another system.\\n"
  good:
    - "# Card\\n\\nAnother system answers.\\n"
check:
  kind: phrase
  message: "\\"{phrase}\\" found."
  phrases:
    - handled by
"""
SENTENCE = "The response is automatically handled by another system."


def house(tmp_path: Path) -> list[str]:
    """Command-line options that run only the house rule."""
    folder = tmp_path.parent / f"{tmp_path.name}-rules"
    folder.mkdir(exist_ok=True)
    (folder / "HR001-handled-by.yaml").write_text(HOUSE_RULE)
    return ["--rules-dir", str(folder), "--select", "HR001"]


@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float
    peak_mb: float


def run(*args: str, cwd: Path, env: dict | None = None, timeout: float = 120) -> Run:
    """The command line in a subprocess, with its wall time and peak memory."""
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "linter", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, **(env or {})},
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail(f"{args} did not finish in {timeout} s")
    # wait4 was done by communicate; ru_maxrss of the children covers this one (the largest
    # child so far, so a bound on it is a bound on this run).
    import resource

    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return Run(proc.returncode, out.decode(), err.decode(), time.monotonic() - started, peak)


def no_traceback(result: Run) -> None:
    assert "Traceback" not in result.err and "Traceback" not in result.out, result.err


def findings_json(result: Run) -> dict[str, dict]:
    return {f["path"]: f for f in json.loads(result.out)["files"]}


# -- YAML front matter -------------------------------------------------------------------


def _alias_bomb() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev, name = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    return "\n".join(lines)


YAML_CASES = {
    "alias-bomb.md": (_alias_bomb(), 2, "more than 100000 nodes (an alias bomb?); refused"),
    "deep-flow.md": ("x: " + "[" * 10_000 + "]" * 10_000, 2, "nested deeper than 64 levels"),
    # Block nesting costs a column per level: 2,000 levels are 2 million characters.
    "deep-block.md": (
        "".join(" " * i + "k:\n" for i in range(1_900)).rstrip("\n"),
        2,
        "nested deeper than 64 levels",
    ),
    "deep-compact.md": ("- " * 10_000 + "y", 2, "nested deeper than 64 levels"),
    "deep-flow-map.md": ("x: " + "{a: " * 10_000 + "1" + "}" * 10_000, 2, "nested deeper"),
    "duplicate.md": ("model: A\nversion: 1\nmodel: B", 4, 'found duplicate key "model"'),
    "huge-scalar.md": ("a: " + "x" * 3_000_000, 2, "over the 2 million limit; refused"),
    # A list holding a mapping, used as a key: found by fuzzing (it was an internal error).
    "complex-key.md": ("a:\n- b:\n   ? - c: d\n   e: f", 2, "a key that cannot be used"),
}


def test_hostile_front_matter_is_refused_with_a_finding_at_its_line(tmp_path: Path):
    for name, (yaml_text, _, _) in YAML_CASES.items():
        (tmp_path / name).write_text(f"---\n{yaml_text}\n---\n{CARD}")
    result = run("check", "--format", "json", "--select", "ST003", ".", cwd=tmp_path)
    no_traceback(result)
    assert result.code == 1
    assert result.seconds < 60
    assert result.peak_mb < 600
    files = findings_json(result)
    for name, (_, line, message) in YAML_CASES.items():
        found = files[f"./{name}"]["findings"]
        assert [f["rule"] for f in found] == ["ST003"], name
        assert found[0]["line"] == line, name
        assert message in found[0]["message"], (name, found[0]["message"])


# -- bytes that are not a text document ----------------------------------------------------


def test_unreadable_bytes_exit_2_with_one_line_each_and_the_rest_is_linted(tmp_path: Path):
    cases = {
        "binary.md": bytes(range(256)) * 4,
        "nul.md": CARD.encode().replace(b"chemistry", b"chem\x00istry"),
        "latin1.md": "# Café\n\nThé.\n".encode("latin-1"),
        "empty.md": b"",
        "blank.md": b"\n  \n\t\n",
        "utf32.md": CARD.encode("utf-32"),
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "good.md").write_text(CARD)
    result = run("check", "--format", "json", ".", cwd=tmp_path)
    no_traceback(result)
    assert result.code == 2
    errors = [line for line in result.err.splitlines() if line]
    expected = {
        "binary.md": "binary file",
        "nul.md": "binary file",
        "latin1.md": "not valid UTF-8",
        "empty.md": "empty file",
        "blank.md": "empty file",
        "utf32.md": "binary file",
    }
    for name, words in expected.items():
        lines = [e for e in errors if f"./{name}:" in e]
        assert len(lines) == 1 and words in lines[0], (name, errors)
        assert lines[0].startswith("disclosure-lint: error: ")
    files = findings_json(result)
    assert files["./good.md"]["findings"]  # still linted
    for name in expected:
        assert files[f"./{name}"].get("error"), name  # never reported as clean


def test_utf16_with_a_bom_is_decoded_with_the_right_positions(tmp_path: Path):
    text = f"# Card\n\n{SENTENCE}\n"
    for name, data in {
        "le.md": text.encode("utf-16"),  # BOM + little endian
        "be.md": b"\xfe\xff" + text.encode("utf-16-be"),
        "crlf.md": text.replace("\n", "\r\n").encode("utf-16"),
    }.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "utf8.md").write_text(text)
    result = run("check", "--format", "json", *house(tmp_path), ".", cwd=tmp_path)
    no_traceback(result)
    files = findings_json(result)
    reference = [(f["rule"], f["line"], f["column"]) for f in files["./utf8.md"]["findings"]]
    assert reference == [("HR001", 3, 31)]
    for name in ("le.md", "be.md", "crlf.md"):
        assert [(f["rule"], f["line"], f["column"]) for f in files[f"./{name}"]["findings"]] == (
            reference
        ), name


# -- Markdown and HTML that stress a parser ------------------------------------------------

MARKDOWN_CASES = {
    "deep-list.md": "".join("  " * i + "- item\n" for i in range(2_000)),  # 4 MB
    "deep-list-compact.md": "- " * 10_000 + "x\n",
    "deep-quote.md": ">" * 10_000 + " text\n",
    "deep-quote-lines.md": "".join(">" * i + " q.\n" for i in range(1, 2_000)),
    "brackets.md": "[" * 50_000 + "\n",
    "links.md": "[a](" * 20_000 + "\n",
    "emphasis.md": "*a _b " * 20_000 + "\n",
    "one-line.md": "We route some requests to another model. " * 25_000,  # 1 MB, one line
    "html-script-style.md": (
        "# Card\n\n<div>\n<script>"
        + "var x = '<p>We route requests.</p>';" * 20_000
        + "</script>\n<style>"
        + "p{color:red}" * 20_000
        + "</style>\n<p>Visible text.</p>\n</div>\n"
    ),
    "html-entities.md": "# Card\n\n"
    + "&amp;" * 100_000
    + "\n\n<p>"
    + "&lt;&#x26;" * 50_000
    + "</p>\n",
    "html-nested.md": "<div>" * 20_000 + "x" + "</div>" * 20_000 + "\n",
    "html-cells-one-line.md": "<table><tr>" + "<td>5%</td>" * 10_000 + "</tr></table>\n",
    "table-wide.md": "|a" * 2_000 + "|\n" + "|-" * 2_000 + "|\n" + "|x" * 2_000 + "|\n",
}


def test_parser_stress_finishes_in_bounded_time_and_memory(tmp_path: Path):
    for name, text in MARKDOWN_CASES.items():
        (tmp_path / name).write_text(text)
    result = run("check", "--format", "json", "--jobs", "1", ".", cwd=tmp_path)
    no_traceback(result)
    assert result.code in (0, 1), result.err
    assert result.seconds < 90, result.seconds
    assert result.peak_mb < 800, result.peak_mb
    files = findings_json(result)
    assert set(files) == {f"./{name}" for name in MARKDOWN_CASES}
    assert not any(f.get("error") for f in files.values())


def test_script_and_style_text_is_not_read_as_prose():
    from linter.document import parse

    document = parse("x.md", MARKDOWN_CASES["html-script-style.md"])
    texts = [s.text for s in document.sentences]
    assert "Visible text." in texts
    assert not any("route" in t or "color" in t for t in texts)


def test_control_sequences_in_a_document_never_reach_the_terminal(tmp_path: Path):
    (tmp_path / "card.md").write_text(
        "# Card\n\nThe \x1b[31mresponse\x1b[0m \x1b]0;owned\x07is\x08 automatically handled by "
        "another system.\n"
    )
    for fmt in ("text", "concise", "github"):
        result = run("check", "--format", fmt, *house(tmp_path), "card.md", cwd=tmp_path)
        no_traceback(result)
        assert result.code == 1, (fmt, result.out)
        assert "HR001" in result.out
        assert not any(c in result.out for c in "\x1b\x07\x08"), (fmt, result.out)


# -- files and directories ----------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused_without_reading_it(tmp_path: Path):
    from linter.document.reader import MAX_BYTES

    with open(tmp_path / "huge.md", "wb") as fh:  # sparse: costs no disk
        fh.truncate(MAX_BYTES + 1)
    result = run("check", "huge.md", cwd=tmp_path)
    no_traceback(result)
    assert result.code == 2
    assert (
        result.err.strip() == "disclosure-lint: error: huge.md: file is 64 MB, over the 64 MB limit"
    )
    assert result.seconds < 30


def test_walks_survive_link_loops_fifos_and_folders_named_like_files(tmp_path: Path):
    tree = tmp_path / "docs"
    (tree / "sub").mkdir(parents=True)
    (tree / "sub" / "card.md").write_text(CARD)
    (tree / "sub" / "up").symlink_to("..", target_is_directory=True)  # a loop, if followed
    (tree / "self.md").symlink_to("self.md")  # a link to itself
    (tree / "dangling.md").symlink_to("nowhere.md")
    os.mkfifo(tree / "pipe.md")  # reading it would block forever
    (tree / "folder.md").mkdir()
    (tree / "folder.md" / "inner.md").write_text(CARD)
    result = run("check", "--format", "json", "docs", cwd=tmp_path, timeout=60)
    no_traceback(result)
    assert result.code == 2
    files = findings_json(result)
    assert files["docs/sub/card.md"]["findings"]
    assert files["docs/folder.md/inner.md"]["findings"]
    assert "Too many levels of symbolic links" in files["docs/self.md"]["error"]
    assert files["docs/dangling.md"]["error"] == "docs/dangling.md: no such file"
    assert files["docs/pipe.md"]["error"] == "docs/pipe.md: not a regular file"
    assert not any("up" in path.split("/") for path in files)  # the loop was not followed


def test_a_file_without_read_permission_is_an_error_not_clean(tmp_path: Path):
    if os.geteuid() == 0:
        pytest.skip("root reads files whatever their mode (FIFOs and link loops are tested)")
    path = tmp_path / "secret.md"
    path.write_text(CARD)
    path.chmod(0)
    result = run("check", "secret.md", "--format", "json", cwd=tmp_path)
    assert result.code == 2
    assert findings_json(result)["secret.md"]["error"] == "secret.md: permission denied"


# -- internal errors ------------------------------------------------------------------------

_CRASH = """
import sys
import linter.engine.run as run

real = run.lint_document

def boom(document, *args, **kwargs):
    if document.path == "card.md":
        raise RuntimeError("injected failure")
    return real(document, *args, **kwargs)

run.lint_document = boom
sys.argv = ["disclosure-lint", "check", "--format", "json", "card.md", "other.md"]
from linter.cli import main
main()
"""


def test_an_internal_error_prints_one_line_and_writes_the_full_report(tmp_path: Path):
    """A bug met on one file is reported for that file (one line, exit 2, the traceback in a
    report file); the other files are still linted."""
    (tmp_path / "card.md").write_text(CARD)
    (tmp_path / "other.md").write_text(CARD)
    proc = subprocess.run(
        [sys.executable, "-c", _CRASH],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "TMPDIR": str(tmp_path), "PYTHONPATH": str(REPO)},
        timeout=60,
    )
    assert proc.returncode == 2
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    prefix = (
        "disclosure-lint: error: card.md: internal error: RuntimeError: injected failure; "
        "full report in "
    )
    assert lines[0].startswith(prefix)
    report = Path(lines[0][len(prefix) :])
    assert report.parent == tmp_path
    assert "Traceback" in report.read_text() and "injected failure" in report.read_text()
    files = {f["path"]: f for f in json.loads(proc.stdout)["files"]}
    assert "internal error" in files["card.md"]["error"]
    assert "error" not in files["other.md"] and files["other.md"]["findings"]


# -- a 50 MB card ---------------------------------------------------------------------------


def test_a_50_mb_file_is_linted_in_bounded_time_and_memory(tmp_path: Path):
    """50 MB that the parser must read line by line (a fenced block), then prose whose finding
    must point at the right line far down the file."""
    row = "x = compute(a, b, c)  # a line of code in a very long listing\n"
    count = 50_000_000 // len(row) + 1000
    with open(tmp_path / "big.md", "w") as fh:
        fh.write("# Card\n\n```python\n")
        for _ in range(count // 1000):
            fh.write(row * 1000)
        fh.write(f"```\n\n{SENTENCE}\n")
    size = (tmp_path / "big.md").stat().st_size
    assert size > 50_000_000
    result = run("check", "--format", "json", *house(tmp_path), "big.md", cwd=tmp_path)
    no_traceback(result)
    assert result.code == 1, result.err
    (finding,) = findings_json(result)["big.md"]["findings"]
    assert finding["line"] == 3 + (count // 1000) * 1000 + 3
    assert result.seconds < 120
    assert result.peak_mb < 1500, result.peak_mb
