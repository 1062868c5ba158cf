"""xml_safe drops exactly what XML 1.0 forbids: every character outside its Char production."""

from __future__ import annotations

import re
import sys

from linter.reporters.safe import xml_safe

# XML 1.0, production [2]: Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] |
# [#x10000-#x10FFFF]
XML_CHAR = re.compile("[\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def test_xml_safe_keeps_every_xml_char_and_nothing_else():
    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    assert xml_safe(everything) == "".join(XML_CHAR.findall(everything))
