"""Auditing URLs: fixtures served from a local HTTP server on 127.0.0.1 (bounded: it serves a
fixed set of paths and is shut down after the module)."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from linter.audit.fetch import fetch
from linter.audit.sources import Limits, load_source
from linter.document import ReadError
from tests.fixtures.audit.pdfgen import make_pdf
from tests.helpers import run_cli

pytest.importorskip("lxml")
pytest.importorskip("pypdfium2")

PAGE = (
    b"<!doctype html><html><head><title>Card</title></head><body>"
    b"<nav><a href='/'>Home</a></nav><main><h1>Example 5</h1>\n"
    b"<p>We do not route requests to other models: every response comes from Example 5.</p>\n"
    b"</main></body></html>"
)
PDF = make_pdf([["Example 5 card", "Example 5 has industry-leading safeguards."]])
ROUTES: dict[str, tuple[int, str, bytes, dict[str, str]]] = {
    "/card.html": (200, "text/html; charset=utf-8", PAGE, {}),
    # The extension says HTML; the response says PDF: the response decides.
    "/report.html": (200, "application/pdf", PDF, {}),
    "/latest": (302, "text/plain", b"", {"Location": "/card.html"}),
    "/to-file": (302, "text/plain", b"", {"Location": "file:///etc/passwd"}),
    "/big.html": (200, "text/html", b"<p>" + b"x" * 300_000 + b"</p>", {}),
    "/missing": (404, "text/plain", b"not here", {}),
    "/raw.md": (200, "text/plain; charset=utf-8", b"# Card\n\n## Safety\n\nWe do not route.\n", {}),
}
SLOW_SECONDS = 3.0


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/slow":
            time.sleep(SLOW_SECONDS)
        status, ctype, body, headers = ROUTES.get(self.path, (404, "text/plain", b"", {}))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_audit_a_page_by_url(base):
    proc = run_cli("audit", "-f", "json", f"{base}/card.html")
    assert proc.returncode == 0, proc.stderr
    (doc,) = json.loads(proc.stdout)["documents"]
    prov = doc["provenance"]
    assert prov["url"] == f"{base}/card.html" and prov["final_url"] is None
    assert prov["format"] == "html" and prov["content_type"] == "text/html"
    assert doc["topics"]["fallback-routing"]["status"] == "denied"
    (denial,) = [f for f in doc["topics"]["fallback-routing"]["found"] if f["fact"] == "denial"]
    assert denial["line"] == 2  # the line of the <p> in the served page


def test_type_comes_from_the_response_not_the_extension(base):
    source = load_source(f"{base}/report.html")
    assert source.format == "pdf"
    proc = run_cli("audit", "-f", "json", f"{base}/report.html")
    (doc,) = json.loads(proc.stdout)["documents"]
    assert [(e["rule"], e["page"]) for e in doc["euphemisms"]] == [("EU009", 1)]


def test_markdown_served_as_plain_text_is_read_as_markdown(base):
    assert load_source(f"{base}/raw.md").format == "markdown"


def test_redirects_are_followed_and_recorded(base):
    source = load_source(f"{base}/latest")
    assert source.final_url == f"{base}/card.html"
    assert source.format == "html"


def test_redirect_to_a_non_http_address_is_refused(base):
    with pytest.raises(ReadError, match="file:///etc/passwd"):
        load_source(f"{base}/to-file")


def test_size_limit(base):
    with pytest.raises(ReadError, match="over the 100000-byte limit"):
        load_source(f"{base}/big.html", Limits(max_bytes=100_000))


def test_http_errors_and_timeouts_are_one_line(base):
    with pytest.raises(ReadError, match=r"HTTP 404"):
        fetch(f"{base}/missing")
    started = time.monotonic()
    with pytest.raises(ReadError, match=r"no answer within 0.5 s"):
        fetch(f"{base}/slow", timeout=0.5)
    assert time.monotonic() - started < SLOW_SECONDS


def test_unreachable_server_exits_2_with_a_clear_message():
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = run_cli("audit", "--timeout", "2", f"http://127.0.0.1:{port}/card.html")
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert f"http://127.0.0.1:{port}/card.html: cannot fetch" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
