"""A structured disclosure block kept beside a card as NAME.disclosure.yaml."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .frontmatter import YamlError, load_yaml
from .model import Position
from .reader import read_path


@dataclass(slots=True)
class Sidecar:
    path: str
    data: Any
    positions: dict[tuple, Position] = field(default_factory=dict)
    error: YamlError | None = None


def load_sidecar(path: Path) -> Sidecar:
    """Read and parse a sidecar; YAML errors are kept for the structure checks, read errors
    (missing, binary, undecodable) raise ReadError."""
    text = read_path(path, str(path))
    try:
        data, positions = load_yaml(text)
    except YamlError as exc:
        return Sidecar(str(path), None, {}, exc)
    return Sidecar(str(path), data, positions)
