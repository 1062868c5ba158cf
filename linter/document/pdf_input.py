"""A PDF to Markdown, page by page, each converted line knowing its page and its line there.

pypdfium2 (BSD-3/Apache-2.0; Python bindings to PDFium, the PDF engine of Chromium, shipped in
its wheel) extracts the text layer of each page, an order of magnitude faster than pure-Python
extractors on long system cards; it is imported here only, when an audit reads a PDF. Its text
comes as lines; paragraphs, headings and list items are rebuilt from the shape of those lines,
and running headers and footers (the same line at the top or bottom of most pages) are dropped.
A PDF without a text layer is refused: an image of a card is not a card that discloses nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .converted import Converted, LineSink, escape_markdown
from .reader import ReadError

_BULLET = re.compile(r"^\s*(?:[•◦▪‣●○■□–—*]|-(?=\s)|\(?[a-z0-9]{1,3}[.)](?=\s))\s*")
_NUMBERED_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,4})\.?\s+[A-Z][^.!?]{0,90}$")
_TERMINAL = re.compile(r"[.!?:;][\"'”’)\]]*$")
_ENDS_WITH_NUMBER = re.compile(r"[\d%]\)?$")
_DIGITS = re.compile(r"\d+")
MAX_PAGES = 5000


@dataclass(slots=True)
class _Line:
    text: str
    number: int  # 1-based line on its page


def _page_lines(raw: str) -> list[_Line]:
    return [_Line(t.rstrip(), i) for i, t in enumerate(raw.split("\n"), start=1)]


def _running_lines(pages: list[list[_Line]]) -> set[str]:
    """Lines repeated at the top or bottom of most pages (digits ignored, for page numbers)."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        texts = [ln.text.strip() for ln in lines if ln.text.strip()]
        edge = {_DIGITS.sub("#", t) for t in texts[:2] + texts[-2:]}
        counts.update(edge)
    floor = max(3, len(pages) // 2)
    return {t for t, c in counts.items() if c >= floor}


def _typical_width(pages: list[list[_Line]]) -> int:
    widths = sorted(len(ln.text) for lines in pages for ln in lines if len(ln.text) > 20)
    return widths[int(len(widths) * 0.8)] if widths else 80


def _is_heading(text: str, prev_ended: bool, prev_short: bool, next_text: str, width: int) -> int:
    """The heading level (2 to 6) when a line stands alone as a heading, else 0."""
    if len(text) > 90:
        return 0
    m = _NUMBERED_HEADING.match(text)
    if m and (prev_ended or prev_short) and not _ENDS_WITH_NUMBER.search(text):
        return min(6, m.group(1).count(".") + 2)
    words = text.split()
    if (
        prev_ended
        and len(text) <= min(60, int(width * 0.7))
        and 0 < len(words) <= 8
        and text[0].isupper()
        and not _TERMINAL.search(text)
        and not text.endswith((",", "-"))
        and not _ENDS_WITH_NUMBER.search(text)
        and (not next_text or next_text[0].isupper() or next_text[0].isdigit())
    ):
        return 2
    return 0


def _write_page(sink: LineSink, lines: list[_Line], page: int, width: int) -> None:
    ended = True  # the previous line closed a paragraph
    prev_short = True  # the previous line stopped short of the margin
    open_paragraph = False
    in_item = False
    n = len(lines)
    for i in range(n):
        line = lines[i]
        text = line.text.strip()
        if not text:
            if open_paragraph:
                sink.blank()
                open_paragraph = False
            ended = prev_short = True
            continue
        nxt = next((lines[j].text.strip() for j in range(i + 1, n) if lines[j].text.strip()), "")
        # A word split by a hyphen at the line end is joined on this line.
        if text.endswith("-") and len(text) > 1 and text[-2].isalpha() and i + 1 < n:
            follow = lines[i + 1].text.strip()
            if follow and follow[0].islower():
                head, _, rest = follow.partition(" ")
                text = text[:-1] + head
                lines[i + 1] = _Line(rest, lines[i + 1].number)
                nxt = rest
        level = _is_heading(text, ended, prev_short, nxt, width)
        bullet = None if level else _BULLET.match(text)
        if (level or bullet) and open_paragraph:
            sink.blank()
            open_paragraph = False
        if level:
            sink.add("#" * level + " " + escape_markdown(text), line.number, page)
            sink.blank()
            ended = prev_short = True
            in_item = False
            continue
        if bullet:
            body = text[bullet.end() :]
            sink.add("- " + escape_markdown(body) if body else "-", line.number, page)
            in_item = True
        else:
            sink.add(escape_markdown(text), line.number, page)
        open_paragraph = True
        prev_short = len(text) < width * 0.85
        ended = prev_short and (in_item or bool(_TERMINAL.search(text)))
        if ended or _BULLET.match(nxt):
            sink.blank()
            open_paragraph = False
            ended = True
            in_item = False
    sink.blank()


def _page_texts(data: bytes, name: str) -> tuple[list[str], list[str]]:
    """Each page's text, and notes about pages that could not be read."""
    try:
        import pypdfium2 as pdfium
    except ImportError:
        raise ReadError(
            f"{name}: reading PDF needs the audit extra: pip install 'disclosure-lint[audit]'"
        ) from None
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ReadError(f"{name}: the PDF is encrypted; audit a decrypted copy") from None
        raise ReadError(f"{name}: not a readable PDF ({exc})") from None
    texts: list[str] = []
    notes: list[str] = []
    try:
        count = len(document)
        if count == 0:
            raise ReadError(f"{name}: the PDF has no pages")
        if count > MAX_PAGES:
            raise ReadError(f"{name}: {count} pages, over the {MAX_PAGES}-page limit")
        for number in range(count):
            try:
                page = document[number]
                textpage = page.get_textpage()
                raw = textpage.get_text_range()
                textpage.close()
                page.close()
            except pdfium.PdfiumError as exc:  # one damaged page does not stop the others
                notes.append(f"page {number + 1}: text could not be extracted ({exc})")
                raw = ""
            # PDFium joins a word hyphenated at a line end, marking the place with U+FFFE;
            # the line break comes back so that lines stay the page's lines.
            texts.append(raw.replace("\ufffe", "-\n").replace("\r\n", "\n").replace("\x00", ""))
    finally:
        document.close()
    return texts, notes


def pdf_to_markdown(data: bytes, name: str) -> Converted:
    texts, notes = _page_texts(data, name)
    count = len(texts)
    pages = [_page_lines(raw) for raw in texts]
    if not any(ln.text.strip() for lines in pages for ln in lines):
        raise ReadError(
            f"{name}: the PDF has no text layer ({count} page{'s' if count != 1 else ''}, no "
            "extractable text); it is probably scanned: run OCR on it and audit the result"
        )
    running = _running_lines(pages)
    width = _typical_width(pages)
    sink = LineSink()
    for number, lines in enumerate(pages, start=1):
        kept = [ln for ln in lines if _DIGITS.sub("#", ln.text.strip()) not in running]
        _write_page(sink, kept, number, width)
    title = next((ln.text.strip() for ln in pages[0] if ln.text.strip()), "") if pages else ""
    return sink.converted("pdf", with_pages=True, page_count=count, title=title[:300], notes=notes)
