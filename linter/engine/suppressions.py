"""Suppression comments, applied as a filter after every check has run.

    <!-- disclosure-lint: disable CODE[,CODE] -- reason -->       until a matching enable
    <!-- disclosure-lint: enable CODE[,CODE] -->                   (no codes: ends every disable)
    <!-- disclosure-lint: disable-next-line CODE -- reason -->     the next non-blank line
    <!-- disclosure-lint: disable-file CODE -- reason -->          the whole file

Codes are rule codes or rule names. A suppressed finding moves to ``FileResult.suppressed`` with
the comment's reason. A comment without codes or without a reason is not honoured and is
reported (the rule of kind ``suppression`` with ``problem: incomplete``), and so is one that
suppresses nothing or names no rule (``problem: unused``). Those findings cannot themselves be
suppressed: a suppression should always be visible. With ``honour=False`` (``--no-suppressions``)
nothing is suppressed and only incomplete comments are reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..checks.context import finding_at
from ..checks.suppression import Params
from ..document import Comment, Document
from ..findings import Finding
from ..rulebook import Rule, Ruleset

ACTIONS = ("disable", "enable", "disable-next-line", "disable-file")
SUPPRESSION_KIND = "suppression"
_PREFIX = re.compile(r"disclosure-lint\s*:", re.I)
_REASON = re.compile(r"(?:^|\s)--")
_END = 1 << 62


@dataclass(frozen=True, slots=True)
class Directive:
    action: str
    codes: tuple[str, ...]  # as written
    reason: str
    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    problem: str | None = None  # why it is not honoured: no-codes | no-reason | unknown-action


def parse_directive(comment: Comment) -> Directive | None:
    """The directive in an HTML comment, or None when the comment is not one."""
    text = comment.text.strip()
    if not (text.startswith("<!--") and text.endswith("-->")):
        return None
    inner = text[4:-3].strip()
    prefix = _PREFIX.match(inner)
    if prefix is None:
        return None
    body = inner[prefix.end() :]
    parts = _REASON.split(body, maxsplit=1)
    head, reason = parts[0].strip(), (parts[1].strip() if len(parts) > 1 else "")
    reason = " ".join(reason.split())
    words = [w for w in re.split(r"[\s,]+", head) if w]
    action = words[0].lower() if words else ""
    codes = tuple(words[1:])
    problem = None
    if action not in ACTIONS:
        problem = "unknown-action"
    elif action != "enable" and not codes:
        problem = "no-codes"
    elif action != "enable" and not reason:
        problem = "no-reason"
    lines = text.split("\n")
    end_line = comment.line + len(lines) - 1
    end_column = comment.column + len(text) if len(lines) == 1 else len(lines[-1]) + 1
    return Directive(
        action or head, codes, reason, comment.line, comment.column, end_line, end_column, text,
        problem,
    )  # fmt: skip


def parse_directives(comments: Iterable[Comment]) -> list[Directive]:
    """Every directive among ``comments``, in document order (audits list them)."""
    found = [d for d in map(parse_directive, comments) if d is not None]
    return sorted(found, key=lambda d: (d.line, d.column))


@dataclass(slots=True)
class _Scope:
    directive: Directive
    token: str  # the code or name as written
    code: str | None  # the rule it names; None when it names no rule
    first: int
    last: int
    used: bool = False

    def covers(self, finding: Finding) -> bool:
        if self.directive.action == "disable-next-line":
            return finding.line <= self.first <= finding.end_line
        return self.first <= finding.line <= self.last


@dataclass(slots=True)
class _Scopes:
    by_directive: dict[int, list[_Scope]] = field(default_factory=dict)
    unmatched_enables: list[tuple[Directive, list[str]]] = field(default_factory=list)

    def all(self) -> list[_Scope]:
        return [s for scopes in self.by_directive.values() for s in scopes]


def _next_text_line(lines: list[str], after: int) -> int:
    for number in range(after + 1, len(lines) + 1):
        if lines[number - 1].strip():
            return number
    return after + 1


def _scopes(directives: list[Directive], ruleset: Ruleset, lines: list[str]) -> _Scopes:
    out = _Scopes()
    open_scopes: list[_Scope] = []
    for index, d in enumerate(directives):
        if d.problem is not None:
            continue
        if d.action == "enable":
            wanted = {_code(ruleset, t) or t.upper() for t in d.codes}
            closing = [s for s in open_scopes if not d.codes or _key(s) in wanted]
            for scope in closing:
                scope.last = d.line - 1
                open_scopes.remove(scope)
            closed = {_key(s) for s in closing}
            missing = [t for t in d.codes if (_code(ruleset, t) or t.upper()) not in closed]
            if missing or not closing:
                out.unmatched_enables.append((d, missing or ["any rule"]))
            continue
        if d.action == "disable-file":
            first, last = 1, _END
        elif d.action == "disable-next-line":
            first = last = _next_text_line(lines, d.end_line)
        else:
            first, last = d.line, _END
        scopes = [_Scope(d, t, _code(ruleset, t), first, last) for t in d.codes]
        if d.action == "disable":
            open_scopes.extend(scopes)
        out.by_directive[index] = scopes
    return out


def _key(scope: _Scope) -> str:
    return scope.code or scope.token.upper()


def _code(ruleset: Ruleset, token: str) -> str | None:
    rule = ruleset.find(token)
    return rule.code if rule is not None else None


_PRECEDENCE = {"disable-next-line": 0, "disable": 1, "disable-file": 2}


def apply(
    document: Document,
    findings: list[Finding],
    ruleset: Ruleset,
    meta_rules: Sequence[tuple[Rule, Params]],
    honour: bool = True,
) -> tuple[list[Finding], list[Finding]]:
    """Split ``findings`` into (reported, suppressed) by the document's suppression comments,
    adding the findings about the comments themselves. ``meta_rules`` are the selected rules of
    kind ``suppression`` with their validated parameters."""
    directives = parse_directives(document.comments)
    if not directives:
        return findings, []
    scopes = _scopes(directives, ruleset, document.text.split("\n"))
    ordered = sorted(scopes.all(), key=lambda s: _PRECEDENCE[s.directive.action])
    kept: list[Finding] = []
    suppressed: list[Finding] = []
    for finding in findings:
        scope = None
        if honour:
            scope = next((s for s in ordered if s.code == finding.rule and s.covers(finding)), None)
        if scope is None:
            kept.append(finding)
            continue
        scope.used = True
        finding.reason = scope.directive.reason
        suppressed.append(finding)
    kept.extend(_about_directives(directives, scopes, meta_rules, honour))
    kept.sort(key=Finding.sort_key)
    return kept, suppressed


def _about_directives(
    directives: list[Directive],
    scopes: _Scopes,
    meta_rules: Sequence[tuple[Rule, Params]],
    honour: bool,
) -> Iterable[Finding]:
    by_problem = {params.problem: (rule, params) for rule, params in meta_rules}
    incomplete = by_problem.get("incomplete")
    unused = by_problem.get("unused") if honour else None
    for index, d in enumerate(directives):
        if d.problem is not None:
            if incomplete is not None:
                rule, params = incomplete
                message = params.message(d.problem, d.action, ", ".join(d.codes))
                yield _at(rule, message, d)
            continue
        if unused is None:
            continue
        rule, params = unused
        mine = scopes.by_directive.get(index, [])
        unknown = [s.token for s in mine if s.code is None]
        idle = [s.token for s in mine if s.code is not None and not s.used]
        if unknown:
            yield _at(rule, params.message("unknown-codes", d.action, ", ".join(unknown)), d)
        if idle:
            yield _at(rule, params.message("unused", d.action, ", ".join(idle)), d)
    if unused is not None:
        rule, params = unused
        for d, missing in scopes.unmatched_enables:
            yield _at(rule, params.message("unmatched-enable", d.action, ", ".join(missing)), d)


def _at(rule: Rule, message: str, d: Directive) -> Finding:
    return finding_at(rule, message, d.line, d.column, d.end_line, d.end_column, d.text)
