"""The disclosure score, 0 to 100 (docs/audit.md states the formula for readers).

Each topic is worth a share of 100: fallback routing, tier differences and refusal-rate
reporting 30 each, refusal authority (recommended) 10. Within a topic:

* ``missing`` earns nothing and ``denied`` (an explicit "we do not ...") earns it all;
* otherwise the topic's checklist is the practice itself (weight 2) and one item per fact rule
  of the topic (weight 2 for a required fact, an error-severity rule; 1 for a recommended one,
  a warning); the topic earns the share of that weight whose rule did not fire.

Each euphemism costs 2 points, 10 at most. The sum is rounded half up and kept within 0..100.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

TOPIC_WEIGHTS = {
    "fallback-routing": 30,
    "tier-differences": 30,
    "refusal-reporting": 30,
    "refusal-authority": 10,
}
PRACTICE_WEIGHT = 2
REQUIRED_WEIGHT = 2
RECOMMENDED_WEIGHT = 1
EUPHEMISM_COST = 2
EUPHEMISM_CAP = 10


def topic_points(status: str, facts: list[tuple[bool, bool]]) -> float:
    """Share of a topic earned: ``facts`` holds (required, stated) per fact rule."""
    if status == "missing":
        return 0.0
    if status == "denied":
        return 1.0
    total = PRACTICE_WEIGHT
    earned = PRACTICE_WEIGHT
    for required, stated in facts:
        weight = REQUIRED_WEIGHT if required else RECOMMENDED_WEIGHT
        total += weight
        earned += weight if stated else 0
    return earned / total


def overall(points: dict[str, float], euphemisms: int) -> int:
    raw = sum(TOPIC_WEIGHTS.get(topic, 0) * share for topic, share in points.items())
    raw -= min(EUPHEMISM_CAP, EUPHEMISM_COST * euphemisms)
    rounded = int(Decimal(str(round(raw, 6))).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return max(0, min(100, rounded))
