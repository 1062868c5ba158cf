"""``.gitignore`` files, read the way git reads them, so that a directory walk skips what the
repository ignores: patterns from the repository root down to each folder, the last matching
pattern wins, ``!`` re-includes, and a file inside an ignored folder stays ignored."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .globs import Glob, GlobError
from .repo import repo_root


@dataclass(frozen=True, slots=True)
class IgnoreRule:
    glob: Glob
    negated: bool


def parse_gitignore(text: str, base: Path) -> list[IgnoreRule]:
    rules: list[IgnoreRule] = []
    for raw in text.splitlines():
        line = raw.rstrip("\n\r")
        if not line.strip() or line.startswith("#"):
            continue
        if not line.endswith("\\ "):
            line = line.rstrip()
        negated = line.startswith("!")
        if negated or line.startswith(("\\!", "\\#")):  # \! and \# escape a literal ! or #
            line = line[1:]
        try:
            rules.append(IgnoreRule(Glob.compile(line, base), negated))
        except GlobError:
            continue  # git skips a pattern it cannot use; so do we
    return rules


def read_gitignore(folder: Path) -> list[IgnoreRule]:
    try:
        text = (folder / ".gitignore").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return parse_gitignore(text, folder)


def ignored(rules: list[IgnoreRule], path: Path, is_dir: bool) -> bool:
    """Whether ``path`` itself is ignored by ``rules`` (its folders are checked by the walk)."""
    verdict = False
    for rule in rules:
        if rule.glob.matches(path, is_dir):
            verdict = not rule.negated
    return verdict


def inherited_rules(folder: Path) -> list[IgnoreRule]:
    """The rules that apply in ``folder`` (absolute): .git/info/exclude and every .gitignore
    from the repository root down to ``folder``. Outside a repository, none."""
    root = repo_root(folder)
    if root is None:
        return []
    rules: list[IgnoreRule] = []
    try:
        exclude = (root / ".git" / "info" / "exclude").read_text(encoding="utf-8")
        rules.extend(parse_gitignore(exclude, root))
    except OSError:
        pass
    chain = [folder, *folder.parents]
    for candidate in reversed(chain[: chain.index(root) + 1]):
        rules.extend(read_gitignore(candidate))
    return rules
