"""YAML front matter and sidecar files, loaded safely and with the line of every key.

ruamel.yaml's round-trip loader keeps positions (``.lc``) and leaves aliases as shared
references, so an alias bomb costs nothing until the data is walked. The walk below copies the
data into plain Python with a budget on nodes and depth, which is what stops a "billion laughs"
document.
"""

from __future__ import annotations

import re
from functools import partial
from typing import Any

from .model import FrontMatter, Position

MAX_NODES = 100_000
MAX_DEPTH = 64
MAX_YAML_CHARS = 2_000_000  # front matter and sidecars are short; parsing costs ~0.5 s per MB
FLOW_DEPTH_LIMIT = 4 * MAX_DEPTH  # brackets, counted before parsing (see _flow_depth_exceeds)
_BRACKET = re.compile(r"[\[\]{}]")

_OPEN = re.compile(r"---[ \t]*\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


class YamlError(Exception):
    def __init__(self, message: str, line: int, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def split_front_matter(text: str) -> tuple[str | None, int]:
    """Return (the YAML text between the fences, line of the closing fence) or (None, 0)."""
    if not _OPEN.match(text):
        return None, 0
    start = text.index("\n") + 1
    close = _CLOSE.search(text, start)
    if close is None:
        return None, 0
    yaml_text = text[start : close.start()]
    return yaml_text, text.count("\n", 0, close.start()) + 1


def load_yaml(text: str, first_line: int = 1) -> tuple[Any, dict[tuple, Position]]:
    """Load YAML into plain data plus the source position of every mapping key and list item.

    ``first_line`` is the file line of the YAML text's first line. Raises YamlError.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    if len(text) > MAX_YAML_CHARS:
        raise YamlError(
            f"YAML of {len(text) // 1_000_000} million characters, over the "
            f"{MAX_YAML_CHARS // 1_000_000} million limit; refused",
            first_line,
        )
    too_deep = f"YAML nested deeper than {MAX_DEPTH} levels; refused"
    if _flow_depth_exceeds(text, FLOW_DEPTH_LIMIT):
        raise YamlError(too_deep, first_line)
    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = False
    try:
        node = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        column = (mark.column + 1) if mark else 1
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        raise YamlError(f"invalid YAML: {problem}", line, column) from None
    except YAMLError as exc:
        raise YamlError(f"invalid YAML: {str(exc).splitlines()[0]}", first_line) from None
    except RecursionError:
        raise YamlError(too_deep, first_line) from None
    except TypeError as exc:  # a mapping or list used as a key ("? - a: b"): unhashable
        raise YamlError(f"invalid YAML: a key that cannot be used ({exc})", first_line) from None
    except (ValueError, OverflowError) as exc:  # a scalar that reads as a date no calendar has
        raise YamlError(f"invalid YAML: a value that cannot be read ({exc})", first_line) from None
    positions: dict[tuple, Position] = {}
    budget = [MAX_NODES]
    data = _plain(node, (), positions, budget, 0, first_line)
    return data, positions


def _flow_depth_exceeds(text: str, limit: int) -> bool:
    """Whether brackets nest deeper than ``limit``. ruamel.yaml's scanner is quadratic in the
    depth of flow collections (ten thousand levels take seconds), so such text is refused before
    it is parsed. Brackets inside strings count too, which only matters for text with hundreds
    of unclosed brackets in a row."""
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    for match in _BRACKET.finditer(text):
        if match.group() in "[{":
            depth += 1
            if depth > limit:
                return True
        elif depth:
            depth -= 1
    return False


def load_plain(text: str) -> Any:
    """Plain data only, without positions: libyaml when it reads ``text`` exactly as
    ``load_yaml`` would (see plainyaml.py), else ``load_yaml`` itself. Raises YamlError."""
    done, data = _load_fast(text, 1)
    return data if done else load_yaml(text)[0]


def _load_fast(text: str, first_line: int) -> tuple[bool, Any]:
    """(True, plain data) when libyaml reads ``text`` exactly as ``load_yaml`` would (see
    plainyaml.py), else (False, None): ``load_yaml`` then gives the data or the error."""
    from .plainyaml import load_fast

    done, node = load_fast(text)
    if done:
        try:
            return True, _plain(node, (), {}, [MAX_NODES], 0, first_line)
        except RecursionError:
            pass
    return False, None


def _plain(node: Any, path: tuple, positions: dict, budget: list[int], depth: int, base: int):
    budget[0] -= 1
    if budget[0] < 0:
        raise YamlError(
            f"YAML expands to more than {MAX_NODES} nodes (an alias bomb?); refused", base
        )
    if depth > MAX_DEPTH:
        raise YamlError(f"YAML nested deeper than {MAX_DEPTH} levels; refused", base)
    if isinstance(node, dict):
        out = {}
        lc = getattr(node, "lc", None)
        for key, value in node.items():
            key_path = (*path, str(key))
            if lc is not None:
                try:
                    kl, kc = lc.key(key)
                    positions[key_path] = Position(base + kl, kc + 1)
                except (KeyError, TypeError):
                    pass
            out[str(key)] = _plain(value, key_path, positions, budget, depth + 1, base)
        return out
    if isinstance(node, list):
        out_list = []
        lc = getattr(node, "lc", None)
        for i, value in enumerate(node):
            item_path = (*path, i)
            if lc is not None:
                try:
                    il, ic = lc.item(i)
                    positions[item_path] = Position(base + il, ic + 1)
                except (KeyError, TypeError, IndexError):
                    pass
            out_list.append(_plain(value, item_path, positions, budget, depth + 1, base))
        return out_list
    if isinstance(node, str):
        return str(node)
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return str(node)


def parse_front_matter(text: str) -> tuple[FrontMatter | None, int, YamlError | None]:
    """Front matter of a Markdown text: (front matter, number of lines it takes, error)."""
    yaml_text, close_line = split_front_matter(text)
    if yaml_text is None:
        return None, 0, None
    try:
        data, positions = _load_front_matter(yaml_text)
    except YamlError as exc:
        return FrontMatter({}, 1, close_line, {}), close_line, exc
    locate = partial(_positions, yaml_text) if positions is None else None
    return (
        FrontMatter({} if data is None else data, 1, close_line, positions, locate),
        close_line,
        None,
    )


def _load_front_matter(yaml_text: str) -> tuple[Any, dict[tuple, Position] | None]:
    """Data and key positions of front matter (line 2 on); positions None when the data came
    from the fast loader (see plainyaml.py), to be found only if asked for."""
    if len(yaml_text) <= MAX_YAML_CHARS and not _flow_depth_exceeds(yaml_text, FLOW_DEPTH_LIMIT):
        done, data = _load_fast(yaml_text, 2)
        if done:
            return data, None
    return load_yaml(yaml_text, first_line=2)


def _positions(yaml_text: str) -> dict[tuple, Position]:
    """Positions of the keys of front matter whose data the fast loader read."""
    try:
        return load_yaml(yaml_text, first_line=2)[1]
    except YamlError:  # not expected: the fast loader reads only what load_yaml reads alike
        return {}
