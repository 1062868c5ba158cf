"""`check` streams: each file's result is written (or reduced to what the end of the report
needs) as soon as it is known, so memory does not grow with the number of files, and the
streamed reports are byte for byte what rendering the whole result at once gives."""

from __future__ import annotations

import gc
import hashlib
import json
import re
import tracemalloc
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.engine import Workspace, parallel
from linter.engine.parallel import iter_files, lint_files
from linter.findings import FileResult, Finding, LintResult
from linter.reporters import github, jsonout, junit, sarif, text
from tests.cli_inprocess import cli
from tests.helpers import ruleset

# A small card on which several rules fire: each file's result holds a dozen findings or so.
PARAGRAPH = """
Example {n} is safe by design. Some requests are handled by a different model when our
classifier decides so. Premium users may get relaxed safeguards. Refusals are minimal.
We are committed to transparency and will share more details in due course.
"""
CARD = "# Example {n} release notes\n" + PARAGRAPH * 8


def _cards(folder: Path, count: int) -> list[str]:
    folder.mkdir(exist_ok=True)
    for n in range(count):
        (folder / f"card-{n:04d}.md").write_text(CARD.format(n=n))
    return sorted(p.name for p in folder.glob("*.md"))[:count]


def _peak_of_check(folder: Path, names: list[str], out: Path) -> int:
    """Peak memory traced while `check --format json --output` lints ``names``, above what was
    in use before it started."""
    gc.collect()
    tracemalloc.reset_peak()
    before = tracemalloc.get_traced_memory()[0]
    run = cli("check", "--jobs", "1", "--format", "json", "--output", str(out), *names, cwd=folder)
    assert run.code == 1, run.err
    peak = tracemalloc.get_traced_memory()[1]
    return peak - before


def test_peak_memory_does_not_grow_with_the_number_of_files(tmp_path: Path):
    folder = tmp_path / "cards"
    names = _cards(folder, 80)
    out = tmp_path / "report.json"
    cli("check", "--format", "json", "--output", str(out), names[0], cwd=folder)  # load rules
    tracemalloc.start()
    try:
        few = _peak_of_check(folder, names[:20], out)
        many = _peak_of_check(folder, names, out)
    finally:
        tracemalloc.stop()
    report = json.loads(out.read_text())
    assert report["summary"]["files"] == 80
    per_file = len(out.read_bytes()) / 80  # what one file's entry costs as text, at least
    assert per_file > 10_000  # each file reports enough to show up if results were held
    # Holding every result (or the whole report) of 60 more files would add well over 600 KB.
    assert many - few < 100_000, (few, many)


def test_results_stream_in_input_order_across_many_windows(tmp_path: Path, monkeypatch):
    folder = tmp_path / "cards"
    names = _cards(folder, 24)
    (folder / "card-0005.md").write_text("")  # a file that cannot be linted, in the middle
    (folder / "card-0017.md").write_text(CARD.format(n=17) * 40)  # a big one, reordered
    monkeypatch.chdir(folder)
    monkeypatch.setattr(parallel, "MAX_BATCH", 1)
    monkeypatch.setattr(parallel, "BATCHES_PER_WORKER", 1)  # windows of two files
    workspace = Workspace()
    workspace.prepare(names)
    streamed = iter_files(workspace, names, jobs=2)
    first = next(streamed)
    assert first.path == names[0]  # handed on before the rest is linted
    two = [first, *streamed]
    one = lint_files(Workspace(), names, jobs=1).files
    assert [f.path for f in two] == names
    assert two == one
    assert two[5].error is not None


# -- streamed reports equal whole-result renderings ------------------------------------------


def _finding(rule: str = "FR004", severity: str = "error", line: int = 3, **kw) -> Finding:
    base = dict(
        rule=rule, name="routing-notice-unstated", category="fallback-routing",
        severity=severity, message="Say so.\nReally \"now\" é", line=line, column=1,
        end_line=line, end_column=9, excerpt="routes requests",
    )  # fmt: skip
    base.update(kw)
    return Finding(**base)


RESULT = LintResult(
    [
        FileResult("a.md", [_finding(), _finding("FR005", "warning", 5, page=2)]),
        FileResult("b.md", error="b.md: empty file; nothing to lint"),
        FileResult("c.md"),
        FileResult(
            "d.md",
            [_finding("ZZ999", "info", 1, name="unknown-rule")],
            [_finding(line=7, reason="in the appendix")],
        ),
    ],
    "0.1.0",
    "1.2.0",
)
EMPTY = LintResult([], "0.1.0", "1.2.0")


@pytest.mark.parametrize("result", [RESULT, EMPTY], ids=["files", "none"])
def test_json_streams_what_json_dumps_writes(result: LintResult):
    whole = json.dumps(jsonout.to_data(result), indent=2, ensure_ascii=False) + "\n"
    assert jsonout.render(result) == whole


@pytest.mark.parametrize("result", [RESULT, EMPTY], ids=["files", "none"])
def test_sarif_streams_what_json_dumps_writes(result: LintResult):
    rules = [ruleset().find("FR004"), ruleset().find("FR005")]
    data = sarif.to_data(result, rules, "https://example.org/rules")
    whole = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    assert sarif.render(result, rules, "https://example.org/rules") == whole
    if result.files:  # the unknown rule was added to the rule list written before the results
        assert data["runs"][0]["tool"]["driver"]["rules"][-1]["id"] == "ZZ999"


@pytest.mark.parametrize("result", [RESULT, EMPTY], ids=["files", "none"])
def test_junit_streams_what_element_tree_writes(result: LintResult):
    streamed = junit.render(result, [ruleset().find("FR004")])
    declaration = '<?xml version="1.0" encoding="UTF-8"?>\n'
    assert streamed.startswith(declaration)
    root = ET.fromstring(streamed[len(declaration) :])
    ET.indent(root)
    assert streamed == declaration + ET.tostring(root, "unicode") + "\n"
    if result.files:
        assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("8", "3", "1")


def test_github_fences_the_plain_report_with_its_hash():
    out = github.render(RESULT)
    token = re.search(r"^::stop-commands::([0-9a-f]{24})$", out, re.MULTILINE).group(1)
    annotations, report = out.split(f"::stop-commands::{token}\n")
    assert annotations.splitlines() == github.annotations(RESULT)
    assert report.endswith(f"::{token}::\n")
    plain = report.removesuffix(f"::{token}::\n")
    assert plain == text.render(RESULT)
    assert token == hashlib.sha256(plain.encode()).hexdigest()[:24]


def test_a_report_that_cannot_be_written_leaves_no_partial_file(tmp_path: Path):
    (tmp_path / "card.md").write_text(CARD.format(n=1))
    (tmp_path / "report.json").mkdir()  # the rename onto it fails at the end
    run = cli("check", "--format", "json", "-o", "report.json", "card.md", cwd=tmp_path)
    assert run.code == 2
    assert run.err.startswith("disclosure-lint: error: cannot write report.json: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["card.md", "report.json"]


def test_a_files_cycles_are_collected_when_it_is_done(tmp_path):
    """The collector is paused while a file is linted and run once after it. The Document's
    reference cycles (sections, blocks and sentences point at each other) are broken when the
    file is done, so that collection has little left to find; nothing is left behind when
    lint_file returns, and the collector is on again."""
    from linter.engine.run import compile_rules, lint_file

    card = tmp_path / "card.md"
    card.write_text(CARD.format(n=1))
    rules = compile_rules(ruleset().rules)
    gc.collect()
    seen: list[int] = []
    gc.callbacks.append(lambda phase, info: phase == "stop" and seen.append(info["collected"]))
    try:
        lint_file(str(card), ruleset(), rules)
        assert gc.isenabled()
        assert len(seen) == 1 and seen[0] < 100, seen  # one collection, the cycles broken
        assert gc.collect() == 0  # nothing was left behind
    finally:
        gc.callbacks.pop()


def test_the_collector_stays_off_when_the_caller_turned_it_off(tmp_path):
    from linter.engine.run import compile_rules, lint_file

    card = tmp_path / "card.md"
    card.write_text(CARD.format(n=1))
    rules = compile_rules(ruleset().rules)
    gc.disable()
    try:
        lint_file(str(card), ruleset(), rules)
        assert not gc.isenabled()
    finally:
        gc.enable()


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()  # NaN and the infinities included: json's own spelling is kept
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4)
        | st.tuples(children, children)
        | st.dictionaries(st.text(max_size=6), children, max_size=4)
        | st.dictionaries(st.integers(), children, min_size=1, max_size=2)
    ),  # keys json converts
    max_leaves=20,
)


@settings(max_examples=400, deadline=None)
@given(JSON_VALUES, st.integers(min_value=0, max_value=5))
def test_dumps_at_writes_what_json_dumps_writes_indented(value, level):
    text = json.dumps(value, indent=2, ensure_ascii=False)
    assert jsonout.dumps_at(value, level) == text.replace("\n", "\n" + "  " * level)


def test_json_renders_a_file_with_many_findings_a_finding_at_a_time():
    many = FileResult("big.md", [_finding(line=i + 1) for i in range(20_000)])
    tracemalloc.start()
    try:
        size = 0
        for chunk in jsonout.stream([many], "0.1.0", "1.2.0"):
            size += len(chunk)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert size > 7_000_000  # all of it written, in pieces of one finding
    assert peak < 1_000_000, peak
