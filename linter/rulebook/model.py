"""The shape of a rule file, checked when the rules load (published as schemas/rule.schema.json)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..findings import Category, Severity


class Examples(BaseModel):
    model_config = ConfigDict(extra="forbid")

    bad: list[str] = Field(min_length=1, description="Documents on which the rule must fire.")
    good: list[str] = Field(min_length=1, description="Documents on which it must not fire.")


class CheckSpec(BaseModel):
    """Which check kind runs the rule, and its parameters (validated by the kind itself)."""

    model_config = ConfigDict(extra="allow")

    kind: str = Field(pattern=r"^[a-z][a-z_]*$", description="A module of linter/checks.")


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(pattern=r"^[A-Z]{2,4}[0-9]{3}$", description="Stable code, never reused.")
    name: str = Field(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$", description="kebab-case name.")
    category: Category
    severity: Severity
    precision: Literal["high", "medium", "low"] | None = Field(
        default=None,
        description="Measured precision on the calibration corpus; `low` rules are off by default.",
    )
    enabled: bool = Field(default=True, description="Whether the rule runs by default.")
    summary: str = Field(min_length=10, max_length=200)
    explanation: str = Field(min_length=40, description="Why the disclosure matters.")
    fix: str = Field(min_length=20, description="What to write instead.")
    references: list[str] = Field(min_length=1)
    examples: Examples
    check: CheckSpec
    since: str = Field(default="1.0.0", description="Ruleset version that added the rule.")

    # Set by the loader, not by the file.
    source: str = Field(default="", exclude=True)
    source_line: int = Field(default=1, exclude=True)
    check_line: int = Field(default=1, exclude=True)

    @field_validator("summary")
    @classmethod
    def _one_line(cls, value: str) -> str:
        if "\n" in value.strip():
            raise ValueError("summary must be one line")
        return value.strip()

    @property
    def default_on(self) -> bool:
        return self.enabled and self.precision != "low"

    def params(self) -> dict[str, Any]:
        return dict(self.check.model_extra or {})
