"""Where the linter's time goes, stage by stage, in one process: reading and building the
Document, then each check kind (the disclosure analysis is timed within the first kind that
asks for it, `topic`), against the bare markdown-it-py parse of the same texts.

    python bench/stages.py [--files N] [--seed S]

It reads the corpus `bench/bench.py` built (bench/work/files.txt): the calibration documents
and N synthetic cards drawn at random (seeded). Each stage is the best of three passes.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from collections import Counter
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))

from markdown_it import MarkdownIt  # noqa: E402

from linter.checks import CheckContext  # noqa: E402
from linter.document import parse  # noqa: E402
from linter.engine.run import compile_rules, compile_topics  # noqa: E402
from linter.rulebook import load_ruleset  # noqa: E402

WORK = BENCH / "work"


def _sample(files: int, seed: int) -> list[tuple[str, str]]:
    listing = WORK / "files.txt"
    if not listing.is_file():
        sys.exit("bench/work/files.txt is missing: run `python bench/bench.py --quick` first")
    paths = [line.strip() for line in listing.read_text().splitlines() if line.strip()]
    shared = [p for p in paths if p.startswith("shared/")]
    synthetic = [p for p in paths if not p.startswith("shared/")]
    chosen = shared + random.Random(seed).sample(synthetic, min(files, len(synthetic)))
    corpus = WORK / "corpus"
    return [(p, (corpus / p).read_text(encoding="utf-8")) for p in chosen]


def _one_pass(texts: list[tuple[str, str]], ruleset, rules) -> Counter:
    spent: Counter = Counter()
    clock = time.perf_counter
    for path, text in texts:
        gc.disable()  # as lint_file does: the collector runs once per file, after it
        start = clock()
        document = parse(path, text)
        spent["document"] += clock() - start
        ctx = CheckContext(document, ruleset, None)
        for compiled in rules:
            start = clock()
            for _ in compiled.run(compiled.rule, compiled.params, ctx):
                pass
            spent[compiled.rule.check.kind] += clock() - start
        del document, ctx
        gc.enable()
        start = clock()
        gc.collect(0)
        spent["collector"] += clock() - start
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=300, help="synthetic cards drawn")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    texts = _sample(args.files, args.seed)
    ruleset = load_ruleset()
    rules = compile_rules(ruleset.rules)
    compile_topics(ruleset)

    md = MarkdownIt("commonmark").enable("table")
    floor = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _path, text in texts:
            md.parse(text)
        floor = min(floor, time.perf_counter() - start)

    best: Counter = Counter()
    for _ in range(3):
        spent = _one_pass(texts, ruleset, rules)
        for stage, seconds in spent.items():
            best[stage] = min(best[stage], seconds) if stage in best else seconds
    total = sum(best.values())
    size = sum(len(text.encode()) for _path, text in texts) / 1e6
    print(f"{len(texts)} documents, {size:.1f} MB; best of 3 passes, seconds")
    print(f"  markdown-it-py parse (floor)  {floor:7.3f}")
    print(f"  whole lint                    {total:7.3f}   floor / lint = {floor / total:.2f}")
    for stage, seconds in best.most_common():
        print(f"    {stage:26s}  {seconds:7.3f}   {seconds / floor:5.2f} x floor")


if __name__ == "__main__":
    main()
