"""Bytes of any audited format to the Markdown text a Document is parsed from."""

from __future__ import annotations

import codecs
import re

from ..document import ReadError, decode
from ..document.converted import Converted, LineSink, escape_markdown
from .sources import Source

_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(source: Source) -> str:
    """A page's text: the charset the server sent, else a byte-order mark, else the page's
    own <meta charset>, else UTF-8, else Windows-1252 (what browsers assume)."""
    data = source.data
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode(data, source.name)
    meta = _META_CHARSET.search(data[:4096])
    for name in (source.charset, meta.group(1).decode("ascii") if meta else None, "utf-8"):
        codec = _codec(name)
        if codec is None:
            continue
        try:
            return data.decode(codec).replace("\r\n", "\n").replace("\r", "\n")
        except UnicodeDecodeError:
            continue
    return data.decode("cp1252", errors="replace").replace("\r\n", "\n").replace("\r", "\n")


def decode_text(source: Source) -> str:
    codec = _codec(source.charset)
    if codec and codec not in ("utf-8", "ascii"):
        try:
            text = source.data.decode(codec)
        except UnicodeDecodeError as exc:
            raise ReadError(f"{source.name}: not valid {codec} ({exc.reason})") from None
        if "\x00" in text:
            raise ReadError(f"{source.name}: binary data; not a text document")
        return text.replace("\r\n", "\n").replace("\r", "\n")
    return decode(source.data, source.name)


def plain_text(text: str) -> Converted:
    """Plain text as Markdown: paragraphs as they are, indentation and markup characters
    neutralised so that no line turns into code, a heading or a list by accident."""
    sink = LineSink()
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            sink.add(escape_markdown(line), number)
        else:
            sink.blank()
    return sink.converted("text")


def convert(source: Source) -> Converted:
    if not source.data.strip():
        raise ReadError(f"{source.name}: empty file; nothing to audit")
    fmt = source.format
    if fmt == "pdf":
        from ..document.pdf_input import pdf_to_markdown

        return pdf_to_markdown(source.data, source.name)
    if fmt == "html":
        from ..document.html_input import html_to_markdown

        return html_to_markdown(decode_html(source), source.name)
    text = decode_text(source)
    if not text.strip():
        raise ReadError(f"{source.name}: empty file; nothing to audit")
    if fmt == "text":
        return plain_text(text)
    return Converted(text, "markdown")
