"""Facts stated by the structured disclosure block (front matter `disclosure:` or a sidecar
NAME.disclosure.yaml). Filled in with the block's schema; until then the block states nothing."""

from __future__ import annotations

from typing import Any

from ..document import Document
from .model import TopicReport


def block_reports(document: Document, sidecar: Any = None) -> dict[str, TopicReport]:
    return {}
