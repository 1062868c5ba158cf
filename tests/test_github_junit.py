"""`--format github` (workflow-command annotations with the toolkit's escaping, then the plain
report), `--format junit` (one test case per file and rule, XML-safe) and `--statistics`."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from linter.findings import FileResult, Finding, LintResult
from linter.reporters import github, junit
from tests.cli_inprocess import cli
from tests.helpers import ruleset

ROUTING = "Our classifier routes requests about chemical weapons to Example 4.8."
CARD = f"# Example 5\n\n{ROUTING}\n"
SELECT = "FR004,FR005,FR006,RR001"
ANNOTATION = re.compile(
    r"^::(?P<level>error|warning|notice) file=(?P<file>[^,]+),line=(?P<line>\d+),col=(?P<col>\d+),"
    r"endLine=(?P<end_line>\d+),endColumn=(?P<end_col>\d+),title=(?P<title>[^,:]+)::(?P<msg>.+)$"
)


def finding(message: str = "m", severity: str = "error", **kw) -> Finding:
    base = dict(
        rule="FR004", name="routing-notice-unstated", category="fallback-routing",
        severity=severity, message=message, line=3, column=1, end_line=3, end_column=9,
    )  # fmt: skip
    base.update(kw)
    return Finding(**base)


# -- github --------------------------------------------------------------------------------


def test_escaping_follows_the_actions_toolkit():
    raw = "100% sure:\r\na, b"
    assert github.escape_data(raw) == "100%25 sure:%0D%0Aa, b"
    assert github.escape_property(raw) == "100%25 sure%3A%0D%0Aa%2C b"
    line = github.command("error", {"file": "a,b:c.md", "line": 3}, "50%\nnext")
    assert line == "::error file=a%2Cb%3Ac.md,line=3::50%25%0Anext"


def test_annotations_then_the_plain_report(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "cards").mkdir()
    (tmp_path / "cards" / "card.md").write_text(CARD)
    (tmp_path / ".disclosure-lint.yaml").write_text("severity: {FR006: info}\n")
    run = cli("check", "--format", "github", "card.md", "--select", SELECT, cwd=tmp_path / "cards")
    assert run.code == 1
    lines = run.out.splitlines()
    annotations = [ANNOTATION.match(line) for line in lines[:4]]
    assert all(annotations), lines[:4]
    got = {(m["level"], m["file"], m["line"], m["title"]) for m in annotations}
    assert got == {
        ("error", "cards/card.md", "1", "RR001 refusal-rates-unreported"),
        ("error", "cards/card.md", "3", "FR004 routing-notice-unstated"),
        ("error", "cards/card.md", "3", "FR005 routing-share-unquantified"),
        ("notice", "cards/card.md", "3", "FR006 routing-error-rates-unreported"),
    }
    fr004 = next(m for m in annotations if m["title"].startswith("FR004"))
    assert (fr004["col"], fr004["end_line"], fr004["end_col"]) == ("1", "3", "70")
    stop = re.fullmatch(r"::stop-commands::([0-9a-f]{24})", lines[4])
    assert stop, lines[4]
    assert lines[-1] == f"::{stop.group(1)}::"
    plain = cli("check", "card.md", "--select", SELECT, cwd=tmp_path / "cards").out
    assert "\n".join(lines[5:-1]) + "\n" == plain


def test_unreadable_files_are_error_annotations(tmp_path):
    (tmp_path / "empty.md").write_text("")
    run = cli("check", "--format", "github", "empty.md", cwd=tmp_path)
    assert run.code == 2
    assert run.out.splitlines()[0] == (
        "::error file=empty.md,title=disclosure-lint::empty.md: empty file; nothing to lint"
    )


def test_messages_cannot_break_out_of_their_command():
    result = LintResult(
        [FileResult("card.md", [finding("line one\n::error::forged\x1b[2J 100%")])], "0", "1"
    )
    (line,) = github.annotations(result)
    assert line.endswith("::line one%0A::error::forged 100%25")
    assert "\n" not in line


# -- junit ---------------------------------------------------------------------------------


def test_junit_has_one_test_case_per_file_and_rule(tmp_path):
    (tmp_path / "a.md").write_text(CARD)
    (tmp_path / "b.md").write_text(
        CARD + "\n<!-- disclosure-lint: disable-file FR005 -- in the quarterly report -->\n"
    )
    (tmp_path / "c.md").write_text("")
    run = cli(
        "check", "--format", "junit", "a.md", "b.md", "c.md", "--select", SELECT, cwd=tmp_path
    )
    assert run.code == 2
    assert run.out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(run.out.encode())
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["a.md", "b.md", "c.md"]
    a_cases = {c.get("name"): c for c in suites[0].findall("testcase")}
    assert set(a_cases) == {
        "FR004 routing-notice-unstated",
        "FR005 routing-share-unquantified",
        "FR006 routing-error-rates-unreported",
        "RR001 refusal-rates-unreported",
    }
    failure = a_cases["FR004 routing-notice-unstated"].find("failure")
    assert failure is not None and failure.get("type") == "error"
    assert failure.text.startswith("a.md:3:1: FR004 [error] ")
    b_cases = {c.get("name"): c for c in suites[1].findall("testcase")}
    share = b_cases["FR005 routing-share-unquantified"]
    assert share.find("failure") is None
    assert "reason: in the quarterly report" in share.find("system-out").text
    (c_case,) = suites[2].findall("testcase")
    assert c_case.find("error") is not None
    assert (suites[0].get("tests"), suites[0].get("failures")) == ("4", "4")
    assert (suites[1].get("tests"), suites[1].get("failures")) == ("4", "3")
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("9", "7", "1")


def test_junit_drops_characters_xml_forbids():
    bad = finding('ctrl \x00\x01\x1b[31m <&> "q"', excerpt="\x0b")
    result = LintResult([FileResult("card\x07.md", [bad])], "0", "1")
    text = junit.render(result, [ruleset().find("FR004")])
    root = ET.fromstring(text.encode())  # parses: nothing XML forbids is left
    case = root.find("testsuite/testcase")
    assert root.find("testsuite").get("name") == "card.md"
    assert case.find("failure").get("message") == 'ctrl [31m <&> "q"'


# -- statistics ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_statistics_count_findings_per_rule(tmp_path: Path, fmt: str):
    (tmp_path / "a.md").write_text(CARD)
    (tmp_path / "b.md").write_text(CARD)
    run = cli(
        "check", "a.md", "b.md", "--statistics", "--format", fmt, "--select", SELECT, cwd=tmp_path
    )
    assert run.code == 1
    if fmt == "json":
        counts = {row["rule"]: row["count"] for row in json.loads(run.out)}
    else:
        counts = {line.split()[1]: int(line.split()[0]) for line in run.out.splitlines()}
    assert counts == {"FR004": 2, "FR005": 2, "FR006": 2, "RR001": 2}
