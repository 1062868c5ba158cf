"""Text from audited documents is untrusted: strip what a terminal or an XML reader would act on."""

from __future__ import annotations

import re

_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# What XML 1.0 forbids, spelled out (the complement of its Char production): compiling the
# negated class of allowed ranges takes milliseconds on every start.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def terminal_safe(text: str) -> str:
    """Remove escape sequences and control characters (tabs and newlines stay)."""
    return _CONTROL.sub("", _ANSI.sub("", text))


def one_line(text: str) -> str:
    return " ".join(terminal_safe(text).split())


def xml_safe(text: str) -> str:
    """Drop characters XML 1.0 forbids (JUnit, SARIF consumers that go through XML)."""
    return _XML_FORBIDDEN.sub("", text)
