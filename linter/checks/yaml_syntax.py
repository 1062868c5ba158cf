"""Kind `yaml_syntax`: the front matter or the sidecar block is not valid YAML (or was refused:
an alias bomb, nesting too deep), so nothing in it is read.

The Document layer keeps front-matter problems in ``Document.notes`` as
``LINE:COLUMN:front matter: MESSAGE``; a sidecar keeps its own in ``Sidecar.error``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from ..disclosure.block import is_standalone
from ..findings import Finding
from ..rulebook import Rule
from .context import CheckContext, finding_at, whole_document_finding

_LABEL = "front matter: "


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _front_matter_notes(ctx: CheckContext) -> Iterator[tuple[int, int, str]]:
    for note in ctx.document.notes:
        line, column, rest = [*note.split(":", 2), "", ""][:3]
        if not (line.isdigit() and column.isdigit() and rest.startswith(_LABEL)):
            continue
        yield int(line), int(column), rest[len(_LABEL) :]


def run(rule: Rule, params: Params, ctx: CheckContext) -> Iterator[Finding]:
    document = ctx.document
    for line, column, message in _front_matter_notes(ctx):
        yield finding_at(
            rule,
            f"The front matter is not read: {message}.",
            line,
            column,
            line,
            column + 1,
            document.line_text(line),
        )
    sidecar = ctx.sidecar
    if sidecar is None or sidecar.error is None:
        return
    error = sidecar.error
    if is_standalone(document, sidecar):
        yield finding_at(
            rule,
            f"The disclosure block is not read: {error.message}.",
            error.line,
            error.column,
            error.line,
            error.column + 1,
        )
        return
    name = Path(sidecar.path).name
    yield whole_document_finding(
        rule,
        f"The sidecar {name} is not read ({error.message}, line {error.line}, column "
        f"{error.column}); its facts are not counted.",
        document,
    )
