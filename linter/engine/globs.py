"""Glob patterns as .gitignore writes them, used for .gitignore files and for the include,
exclude and per-file-ignores settings.

A pattern is matched against a path relative to the folder it was written in (the config file's
or the .gitignore's), with forward slashes:

- ``*`` matches within one path segment, ``?`` one character, ``[abc]`` a set;
- ``**`` matches any number of segments (``docs/**/*.md``, ``**/drafts``);
- a pattern without a slash (other than a trailing one) matches a name at any depth;
- a leading slash anchors the pattern to its folder; a trailing slash matches folders only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path


class GlobError(ValueError):
    pass


def _translate(pattern: str) -> str:
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:[^/]*/)*")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif ch == "*":
            out.append("[^/]*")
            i += 1
        elif ch == "?":
            out.append("[^/]")
            i += 1
        elif ch == "[":
            close = pattern.find("]", i + 2 if pattern[i + 1 : i + 2] in ("!", "^") else i + 1)
            if close < 0:
                raise GlobError(f"unclosed '[' in {pattern!r}")
            body = pattern[i + 1 : close]
            if body[:1] in ("!", "^"):
                body = "^" + body[1:]
            out.append("[" + body.replace("\\", "\\\\").replace("/", "") + "]")
            i = close + 1
        elif ch == "\\" and i + 1 < n:
            out.append(re.escape(pattern[i + 1]))
            i += 2
        else:
            out.append(re.escape(ch))
            i += 1
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Glob:
    pattern: str  # as written
    base: Path  # the folder the pattern is relative to (absolute)
    regex: re.Pattern[str]
    dir_only: bool

    @classmethod
    def compile(cls, pattern: str, base: Path) -> Glob:
        body = pattern.strip()
        if not body:
            raise GlobError("empty pattern")
        dir_only = body.endswith("/")
        body = body.rstrip("/")
        anchored = "/" in body
        body = body.lstrip("/")
        if not body:
            raise GlobError(f"pattern {pattern!r} matches nothing")
        prefix = "" if anchored else "(?:[^/]*/)*"
        try:
            regex = re.compile(f"{prefix}{_translate(body)}")
        except re.error as exc:
            raise GlobError(f"invalid pattern {pattern!r}: {exc}") from None
        return cls(pattern, base, regex, dir_only)

    def relative(self, path: Path) -> str | None:
        """``path`` (absolute) relative to this glob's folder, or None when outside it."""
        try:
            return path.relative_to(self.base).as_posix()
        except ValueError:
            return None

    def matches(self, path: Path, is_dir: bool) -> bool:
        """Whether the glob matches ``path`` itself (absolute)."""
        if self.dir_only and not is_dir:
            return False
        rel = self.relative(path)
        return rel is not None and rel != "." and self.regex.fullmatch(rel) is not None

    def covers(self, path: Path) -> bool:
        """Whether the glob matches the file ``path`` or one of the folders it sits in."""
        if self.matches(path, False):
            return True
        return any(self.matches(parent, True) for parent in path.parents)
