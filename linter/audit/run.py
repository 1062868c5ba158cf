"""Auditing documents: read (file or URL) -> convert -> Document -> checks (no suppressions) ->
scorecard. Batches run in worker processes with results in input order, identical to a run in
one process."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .. import __version__
from ..checks import CheckContext
from ..document import ReadError, parse
from ..engine import CompiledRule, compile_rules, select_rules, sidecar_for
from ..findings import Finding
from ..rulebook import RuleError, Ruleset, load_ruleset
from . import scorecard
from .convert import convert
from .model import AuditError, AuditResult, DocumentAudit, Provenance
from .sources import Limits, Source, load_source

Progress = Callable[[int, int, str], None]


@dataclass(slots=True, frozen=True)
class Settings:
    limits: Limits = field(default_factory=Limits)
    rules_dirs: tuple[str, ...] = ()


@lru_cache(maxsize=4)
def prepare(rules_dirs: tuple[str, ...] = ()) -> tuple[Ruleset, list[CompiledRule]]:
    """The ruleset and its default rules, loaded once per process (RuleError when broken)."""
    ruleset = load_ruleset([Path(d) for d in rules_dirs] or None)
    return ruleset, compile_rules(select_rules(ruleset.rules))


def check(document, ruleset: Ruleset, rules: list[CompiledRule], sidecar=None):
    """Every check over the document, with no suppression applied: an audit reports what the
    document says, whatever its comments ask. Returns the findings and the disclosure."""
    ctx = CheckContext(document, ruleset, sidecar)
    findings: list[Finding] = []
    for compiled in rules:
        findings.extend(compiled.run(compiled.rule, compiled.params, ctx))
    findings.sort(key=Finding.sort_key)
    return findings, ctx.disclosure


def _sidecar(source: Source):
    if source.local_path is None or source.format != "markdown":
        return None
    found = sidecar_for(str(source.local_path))
    if found is None:
        return None
    from ..document import load_sidecar

    return load_sidecar(found)


def audit_source(source: Source, ruleset: Ruleset, rules: list[CompiledRule]) -> DocumentAudit:
    converted = convert(source)
    document = parse(source.name, converted.text)
    findings, disclosure = check(document, ruleset, rules, _sidecar(source))
    provenance = Provenance(
        sha256=source.sha256,
        size=len(source.data),
        format=source.format,
        url=source.url,
        final_url=source.final_url,
        content_type=source.content_type,
        pages=converted.page_count or None,
        title=converted.title,
    )
    return scorecard.build(
        source.name,
        provenance,
        converted,
        document,
        disclosure,
        findings,
        [c.rule for c in rules],
    )


def audit_one(arg: str, settings: Settings = Settings()) -> DocumentAudit | AuditError:
    ruleset, rules = prepare(settings.rules_dirs)
    try:
        return audit_source(load_source(arg, settings.limits), ruleset, rules)
    except ReadError as exc:
        return AuditError(arg, str(exc))
    except RecursionError:
        return AuditError(arg, f"{arg}: nested too deeply to audit")
    except Exception as exc:  # one bad document must not take a batch down
        return AuditError(arg, f"{arg}: could not be audited ({type(exc).__name__}: {exc})")


def _init_worker(rules_dirs: tuple[str, ...]) -> None:
    prepare(rules_dirs)


def audit_all(
    args: list[str],
    settings: Settings = Settings(),
    jobs: int = 1,
    progress: Progress | None = None,
) -> AuditResult:
    """Audit ``args`` in order; ``jobs`` > 1 spreads them over worker processes."""
    ruleset, _ = prepare(settings.rules_dirs)  # fails here, once, on a broken ruleset
    total = len(args)
    results: list[DocumentAudit | AuditError | None] = [None] * total
    if jobs <= 1 or total <= 1:
        for i, arg in enumerate(args):
            results[i] = audit_one(arg, settings)
            if progress:
                progress(i + 1, total, arg)
    else:
        with ProcessPoolExecutor(
            max_workers=min(jobs, total),
            initializer=_init_worker,
            initargs=(settings.rules_dirs,),
        ) as pool:
            futures = {pool.submit(audit_one, arg, settings): i for i, arg in enumerate(args)}
            for done, future in enumerate(as_completed(futures), start=1):
                i = futures[future]
                results[i] = future.result()
                if progress:
                    progress(done, total, args[i])
    documents = [r for r in results if isinstance(r, DocumentAudit)]
    errors = [r for r in results if isinstance(r, AuditError)]
    return AuditResult(documents, errors, __version__, ruleset.version)


__all__ = ["RuleError", "Settings", "audit_all", "audit_one", "audit_source", "prepare"]
