"""Commands that print rule data: explain, rules, schema, init."""

from __future__ import annotations

from typing import Annotated

import typer

from . import ListFormat, _load_ruleset, app, fail


@app.command()
def explain(
    rule: Annotated[str, typer.Argument(help="A rule code (FR004) or name.")],
    format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.text,
) -> None:
    """The full explanation of a rule: why it matters, what to write, references, examples."""
    from ..reporters import rules as rules_reporter

    ruleset = _load_ruleset()
    found = ruleset.find(rule)
    if found is None:
        raise fail(f"unknown rule {rule!r} (see `disclosure-lint rules`)")
    typer.echo(rules_reporter.explain(found, json_format=format is ListFormat.json), nl=False)


@app.command("rules")
def list_rules(
    format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.text,
) -> None:
    """Every rule: code, name, category, severity, summary."""
    from ..reporters import rules as rules_reporter

    ruleset = _load_ruleset()
    typer.echo(rules_reporter.table(ruleset, json_format=format is ListFormat.json), nl=False)


@app.command()
def schema(
    name: Annotated[str, typer.Argument(help="disclosure, findings or rule.")] = "disclosure",
) -> None:
    """Print a JSON Schema (the disclosure block by default)."""
    from ..rulebook import data_dir

    path = data_dir("schemas") / f"{name}.schema.json"
    if not path.is_file():
        raise fail(f"unknown schema {name!r} (disclosure, findings, rule)")
    typer.echo(path.read_text(encoding="utf-8"), nl=False)


@app.command()
def init() -> None:
    """Print a commented disclosure block template for a card's front matter."""
    from ..rulebook import data_dir

    typer.echo(
        (data_dir("schemas") / "disclosure.template.yaml").read_text(encoding="utf-8"), nl=False
    )
