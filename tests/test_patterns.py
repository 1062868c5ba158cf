"""Rule patterns cannot hang the linter: every pattern, ours or a lab's, runs on RE2, which
matches in time linear in the text; what RE2 cannot run is refused when the rules load, with the
file, the line and RE2's reason."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from linter.rulebook import PatternError, compile_pattern
from linter.rulebook.patterns import MAX_PATTERN_LENGTH
from tests.cli_inprocess import cli

CATASTROPHIC = r"(a+)+$"  # exponential on backtracking engines: "aaaa...ab"

RULE = """\
code: HR{number}
name: house-rule-{number}
category: euphemism
severity: warning
summary: A house rule of a lab, written with a pattern that backtracking engines choke on.
explanation: |
  This rule exists to show that a pattern written carelessly by a rule author cannot make the
  linter hang on a long input.
fix: Write the sentence another way, with the facts the phrase stands for.
references:
  - "A lab's own style guide."
examples:
  bad:
    - |
      # Card

      aaaa
  good:
    - |
      # Card

      bbbb
check:
  kind: phrase
  message: "\\"{{phrase}}\\" matched the house pattern."
  patterns:
    - '{pattern}'
"""


def _rules_dir(tmp_path: Path, pattern: str, number: str = "001") -> Path:
    folder = tmp_path / "house-rules"
    folder.mkdir(exist_ok=True)
    (folder / f"HR{number}-house.yaml").write_text(RULE.format(number=number, pattern=pattern))
    return folder


def _lint_seconds(tmp_path: Path, text: str, pattern: str) -> tuple[float, int, str]:
    (tmp_path / "card.md").write_text(text)
    rules = _rules_dir(tmp_path, pattern)
    started = time.perf_counter()
    result = cli(
        "check", "--rules-dir", str(rules), "--select", "HR001", "--format", "concise",
        "card.md", cwd=tmp_path,
    )  # fmt: skip
    return time.perf_counter() - started, result.code, result.out


def test_a_catastrophic_pattern_in_a_lab_rule_runs_in_linear_time(tmp_path: Path):
    # A backtracking engine needs about 2**n steps for n a's followed by a b: at n = 30 Python's
    # re takes minutes. RE2 reads each character once.
    short = "a" * 50_000 + "b"
    long = "a" * 100_000 + "b"
    t_short, code, out = _lint_seconds(tmp_path, f"# Card\n\n{short}\n", CATASTROPHIC)
    assert code == 0 and "HR001" not in out  # no match: the line ends in b
    t_long, code, _ = _lint_seconds(tmp_path, f"# Card\n\n{long}\n", CATASTROPHIC)
    assert code == 0
    assert t_long < 10  # seconds, on a shared machine; exponential would never finish
    assert t_long < 5 * t_short + 1  # doubling the text does not square the time


def test_the_same_pattern_still_matches_what_it_should(tmp_path: Path):
    _, code, out = _lint_seconds(tmp_path, "# Card\n\n" + "a" * 10_000 + "\n", CATASTROPHIC)
    assert code == 0  # a warning
    assert "HR001" in out and ":3:1:" in out


def test_re2_matches_in_linear_time_where_backtracking_explodes():
    compiled = compile_pattern(CATASTROPHIC)
    timings = []
    for n in (200_000, 400_000):
        text = "a" * n + "b"
        started = time.perf_counter()
        assert compiled.search(text) is None
        timings.append(time.perf_counter() - started)
    assert timings[1] < 1.0
    # For contrast, Python's backtracking engine on a text ten thousand times shorter (its time
    # doubles with each further a).
    started = time.perf_counter()
    assert re.search(CATASTROPHIC, "a" * 18 + "b") is None
    assert time.perf_counter() - started > timings[0] / 100


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        (r"(a)\1", "invalid escape sequence"),  # a back-reference
        (r"safe(?=ty)", "invalid perl operator"),  # look-ahead
        (r"(?<=made )safe", "invalid perl operator"),  # look-behind
        (r"[a-", "missing ]"),
    ],
)
def test_patterns_re2_cannot_run_are_refused_on_load_with_the_reason(
    tmp_path: Path, pattern: str, reason: str
):
    rules = _rules_dir(tmp_path, pattern)
    (tmp_path / "card.md").write_text("# Card\n\nText.\n")
    result = cli("check", "--rules-dir", str(rules), "card.md", cwd=tmp_path)
    assert result.code == 2
    message = result.err.strip()
    assert message.startswith(f"disclosure-lint: error: {rules / 'HR001-house.yaml'}:")
    assert "is not supported" in message and reason in message
    assert len(message.splitlines()) == 1


def test_an_overlong_pattern_is_refused():
    with pytest.raises(PatternError, match="longer than"):
        compile_pattern("a" * (MAX_PATTERN_LENGTH + 1))
