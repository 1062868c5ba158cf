"""Rule pages in Markdown, generated from the rule data: one page per rule (docs/rules/CODE.md)
and an index (docs/rules/README.md). SARIF output carries the same text as each rule's
``help.markdown``.

Regenerate with `python -m linter.reporters.rule_docs docs/rules`; `--check` exits 1 when the
folder is out of date (a test runs it).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from ..rulebook import Rule, Ruleset

_PAGE = re.compile(r"^[A-Z]{2,4}[0-9]{3}\.md$")
INDEX = "README.md"


def _fenced(text: str, info: str = "markdown") -> str:
    longest = max((len(m) for m in re.findall(r"`{3,}", text)), default=2)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{info}\n{text.rstrip()}\n{fence}"


def rule_body(rule: Rule) -> str:
    """The page without its title: what SARIF's help.markdown carries."""
    default = "yes" if rule.default_on else "no (enable with `--extend-select`)"
    parts = [
        rule.summary,
        "",
        "| | |",
        "| --- | --- |",
        f"| Category | `{rule.category}` |",
        f"| Default severity | {rule.severity} |",
        f"| Precision | {rule.precision or 'not rated'} |",
        f"| On by default | {default} |",
        f"| Since ruleset | {rule.since} |",
        "",
        "## Why it matters",
        "",
        rule.explanation.strip(),
        "",
        "## What to write instead",
        "",
        rule.fix.strip(),
        "",
        "## References",
        "",
        *[f"- {ref}" for ref in rule.references],
    ]
    for title, examples in (
        ("Fires on", rule.examples.bad),
        ("Does not fire on", rule.examples.good),
    ):
        parts += ["", f"## {title}"]
        for example in examples:
            parts += ["", _fenced(example)]
    return "\n".join(parts) + "\n"


def rule_page(rule: Rule) -> str:
    return f"# {rule.code} {rule.name}\n\n{rule_body(rule)}"


def index_page(ruleset: Ruleset) -> str:
    lines = [
        "# Rules",
        "",
        f"Ruleset {ruleset.version}: {len(ruleset.rules)} rules. Generated from `rules/` by "
        "`python -m linter.reporters.rule_docs docs/rules`; do not edit by hand.",
        "",
        "| Code | Name | Category | Severity | Summary |",
        "| --- | --- | --- | --- | --- |",
    ]
    for rule in ruleset.rules:
        off = "" if rule.default_on else " (off by default)"
        summary = rule.summary.replace("|", "\\|")
        lines.append(
            f"| [{rule.code}]({rule.code}.md) | {rule.name} | {rule.category} | "
            f"{rule.severity} | {summary}{off} |"
        )
    return "\n".join(lines) + "\n"


def help_uri(docs_url: str, rule: Rule) -> str:
    """The published page of ``rule``: ``{code}`` and ``{name}`` in ``docs_url`` are replaced;
    a URL without them is the folder the pages are in."""
    if "{code}" in docs_url or "{name}" in docs_url:
        return docs_url.replace("{code}", rule.code).replace("{name}", rule.name)
    return f"{docs_url.rstrip('/')}/{rule.code}.md"


def pages(ruleset: Ruleset) -> dict[str, str]:
    out = {f"{rule.code}.md": rule_page(rule) for rule in ruleset.rules}
    out[INDEX] = index_page(ruleset)
    return out


def stale(folder: Path, ruleset: Ruleset) -> list[str]:
    """Pages in ``folder`` that differ from the rule data, are missing, or name no rule."""
    wanted = pages(ruleset)
    out = [
        name
        for name, text in wanted.items()
        if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text
    ]
    if folder.is_dir():
        out += [p.name for p in folder.iterdir() if _PAGE.match(p.name) and p.name not in wanted]
    return sorted(out)


def write(folder: Path, ruleset: Ruleset) -> list[str]:
    """Bring ``folder`` up to date; return the names written or removed."""
    from ..atomic import write_atomic

    changed = stale(folder, ruleset)
    folder.mkdir(parents=True, exist_ok=True)
    wanted = pages(ruleset)
    for name in changed:
        if name in wanted:
            write_atomic(folder / name, wanted[name])
        else:
            (folder / name).unlink()
    return changed


def main(argv: list[str]) -> int:
    from ..rulebook import load_ruleset

    check = "--check" in argv
    args = [a for a in argv if a != "--check"]
    folder = Path(args[0] if args else "docs/rules")
    ruleset = load_ruleset()
    if check:
        changed = stale(folder, ruleset)
        for name in changed:
            print(f"{folder / name}: out of date", file=sys.stderr)
        return 1 if changed else 0
    for name in write(folder, ruleset):
        print(f"wrote {folder / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
