"""The HTML report: self-contained, escaped, no script, a restrictive Content-Security-Policy;
rendered in headless Chromium (Debian's, driven by Playwright): no console errors, the scorecard
visible on top, a script planted in an audited document does not run, readable on a phone."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from linter.audit import audit_all
from linter.reporters import audit_html
from tests.helpers import REPO

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HOSTILE = """# Example 5 <script>window.__pwned = 1; document.title = "pwned"</script>

<script>window.__pwned = 2</script>

Example 5 has industry-leading safeguards. <img src="x" onerror="window.__pwned = 3">
A classifier routes flagged requests to Example 4.8 <style>body{display:none}</style>.

<a href="javascript:window.__pwned=4">click</a> and <iframe src="https://example.com"></iframe>
"""
HOSTILE_PAGE = """<html><head><script>window.__pwned = 5</script></head><body><main>
<h1>Card</h1><p>Example 5 has industry-leading safeguards.</p>
<p>&lt;script&gt;window.__pwned = 6&lt;/script&gt;</p>
</main></body></html>
"""


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    (folder / "hostile.md").write_text(HOSTILE)
    (folder / "hostile.html").write_text(HOSTILE_PAGE)
    result = audit_all(
        [
            str(folder / "hostile.md"),
            str(folder / "hostile.html"),
            str(REPO / "examples" / "problem-release.md"),
        ]
    )
    assert not result.errors
    path = folder / "report.html"
    path.write_text(audit_html.render(result, "2026-01-01"), encoding="utf-8")
    return path


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, dict(attrs)))


def test_report_is_self_contained_scriptless_and_escaped(report):
    html = report.read_text()
    elements = _Elements()
    elements.feed(html)
    tags = {tag for tag, _ in elements.tags}
    assert not tags & {"script", "img", "iframe", "object", "embed", "link", "base", "form"}
    for _tag, attrs in elements.tags:
        assert not [a for a in attrs if a.startswith("on") or a in ("src", "style")]
        assert (attrs.get("href") or "#").startswith("#")  # links stay within the page
    assert "&lt;script&gt;window.__pwned = 2&lt;/script&gt;" in html
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert csp.startswith("default-src 'none'; style-src 'sha256-")
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in csp
    assert "Generated on 2026-01-01" in html


def test_highlights_link_to_explanations_and_back(report):
    html = report.read_text()
    ids = set(re.findall(r'id="([^"]+)"', html))
    targets = re.findall(r'href="#([^"]+)"', html)
    assert targets and all(t in ids for t in targets)
    # The euphemism in the problem example is highlighted in the text, linked to its rule.
    assert re.search(
        r'<a class="hl euph" href="#d3-rule-EU009" title="[^"]*">industry-leading', html
    )
    assert 'id="d3-rule-EU009"' in html


def _browser():
    # On a user's clone the browser test may skip; in CI (.ci/run installs the browser) a
    # missing browser is a failure, so the report is never passed untested.
    in_ci = bool(os.environ.get("CI"))
    try:
        from playwright import sync_api
    except ImportError:
        if in_ci:
            pytest.fail("Playwright is not installed (the test extra installs it)")
        pytest.skip("Playwright is not installed (pip install playwright)")
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        if in_ci:
            pytest.fail("Debian's chromium is missing; .ci/install-browser should install it")
        pytest.skip("Debian's chromium is not installed (.ci/install-browser installs it)")
    return sync_api


def test_report_in_headless_chromium(report, tmp_path):
    sync_api = _browser()
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            messages: list[str] = []
            dialogs: list[str] = []
            requests: list[str] = []
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.on("console", lambda m: messages.append(f"{m.type}: {m.text}"))
            page.on("pageerror", lambda e: messages.append(f"pageerror: {e}"))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(report.as_uri())
            page.wait_for_load_state("load")

            assert [m for m in messages if m.startswith(("error", "pageerror"))] == []
            assert dialogs == []
            assert page.evaluate("window.__pwned") is None
            assert page.title() == "Disclosure audit"
            assert requests == [report.as_uri()]  # nothing else was fetched

            scorecard = page.locator("table.scorecard").first
            assert scorecard.is_visible()
            assert scorecard.bounding_box()["y"] < 900  # on the first screen
            text = page.locator("#d1-text ~ .text").inner_text()
            assert "<script>window.__pwned = 2</script>" in text
            shot = tmp_path / "report.png"
            page.screenshot(path=str(shot))
            assert shot.stat().st_size > 10_000

            phone = browser.new_page(viewport={"width": 390, "height": 844})
            phone.goto(report.as_uri())
            width = phone.evaluate("document.documentElement.scrollWidth")
            assert width <= 390
            assert phone.locator("table.scorecard").first.is_visible()
            phone.emulate_media(media="print")
            assert phone.locator("table.scorecard").first.is_visible()
            phone.screenshot(path=str(tmp_path / "report-phone.png"))
        finally:
            browser.close()
