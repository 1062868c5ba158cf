"""The published JSON Schema of a rule file, generated from the pydantic model.

Regenerate with `python -m linter.rulebook.schema > schemas/rule.schema.json`; a test keeps the
file current."""

from __future__ import annotations

import json

from .model import Rule

_LOADER_FIELDS = ("source", "source_line", "check_line")


def rule_json_schema() -> dict:
    schema = Rule.model_json_schema()
    for name in _LOADER_FIELDS:
        schema["properties"].pop(name, None)
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://disclosure-lint.dev/schemas/rule.schema.json",
        **schema,
    }
    schema["title"] = "disclosure-lint rule file"
    schema["description"] = (
        "One rule: code, name, category, severity, texts, references, examples that run as "
        "tests, and the check kind with its parameters."
    )
    return schema


if __name__ == "__main__":
    print(json.dumps(rule_json_schema(), indent=2))
