"""The facts a valid block states, as TopicReport evidence (source "block").

Fact names are those of rules/topics/*.yaml, so the same fact rules read prose and block alike.
Where the block lists several routes (or restricted configurations), a per-route fact counts
only when every route states it: a structured block can be complete, so it is held to that.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..document import Document
from .block import StatedBlock
from .blockschema import dotted
from .model import Evidence, TopicReport

MAX_EVIDENCE = 8
GENERIC_CATEGORIES = {"overall", "all", "total", "average", "aggregate", "combined"}

KeyPath = tuple[str | int, ...]


class _Recorder:
    """Builds Evidence for key paths of one block."""

    def __init__(self, block: StatedBlock, document: Document) -> None:
        self.block = block
        self.document = document

    def evidence(self, fact: str, path: KeyPath, statement: str, detail: str = "") -> Evidence:
        block = self.block
        full = (*block.prefix, *path)
        excerpt = f"{dotted(full)}: {statement}"
        if block.in_document:
            pos, exact = block.position(full)
            width = len(str(full[-1])) if exact and full and isinstance(full[-1], str) else 1
            return Evidence(
                fact,
                pos.line,
                pos.column,
                pos.line,
                pos.column + width,
                excerpt,
                detail or block.where(full),
                "block",
            )
        # A sidecar beside a card: point at the card's first line; `where` names the sidecar.
        line = self.document.first_line
        end = max(1, len(self.document.line_text(line))) + 1
        return Evidence(fact, line, 1, line, end, excerpt, detail or block.where(full), "block")


def _percent(value: float) -> str:
    return f"{value * 100:.4g}%"


def _each_states(
    items: list[dict],
    rec: _Recorder,
    report: TopicReport,
    fact: str,
    base: KeyPath,
    state: Callable[[dict], tuple[str, str] | None],
) -> None:
    """Record ``fact`` for each item when every item states it (``state`` returns the key and a
    detail, or None)."""
    found = []
    for i, item in enumerate(items):
        stated = state(item)
        if stated is None:
            return
        key, detail = stated
        found.append(rec.evidence(fact, (*base, i, key), detail, detail))
    for ev in found[:MAX_EVIDENCE]:
        report.add(ev)


def _routing(data: dict, rec: _Recorder) -> TopicReport:
    report = TopicReport("fallback-routing")
    base: KeyPath = ("fallback_routing",)
    if data.get("used") is False:
        report.denial.append(rec.evidence("denial", (*base, "used"), "false"))
        return report
    routes = data.get("routes") or []
    for i, route in enumerate(routes[: MAX_EVIDENCE * 4]):
        summary = f"{route['trigger']} -> {route['served_by']}"
        report.practice.append(rec.evidence("practice", (*base, "routes", i), summary))
    at = (*base, "routes")

    def key(name: str, render: Callable[[Any], str] = str):
        return lambda r: (name, render(r[name])) if name in r else None

    def listed(values: list) -> str:
        return ", ".join(map(str, values))

    def notice(route: dict):
        if "user_notified" not in route:
            return None
        told = "the user is told" if route["user_notified"] else "the user is not told"
        return "user_notified", f"{told}: {route['notice']}" if "notice" in route else told

    def error_rates(route: dict):
        for name in ("false_positive_rate", "false_negative_rate"):
            if name in route:
                return name, _percent(route[name])
        return None

    _each_states(routes, rec, report, "served-by", at, key("served_by"))
    _each_states(routes, rec, report, "categories", at, key("categories", listed))
    _each_states(routes, rec, report, "notice", at, notice)
    _each_states(routes, rec, report, "share", at, key("share_of_requests", _percent))
    _each_states(routes, rec, report, "error-rates", at, error_rates)
    _each_states(routes, rec, report, "surfaces", at, key("surfaces", listed))
    return report


def _tiers(data: dict, rec: _Recorder) -> TopicReport:
    report = TopicReport("tier-differences")
    base: KeyPath = ("tiers",)
    configs: list[dict] = data["configurations"]
    names = ", ".join(str(c["name"]) for c in configs)
    if "identical_weights" in data:
        same = "identical" if data["identical_weights"] else "different"
        report.add(rec.evidence("identical-weights", (*base, "identical_weights"), same, same))
    at = (*base, "configurations")
    if len(configs) == 1:
        report.denial.append(rec.evidence("denial", at, f"one configuration ({names})"))
        return report
    report.practice.append(rec.evidence("practice", at, f"{len(configs)} configurations ({names})"))
    for i, config in enumerate(configs):
        changes = [
            f"{word}: {', '.join(map(str, config[field]))}"
            for field, word in (("safeguards_lifted", "lifted"), ("safeguards_added", "added"))
            if config.get(field)
        ]
        if changes and len(report.facts.get("safeguards", ())) < MAX_EVIDENCE:
            field = "safeguards_lifted" if config.get("safeguards_lifted") else "safeguards_added"
            detail = "; ".join(changes)
            report.add(rec.evidence("safeguards", (*at, i, field), detail, detail))
    restricted = [(i, c) for i, c in enumerate(configs) if c.get("access") == "restricted"]
    for fact, name in (
        ("eligibility", "eligibility"),
        ("decider", "decided_by"),
        ("granted", "granted"),
    ):
        if not restricted:
            report.add(rec.evidence(fact, at, "no restricted configuration"))
            continue
        if all(name in c for _, c in restricted):
            for i, c in restricted[:MAX_EVIDENCE]:
                report.add(rec.evidence(fact, (*at, i, name), str(c[name]), str(c[name])))
    return report


def _refusals(data: dict, rec: _Recorder) -> TopicReport:
    report = TopicReport("refusal-reporting")
    base: KeyPath = ("refusal_reporting",)
    rates: list[dict] = data.get("rates") or []
    for i, rate in enumerate(rates[:MAX_EVIDENCE]):
        numbers = [
            f"{field} {_percent(rate[field])}"
            for field in ("harmful_refusal", "benign_refusal")
            if field in rate
        ]
        detail = f"{rate['category']}: {', '.join(numbers)}"
        report.practice.append(rec.evidence("practice", (*base, "rates", i), detail))
        report.add(rec.evidence("rate", (*base, "rates", i), detail, detail))
        if "benign_refusal" in rate:
            report.add(
                rec.evidence(
                    "over-refusal",
                    (*base, "rates", i, "benign_refusal"),
                    _percent(rate["benign_refusal"]),
                )
            )
        for field in ("predecessor_harmful_refusal", "predecessor_benign_refusal"):
            if field in rate:
                report.add(
                    rec.evidence("predecessor", (*base, "rates", i, field), _percent(rate[field]))
                )
                break
    categories = list(dict.fromkeys(str(r["category"]).strip() for r in rates))
    named = [c for c in categories if c.lower() not in GENERIC_CATEGORIES]
    if len(named) >= 2:
        detail = ", ".join(named[:6])
        report.add(rec.evidence("categories", (*base, "rates"), detail, detail))
    evaluation = data.get("evaluation")
    if evaluation:
        detail = f"{evaluation['name']}, {evaluation['prompts']} prompts"
        report.add(rec.evidence("method", (*base, "evaluation"), detail, detail))
    if data.get("classifier_refusals_reported_separately") is True:
        path = (*base, "classifier_refusals_reported_separately")
        report.add(rec.evidence("classifier-separated", path, "true"))
    elif "classifier_refusal_rate" in data:
        rate = _percent(data["classifier_refusal_rate"])
        report.add(rec.evidence("classifier-separated", (*base, "classifier_refusal_rate"), rate))
    return report


def _authority(data: dict, rec: _Recorder) -> TopicReport:
    report = TopicReport("refusal-authority")
    base: KeyPath = ("refusal_authority",)
    controls = data.get("operator_controls")
    if controls is not None:
        path = (*base, "operator_controls", "relaxable")
        relaxable = controls["relaxable"]
        behaviours = ", ".join(map(str, controls.get("behaviours", ())))
        detail = f"relaxable: {behaviours or str(relaxable).lower()}"
        if not relaxable:
            detail = "relaxable: false"
        report.add(rec.evidence("operator-controls", path, detail, detail))
        if relaxable:
            report.practice.append(rec.evidence("practice", path, detail))
    changes = data.get("training_changes")
    if changes is not None:
        path = (*base, "training_changes", "changed")
        changed = "changed" if changes["changed"] else "unchanged"
        report.add(rec.evidence("training-changes", path, changed, changed))
    return report


_TOPICS: dict[str, tuple[str, Callable[[dict, _Recorder], TopicReport]]] = {
    "fallback_routing": ("fallback-routing", _routing),
    "tiers": ("tier-differences", _tiers),
    "refusal_reporting": ("refusal-reporting", _refusals),
    "refusal_authority": ("refusal-authority", _authority),
}


def stated_reports(
    block: StatedBlock, sections: set[str], document: Document
) -> dict[str, TopicReport]:
    """Reports for the valid ``sections`` of ``block``."""
    rec = _Recorder(block, document)
    reports: dict[str, TopicReport] = {}
    for section, (topic, read) in _TOPICS.items():
        if section in sections:
            reports[topic] = read(block.data[section], rec)
    return reports
