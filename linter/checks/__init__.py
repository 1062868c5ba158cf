"""Check kinds. Each module here is one kind, named by rules' ``check.kind``; it exposes a
pydantic ``Params`` model for its parameters and ``run(rule, params, ctx)`` yielding Findings.
Kinds are found by module name, so adding one is adding a module, and adding a rule of an
existing kind is adding a YAML file."""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache
from types import ModuleType

from .context import CheckContext, finding_at, whole_document_finding


@lru_cache(maxsize=1)
def kinds() -> frozenset[str]:
    return frozenset(
        m.name
        for m in pkgutil.iter_modules(__path__)
        if not m.name.startswith("_") and m.name not in {"context"}
    )


def kind_module(kind: str) -> ModuleType:
    if kind not in kinds():
        raise KeyError(kind)
    return importlib.import_module(f"{__name__}.{kind}")


__all__ = ["CheckContext", "finding_at", "kind_module", "kinds", "whole_document_finding"]
