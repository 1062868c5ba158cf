"""The engine: selects rules, runs checks over documents, applies suppressions."""

from .paths import expand, is_lintable, sidecar_for
from .run import CompiledRule, compile_rules, lint_document, lint_file, lint_paths, lint_stdin
from .selection import SelectionError, select_rules

__all__ = [
    "CompiledRule",
    "SelectionError",
    "compile_rules",
    "expand",
    "is_lintable",
    "lint_document",
    "lint_file",
    "lint_paths",
    "lint_stdin",
    "select_rules",
    "sidecar_for",
]
