"""Reading rule files: YAML to validated Rule objects, with errors that name file and line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..document import YamlError, load_plain, load_yaml
from .model import Rule
from .patterns import patterns_in, verified
from .resources import data_dir


class RuleError(Exception):
    """A rule file that cannot be used; the message names the file and line."""


@dataclass(slots=True)
class Ruleset:
    version: str
    rules: list[Rule]
    topics: dict[str, dict[str, Any]] = field(default_factory=dict)

    def by_code(self) -> dict[str, Rule]:
        return {r.code: r for r in self.rules}

    def find(self, code_or_name: str) -> Rule | None:
        key = code_or_name.strip()
        for rule in self.rules:
            if rule.code == key.upper() or rule.name == key.lower():
                return rule
        return None


_CHECK_KEY = re.compile(r"^check[ \t]*:", re.MULTILINE)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{path}: cannot read rule file ({exc})") from None


def _load_file(path: Path, text: str | None = None) -> tuple[Any, dict]:
    """Data and key positions (the careful loader, for messages that need a line)."""
    try:
        return load_yaml(_read(path) if text is None else text)
    except YamlError as exc:
        raise RuleError(f"{path}:{exc.line}:{exc.column}: {exc.message}") from None


def _load_data(path: Path, text: str | None = None) -> Any:
    """Data only: the fast path of every run; errors still come with their line."""
    try:
        return load_plain(_read(path) if text is None else text)
    except YamlError as exc:
        raise RuleError(f"{path}:{exc.line}:{exc.column}: {exc.message}") from None


def load_rule(path: Path, text: str | None = None, data: Any = None) -> Rule:
    """A rule from its file; ``text`` and ``data`` when already read (the bundle's data)."""
    # Positions are only needed to point at a mistake, so a valid rule file is read once,
    # quickly, and an invalid one a second time with positions.
    if text is None:
        text = _read(path)
    if data is None:
        data = _load_data(path, text)
    if not isinstance(data, dict):
        raise RuleError(f"{path}:1: a rule file holds one mapping (code, name, ...)")
    try:
        rule = Rule.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(str(p) for p in err["loc"])
        line = _line_for(_load_file(path, text)[1], loc)
        where = ".".join(loc) or "rule"
        raise RuleError(f"{path}:{line}: {where}: {err['msg']}") from None
    rule.source = str(path)
    rule.source_line = 1
    rule.check_line = _check_line(path, text)
    return rule


def _check_line(path: Path, text: str) -> int:
    """The line of the top-level ``check:`` key, for errors found when the check compiles."""
    found = _CHECK_KEY.search(text)
    if found is not None:
        return text.count("\n", 0, found.start()) + 1
    return _line_for(_load_file(path, text)[1], ("check",))


def _line_for(positions: dict, loc: tuple) -> int:
    while loc:
        for key, pos in positions.items():
            if tuple(str(k) for k in key) == loc:
                return pos.line
        loc = loc[:-1]
    return 1


def load_topics(folder: Path, known: dict[str, Any] | None = None) -> dict[str, dict[str, Any]]:
    topics: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.glob("*.yaml")):
        data = known[path.name] if known is not None else _load_data(path)
        if not isinstance(data, dict) or "topic" not in data:
            raise RuleError(f"{path}:1: a topic lexicon needs a 'topic' key")
        topics[str(data["topic"])] = data
    return topics


def load_ruleset(extra_dirs: list[Path] | None = None) -> Ruleset:
    """Our rules, then the rules of each extra folder (a lab's house rules)."""
    base = data_dir("rules")
    ours = _our_files(base)
    meta = ours.files["ruleset.yaml"] if ours else _load_data(base / "ruleset.yaml")
    version = str((meta or {}).get("version", "0"))
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    folders = [base, *(extra_dirs or [])]
    for folder in folders:
        if not folder.is_dir():
            raise RuleError(f"{folder}: rules folder not found")
        bundled = ours if folder is base else None
        # Our files were listed (and read) for the bundle's digest already.
        paths = (
            [base / name for name in bundled.texts] if bundled else sorted(folder.rglob("*.yaml"))
        )
        for path in paths:
            relative = path.relative_to(folder)
            if path.name == "ruleset.yaml" or "topics" in relative.parts[:-1]:
                continue
            if bundled:
                name = relative.as_posix()
                rule = load_rule(path, bundled.texts[name], bundled.files[name])
            else:
                rule = load_rule(path)
            for key in (rule.code, rule.name):
                if key in seen:
                    raise RuleError(f"{path}:1: {key} is already defined in {seen[key]}")
                seen[key] = str(path)
            rules.append(rule)
    rules.sort(key=lambda r: r.code)
    topics = load_topics(base / "topics", ours.under("topics") if ours else None)
    return Ruleset(version=version, rules=rules, topics=topics)


@dataclass(slots=True)
class _Bundled:
    """Our rule files' texts and, from the bundle made from exactly those texts, their data."""

    texts: dict[str, str]
    files: dict[str, Any]

    def under(self, folder: str) -> dict[str, Any]:
        """The data of the files directly in ``folder``, by file name."""
        prefix = folder + "/"
        return {
            name[len(prefix) :]: data
            for name, data in self.files.items()
            if name.startswith(prefix) and "/" not in name[len(prefix) :]
        }


def _our_files(base: Path) -> _Bundled | None:
    from . import bundle

    try:
        texts = bundle.yaml_texts(base)
    except (OSError, UnicodeDecodeError):
        return None  # read one by one below, with the error that names the file
    files = bundle.lookup(base, texts)
    if files is None:
        return None
    verified(patterns_in(files))
    return _Bundled(texts, files)
