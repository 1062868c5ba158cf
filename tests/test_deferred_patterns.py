"""Our rules' patterns, read from the bundle checked against their files, are compiled when first
used; every other pattern (a lab's, or ours read from edited files) is compiled, and refused if
RE2 cannot run it, when the rules load."""

from __future__ import annotations

import json
import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest

from linter.engine.run import compile_rules, compile_topics
from linter.rulebook import load_ruleset
from linter.rulebook.patterns import _VERIFIED, _compile, alternation, patterns_in
from linter.rulebook.re2fast import DeferredPattern
from tests.helpers import REPO

PATTERNS = [r"\bsafe(?:ty)?\b", r"(?i:route[sd]?)\s+to\s+(\w+)", r"^\s*-\s", r"\d+(?:\.\d+)?\s*%"]
TEXTS = [
    "Requests are routed to Plover 3 when flagged; 2.5 % of them were.",
    "- a list item about safety",
    "Réponses routées to the older model — safe? 40%",
    "",
]


def test_every_pattern_our_rules_make_compiles():
    # The deferral's guarantee: each pattern and alternation it defers compiles (RE2 refuses
    # nothing here that it would refuse at load).
    ruleset = load_ruleset()
    compile_rules(ruleset.rules)
    compile_topics(ruleset)
    assert len(_VERIFIED) > 500
    for pattern in sorted(_VERIFIED):
        _compile(pattern)


_COUNT_COMPILES = """
from linter.rulebook import patterns
compiled = []
real = patterns._compile
patterns._compile = lambda p: compiled.append(p) or real(p)
from linter.engine.run import compile_rules, compile_topics
from linter.rulebook import load_ruleset
ruleset = load_ruleset()
compile_rules(ruleset.rules)
compile_topics(ruleset)
print(len(compiled))
"""


def test_loading_our_rules_compiles_no_pattern():
    # A condition or lexicon term of one pattern is an alternation of one: deferred like the rest.
    proc = subprocess.run(
        [sys.executable, "-c", _COUNT_COMPILES],
        capture_output=True, text=True, cwd=REPO, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "0"


def test_an_alternation_of_one_is_deferred_only_when_its_pattern_is_ours():
    load_ruleset()  # notes our patterns as verified
    ours = sorted(_VERIFIED)[0]
    assert isinstance(alternation([ours]), DeferredPattern)
    assert not isinstance(alternation([r"\bnot\s+one\s+of\s+ours\b"]), DeferredPattern)


@pytest.mark.parametrize("pattern", PATTERNS)
def test_a_deferred_pattern_matches_as_the_compiled_one(pattern: str):
    eager = _compile(pattern)
    deferred = DeferredPattern(partial(_compile, pattern))
    assert deferred._build is not None  # nothing compiled yet
    for text in TEXTS:
        assert deferred.found_in(text) == eager.found_in(text)
        assert [m.span() for m in deferred.finditer(text)] == [
            m.span() for m in eager.finditer(text)
        ]
        found, expected = deferred.search(text), eager.search(text)
        assert (found and found.groups()) == (expected and expected.groups())
    assert deferred._build is None
    assert deferred.source == eager.source and deferred.joinable == eager.joinable


def test_the_first_read_of_any_attribute_compiles_it():
    for read in ("joinable", "engine", "source", "groups"):
        deferred = DeferredPattern(partial(_compile, PATTERNS[1]))
        getattr(deferred, read)
        assert deferred._build is None, read
    assert DeferredPattern(partial(_compile, PATTERNS[1])).groups == 1


def test_patterns_in_reads_every_patterns_and_phrases_list_and_nothing_else():
    data = {
        "check": {"patterns": ["a", "b"], "phrases": ["plain words"], "message": "c"},
        "terms": {"t": {"patterns": ["d"]}, "u": [{"patterns": ["e", 5]}]},
        "examples": {"bad": ["patterns"]},
    }
    assert list(patterns_in(data)) == ["a", "b", r"\bplain\s+words\b", "d", "e"]


_PROBE = """
import json, sys
from pathlib import Path
from linter.engine.run import compile_rules, compile_topics
from linter.rulebook import load_ruleset
from linter.rulebook.re2fast import DeferredPattern
ruleset = load_ruleset([Path(sys.argv[1])])
rules = {c.rule.code: c for c in compile_rules(ruleset.rules)}
compile_topics(ruleset)
print(json.dumps({code: isinstance(c.params.regex, DeferredPattern) for code, c in rules.items()
                  if code in ("EU001", "HR001")}))
"""

LAB_RULE = """\
code: HR001
name: house-rule
category: euphemism
severity: warning
summary: A lab's own phrase rule.
explanation: A lab's phrase, to show its pattern is compiled when the rules load.
fix: Say what the phrase stands for.
references: ["A lab's own style guide."]
examples:
  bad: ["# Card\\n\\nOur model is ultra safe.\\n"]
  good: ["# Card\\n\\nOur model refuses 4% of benign requests.\\n"]
check:
  kind: phrase
  message: "\\"{phrase}\\" is the lab's word."
  patterns: ['\\bultra\\s+safe\\b']
"""


@pytest.mark.parametrize(
    "check",
    ["patterns: ['\\bultra\\s+safe\\b']", "phrases: ['ultra safe', 'hyper safe']"],
    ids=["patterns", "phrases"],
)
def test_ours_are_deferred_and_a_labs_are_compiled_at_load(tmp_path: Path, check: str):
    folder = tmp_path / "house"
    folder.mkdir()
    rule = LAB_RULE.replace("patterns: ['\\bultra\\s+safe\\b']", check)
    assert check in rule
    (folder / "HR001-house.yaml").write_text(rule)
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, str(folder)],
        capture_output=True, text=True, cwd=REPO, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {"EU001": True, "HR001": False}


def test_a_labs_bad_pattern_is_still_refused_at_load(tmp_path: Path):
    folder = tmp_path / "house"
    folder.mkdir()
    (folder / "HR001-house.yaml").write_text(LAB_RULE.replace("\\bultra", "(?<=x)ultra"))
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, str(folder)],
        capture_output=True, text=True, cwd=REPO, timeout=60,
    )  # fmt: skip
    assert proc.returncode != 0
    assert "HR001" in proc.stderr and "not supported" in proc.stderr


def test_a_build_that_fails_fails_again_at_the_next_read():
    from linter.rulebook import PatternError

    deferred = DeferredPattern(partial(_compile, "(?<=x)y"))  # RE2 has no look-behind
    for _ in range(2):
        with pytest.raises(PatternError, match="not supported"):
            deferred.search("xy")
