"""An audit's input: a file or a URL, read into bytes, its format told by the response's
Content-Type (URLs) or the file name, and by the bytes themselves where those say nothing."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from ..document.reader import read_bytes
from .fetch import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, fetch, is_url

FORMATS = ("markdown", "text", "html", "pdf")
SUFFIXES = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
}
_MEDIA = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
    "application/x-pdf": "pdf",
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
    "text/plain": "text",
}
_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)


@dataclass(slots=True)
class Source:
    name: str  # as given on the command line
    data: bytes
    format: str
    url: str | None = None
    final_url: str | None = None
    content_type: str | None = None
    charset: str | None = None
    local_path: Path | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(slots=True, frozen=True)
class Limits:
    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = DEFAULT_MAX_BYTES


def sniff(data: bytes) -> str | None:
    """The format the bytes announce themselves, if they do."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf")
    if head.startswith(b"%PDF-"):
        return "pdf"
    if _HTML_START.match(head):
        return "html"
    return None


def looks_like_markdown(data: bytes) -> bool:
    """Plain text that is Markdown by its looks: front matter, or at least two ATX headings."""
    head = data[:65536]
    if head.lstrip(b"\xef\xbb\xbf").startswith(b"---\n"):
        return True
    return len(re.findall(rb"^#{1,6} \S", head, re.M)) >= 2


def load_source(arg: str, limits: Limits = Limits()) -> Source:
    if is_url(arg):
        got = fetch(arg, limits.timeout, limits.max_bytes)
        media = _MEDIA.get(got.content_type)
        sniffed = sniff(got.data)
        # The response's type decides; bytes that are plainly a PDF or a page overrule a
        # generic or missing type (application/octet-stream, text/plain for a saved page).
        fmt = sniffed if sniffed and media in (None, "text") else media or "text"
        if fmt == "text" and looks_like_markdown(got.data):
            fmt = "markdown"  # Markdown files are often served as text/plain
        return Source(
            arg,
            got.data,
            fmt,
            url=arg,
            final_url=got.final_url if got.final_url != arg else None,
            content_type=got.content_type or None,
            charset=got.charset,
        )
    data = read_bytes(Path(arg), arg)
    sniffed = sniff(data)
    by_name = SUFFIXES.get(Path(arg).suffix.lower())
    fmt = "pdf" if sniffed == "pdf" else by_name or sniffed
    if fmt is None:
        fmt = "markdown" if looks_like_markdown(data) else "text"
    return Source(arg, data, fmt, local_path=Path(arg))
