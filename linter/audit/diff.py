"""What a new version of a card stopped (or started) disclosing.

Facts are compared by topic and fact name (positions move between versions; formats may
differ), euphemisms by rule and wording. NEW discloses less when a fact found in OLD is not
found in NEW, or a topic's status got worse (stated or denied > partial > missing).
"""

from __future__ import annotations

from collections import Counter

from .model import AuditDiff, DocumentAudit, Euphemism, FactChange, StatusChange

_RANK = {"stated": 2, "denied": 2, "partial": 1, "missing": 0}


def _first_found(audit: DocumentAudit) -> dict[tuple[str, str], FactChange]:
    out: dict[tuple[str, str], FactChange] = {}
    for topic, card in audit.topics.items():
        for fact in card.found:
            out.setdefault((topic, fact.fact), FactChange(topic, fact.fact, fact.where))
    return out


def _key(e: Euphemism) -> tuple[str, str]:
    return e.rule, " ".join(e.where.excerpt.lower().split())


def _subtract(a: list[Euphemism], b: list[Euphemism]) -> list[Euphemism]:
    """Items of ``a`` with no counterpart in ``b`` (as multisets)."""
    budget = Counter(_key(e) for e in b)
    out = []
    for e in a:
        key = _key(e)
        if budget[key]:
            budget[key] -= 1
        else:
            out.append(e)
    return out


def compare(old: DocumentAudit, new: DocumentAudit) -> AuditDiff:
    old_facts = _first_found(old)
    new_facts = _first_found(new)
    gone = [change for key, change in old_facts.items() if key not in new_facts]
    added = [change for key, change in new_facts.items() if key not in old_facts]
    status = []
    for topic, card in old.topics.items():
        after = new.topics.get(topic)
        if after is None or after.status == card.status:
            continue
        worse = _RANK[after.status] < _RANK[card.status]
        status.append(StatusChange(topic, card.status, after.status, worse))
    return AuditDiff(
        old=old,
        new=new,
        gone=gone,
        added=added,
        status=status,
        euphemisms_added=_subtract(new.euphemisms, old.euphemisms),
        euphemisms_removed=_subtract(old.euphemisms, new.euphemisms),
    )
