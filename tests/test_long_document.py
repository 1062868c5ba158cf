"""A 600 KB system card converted from PDF (page markers, footnotes, HTML tables) lints
correctly, and twice the text costs about twice the time."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

from tests.helpers import lint

FILLER = [
    "Section {n} reviews the evaluation of agentic coding tasks across {n} repositories.",
    "We measured accuracy on held-out problems and report the median of three runs.",
    "The model was trained on a mixture of licensed, public and synthetic text.",
    "Latency on long prompts improved by roughly a fifth relative to the previous release.",
    "Annotators followed written guidelines and disagreements went to a third reviewer.¹",
]


def _page(n: int) -> str:
    body = "\n".join(s.format(n=n) for s in FILLER)
    table = (
        "<table>\n<tr><th>Benchmark</th><th>Score</th></tr>\n"
        f"<tr><td>Suite {n}</td><td>{50 + n % 40}.{n % 10}</td></tr>\n</table>\n"
    )
    return (
        f"<!-- page {n} -->\n\n## {n}. Capability results\n\n{body}\n\n{table}\n¹ Footnote {n}.\n\n"
    )


DISCLOSURES = """## Serving and safeguards

A classifier screens each request; when it flags a request about biology or chemical weapons,
we route it to Example 4.8, and the reply names the model that answered. In September, 0.2% of
requests were routed. The classifier's false positive rate on 5,000 benign prompts was 0.9%.

Every customer gets the same configuration: we do not offer specialised access with different
safeguards.

## Refusal evaluations

We ran 3,000 harmful and 3,000 benign prompts, graded by an autograder.

<table>
<caption>Refusal rates by category</caption>
<tr><th>Category</th><th>Example 5 harmful refused</th><th>Example 4 harmful refused</th><th>Example 5 benign refused</th></tr>
<tr><td>Biology</td><td>97.0%</td><td>95.5%</td><td>1.2%</td></tr>
<tr><td>Cybersecurity</td><td>94.1%</td><td>92.0%</td><td>2.3%</td></tr>
</table>

## Summary

It ships with industry-leading safeguards.
"""


def build(pages: int) -> tuple[str, int]:
    head = "".join(_page(n) for n in range(1, pages // 2))
    tail = "".join(_page(n) for n in range(pages // 2, pages))
    text = f"# Example 5 System Card\n\n{head}{DISCLOSURES}\n{tail}"
    line = text.split("\n").index("It ships with industry-leading safeguards.") + 1
    return text, line


def test_long_converted_card_lints_correctly():
    text, superlative_line = build(1200)
    assert len(text.encode()) > 600_000
    findings = lint(text)
    codes = {f.rule for f in findings}
    assert not codes & {"FR001", "FR002", "FR003", "FR004", "FR005", "TD001", "RR001"}, codes
    assert not codes & {"RR002", "RR003", "RR004", "RR005"}, codes
    euphemisms = [f for f in findings if f.category == "euphemism"]
    assert [(f.rule, f.line) for f in euphemisms] == [("EU009", superlative_line)]


def _costs(small_text: str, large_text: str, check: Callable = lambda findings: None):
    """The best CPU time of five runs for each text. The runs alternate, so a slow spell on a
    shared machine falls on both sizes, and the cycle collector is off while timing: a full
    collection that happens to land in one run measures the heap, not our work."""
    best = {small_text: float("inf"), large_text: float("inf")}
    gc.collect()
    gc.disable()
    try:
        for _ in range(5):
            for text in best:
                start = time.process_time()
                findings = lint(text)
                best[text] = min(best[text], time.process_time() - start)
                check(findings)
    finally:
        gc.enable()
    return best[small_text], best[large_text]


def test_time_grows_linearly():
    small, large = _costs(build(150)[0], build(600)[0])
    # Four times the text: linear work takes about four times as long; quadratic, sixteen.
    assert large < small * 7, (small, large)


def _plain_table_card(pages: int) -> str:
    """A converted card with a plain-text refusal table (space-aligned rows under a caption) on
    every page: each table is read from its own source lines."""
    page = (
        "Table {n}: Refusal rates by category (% of prompts)\n\n"
        "Biology        97.{d}     95.5     1.2\n"
        "Cybersecurity  94.1     92.0     2.{d}\n\n"
        "{filler}\n\n"
    )
    filler = " ".join(FILLER).format(n=0)
    return "# Example 5 System Card\n\n" + "".join(
        page.format(n=n, d=n % 10, filler=filler) for n in range(pages)
    )


def test_plain_text_tables_cost_linear_time():
    def tables_read(findings) -> None:
        assert "RR001" not in {f.rule for f in findings}

    small, large = _costs(_plain_table_card(300), _plain_table_card(1200), tables_read)
    # Four times the tables: three to four times the time; reading each table by splitting the
    # whole file again made it nine.
    assert large < small * 7, (small, large)
