"""Reading one config file (and the files it extends) into Settings: YAML or the
``[tool.disclosure-lint]`` table of a pyproject.toml, validated against config_model.py, with
every error located at ``file:line``."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..document import YamlError, load_yaml
from .config import MAX_EXTEND_DEPTH, PYPROJECT, TOOL_KEY, ConfigError, Entry, Settings, read
from .globs import Glob, GlobError

if TYPE_CHECKING:
    from .config_model import ConfigFile


def toml_table(path: Path, text: str) -> dict | None:
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
    text = read(path)
    if path.name == PYPROJECT or path.suffix == ".toml":
        table = toml_table(path, text)
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
