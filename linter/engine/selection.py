"""Choosing rules: --select, --ignore and --extend-select take codes, code prefixes, rule names
and categories. An entry that matches no rule is an error, never silently ignored."""

from __future__ import annotations

from collections.abc import Iterable

from ..rulebook import Rule


class SelectionError(ValueError):
    pass


def _matches(rule: Rule, entry: str) -> bool:
    e = entry.strip()
    return (
        e.upper() == "ALL"
        or rule.code.startswith(e.upper())
        or rule.name == e.lower()
        or rule.category == e.lower()
    )


def _check_known(rules: list[Rule], entries: Iterable[str]) -> None:
    for entry in entries:
        if not any(_matches(rule, entry) for rule in rules):
            raise SelectionError(f"unknown rule, prefix or category: {entry!r}")


def select_rules(
    rules: list[Rule],
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    extend_select: list[str] | None = None,
) -> list[Rule]:
    """Rules on by default (or those of ``select``), plus ``extend_select``, minus ``ignore``."""
    select = [s for s in (select or []) if s.strip()]
    ignore = [s for s in (ignore or []) if s.strip()]
    extend_select = [s for s in (extend_select or []) if s.strip()]
    _check_known(rules, [*select, *ignore, *extend_select])
    if select:
        chosen = [r for r in rules if any(_matches(r, s) for s in select)]
    else:
        chosen = [r for r in rules if r.default_on]
    for rule in rules:
        if rule not in chosen and any(_matches(rule, s) for s in extend_select):
            chosen.append(rule)
    chosen = [r for r in chosen if not any(_matches(r, s) for s in ignore)]
    return sorted(chosen, key=lambda r: r.code)
