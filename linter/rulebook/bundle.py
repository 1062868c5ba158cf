"""Our rule files' data as one JSON file, read instead of parsing some forty YAML files at every
start: reading the YAML (and importing a YAML library) is most of loading the rules, and a
pre-commit run on one card pays it in full. The bundle names a digest of every YAML file it
was made from; when any file differs, the bundle is ignored and the YAML is read as before, so
an edited rule is never shadowed by a stale bundle. tests/test_rule_bundle.py keeps it current.

    python -m linter.rulebook.bundle     # after editing anything under rules/
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from .resources import data_dir

BUNDLE_NAME = "bundle.json"


def yaml_texts(folder: Path) -> dict[str, str]:
    """Every ``*.yaml`` under ``folder`` by its relative POSIX path, in sorted order."""
    return {
        path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(folder.rglob("*.yaml"))
    }


def digest(texts: dict[str, str]) -> str:
    h = hashlib.sha256()
    for name, text in texts.items():
        for part in (name, text):
            data = part.encode("utf-8")
            h.update(len(data).to_bytes(8, "big"))
            h.update(data)
    return h.hexdigest()


def lookup(folder: Path, texts: dict[str, str]) -> dict[str, Any] | None:
    """The bundled data of each file of ``texts``, or None when there is no bundle or it was
    made from other texts (or cannot be read)."""
    try:
        bundle = json.loads((folder / BUNDLE_NAME).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(bundle, dict) or bundle.get("digest") != digest(texts):
        return None
    files = bundle.get("files")
    if not isinstance(files, dict) or set(files) != set(texts):
        return None
    return files


def build(folder: Path) -> dict[str, Any]:
    """The bundle of ``folder``'s YAML files. Raises ValueError when a file's data would not
    come back from JSON as it is (a date, a non-string key): such a file cannot be bundled."""
    from ..document import load_plain

    texts = yaml_texts(folder)
    files: dict[str, Any] = {}
    for name, text in texts.items():
        data = load_plain(text)
        if json.loads(json.dumps(data)) != data:
            raise ValueError(f"{name}: its data does not survive JSON unchanged")
        files[name] = data
    return {
        "generated_by": "python -m linter.rulebook.bundle (do not edit: made from the YAML files)",
        "digest": digest(texts),
        "files": files,
    }


def write(folder: Path) -> Path:
    from ..atomic import write_atomic

    target = folder / BUNDLE_NAME
    text = json.dumps(build(folder), ensure_ascii=False, indent=1) + "\n"
    write_atomic(target, text)
    return target


if __name__ == "__main__":
    print(f"wrote {write(data_dir('rules'))}")
