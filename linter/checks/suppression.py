"""Kind `suppression`: findings about suppression comments themselves
(``<!-- disclosure-lint: disable CODE -- reason -->``).

Only once every check has run is it known what a comment suppressed, so these findings come from
the engine's suppression filter (linter/engine/suppressions.py), which reads the rule's messages
from the parameters below. Rules never see suppressions; this kind yields nothing on its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator

from ..findings import Finding
from ..rulebook import Rule
from .context import CheckContext

# The cases each problem has a message for; the messages may use {action} and {codes}.
CASES = {
    "incomplete": ("no-codes", "no-reason", "unknown-action"),
    "unused": ("unused", "unknown-codes", "unmatched-enable"),
}


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")

    problem: Literal["incomplete", "unused"]
    messages: dict[str, str]

    @model_validator(mode="after")
    def _every_case_has_a_message(self) -> Params:
        expected = set(CASES[self.problem])
        if set(self.messages) != expected:
            raise ValueError(f"messages must have exactly the keys {sorted(expected)}")
        for key, text in self.messages.items():
            try:
                text.format(action="disable", codes="FR004")
            except (KeyError, IndexError, ValueError) as exc:
                raise ValueError(f"messages.{key}: only {{action}} and {{codes}}: {exc}") from None
        return self

    def message(self, case: str, action: str = "", codes: str = "") -> str:
        return self.messages[case].format(action=action, codes=codes)


def run(rule: Rule, params: Params, ctx: CheckContext) -> Iterator[Finding]:
    return iter(())
