"""The engine: selects rules, runs checks over documents, applies suppressions."""

from .config import ConfigError, Settings
from .paths import expand, is_lintable, sidecar_for
from .run import (
    CompiledRule,
    compile_rules,
    compile_topics,
    lint_document,
    lint_file,
    lint_paths,
    lint_stdin,
)
from .selection import SelectionError, select_rules
from .workspace import FilePlan, Overrides, Workspace

__all__ = [
    "CompiledRule",
    "ConfigError",
    "FilePlan",
    "Overrides",
    "SelectionError",
    "Settings",
    "Workspace",
    "compile_rules",
    "compile_topics",
    "expand",
    "is_lintable",
    "lint_document",
    "lint_file",
    "lint_paths",
    "lint_stdin",
    "select_rules",
    "sidecar_for",
]
