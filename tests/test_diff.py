"""`disclosure-lint diff OLD NEW`: facts gone and new, euphemisms new and removed, score change;
exit 1 when NEW discloses less, across formats (a PDF against Markdown)."""

from __future__ import annotations

import json

import pytest

from linter.audit import audit_one, compare
from tests.fixtures.audit.pdfgen import make_pdf
from tests.helpers import REPO, run_cli

OLD = """# Example 5

## Routing

A classifier reads every request. When it flags a request about cybersecurity, we route the
request to Example 4.8. The reply names the model that answered, so the user is told. In
October 2026, 0.4% of requests were routed.

## Refusals

Example 5 has industry-leading safeguards.
"""

# The new version, as a PDF: it no longer names the model nor the share, and it adds a vague
# scope phrase.
NEW_PAGES = [
    [
        "Example 5",
        "1 Routing",
        "A classifier reads every request. When it flags a request about cybersecurity,",
        "the request is handled by a specialised model. The reply says so, so the user is",
        "told.",
        "2 Refusals",
        "Example 5 has industry-leading safeguards.",
    ]
]


@pytest.fixture()
def versions(tmp_path):
    pytest.importorskip("pypdfium2")
    old = tmp_path / "card-v1.md"
    old.write_text(OLD)
    new = tmp_path / "card-v2.pdf"
    new.write_bytes(make_pdf(NEW_PAGES))
    return old, new


def test_diff_finds_what_the_new_version_stopped_disclosing(versions):
    old, new = versions
    diff = compare(audit_one(str(old)), audit_one(str(new)))
    gone = {(c.topic, c.fact) for c in diff.gone}
    assert gone == {("fallback-routing", "served-by"), ("fallback-routing", "share")}
    assert {c.where.line for c in diff.gone} == {5, 6}  # where OLD said it
    assert diff.discloses_less
    assert diff.score_change < 0
    (status,) = diff.status
    assert (status.topic, status.old, status.new, status.worse) == (
        "fallback-routing",
        "stated",
        "partial",
        True,
    )
    # The superlative is in both versions: neither new nor removed.
    assert all(e.rule != "EU009" for e in diff.euphemisms_added + diff.euphemisms_removed)


def test_diff_cli_exit_codes_and_json(versions):
    old, new = versions
    proc = run_cli("diff", "--format", "json", str(old), str(new))
    assert proc.returncode == 1  # NEW discloses less
    data = json.loads(proc.stdout)
    assert data["old"]["format"] == "markdown" and data["new"]["format"] == "pdf"
    assert data["discloses_less"] is True
    assert data["score_change"] == data["new"]["score"] - data["old"]["score"] < 0
    assert {(f["topic"], f["fact"], f["page"]) for f in data["facts_gone"]} == {
        ("fallback-routing", "served-by", None),
        ("fallback-routing", "share", None),
    }
    assert data["status_changes"] == [
        {"topic": "fallback-routing", "old": "stated", "new": "partial", "worse": True}
    ]

    back = run_cli("diff", "--format", "json", str(new), str(old))
    assert back.returncode == 0  # the reverse discloses more
    data = json.loads(back.stdout)
    assert {(f["topic"], f["fact"]) for f in data["facts_new"]} == {
        ("fallback-routing", "served-by"),
        ("fallback-routing", "share"),
    }
    assert data["facts_gone"] == [] and data["discloses_less"] is False


def test_diff_reports_new_and_removed_euphemisms(tmp_path):
    old = tmp_path / "old.md"
    new = tmp_path / "new.md"
    old.write_text("# Example 5\n\nWe do not route requests to other models.\n")
    new.write_text(
        "# Example 5\n\nWe do not route requests to other models.\n\n"
        "Example 5 has industry-leading safeguards.\n"
    )
    proc = run_cli("diff", str(old), str(new))
    out = proc.stdout.decode()
    assert proc.returncode == 0  # a euphemism is worse writing, not less disclosure
    assert "Euphemisms new in NEW (1)\n  EU009  line 5: industry-leading safeguards" in out
    assert "Facts disclosed in OLD, gone in NEW (0)" in out
    assert "NEW discloses no less than OLD." in out
    proc = run_cli("diff", "-f", "markdown", str(new), str(old))
    assert "## Euphemisms removed (1)" in proc.stdout.decode()


def test_diff_of_identical_documents_is_empty():
    path = str(REPO / "examples" / "problem-release.md")
    proc = run_cli("diff", path, path)
    assert proc.returncode == 0
    assert "Score change: +0" in proc.stdout.decode()


def test_diff_with_an_unreadable_side_exits_2(tmp_path):
    proc = run_cli("diff", str(REPO / "examples" / "problem-release.md"), str(tmp_path / "no.md"))
    assert proc.returncode == 2
    assert b"no such file" in proc.stderr and proc.stdout == b""
