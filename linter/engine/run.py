"""Linting: read -> Document -> checks -> findings -> suppressions -> result."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .. import __version__
from ..checks import CheckContext, kind_module, kinds
from ..document import Document, ReadError, decode, parse, read_path
from ..findings import FileResult, Finding, LintResult
from ..rulebook import Rule, RuleError, Ruleset
from .paths import SIDECAR_SUFFIX, sidecar_for
from .suppressions import SUPPRESSION_KIND
from .suppressions import apply as apply_suppressions


@dataclass(slots=True)
class CompiledRule:
    rule: Rule
    run: Any
    params: Any


def compile_rules(rules: list[Rule]) -> list[CompiledRule]:
    """Bind each rule to its check kind and validate its parameters (RuleError on failure)."""
    compiled = []
    for rule in rules:
        kind = rule.check.kind
        if kind not in kinds():
            raise RuleError(
                f"{rule.source}:{rule.check_line}: check.kind: unknown kind {kind!r} "
                f"(known: {', '.join(sorted(kinds()))})"
            )
        module = kind_module(kind)
        try:
            params = module.Params.model_validate(rule.params())
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"])
            raise RuleError(
                f"{rule.source}:{rule.check_line}: check.{where}: {err['msg']}"
            ) from None
        except ValueError as exc:  # a pattern RE2 refuses, raised by a validator
            raise RuleError(f"{rule.source}:{rule.check_line}: check: {exc}") from None
        compiled.append(CompiledRule(rule, module.run, params))
    return compiled


def compile_topics(ruleset: Ruleset) -> None:
    """Compile the topic lexicons now, so that a bad pattern is a RuleError before any file."""
    from ..disclosure.analyse import lexicons

    lexicons(ruleset.topics)


def lint_document(
    document: Document, ruleset: Ruleset, rules: list[CompiledRule], sidecar: Any = None
) -> list[Finding]:
    ctx = CheckContext(document, ruleset, sidecar)
    findings: list[Finding] = []
    for compiled in rules:
        findings.extend(compiled.run(compiled.rule, compiled.params, ctx))
    findings.sort(key=Finding.sort_key)
    return findings


def lint_text(
    path: str,
    text: str,
    ruleset: Ruleset,
    rules: list[CompiledRule],
    sidecar: Any = None,
    suppressions: bool = True,
) -> FileResult:
    if not text.strip():
        return FileResult(path, error=f"{path}: empty file; nothing to lint")
    document = parse(path, text)
    findings = lint_document(document, ruleset, rules, sidecar)
    meta = [(c.rule, c.params) for c in rules if c.rule.check.kind == SUPPRESSION_KIND]
    kept, suppressed = apply_suppressions(document, findings, ruleset, meta, suppressions)
    document.release()
    return FileResult(path, kept, suppressed)


def _load_sidecar(path: str) -> Any:
    from ..document import load_sidecar

    found = sidecar_for(path)
    return load_sidecar(found) if found is not None else None


@contextmanager
def _one_collection() -> Iterator[None]:
    """Collect reference cycles once, when the file is done. A file's Document is tens of
    thousands of objects, some in cycles (sections, blocks and sentences point at each other),
    that all live until the file is done: collections while it is built would walk them
    again and again, and afterwards only the cycles are left to find."""
    if not gc.isenabled():  # the caller manages the collector
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect(0)


def lint_file(
    path: str, ruleset: Ruleset, rules: list[CompiledRule], suppressions: bool = True
) -> FileResult:
    with _one_collection():
        return _lint_file(path, ruleset, rules, suppressions)


def _lint_file(
    path: str, ruleset: Ruleset, rules: list[CompiledRule], suppressions: bool
) -> FileResult:
    try:
        if path.endswith(SIDECAR_SUFFIX):
            return _lint_sidecar(path, ruleset, rules)
        text = read_path(Path(path), path)
        sidecar = _load_sidecar(path)
    except ReadError as exc:
        return FileResult(path, error=str(exc))
    try:
        return lint_text(path, text, ruleset, rules, sidecar, suppressions)
    except ReadError as exc:  # more structure than the Document's limits allow
        return FileResult(path, error=str(exc))
    except Exception as exc:  # a bug met on one file must not end the run for the others
        return FileResult(path, error=internal_error(path, exc))


def internal_error(path: str, exc: Exception) -> str:
    """One line for the user; the traceback goes to a report file whose path the line gives."""
    import os
    import tempfile
    import traceback

    fd, report = tempfile.mkstemp(prefix="disclosure-lint-crash-", suffix=".txt")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(f"while linting {path}\n")
        traceback.print_exception(exc, file=fh)
    detail = " ".join(str(exc).split())
    return f"{path}: internal error: {type(exc).__name__}: {detail}; full report in {report}"


def _lint_sidecar(path: str, ruleset: Ruleset, rules: list[CompiledRule]) -> FileResult:
    """A sidecar block linted on its own: only its structure rules apply."""
    from ..document import load_sidecar

    sidecar = load_sidecar(Path(path))
    document = parse(path, "")
    structure = [c for c in rules if c.rule.category == "structure"]
    return FileResult(path, lint_document(document, ruleset, structure, sidecar))


def lint_paths(
    paths: list[str], ruleset: Ruleset, rules: list[CompiledRule], suppressions: bool = True
) -> LintResult:
    files = [lint_file(p, ruleset, rules, suppressions) for p in paths]
    return LintResult(files, __version__, ruleset.version)


def lint_stdin(
    data: bytes, name: str, ruleset: Ruleset, rules: list[CompiledRule], suppressions: bool = True
) -> LintResult:
    try:
        text = decode(data, name)
    except ReadError as exc:
        return LintResult([FileResult(name, error=str(exc))], __version__, ruleset.version)
    try:
        result = lint_text(name, text, ruleset, rules, suppressions=suppressions)
    except ReadError as exc:
        result = FileResult(name, error=str(exc))
    return LintResult([result], __version__, ruleset.version)
