"""YAML to plain data, fast: libyaml's parser (through PyYAML) for files read on every run, such
as rule files, where positions only matter when something is wrong.

ruamel.yaml's round-trip loader (frontmatter.load_yaml) stays the reference: it reports errors
with their line and keeps the position of every key, but it is pure Python and costs about 3 ms
per rule file. This loader reads scalars the way that loader does (YAML 1.2 core schema) and
*declines* whatever it cannot read identically: errors, duplicate keys, merge keys, timestamps,
explicit tags, numbers in the forms the two libraries read differently, and any text that could
nest deeper than libyaml's recursive composer can safely take. Declining returns None; the caller
then uses the reference loader, which gives the result or the positioned error.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

# libyaml's composer recurses in C: a deep enough flow collection overflows the C stack (it
# crashed between 10,000 and 100,000 levels when measured), so stay far below that.
MAX_FAST_NESTING = 1_000

_DECLINE_TAG = "tag:disclosure-lint,2024:decline"
_INT = r"[-+]?(?:0|[1-9][0-9]*)|0o[0-7]+|0x[0-9a-fA-F]+"
_FLOAT = (
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
# Plain scalars the reference loader reads in ways not reproduced here.
_DECLINE = (
    r"[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9_]+)?"  # digits with _ or a leading zero
    r"|[-+]?0[xXoObB][0-9a-zA-Z_]*"  # signed, binary or odd hex and octal forms
    r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?"  # timestamps
    r"|<<|="
)


class _Decline(Exception):
    """The text is left to the reference loader."""


@lru_cache(maxsize=1)
def _loader_class() -> type | None:
    try:
        from yaml.constructor import SafeConstructor
        from yaml.cyaml import CParser as parser
        from yaml.resolver import BaseResolver
    except ImportError:  # no PyYAML, or one built without libyaml: no faster than the reference
        return None

    class Resolver(BaseResolver):
        yaml_implicit_resolvers: dict = {}  # noqa: RUF012 (PyYAML's class-level table)

    Resolver.add_implicit_resolver(
        "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
    )
    Resolver.add_implicit_resolver(
        "tag:yaml.org,2002:bool",
        re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
        list("tTfF"),
    )
    # Order matters: PyYAML tries the resolvers registered for a first character in turn.
    digits = list("-+0123456789.<=")
    Resolver.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(rf"^(?:{_INT})$"), digits)
    Resolver.add_implicit_resolver(
        "tag:yaml.org,2002:float", re.compile(rf"^(?:{_FLOAT})$"), digits
    )
    Resolver.add_implicit_resolver(_DECLINE_TAG, re.compile(rf"^(?:{_DECLINE})$"), digits)

    class Constructor(SafeConstructor):
        def construct_yaml_int(self, node: Any) -> int:
            value = self.construct_scalar(node)
            if value.startswith("0o"):
                return int(value[2:], 8)
            if value.startswith("0x"):
                return int(value[2:], 16)
            return int(value, 10)

        def construct_yaml_float(self, node: Any) -> float:
            value = self.construct_scalar(node).lower()
            if value.endswith(".inf"):
                return float("-inf") if value.startswith("-") else float("inf")
            if value == ".nan":
                return float("nan")
            return float(value)

        def construct_mapping(self, node: Any, deep: bool = False) -> dict:
            seen = set()
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise _Decline
                key = self.construct_object(key_node, deep=True)
                try:
                    if key in seen:
                        raise _Decline  # the reference loader names the duplicate key
                    seen.add(key)
                except TypeError:
                    raise _Decline from None  # an unhashable key
            return super().construct_mapping(node, deep=deep)

        def decline(self, node: Any) -> Any:
            raise _Decline

    Constructor.add_constructor("tag:yaml.org,2002:int", Constructor.construct_yaml_int)
    Constructor.add_constructor("tag:yaml.org,2002:float", Constructor.construct_yaml_float)
    for tag in (
        _DECLINE_TAG,
        "tag:yaml.org,2002:timestamp",
        "tag:yaml.org,2002:binary",
        "tag:yaml.org,2002:set",
        "tag:yaml.org,2002:omap",
        "tag:yaml.org,2002:pairs",
        None,  # any other tag
    ):
        Constructor.add_constructor(tag, Constructor.decline)

    class Loader(parser, Constructor, Resolver):
        def __init__(self, stream: str) -> None:
            parser.__init__(self, stream)
            Constructor.__init__(self)
            Resolver.__init__(self)

    return Loader


def _may_nest_deeply(text: str) -> bool:
    """An upper bound on nesting: each level needs a bracket, or one more column on a line."""
    if text.count("[") + text.count("{") > MAX_FAST_NESTING:
        return True
    return any(len(line) > MAX_FAST_NESTING for line in text.split("\n"))


def load_fast(text: str) -> tuple[bool, Any]:
    """(True, data) when the fast path read ``text`` exactly as the reference would; (False,
    None) when the reference loader must read it. Data is as libyaml built it (shared
    references for aliases): walk it with a node budget before use."""
    loader_class = _loader_class()
    if loader_class is None or _may_nest_deeply(text):
        return False, None
    loader = loader_class(text)
    try:
        return True, loader.get_single_data()
    except (_Decline, RecursionError):
        return False, None
    except Exception:  # any YAML error: the reference loader reports it with its position
        return False, None
    finally:
        loader.dispose()
