"""`disclosure-lint audit`: scorecards, formats, exit codes, batches, determinism."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import jsonschema
import pytest

from linter.audit import audit_all, audit_one
from linter.audit.score import overall, topic_points
from tests.fixtures.audit.pdfgen import make_pdf
from tests.helpers import REPO, run_cli

PROBLEM = "examples/problem-release.md"
COMPLETE = "examples/complete-release.md"
SCHEMA = json.loads((REPO / "schemas" / "audit.schema.json").read_text())


def _json(*args: str) -> tuple[int, dict]:
    proc = run_cli("audit", "--format", "json", *args)
    return proc.returncode, json.loads(proc.stdout)


def test_problem_example_scorecard_json():
    code, data = _json(PROBLEM)
    assert code == 0  # findings are the report, not a failure
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    (doc,) = data["documents"]
    assert doc["path"] == PROBLEM
    assert doc["score"] == 9
    topics = doc["topics"]
    assert topics["fallback-routing"]["status"] == "partial"
    assert topics["fallback-routing"]["missing"] == ["served-by", "notice", "share", "error-rates"]
    found = {(f["fact"], f["line"]) for f in topics["fallback-routing"]["found"]}
    assert ("categories", 8) in found and ("practice", 8) in found
    assert topics["tier-differences"]["status"] == "partial"
    assert topics["refusal-reporting"]["status"] == "missing"
    assert topics["refusal-reporting"]["missing"] == ["practice"]
    assert topics["refusal-reporting"]["withheld"] == [
        {"line": 20, "page": None, "excerpt": "We do not publish refusal rates."}
    ]
    euphemisms = {(e["rule"], e["line"]) for e in doc["euphemisms"]}
    assert {("EU001", 4), ("EU008", 10), ("EU005", 14), ("EU009", 19)} <= euphemisms
    assert all(e["page"] is None and e["excerpt"] for e in doc["euphemisms"])
    prov = doc["provenance"]
    assert prov["format"] == "markdown" and prov["url"] is None
    assert len(prov["sha256"]) == 64 and prov["tool"]["name"] == "disclosure-lint"
    assert prov["ruleset_version"] == data["tool"]["ruleset_version"]


def test_complete_example_scores_full_marks():
    code, data = _json(COMPLETE)
    assert code == 0
    (doc,) = data["documents"]
    assert doc["score"] == 100
    assert {t: c["status"] for t, c in doc["topics"].items()} == {
        "fallback-routing": "stated",
        "tier-differences": "stated",
        "refusal-reporting": "stated",
        "refusal-authority": "stated",
    }
    assert doc["euphemisms"] == [] and all(not c["missing"] for c in doc["topics"].values())


def test_denial_is_a_complete_answer(tmp_path):
    card = tmp_path / "card.md"
    card.write_text(
        "# Example 5\n\nWe do not route requests to other models: every response comes from "
        "Example 5.\n"
    )
    audit = audit_one(str(card))
    assert audit.topics["fallback-routing"].status == "denied"
    assert audit.topics["fallback-routing"].points == 1.0
    assert audit.topics["fallback-routing"].missing == []
    assert [f.fact for f in audit.topics["fallback-routing"].found] == ["denial"]


def test_json_has_no_timestamps_and_is_byte_identical_across_runs_and_jobs(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("problem-release.md", "complete-release.md", "contradicting-card.md"):
        (docs / name).write_bytes((REPO / "examples" / name).read_bytes())
    (docs / "card.pdf").write_bytes(make_pdf([["Example 5 refused 96% of harmful requests."]]))
    first = run_cli("audit", "-f", "json", str(docs))
    second = run_cli("audit", "-f", "json", "--jobs", "2", str(docs))
    assert first.returncode == second.returncode == 0
    assert first.stdout == second.stdout
    data = json.loads(first.stdout)
    assert [d["path"].rsplit("/", 1)[-1] for d in data["documents"]] == [
        "card.pdf",
        "complete-release.md",
        "contradicting-card.md",
        "problem-release.md",
    ]
    keys: set[str] = set()

    def walk(node) -> None:
        if isinstance(node, dict):
            keys.update(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    assert not {k for k in keys if any(w in k for w in ("time", "date", "generated", "elapsed"))}


def test_jobs_give_the_same_result_objects():
    args = [str(REPO / p) for p in (PROBLEM, COMPLETE)]
    one = audit_all(args, jobs=1)
    two = audit_all(args, jobs=2)
    assert [d.path for d in one.documents] == [d.path for d in two.documents]
    assert [d.score for d in one.documents] == [d.score for d in two.documents]
    assert [d.topics for d in one.documents] == [d.topics for d in two.documents]


def test_suppression_comments_are_listed_not_honoured(tmp_path):
    card = tmp_path / "card.md"
    card.write_text(
        "# Example 5\n\n<!-- disclosure-lint: disable FR001 -- we say it elsewhere -->\n"
        "Example 5 writes code.\n"
    )
    code, data = _json(str(card))
    assert code == 0
    (doc,) = data["documents"]
    assert doc["suppressions"] == [
        {
            "line": 3,
            "page": None,
            "comment": "<!-- disclosure-lint: disable FR001 -- we say it elsewhere -->",
        }
    ]
    assert doc["topics"]["fallback-routing"]["status"] == "missing"
    assert "FR001" in {f["rule"] for f in doc["findings"]}


def test_pdf_findings_carry_the_page(tmp_path):
    pdf = tmp_path / "card.pdf"
    pdf.write_bytes(
        make_pdf(
            [
                ["Example 5 System Card", "1 Introduction", "Example 5 writes code."],
                [
                    "2 Safety",
                    "Example 5 has industry-leading safeguards.",
                    "A classifier screens requests; flagged ones are routed to Example 4.8.",
                ],
            ]
        )
    )
    code, data = _json(str(pdf))
    assert code == 0
    (doc,) = data["documents"]
    assert doc["provenance"]["format"] == "pdf" and doc["provenance"]["pages"] == 2
    (eu,) = [e for e in doc["euphemisms"] if e["rule"] == "EU009"]
    assert (eu["page"], eu["line"]) == (2, 2)
    served = [f for f in doc["topics"]["fallback-routing"]["found"] if f["fact"] == "served-by"]
    assert served and (served[0]["page"], served[0]["line"]) == (2, 3)
    assert all(f["page"] in (1, 2) for f in doc["findings"])


def test_unreadable_inputs_exit_2_and_the_rest_is_still_reported(tmp_path):
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(make_pdf([], blank_pages=1))
    proc = run_cli("audit", "-f", "json", str(REPO / PROBLEM), str(scan), "missing.md")
    assert proc.returncode == 2
    data = json.loads(proc.stdout)
    assert len(data["documents"]) == 1
    errors = {e["path"]: e["error"] for e in data["errors"]}
    assert "no text layer" in errors[str(scan)]
    assert "no such file" in errors["missing.md"]
    stderr = proc.stderr.decode()
    assert "no text layer" in stderr and "Traceback" not in stderr


def test_fail_under():
    assert run_cli("audit", "--fail-under", "50", PROBLEM).returncode == 1
    assert run_cli("audit", "--fail-under", "9", PROBLEM).returncode == 0


def test_no_documents_is_a_usage_error(tmp_path):
    proc = run_cli("audit")
    assert proc.returncode == 2 and b"no documents given" in proc.stderr
    proc = run_cli("audit", str(tmp_path))
    assert proc.returncode == 2 and b"no documents to audit there" in proc.stderr


def test_text_format_shows_tables_and_locations():
    proc = run_cli("audit", PROBLEM)
    out = proc.stdout.decode()
    assert proc.returncode == 0
    assert out.startswith(f"{PROBLEM}  score 9/100\n")
    assert "fallback-routing   partial  practice, categories" in out
    assert "EU005  line 14" in out
    assert "refusal-reporting  line 20  We do not publish refusal rates." in out
    assert "\x1b[" not in out


def test_markdown_report_is_dated_and_escapes_document_text(tmp_path):
    card = tmp_path / "card.txt"  # plain text keeps markup characters literally
    card.write_text(
        "Example 5\n\nA classifier routes flagged requests to Example 4.8 | <img src=x> *now*.\n"
    )
    env_proc = subprocess.run(
        [sys.executable, "-m", "linter", "audit", "-f", "markdown", str(card)],
        capture_output=True,
        cwd=REPO,
        env={**__import__("os").environ, "SOURCE_DATE_EPOCH": "1767225600"},
        timeout=120,
    )
    out = env_proc.stdout.decode()
    assert env_proc.returncode == 0
    assert "Generated on 2026-01-01 by disclosure-lint" in out
    assert "<img" not in out
    assert r"Example 4.8 \| &lt;img src=x&gt; \*now\*." in out
    assert "| Fallback routing | **partial** |" in out


def test_summary_csv_and_sorting(tmp_path):
    lst = tmp_path / "docs.txt"
    lst.write_text(
        f"# documents to audit\n{REPO / COMPLETE}\n\n{REPO / PROBLEM}\n"
        f"{REPO / 'examples' / 'contradicting-card.md'}\n"
    )
    proc = run_cli("audit", "--list", str(lst), "--format", "csv", "--sort", "score")
    assert proc.returncode == 0
    rows = list(csv.DictReader(io.StringIO(proc.stdout.decode())))
    scores = [int(r["score"]) for r in rows]
    assert scores == sorted(scores) and len(rows) == 3
    assert rows[0]["path"].endswith("problem-release.md")
    assert rows[-1]["fallback-routing"] == "stated"
    proc = run_cli(
        "audit", "--list", str(lst), "--summary", "-f", "markdown", "--sort", "score-desc"
    )
    lines = [line for line in proc.stdout.decode().splitlines() if line.startswith("| ")]
    assert lines[0].startswith("| Score | Document |")
    assert lines[2].startswith("| 100 |") and lines[-1].startswith("| 9 |")
    assert "## " not in proc.stdout.decode()  # only the table


def test_list_file_paths_are_relative_to_the_list(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "card.md").write_text("# Card\n\nWe do not route requests.\n")
    lst = tmp_path / "list.txt"
    lst.write_text("sub/card.md\n")
    code, data = _json("--list", str(lst))
    assert code == 0
    assert data["documents"][0]["path"] == str(tmp_path / "sub" / "card.md")
    proc = run_cli("audit", "--list", str(tmp_path / "none.txt"))
    assert proc.returncode == 2 and b"no such list file" in proc.stderr


def test_progress_bar_only_on_a_terminal():
    proc = run_cli("audit", PROBLEM, COMPLETE)
    assert proc.stderr == b""  # piped: no bar
    from linter.cli.audit import _ProgressBar

    written: list[str] = []

    class Tty(io.StringIO):
        def write(self, s: str) -> int:
            written.append(s)
            return len(s)

    old = sys.stderr
    sys.stderr = Tty()
    try:
        bar = _ProgressBar()
        bar(1, 4, "a.md")
        bar(4, 4, "d.md")
        bar.close()
    finally:
        sys.stderr = old
    assert written[0].startswith("\r[#######-----------------------] 1/4 a.md")
    assert written[1].startswith("\r[##############################] 4/4 d.md")
    assert written[-1] == "\r\x1b[K"


def test_check_does_not_import_the_audit_libraries():
    code = (
        "import sys\n"
        "from linter.cli import _register\n"
        "_register()\n"
        "print(sorted(m for m in ('lxml', 'pypdf', 'linter.audit') if m in sys.modules))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=REPO, timeout=60)
    assert proc.stdout.decode().strip() == "[]"


@pytest.mark.parametrize(
    ("status", "facts", "expected"),
    [
        ("missing", [(True, True)], 0.0),
        ("denied", [(True, False)], 1.0),
        ("partial", [(True, False), (True, True), (False, True)], (2 + 2 + 1) / (2 + 2 + 2 + 1)),
        ("stated", [], 1.0),
    ],
)
def test_topic_points(status, facts, expected):
    assert topic_points(status, facts) == pytest.approx(expected)


def test_overall_score_weights_topics_and_caps_euphemisms():
    full = {"fallback-routing": 1.0, "tier-differences": 1.0, "refusal-reporting": 1.0}
    assert overall({**full, "refusal-authority": 1.0}, 0) == 100
    assert overall(full, 0) == 90
    assert overall(full, 3) == 84
    assert overall(full, 40) == 80  # at most 10 points off
    assert overall({"fallback-routing": 0.5}, 0) == 15
    assert overall({"fallback-routing": 1 / 60}, 0) == 1  # 0.5 rounds half up
    assert overall({}, 5) == 0
