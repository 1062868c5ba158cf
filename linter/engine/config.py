"""Configuration files: ``.disclosure-lint.yaml`` or ``[tool.disclosure-lint]`` in
``pyproject.toml``.

The file nearest to a linted path wins (a ``.disclosure-lint.yaml`` before a ``pyproject.toml``
in the same folder); ``extend:`` names a file whose settings this one builds on. Globs and
folders in a file are relative to that file's folder. Every problem (an unknown key, a value of
the wrong type, a bad glob, a missing folder, a rule code that does not exist) is a ConfigError
whose message starts with ``file:line``. Rule codes are checked once the rules are loaded (see
workspace.py), since a config may add rule folders of its own.

The file format is the pydantic model in config_model.py, imported only when a config file
is read; ``schemas/config.schema.json`` is generated from it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..document import YamlError, load_yaml
from .globs import Glob, GlobError

if TYPE_CHECKING:
    from .config_model import ConfigFile

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


def find_config(folder: Path) -> Path | None:
    """The config file nearest to ``folder`` (absolute): in it or in a folder above."""
    for candidate in (folder, *folder.parents):
        found = config_in(candidate)
        if found is not None:
            return found
    return None


def _has_tool_table(pyproject: Path) -> bool:
    text = _read(pyproject)
    if TOOL_KEY not in text:  # cheap: most pyproject files never mention us
        return False
    return _toml_table(pyproject, text) is not None


# -- reading one file ----------------------------------------------------------------------


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}:1: cannot read config file ({exc})") from None


def _toml_table(path: Path, text: str) -> dict | None:
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        line = found.group(1) if found else text.count("\n") + 1  # "at end of document"
        reason = str(exc).split(" (at ")[0]
        raise ConfigError(f"{path}:{line}: invalid TOML: {reason}") from None
    table = data.get("tool", {}).get(TOOL_KEY)
    if table is not None and not isinstance(table, dict):
        raise ConfigError(f"{path}:1: [tool.{TOOL_KEY}] must be a table")
    return table


@dataclass(slots=True)
class _Raw:
    """One config file: its data, and how to find the line of a key path in it."""

    path: Path
    data: dict
    line_of: Any  # Callable[[tuple], int]

    def where(self, *loc: str | int) -> str:
        return f"{self.path}:{self.line_of(tuple(loc))}"


def _load_raw(path: Path) -> _Raw:
    text = _read(path)
    if path.name == PYPROJECT or path.suffix == ".toml":
        table = _toml_table(path, text)
        if table is None:
            raise ConfigError(f"{path}:1: no [tool.{TOOL_KEY}] table")
        lines = text.split("\n")
        return _Raw(path, table, lambda loc: _toml_line(lines, loc))
    try:
        data, positions = load_yaml(text)
    except YamlError as exc:
        raise ConfigError(f"{path}:{exc.line}: {exc.message}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}:1: a config file holds one mapping of settings")
    return _Raw(path, data, lambda loc: _yaml_line(positions, loc))


def _yaml_line(positions: dict, loc: tuple) -> int:
    while loc:
        pos = positions.get(tuple(str(k) if not isinstance(k, int) else k for k in loc))
        if pos is not None:
            return pos.line
        loc = loc[:-1]
    return 1


_HEADER = re.compile(r"^\s*\[\s*tool\s*\.\s*[\"']?disclosure-lint[\"']?\s*[\].]")
_STRING = re.compile(r"\"((?:[^\"\\]|\\.)*)\"|'([^']*)'")


def _toml_line(lines: list[str], loc: tuple) -> int:
    """The line of a key path in our table. tomllib keeps no positions, so this scans the
    text: the table header, then each key in turn, then the n-th string of a list."""
    start = next((i for i, line in enumerate(lines) if _HEADER.match(line)), None)
    if start is None:
        start = next((i for i, line in enumerate(lines) if TOOL_KEY in line), 0)
    current = start
    for part in loc:
        if isinstance(part, int):
            seen = -1
            for i in range(current, len(lines)):
                text = lines[i].split("=", 1)[1] if i == current and "=" in lines[i] else lines[i]
                for _ in _STRING.finditer(text):
                    seen += 1
                    if seen == part:
                        return i + 1
            return current + 1
        key = re.compile(rf"(?:^|[\s{{,.\[])[\"']?{re.escape(str(part))}[\"']?\s*(?:=|\])")
        found = next((i for i in range(current, len(lines)) if key.search(lines[i])), None)
        if found is None:
            return current + 1
        current = found
    return current + 1


# -- validating and merging ----------------------------------------------------------------


def _validate(raw: _Raw) -> ConfigFile:
    from pydantic import ValidationError

    from .config_model import ConfigFile

    try:
        return ConfigFile.model_validate(raw.data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(p for p in err["loc"] if p != "[key]")
        dotted = ".".join(str(p) for p in loc) or "config"
        if err["type"] == "extra_forbidden":
            known = ", ".join(f.alias or name for name, f in ConfigFile.model_fields.items())
            message = f"unknown key {loc[-1]!r} (known: {known})"
        else:
            message = f"{dotted}: {err['msg']}"
        raise ConfigError(f"{raw.where(*loc)}: {message}") from None


def _entries(raw: _Raw, key: str, values: list[str]) -> tuple[Entry, ...]:
    return tuple(Entry(v, raw.where(key, i)) for i, v in enumerate(values))


def _glob(raw: _Raw, pattern: str, *loc: str | int) -> Glob:
    try:
        return Glob.compile(pattern, raw.path.parent.absolute())
    except GlobError as exc:
        raise ConfigError(f"{raw.where(*loc)}: {exc}") from None


def _fields(raw: _Raw, config: ConfigFile) -> dict[str, Any]:
    """The Settings fields this one file sets, with paths and globs resolved."""
    folder = raw.path.parent.absolute()
    out: dict[str, Any] = {}
    for name in config.model_fields_set - {"extend"}:
        value = getattr(config, name)
        key = type(config).model_fields[name].alias or name
        if name in ("select", "ignore", "extend_select"):
            out[name] = None if value is None else _entries(raw, key, value)
        elif name == "severity":
            out[name] = tuple((Entry(k, raw.where(key, k)), v) for k, v in value.items())
        elif name == "per_file_ignores":
            out[name] = tuple(
                (_glob(raw, pattern, key, pattern), _entries_under(raw, key, pattern, codes))
                for pattern, codes in value.items()
            )
        elif name in ("include", "exclude"):
            out[name] = (
                None if value is None else tuple(_glob(raw, p, key, i) for i, p in enumerate(value))
            )
        elif name == "rules_dirs":
            dirs = []
            for i, folder_name in enumerate(value):
                resolved = (folder / folder_name).resolve()
                if not resolved.is_dir():
                    raise ConfigError(f"{raw.where(key, i)}: rules folder not found: {resolved}")
                dirs.append(resolved)
            out[name] = tuple(dirs)
        else:
            out[name] = value
    return out


def _entries_under(raw: _Raw, key: str, pattern: str, codes: list[str]) -> tuple[Entry, ...]:
    return tuple(Entry(c, raw.where(key, pattern, i)) for i, c in enumerate(codes))


_MERGED = {"severity", "per_file_ignores"}


def _merge(base: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for name, value in child.items():
        if name in _MERGED and name in out:
            keep = {_key(item): item for item in out[name]}
            keep.update({_key(item): item for item in value})
            out[name] = tuple(keep.values())
        else:
            out[name] = value
    return out


def _key(item: tuple) -> str:
    first = item[0]
    return first.value if isinstance(first, Entry) else (first.base / first.pattern).as_posix()


def load_settings(path: Path) -> Settings:
    """Read ``path`` and the files it extends into Settings."""
    path = Path(os.path.abspath(path))
    chain: list[Path] = []
    fields = _load_chain(path, chain)
    return Settings(root=path.parent, files=tuple(chain), **fields)


def _load_chain(path: Path, chain: list[Path], origin: str | None = None) -> dict[str, Any]:
    if path in chain:
        raise ConfigError(f"{origin}: extend: circular ({' -> '.join(map(str, [*chain, path]))})")
    if len(chain) >= MAX_EXTEND_DEPTH:
        raise ConfigError(f"{origin}: extend: more than {MAX_EXTEND_DEPTH} levels")
    if not path.is_file():
        raise ConfigError(f"{origin or path}: config file not found: {path}")
    chain.append(path)
    raw = _load_raw(path)
    config = _validate(raw)
    own = _fields(raw, config)
    if config.extend is None:
        return own
    target = Path(os.path.abspath(path.parent / config.extend))
    base = _load_chain(target, chain, raw.where("extend"))
    return _merge(base, own)


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
                found = load_settings(config) if config else Settings(root=self.cwd)
                self._by_file[config] = found
            self._by_folder[folder] = found
        return found

    def nearest_config(self, folder: Path) -> Path | None:
        """find_config, remembering every folder on the way up (a walk meets the same
        parents again and again)."""
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
