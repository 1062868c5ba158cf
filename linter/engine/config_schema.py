"""The published JSON Schema of a config file (``.disclosure-lint.yaml``, or the
``[tool.disclosure-lint]`` table of ``pyproject.toml``), generated from the pydantic model.

Regenerate with `python -m linter.engine.config_schema > schemas/config.schema.json`; a test
keeps the file current."""

from __future__ import annotations

import json

from .config_model import ConfigFile


def config_json_schema() -> dict:
    schema = ConfigFile.model_json_schema(by_alias=True)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://disclosure-lint.dev/schemas/config.schema.json",
        **schema,
    }


if __name__ == "__main__":
    print(json.dumps(config_json_schema(), indent=2))
