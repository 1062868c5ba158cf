"""The configuration file format, as a pydantic model: the keys of ``.disclosure-lint.yaml``
or of ``[tool.disclosure-lint]`` in ``pyproject.toml``. ``schemas/config.schema.json`` is
generated from it (``python -m linter.engine.config_schema``) and a test keeps the two equal.
Imported only when a config file is read."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Severity = Literal["error", "warning", "info"]


class ConfigFile(BaseModel):
    """disclosure-lint configuration: the keys of `.disclosure-lint.yaml`, or of the
    `[tool.disclosure-lint]` table in `pyproject.toml`."""

    model_config = ConfigDict(extra="forbid", strict=True, title="disclosure-lint configuration")

    extend: str | None = Field(
        default=None,
        description="Another config file (relative to this one) whose settings this file "
        "builds on; keys set here replace the other file's, and `severity` and "
        "`per-file-ignores` are merged entry by entry.",
    )
    select: list[str] | None = Field(
        default=None,
        description="Only these rules: codes (FR004), code prefixes (FR), rule names or "
        "categories. Default: every rule that is on by default.",
    )
    ignore: list[str] = Field(
        default_factory=list, description="Rules to skip: codes, prefixes, names or categories."
    )
    extend_select: list[str] = Field(
        default_factory=list,
        alias="extend-select",
        description="Rules to add to the selection, such as rules that are off by default.",
    )
    severity: dict[str, Severity] = Field(
        default_factory=dict,
        description="Severity overrides: a rule code, name, code prefix or category, mapped "
        "to error, warning or info. The most specific entry wins (code or name, then the "
        "longest prefix, then the category).",
    )
    per_file_ignores: dict[str, list[str]] = Field(
        default_factory=dict,
        alias="per-file-ignores",
        description="Glob (relative to this file's folder) mapped to the rules skipped for "
        "files it matches, or files under folders it matches.",
    )
    include: list[str] | None = Field(
        default=None,
        description="Globs of the files a directory expands to. Default: *.md, *.markdown and "
        "*.disclosure.yaml. Files named on the command line are always linted.",
    )
    exclude: list[str] = Field(
        default_factory=list,
        description="Globs of files and folders skipped when a directory is expanded (besides "
        "VCS, environment and hidden folders). Files named on the command line are always "
        "linted.",
    )
    respect_gitignore: bool = Field(
        default=True,
        alias="respect-gitignore",
        description="Skip files that the repository's .gitignore files ignore when a "
        "directory is expanded.",
    )
    rules_dirs: list[str] = Field(
        default_factory=list,
        alias="rules-dirs",
        description="Folders of the lab's own rule files (relative to this file's folder).",
    )
    fail_on: Severity | None = Field(
        default=None,
        alias="fail-on",
        description="Lowest severity that makes the exit code 1 (default: error). The "
        "--fail-on option overrides it.",
    )
    docs_url: str | None = Field(
        default=None,
        alias="docs-url",
        pattern=r"^https?://\S+$",
        description="Where the rule pages (docs/rules/) are published. SARIF output links "
        "each rule there: `{code}` and `{name}` are replaced, and a URL without them gets "
        "`/CODE.md` appended.",
    )
