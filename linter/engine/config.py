"""Configuration files: ``.disclosure-lint.yaml`` or ``[tool.disclosure-lint]`` in
``pyproject.toml``.

The file nearest to a linted path wins (a ``.disclosure-lint.yaml`` before a ``pyproject.toml``
in the same folder); ``extend:`` names a file whose settings this one builds on. Globs and
folders in a file are relative to that file's folder. Every problem (an unknown key, a value of
the wrong type, a bad glob, a missing folder, a rule code that does not exist) is a ConfigError
whose message starts with ``file:line``. Rule codes are checked once the rules are loaded (see
workspace.py), since a config may add rule folders of its own.

This module finds the file that applies and holds the resolved Settings; config_file.py reads
a file (imported only when there is one). The file format is the pydantic model in
config_model.py; ``schemas/config.schema.json`` is generated from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .globs import Glob

YAML_NAME = ".disclosure-lint.yaml"
PYPROJECT = "pyproject.toml"
TOOL_KEY = "disclosure-lint"
MAX_EXTEND_DEPTH = 16


class ConfigError(Exception):
    """A configuration that cannot be used; the message starts with ``file:line:``."""


@dataclass(frozen=True, slots=True)
class Entry:
    """A rule selector from a config file, with where it was written (``file:line``)."""

    value: str
    origin: str


@dataclass(frozen=True, slots=True)
class Settings:
    """The resolved configuration for the files under one config file."""

    root: Path  # folder of the nearest config file; the working directory without one
    files: tuple[Path, ...] = ()  # config files read, nearest first
    select: tuple[Entry, ...] | None = None
    ignore: tuple[Entry, ...] = ()
    extend_select: tuple[Entry, ...] = ()
    severity: tuple[tuple[Entry, str], ...] = ()
    per_file_ignores: tuple[tuple[Glob, tuple[Entry, ...]], ...] = ()
    include: tuple[Glob, ...] | None = None
    exclude: tuple[Glob, ...] = ()
    respect_gitignore: bool = True
    rules_dirs: tuple[Path, ...] = ()
    fail_on: str | None = None
    docs_url: str | None = None

    def ignored_for(self, path: Path) -> tuple[Entry, ...]:
        """Rules that per-file-ignores switch off for ``path`` (absolute)."""
        out: list[Entry] = []
        for glob, entries in self.per_file_ignores:
            if glob.covers(path):
                out.extend(entries)
        return tuple(out)

    def excluded(self, path: Path, is_dir: bool) -> bool:
        return any(g.matches(path, is_dir) for g in self.exclude)

    def included(self, path: Path, default: bool) -> bool:
        if self.include is None:
            return default
        return any(g.matches(path, False) for g in self.include)

    def to_json(self) -> dict[str, Any]:
        """The settings as `check --show-settings` prints them."""
        return {
            "config-files": [str(p) for p in self.files],
            "root": str(self.root),
            "select": None if self.select is None else [e.value for e in self.select],
            "ignore": [e.value for e in self.ignore],
            "extend-select": [e.value for e in self.extend_select],
            "severity": {e.value: s for e, s in self.severity},
            "per-file-ignores": {
                _glob_text(g): [e.value for e in entries] for g, entries in self.per_file_ignores
            },
            "include": None if self.include is None else [_glob_text(g) for g in self.include],
            "exclude": [_glob_text(g) for g in self.exclude],
            "respect-gitignore": self.respect_gitignore,
            "rules-dirs": [str(p) for p in self.rules_dirs],
            "fail-on": self.fail_on,
            "docs-url": self.docs_url,
        }


def _glob_text(glob: Glob) -> str:
    return f"{glob.base.as_posix().rstrip('/')}/{glob.pattern.lstrip('/')}"


# -- finding the config file ---------------------------------------------------------------


def config_in(folder: Path) -> Path | None:
    """The config file in ``folder`` itself, if any."""
    yaml_file = folder / YAML_NAME
    if yaml_file.is_file():
        return yaml_file
    pyproject = folder / PYPROJECT
    if pyproject.is_file() and _has_tool_table(pyproject):
        return pyproject
    return None


# Every way TOML can spell a key under `tool` ([tool.disclosure-lint], [tool."disclosure-lint"],
# dotted keys, a [tool] table, an inline `tool = {...}`) writes `tool` then `.`, `]` or `=`;
# a file without that (or without our name) has no table of ours and is not parsed.
_MAYBE_TOOL_KEY = re.compile(
    r"""(?:^|[\s\[{,.])["']?tool["']?\s*(?:\.\s*["']?disclosure-lint|\]|=)"""
)


def _has_tool_table(pyproject: Path) -> bool:
    text = read(pyproject)
    if TOOL_KEY not in text or not _MAYBE_TOOL_KEY.search(text):
        return False  # cheap: most pyproject files never mention us
    from .config_file import toml_table

    return toml_table(pyproject, text) is not None


def read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}:1: cannot read config file ({exc})") from None


@dataclass(slots=True)
class SettingsFinder:
    """Finds the Settings for each linted path: an explicit ``--config`` file for all of them,
    or the nearest config file, read once per file and looked up once per folder."""

    explicit: Path | None = None
    cwd: Path = field(default_factory=Path.cwd)
    _by_file: dict[Path | None, Settings] = field(default_factory=dict)
    _by_folder: dict[Path, Settings] = field(default_factory=dict)
    _nearest: dict[Path, Path | None] = field(default_factory=dict)

    def for_path(self, path: str | Path) -> Settings:
        absolute = (self.cwd / path).absolute()
        folder = absolute if absolute.is_dir() else absolute.parent
        return self.for_folder(folder)

    def for_folder(self, folder: Path) -> Settings:
        found = self._by_folder.get(folder)
        if found is None:
            config = self.explicit or self.nearest_config(folder)
            found = self._by_file.get(config)
            if found is None:
                found = _load_settings(config) if config else Settings(root=self.cwd)
                self._by_file[config] = found
            self._by_folder[folder] = found
        return found

    def nearest_config(self, folder: Path) -> Path | None:
        """The config file nearest to ``folder`` (absolute): in it or in a folder above.
        Every folder on the way up is remembered (a walk meets the same parents again and
        again)."""
        chain: list[Path] = []
        found: Path | None = None
        for candidate in (folder, *folder.parents):
            if candidate in self._nearest:
                found = self._nearest[candidate]
                break
            chain.append(candidate)
            found = config_in(candidate)
            if found is not None:
                break
        for candidate in chain:
            self._nearest[candidate] = found
        return found


def _load_settings(path: Path) -> Settings:
    from .config_file import load_settings

    return load_settings(path)
