"""A saved web page to Markdown: the main content kept (headings, paragraphs, lists, tables,
quotes), navigation, headers, footers, sidebars, scripts and forms dropped.

lxml (libxml2's tolerant HTML parser) is used for speed and because every element keeps the
line it starts on, which gives each converted line its source line. It is imported here only,
when an audit reads HTML. The main content is the page's ``<main>`` (or ``role="main"``), else
its single ``<article>``, else the body with link-dense blocks (menus) dropped.
"""

from __future__ import annotations

import re
from typing import Any

from . import limits
from .converted import Converted, LineSink, escape_markdown
from .reader import ReadError

_DROP_TAGS = {
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "math",
    "iframe",
    "object",
    "embed",
    "canvas",
    "form",
    "button",
    "select",
    "input",
    "textarea",
    "head",
    "nav",
    "aside",
    "footer",
    "dialog",
    "img",
    "picture",
    "video",
    "audio",
    "map",
}
_DROP_ROLES = {
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "dialog",
    "alertdialog",
    "menu",
    "menubar",
}
_BOILERPLATE = re.compile(
    r"^(?:site-?|page-?|global-?)?(?:nav|navbar|navigation|menu|breadcrumbs?|cookies?|consent|"
    r"footer|header|sidebar|share|sharing|social|skip-?link|newsletter|subscribe|popup|modal)"
    r"(?:[-_][\w-]*)?$",
    re.IGNORECASE,
)
_INLINE = {
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "big",
    "cite",
    "code",
    "data",
    "del",
    "dfn",
    "em",
    "font",
    "i",
    "ins",
    "kbd",
    "label",
    "mark",
    "nobr",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "sup",
    "time",
    "tt",
    "u",
    "var",
    "wbr",
}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
BOILERPLATE_MAX_CHARS = 2000  # a container this large is content, whatever its class says
MAX_DEPTH = 2048  # libxml2's nesting limit (huge_tree); deeper elements are dropped by it


def _text_len(el: Any) -> int:
    return len("".join(el.itertext()).strip())


def _is_boilerplate(el: Any) -> bool:
    if el.tag in _DROP_TAGS:
        return True
    attrs = el.attrib
    if "hidden" in attrs or attrs.get("aria-hidden", "").lower() == "true":
        return True
    if attrs.get("role", "").lower() in _DROP_ROLES:
        return True
    names = f"{attrs.get('class', '')} {attrs.get('id', '')}".split()
    return any(_BOILERPLATE.match(n) for n in names) and _text_len(el) < BOILERPLATE_MAX_CHARS


def _link_dense(el: Any) -> bool:
    """A menu or a list of links: mostly link text, short, with several links."""
    if el.tag not in ("ul", "ol", "div", "section", "table", "p", "dl"):
        return False
    links = el.findall(".//a")
    if len(links) < 3:
        return False
    total = _text_len(el)
    if total == 0 or total > 1000:
        return False
    linked = sum(_text_len(a) for a in links)
    return linked / total >= 0.7


def _main_content(body: Any) -> tuple[Any, bool]:
    """The element holding the page's content, and whether it was found by its markup."""
    mains = body.xpath(".//main | .//*[@role='main']")
    if mains:
        return max(mains, key=_text_len), True
    articles = body.xpath(".//article")
    if len(articles) == 1:
        return articles[0], True
    return body, False


def _prune(root: Any, by_density: bool) -> None:
    doomed = []
    header_ok = root.tag in ("main", "article") or root.get("role") == "main"
    for el in root.iter():
        if not isinstance(el.tag, str) or el is root:
            continue
        if (
            el.tag == "header"
            and not header_ok
            and not any(a.tag in ("article", "main", "section") for a in el.iterancestors())
        ):
            doomed.append(el)
            continue
        if _is_boilerplate(el) or (by_density and _link_dense(el)):
            doomed.append(el)
    for el in doomed:
        parent = el.getparent()
        if parent is None:
            continue
        # Keep the text that follows the element.
        tail = el.tail
        prev = el.getprevious()
        if tail:
            if prev is not None:
                prev.tail = (prev.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail
        parent.remove(el)


class _Writer:
    """Walks the content tree (without recursion: pages nest deeply) and writes Markdown."""

    def __init__(self) -> None:
        self.sink = LineSink()
        self.words: list[str] = []
        self.line = 0
        self.prefix = ""  # the list marker waiting for the next paragraph
        self.quote = 0
        self.max_depth = 0

    # -- paragraphs -------------------------------------------------------------------------

    def text(self, value: str | None, line: int) -> None:
        if not value:
            return
        if not self.words and value.strip():
            self.line = line
        self.words.append(value)

    def flush(self) -> None:
        text = _SPACE.sub(" ", "".join(self.words)).strip()
        self.words = []
        if not text:
            return
        self.emit(self.prefix + escape_markdown(text), self.line)
        self.prefix = ""
        self.sink_blank()

    def emit(self, text: str, line: int) -> None:
        self.sink.add("> " * self.quote + text, line)

    def sink_blank(self) -> None:
        if self.quote:
            self.sink.add(">" * self.quote, self.sink.lines[-1] if self.sink.lines else 1)
        else:
            self.sink.blank()

    # -- blocks -----------------------------------------------------------------------------

    def heading(self, el: Any, level: int) -> None:
        self.flush()
        text = _SPACE.sub(" ", "".join(el.itertext())).strip()
        if text:
            self.emit("#" * level + " " + escape_markdown(text), el.sourceline or 1)
            self.sink_blank()

    def table(self, el: Any) -> None:
        self.flush()
        caption = el.find("caption")
        if caption is not None:
            text = _SPACE.sub(" ", "".join(caption.itertext())).strip()
            if text:
                self.emit(escape_markdown(text), caption.sourceline or el.sourceline or 1)
                self.sink_blank()
        rows: list[tuple[list[str], int]] = []
        for tr in el.iter("tr"):
            if _owning_table(tr) is not el:
                continue
            cells = [
                _SPACE.sub(" ", "".join(c.itertext())).strip()
                for c in tr
                if isinstance(c.tag, str) and c.tag in ("td", "th")
            ]
            if any(cells):
                rows.append((cells, tr.sourceline or el.sourceline or 1))
        if not rows:
            return
        width = max(len(cells) for cells, _ in rows)
        if width == 1 and len(rows) == 1:  # a layout table holding a paragraph
            self.emit(escape_markdown(rows[0][0][0]), rows[0][1])
            self.sink_blank()
            return
        for i, (cells, line) in enumerate(rows):
            padded = [escape_markdown(c) for c in cells] + [""] * (width - len(cells))
            self.emit("| " + " | ".join(padded) + " |", line)
            if i == 0:
                self.emit("|" + " --- |" * width, line)
        self.sink_blank()

    def comment(self, el: Any) -> None:
        text = _SPACE.sub(" ", el.text or "").strip()
        if "disclosure-lint" not in text:
            return
        self.flush()
        self.emit(f"<!-- {text.replace('--', '- -')} -->", el.sourceline or 1)
        self.sink_blank()

    def preformatted(self, el: Any) -> None:
        self.flush()
        line = el.sourceline or 1
        for k, raw in enumerate("".join(el.itertext()).split("\n")):
            if raw.strip():
                self.emit(escape_markdown(raw), line + k)
            else:
                self.sink_blank()
        self.sink_blank()

    def walk(self, root: Any) -> None:
        from lxml import etree

        # Each stack entry: (element, True when leaving it, depth).
        stack: list[tuple[Any, bool, int]] = [(root, False, len(list(root.iterancestors())))]
        while stack:
            el, leaving, depth = stack.pop()
            self.max_depth = max(self.max_depth, depth)
            tag = el.tag
            if leaving:
                if tag == "blockquote":
                    self.flush()
                    self.quote -= 1
                    self.sink.blank()
                elif tag not in _INLINE:
                    self.flush()
                if el is not root:
                    self.text(el.tail, el.sourceline or self.line)
                continue
            if isinstance(el, etree._Comment):
                self.comment(el)
                self.text(el.tail, el.sourceline or self.line)
                continue
            if not isinstance(tag, str):  # processing instructions, entities
                self.text(el.tail, self.line)
                continue
            line = el.sourceline or self.line or 1
            if tag in _HEADINGS:
                self.heading(el, _HEADINGS[tag])
                self.text(el.tail, line)
                continue
            if tag == "table":
                self.table(el)
                self.text(el.tail, line)
                continue
            if tag == "pre":
                self.preformatted(el)
                self.text(el.tail, line)
                continue
            if tag == "br":
                self.text(" ", line)
                self.text(el.tail, line)
                continue
            if tag not in _INLINE:
                self.flush()
                if tag == "li":
                    self.prefix = "- "
                elif tag == "blockquote":
                    self.quote += 1
            self.text(el.text, line)
            stack.append((el, True, depth))
            for child in reversed(el):
                stack.append((child, False, depth + 1))
        self.flush()


def _owning_table(tr: Any) -> Any:
    for ancestor in tr.iterancestors("table"):
        return ancestor
    return None


def _title(doc: Any) -> str:
    for path in ("//title", "//h1"):
        found = doc.xpath(path)
        if found:
            text = _SPACE.sub(" ", "".join(found[0].itertext())).strip()
            if text:
                return text[:300]
    return ""


def html_to_markdown(text: str, name: str) -> Converted:
    """Convert a page's HTML (decoded text) to Markdown with source lines."""
    try:
        import lxml.html
        from lxml import etree
    except ImportError:
        raise ReadError(
            f"{name}: reading HTML needs the audit extra: pip install 'disclosure-lint[audit]'"
        ) from None
    text = _XML_DECLARATION.sub(lambda m: "\n" * m.group().count("\n"), text, count=1)
    if not text.strip():
        raise ReadError(f"{name}: empty file; nothing to audit")
    try:
        limits.check_html(text)
    except limits.TooMuchStructure as exc:
        raise limits.TooMuchStructure(f"{name}: {exc}") from None
    parser = lxml.html.HTMLParser(
        remove_pis=True, no_network=True, default_doctype=False, huge_tree=True
    )
    try:
        doc = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ReadError(f"{name}: not readable as HTML ({exc})") from None
    title = _title(doc)
    body = doc.find("body")
    if body is None:
        body = doc
    root, by_markup = _main_content(body)
    writer = _Writer()
    # Suppression comments outside the content still belong to the page: list them first.
    inside = set(root.iter(etree.Comment))
    for comment in doc.iter(etree.Comment):
        if comment not in inside:
            writer.comment(comment)
    _prune(root, by_density=not by_markup)
    writer.walk(root)
    converted = writer.sink.converted("html", title=title)
    if writer.max_depth >= MAX_DEPTH - 1:
        converted.notes.append(
            f"the page nests elements over {MAX_DEPTH} deep; text below that depth was not read"
        )
    if not converted.text.strip():
        raise ReadError(f"{name}: the page has no readable text (after dropping navigation)")
    return converted
