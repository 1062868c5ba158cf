"""Validation of the structured disclosure block against schemas/disclosure.schema.json.

Each problem carries the key path of the offending key inside its YAML file, so a finding can
point at that key's line and column. jsonschema is imported only when a block is validated:
most documents carry none, and startup time matters.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..rulebook import data_dir

SCHEMA_FILE = "disclosure.schema.json"
PLACEHOLDER = re.compile(r"\s*<[^>]*>\s*")
_VALUE_LIMIT = 60

_JSON_TYPES = {
    "boolean": "true or false",
    "integer": "a whole number",
    "number": "a number",
    "string": "text",
    "array": "a list",
    "object": "a mapping",
    "null": "null",
}


@dataclass(slots=True, frozen=True)
class Problem:
    path: tuple[str | int, ...]  # key path inside the YAML file, the block's own prefix included
    message: str


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    return json.loads((data_dir("schemas") / SCHEMA_FILE).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema())


def dotted(path: tuple[str | int, ...]) -> str:
    """``('disclosure', 'routes', 0, 'served_by')`` -> ``disclosure.routes[0].served_by``."""
    out = ""
    for key in path:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out or "the block"


def short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= _VALUE_LIMIT else text[: _VALUE_LIMIT - 1] + "…"


def _found(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return short(value)


def _is_placeholder(value: Any) -> bool:
    return isinstance(value, str) and PLACEHOLDER.fullmatch(value) is not None


def _when(error: Any) -> str:
    """The condition an if/then constraint applies under (" when `used` is true"), if any."""
    path = list(error.schema_path)
    if "then" not in path:
        return ""
    node: Any = schema()
    for step in path[: path.index("then")]:
        node = node[step]
    conditions = [
        f"`{key}` is {json.dumps(spec['const'])}"
        for key, spec in node.get("if", {}).get("properties", {}).items()
        if "const" in spec
    ]
    return f" when {' and '.join(conditions)}" if conditions else ""


def describe(error: Any) -> str:
    """A plain one-line message for a jsonschema error, without the full instance repr."""
    kind, expected, value = error.validator, error.validator_value, error.instance
    if _is_placeholder(value):
        return f"{short(value)} is a template placeholder: replace it with the real value"
    if kind == "required":
        missing = [k for k in expected if isinstance(value, dict) and k not in value]
        return f"missing required key {', '.join(repr(k) for k in missing)}{_when(error)}"
    if kind == "type":
        wanted = expected if isinstance(expected, list) else [expected]
        names = " or ".join(_JSON_TYPES.get(t, t) for t in wanted)
        return f"expected {names}, found {_found(value)}"
    if kind == "enum":
        return f"must be one of: {', '.join(map(str, expected))} (found {_found(value)})"
    if kind == "const":
        return f"must be {short(expected)} (found {_found(value)})"
    if kind in ("minimum", "maximum"):
        if error.schema.get("minimum") == 0 and error.schema.get("maximum") == 1:
            return f"must be a fraction between 0 and 1, e.g. 0.97 for 97% (found {_found(value)})"
        bound = "at least" if kind == "minimum" else "at most"
        return f"must be {bound} {expected} (found {_found(value)})"
    if kind in ("minItems", "minLength") and expected == 1:
        return "must not be empty"
    if kind == "maxItems" and expected == 0:
        return f"must be empty{_when(error)}"
    if kind == "anyOf":
        branches = error.validator_value
        if all(set(b) == {"required"} for b in branches):
            keys = [k for b in branches for k in b["required"]]
            return f"needs at least one of: {', '.join(keys)}"
        from jsonschema.exceptions import best_match

        best = best_match(error.context)
        return describe(best) if best is not None else error.message
    message = " ".join(str(error.message).split())
    return message if len(message) <= 160 else message[:159] + "…"


def _unknown_keys(error: Any) -> list[tuple[str, str]]:
    known = list(error.schema.get("properties", {}))
    out = []
    for key in error.instance:
        if key in known:
            continue
        close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.75)
        hint = f" (did you mean {close[0]!r}?)" if close else f" (known keys: {', '.join(known)})"
        out.append((str(key), f"unknown key {str(key)!r}{hint}"))
    return out


def validate(data: Any, prefix: tuple[str | int, ...] = ()) -> list[Problem]:
    """Problems of ``data`` against the disclosure schema, in document order of their paths."""
    problems: list[Problem] = []
    seen: set[tuple] = set()
    for error in _validator().iter_errors(data):
        path = (*prefix, *error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            found = [Problem((*path, key), msg) for key, msg in _unknown_keys(error)]
        else:
            found = [Problem(path, describe(error))]
        for problem in found:
            key = (problem.path, problem.message)
            if key not in seen:
                seen.add(key)
                problems.append(problem)
    return problems
