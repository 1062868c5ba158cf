"""What applies where: the settings of each linted file (its nearest config file, or
``--config``, plus the command line), the rules they select, and the files a directory expands
to.

Linting one file is a pure function of the file and its FilePlan (rule set, compiled rules,
whether suppressions are honoured); a plan is built once per distinct configuration and
per-file-ignores combination.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..findings import SEVERITY_RANK, FileResult, LintResult
from ..rulebook import Rule, Ruleset, load_ruleset
from .config import ConfigError, Entry, Settings, SettingsFinder
from .paths import SKIPPED_DIRS, is_lintable
from .run import CompiledRule, compile_rules, compile_topics, lint_file, lint_stdin
from .selection import SelectionError, select_rules

if TYPE_CHECKING:
    from .gitignore import IgnoreRule

DEFAULT_FAIL_ON = "error"


@dataclass(frozen=True, slots=True)
class Overrides:
    """What the command line says, on top of the config files."""

    config: Path | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    rules_dirs: tuple[Path, ...] = ()
    fail_on: str | None = None
    suppressions: bool = True


@dataclass(frozen=True, slots=True)
class FilePlan:
    ruleset: Ruleset
    rules: tuple[CompiledRule, ...]
    fail_on: str
    suppressions: bool


def _specificity(rule: Rule, selector: str) -> int | None:
    """How closely a severity key names ``rule``: code or name, then longer prefixes, then the
    category; None when it does not name it."""
    key = selector.strip()
    if rule.code == key.upper() or rule.name == key.lower():
        return 10_000
    if key.upper() == "ALL":
        return 0
    if rule.category == key.lower():
        return 1
    if rule.code.startswith(key.upper()):
        return 10 + len(key)
    return None


def _with_severity(rule: Rule, overrides: tuple[tuple[Entry, str], ...]) -> Rule:
    best: tuple[int, str] | None = None
    for entry, severity in overrides:
        rank = _specificity(rule, entry.value)
        if rank is not None and (best is None or rank >= best[0]):
            best = (rank, severity)
    if best is None or best[1] == rule.severity:
        return rule
    return rule.model_copy(update={"severity": best[1]})


class Workspace:
    def __init__(self, overrides: Overrides | None = None, cwd: Path | None = None) -> None:
        self.overrides = overrides or Overrides()
        self.cwd = Path(os.path.abspath(cwd or Path.cwd()))
        explicit = self.overrides.config
        if explicit is not None:
            explicit = Path(os.path.abspath(self.cwd / explicit))
            if not explicit.is_file():
                raise ConfigError(f"{explicit}: config file not found")
        self.finder = SettingsFinder(explicit, self.cwd)
        self._rulesets: dict[tuple[Path, ...], Ruleset] = {}
        self._checked: set[Settings] = set()
        self._plans: dict[tuple[Settings, tuple[str, ...]], FilePlan] = {}

    # -- settings and plans ------------------------------------------------------------

    def settings(self, path: str | Path) -> Settings:
        return self.finder.for_path(path)

    def ruleset(self, settings: Settings) -> Ruleset:
        dirs = (*settings.rules_dirs, *self.overrides.rules_dirs)
        found = self._rulesets.get(dirs)
        if found is None:
            found = self._rulesets[dirs] = load_ruleset(list(dirs))
            compile_topics(found)
        if settings not in self._checked:
            _check_entries(settings, found.rules)
            self._checked.add(settings)
        return found

    def plan(self, path: str | Path) -> FilePlan:
        settings = self.settings(path)
        ruleset = self.ruleset(settings)
        absolute = Path(os.path.abspath(self.cwd / path))
        skipped = tuple(e.value for e in settings.ignored_for(absolute))
        key = (settings, skipped)
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plans[key] = self._build(settings, ruleset, skipped)
        return plan

    def _build(self, settings: Settings, ruleset: Ruleset, skipped: tuple[str, ...]) -> FilePlan:
        cli = self.overrides
        select = cli.select
        if select is None and settings.select is not None:
            select = tuple(e.value for e in settings.select)
        ignore = [*(e.value for e in settings.ignore), *skipped, *cli.ignore]
        extend = [*(e.value for e in settings.extend_select), *cli.extend_select]
        chosen = select_rules(ruleset.rules, list(select or []), ignore, extend)
        chosen = [_with_severity(rule, settings.severity) for rule in chosen]
        fail_on = cli.fail_on or settings.fail_on or DEFAULT_FAIL_ON
        return FilePlan(ruleset, tuple(compile_rules(chosen)), fail_on, cli.suppressions)

    def describe(self, path: str | Path) -> dict:
        """The resolved settings for ``path`` and the rules it runs (`--show-settings`)."""
        plan = self.plan(path)
        cli = self.overrides
        return {
            "path": str(path),
            **self.settings(path).to_json(),
            "command-line": {
                "config": None if cli.config is None else str(cli.config),
                "select": None if cli.select is None else list(cli.select),
                "ignore": list(cli.ignore),
                "extend-select": list(cli.extend_select),
                "rules-dirs": [str(p) for p in cli.rules_dirs],
                "fail-on": cli.fail_on,
                "suppressions": cli.suppressions,
            },
            "effective-fail-on": plan.fail_on,
            "rules": {c.rule.code: c.rule.severity for c in plan.rules},
        }

    def rules_used(self) -> list[Rule]:
        """Every rule some linted file ran, by code (with its effective severity)."""
        seen: dict[str, Rule] = {}
        for plan in self._plans.values():
            for compiled in plan.rules:
                seen.setdefault(compiled.rule.code, compiled.rule)
        return [seen[code] for code in sorted(seen)]

    # -- linting -----------------------------------------------------------------------

    def prepare(self, paths: list[str]) -> str:
        """Build the plan of every path now, so that a config or rule error comes before any
        file is linted (and before any output); return the ruleset version of the first."""
        version = ""
        for path in paths:
            version = version or self.plan(path).ruleset.version
        return version

    def lint_path(self, path: str) -> FileResult:
        plan = self.plan(path)
        return lint_file(path, plan.ruleset, list(plan.rules), plan.suppressions)

    def lint(self, paths: list[str]) -> LintResult:
        version = self.prepare(paths)
        return LintResult([self.lint_path(path) for path in paths], __version__, version)

    def lint_stdin(self, data: bytes, name: str) -> LintResult:
        plan = self.plan(name)
        return lint_stdin(data, name, plan.ruleset, list(plan.rules), plan.suppressions)

    def fails(self, file: FileResult) -> bool:
        """Whether the file has a finding at or above its own fail-on level."""
        if not file.findings:
            return False
        floor = SEVERITY_RANK[self.plan(file.path).fail_on]
        return any(SEVERITY_RANK[f.severity] >= floor for f in file.findings)

    def failing(self, result: LintResult) -> bool:
        """Whether some file has a finding at or above its own fail-on level."""
        return any(self.fails(file) for file in result.files)

    # -- which files -------------------------------------------------------------------

    def expand(self, arg: str) -> Iterator[str]:
        """The files ``arg`` stands for. A file is yielded as is (named files are always
        linted). A directory yields, sorted, the files its settings include and do not exclude,
        skipping what .gitignore ignores, VCS, environment and hidden folders; symbolic links
        to folders are not followed."""
        top = Path(os.path.abspath(self.cwd / arg))
        if not top.is_dir():
            yield arg
            return
        from .gitignore import inherited_rules, read_gitignore
        from .repo import repo_root

        in_repo = repo_root(top) is not None
        rules: dict[Path, list[IgnoreRule]] = {top: inherited_rules(top) if in_repo else []}
        for root, dirs, files in os.walk(top, followlinks=False, onerror=lambda e: None):
            here = Path(root)
            settings = self.finder.for_folder(here)
            here_rules = rules.pop(here, [])
            kept = []
            for name in sorted(dirs):
                full = here / name
                if name in SKIPPED_DIRS or name.startswith("."):
                    continue
                if settings.excluded(full, True) or _ignored(settings, here_rules, full, True):
                    continue
                kept.append(name)
                rules[full] = here_rules + read_gitignore(full) if in_repo else []
            dirs[:] = kept
            for name in sorted(files):
                full = here / name
                if not settings.included(full, is_lintable(name)):
                    continue
                if settings.excluded(full, False) or _ignored(settings, here_rules, full, False):
                    continue
                yield os.path.join(arg, os.path.relpath(full, top)) if full != top else arg


def _ignored(settings: Settings, rules: list[IgnoreRule], path: Path, is_dir: bool) -> bool:
    from .gitignore import ignored

    return settings.respect_gitignore and ignored(rules, path, is_dir)


def _check_entries(settings: Settings, rules: list[Rule]) -> None:
    """Every rule selector in the config names a rule, prefix, name or category."""
    entries: list[Entry] = [
        *(settings.select or ()),
        *settings.ignore,
        *settings.extend_select,
        *(entry for entry, _ in settings.severity),
        *(entry for _, entries in settings.per_file_ignores for entry in entries),
    ]
    for entry in entries:
        try:
            select_rules(rules, extend_select=[entry.value])
        except SelectionError:
            raise ConfigError(
                f"{entry.origin}: unknown rule, prefix or category {entry.value!r}"
            ) from None
