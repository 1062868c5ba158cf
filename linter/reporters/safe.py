"""Text from audited documents is untrusted: strip what a terminal or an XML reader would act on."""

from __future__ import annotations

import re

_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_XML_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def terminal_safe(text: str) -> str:
    """Remove escape sequences and control characters (tabs and newlines stay)."""
    return _CONTROL.sub("", _ANSI.sub("", text))


def one_line(text: str) -> str:
    return " ".join(terminal_safe(text).split())


def xml_safe(text: str) -> str:
    """Drop characters XML 1.0 forbids (JUnit, SARIF consumers that go through XML)."""
    return _XML_FORBIDDEN.sub("", text)
