"""The speed benchmark: disclosure-lint against the bare Markdown parse and two peer linters.

    python bench/bench.py             # the full run (about a quarter of an hour on 2 cores)
    python bench/bench.py --quick     # a small corpus, to try the script

It builds a corpus under bench/work/corpus (all of ../shared/corpus/docs when present, plus a
synthetic corpus made from the project's own examples: bench/corpus.py), installs
markdownlint-cli2 with npm into bench/work/node and proselint into bench/work/venv when they are
missing, then times whole processes on the same files: `disclosure-lint check --jobs 1`, the
bare markdown-it-py parse (bench/floor.py), markdownlint-cli2, proselint, and
`disclosure-lint check --jobs N`. Each process is timed from outside (wall clock; CPU time and
peak memory from the operating system's accounting of the finished child), after a warm-up run;
figures are medians. The report goes to stdout and to bench/results/ (text and JSON).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WORK = BENCH / "work"
SHARED_DOCS = REPO.parent / "shared" / "corpus" / "docs"
SMALL_CARD = REPO / "examples" / "problem-release.md"
MARKDOWNLINT = "markdownlint-cli2@0.24.1"
PROSELINT = "proselint==0.16.0"

TARGETS = {
    "lint/parse throughput": 0.6,
    "lint/markdownlint-cli2 throughput": 3.0,
    "lint/proselint throughput": 5.0,
    "jobs N/jobs 1 throughput": 1.5,
}
PEAK_MEMORY_LIMIT_MB = 300
SMALL_PAIRS = 15  # paired runs of the small card against markdownlint-cli2


@dataclass
class Sample:
    wall: float
    cpu: float
    peak_mb: float
    code: int


@dataclass
class Timing:
    name: str
    command: list[str]
    samples: list[Sample] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples)

    @property
    def peak_mb(self) -> float:
        return max(s.peak_mb for s in self.samples)


def run_once(command: list[str], cwd: Path, output: Path | None = None) -> Sample:
    """One whole process: wall clock, user+system CPU and peak RSS from wait4."""
    out = open(output, "wb") if output else subprocess.DEVNULL  # noqa: SIM115
    try:
        started = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if output:
            out.close()
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode)


def measure(name: str, command: list[str], cwd: Path, runs: int, warmup: int = 1) -> Timing:
    timing = Timing(name, command)
    for _ in range(warmup):
        run_once(command, cwd)
    for _ in range(runs):
        timing.samples.append(run_once(command, cwd))
    print(f"  {name}: {timing.wall:.2f} s (median of {runs})", file=sys.stderr, flush=True)
    return timing


def measure_rounds(named: list[tuple[str, list[str]]], cwd: Path, runs: int) -> list[Timing]:
    """The commands in turn, round after round (A B C A B C ...), so that a drift of the
    machine's speed hits each alike; ``paired`` compares two of them round by round."""
    timings = [Timing(name, command) for name, command in named]
    for _ in range(runs):
        for timing in timings:
            timing.samples.append(run_once(timing.command, cwd))
    return timings


def paired(a: Timing, b: Timing) -> float:
    """The median, over the rounds of ``measure_rounds``, of A's wall time over B's."""
    ratio = statistics.median(x.wall / y.wall for x, y in zip(a.samples, b.samples, strict=True))
    print(f"  {a.name} / {b.name}: {ratio:.2f} (paired)", file=sys.stderr, flush=True)
    return ratio


def measure_pairs(a: tuple[str, list[str]], b: tuple[str, list[str]], cwd: Path, runs: int):
    """A and B in turn, A B A B ...: both timings and the median of A / B over the pairs."""
    ta, tb = measure_rounds([a, b], cwd, runs)
    return ta, tb, paired(ta, tb)


# -- setting up ------------------------------------------------------------------------------


def build_corpus(docs: int, megabytes: float) -> tuple[list[Path], dict]:
    from corpus import write_corpus  # bench/corpus.py, beside this script

    corpus = WORK / "corpus"
    synthetic = corpus / "synthetic"
    stamp = corpus / "synthetic.json"
    wanted = {"docs": docs, "mb": megabytes, "seed": 1}
    if not stamp.is_file() or json.loads(stamp.read_text()) != wanted:
        shutil.rmtree(synthetic, ignore_errors=True)
        write_corpus(synthetic, docs, megabytes)
        stamp.write_text(json.dumps(wanted))
    shared = corpus / "shared"
    shutil.rmtree(shared, ignore_errors=True)
    if SHARED_DOCS.is_dir():
        shutil.copytree(SHARED_DOCS, shared)
    files = sorted(shared.glob("*.md")) + sorted(synthetic.glob("*.md"))
    parts = {
        "shared": _size(sorted(shared.glob("*.md"))),
        "synthetic": _size(sorted(synthetic.glob("*.md"))),
    }
    return files, parts


def _size(files: list[Path]) -> dict:
    return {"documents": len(files), "bytes": sum(f.stat().st_size for f in files)}


def markdownlint_command() -> list[str] | None:
    node_dir = WORK / "node"
    script = node_dir / "node_modules" / "markdownlint-cli2" / "markdownlint-cli2-bin.mjs"
    if not script.is_file():
        script = node_dir / "node_modules" / ".bin" / "markdownlint-cli2"
    if not script.exists():
        npm = shutil.which("npm")
        if npm is None:
            print("npm not found: markdownlint-cli2 is left out", file=sys.stderr)
            return None
        node_dir.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--silent", MARKDOWNLINT],
            cwd=node_dir,
            check=True,
        )
        script = node_dir / "node_modules" / ".bin" / "markdownlint-cli2"
    node = shutil.which("node")
    return [node, str(script.resolve())] if node else None


def proselint_command() -> list[str] | None:
    venv = WORK / "venv"
    exe = venv / "bin" / "proselint"
    if not exe.is_file():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", PROSELINT], check=True)
    return [str(exe), "check"] if exe.is_file() else None


def version_of(command: list[str] | None, flag: str) -> str:
    if command is None:
        return "absent"
    proc = subprocess.run([*command[:2], flag], capture_output=True, text=True, check=False)
    text = (proc.stdout or proc.stderr).strip().splitlines()
    return text[0] if text else "?"


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


# -- the run -----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description="disclosure-lint speed benchmark")
    parser.add_argument("--quick", action="store_true", help="200 documents, 2 MB; no big card")
    parser.add_argument("--runs", type=int, default=5, help="counted runs of the linter")
    parser.add_argument("--peer-runs", type=int, default=1, help="counted runs of each peer")
    parser.add_argument("--no-peers", action="store_true", help="skip markdownlint and proselint")
    parser.add_argument("--no-big", action="store_true", help="skip the 5 and 50 MB cards")
    args = parser.parse_args()

    docs, megabytes = (200, 2.0) if args.quick else (2000, 20.0)
    big_mb = (0.5, 5.0) if args.quick else (5.0, 50.0)
    print("building the corpus ...", file=sys.stderr, flush=True)
    files, parts = build_corpus(docs, megabytes)
    corpus = WORK / "corpus"
    rel = [str(f.relative_to(corpus)) for f in files]
    list_file = WORK / "files.txt"
    list_file.write_text("\n".join(rel) + "\n")
    total_bytes = sum(f.stat().st_size for f in files)
    # Installing the wheel byte-compiles the package; a source checkout run with
    # PYTHONDONTWRITEBYTECODE set would compile every module again in each process.
    compileall.compile_dir(REPO / "linter", quiet=1)
    jobs = cpu_count()
    lint = [sys.executable, "-m", "linter", "check", "--format", "json"]

    report: dict = {
        "machine": {
            "cores": jobs,
            "cpu": cpu_model(),
            "python": platform.python_version(),
            "system": f"{platform.system()} {platform.release()}",
        },
        "corpus": {"total": _size(files), **parts},
    }
    timings: dict[str, Timing] = {}

    print("timing the corpus ...", file=sys.stderr, flush=True)
    floor = [sys.executable, str(BENCH / "floor.py"), str(list_file)]
    one = [*lint, "--jobs", "1", *rel]
    many = [*lint, "--jobs", str(jobs), *rel]
    same = _identical_output(one, many, corpus)  # also the warm-up of both
    run_once(floor, corpus)  # its warm-up
    # The floor and both linters in rounds: the ratios are medians of same-round ratios, which
    # hold when the shared machine's speed drifts between rounds.
    timings["parse"], timings["lint"], timings["lint-jobs"] = measure_rounds(
        [("markdown-it-py parse (floor)", floor), ("disclosure-lint --jobs 1", one),
         (f"disclosure-lint --jobs {jobs}", many)],
        corpus,
        args.runs,
    )  # fmt: skip
    parse_ratio = paired(timings["parse"], timings["lint"])
    jobs_ratio = paired(timings["lint"], timings["lint-jobs"])
    peers = {} if args.no_peers else {
        "markdownlint-cli2": markdownlint_command(),
        "proselint": proselint_command(),
    }  # fmt: skip
    for name, command in peers.items():
        if command is not None:
            timings[name] = measure(name, [*command, *rel], corpus, args.peer_runs, warmup=0)

    print("timing one small card ...", file=sys.stderr, flush=True)
    card = str(SMALL_CARD)
    card_list = WORK / "small-card.txt"
    card_list.write_text(card + "\n")
    small = {
        "disclosure-lint": measure("disclosure-lint", [*lint[:4], card], REPO, 5),
        "markdown-it-py parse": measure(
            "parse", [sys.executable, str(BENCH / "floor.py"), str(card_list)], REPO, 5
        ),
    }
    for name, command in peers.items():
        if command is not None:
            small[name] = measure(name, [*command, card], REPO, 5)
    # Tens of milliseconds apart on a shared machine: compared in pairs, A B A B ..., so that a
    # drift of the machine's speed hits both.
    small_ratio = None
    markdownlint = peers.get("markdownlint-cli2")
    if markdownlint is not None:
        *_, small_ratio = measure_pairs(
            ("disclosure-lint", [*lint[:4], card]),
            ("markdownlint-cli2", [*markdownlint, card]),
            REPO,
            SMALL_PAIRS,
        )

    print("linearity ...", file=sys.stderr, flush=True)
    synthetic = [r for r in rel if r.startswith("synthetic/")]
    half = synthetic[: len(synthetic) // 2]
    halves = measure_rounds(
        [("half", [*lint, "--jobs", "1", *half]), ("all", [*lint, "--jobs", "1", *synthetic])],
        corpus,
        3,
    )
    linear = dict(zip(("half", "all"), halves, strict=True))
    doubling = paired(linear["all"], linear["half"])
    linear_sizes = {
        "half": _size([corpus / r for r in half]),
        "all": _size([corpus / r for r in synthetic]),
    }
    if not args.no_big:
        from corpus import write_card

        for label, mb in zip(("small card", "big card"), big_mb, strict=True):
            path = WORK / f"card-{mb:g}mb.md"
            if not path.is_file():
                write_card(path, mb)
            linear[label] = measure(label, [*lint, "--jobs", "1", str(path)], REPO, 1, warmup=0)
            linear_sizes[label] = _size([path])

    report.update(
        timings={k: _timing_json(t, total_bytes, len(files)) for k, t in timings.items()},
        small_card={k: _timing_json(t) for k, t in small.items()},
        small_card_vs_markdownlint={"paired_runs": SMALL_PAIRS, "median_ratio": small_ratio},
        linearity={k: {**_timing_json(t), **linear_sizes[k]} for k, t in linear.items()},
        jobs={"workers": jobs, "median_ratio": jobs_ratio, "identical_output": same},
        paired={"parse_over_lint": parse_ratio, "all_over_half": doubling},
    )
    text = render(report, timings, small, linear, linear_sizes)
    print(text)
    results = BENCH / "results"
    results.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (results / f"bench-{stamp}.txt").write_text(text)
    (results / f"bench-{stamp}.json").write_text(json.dumps(report, indent=2) + "\n")


def _identical_output(one: list[str], many: list[str], cwd: Path) -> bool:
    a, b = WORK / "out-jobs-1.json", WORK / "out-jobs-n.json"
    run_once(one, cwd, a)
    run_once(many, cwd, b)
    return a.read_bytes() == b.read_bytes()


def _timing_json(t: Timing, total_bytes: int = 0, documents: int = 0) -> dict:
    out = {
        "command": " ".join(t.command[:8]) + (" ..." if len(t.command) > 8 else ""),
        "wall_s": round(t.wall, 3),
        "cpu_s": round(t.cpu, 3),
        "peak_mb": round(t.peak_mb, 1),
        "exit_codes": sorted({s.code for s in t.samples}),
        "samples": [asdict(s) for s in t.samples],
    }
    if total_bytes:
        out["mb_per_s"] = round(total_bytes / 1e6 / t.wall, 3)
        out["docs_per_s"] = round(documents / t.wall, 1)
    return out


def render(report, timings, small, linear, linear_sizes) -> str:
    """The printed report; the ratios come from ``report``, where main() records them."""
    corpus, parts = report["corpus"]["total"], report["corpus"]
    jobs, jobs_ratio, same = (
        report["jobs"][k] for k in ("workers", "median_ratio", "identical_output")
    )
    parse_ratio, doubling = report["paired"]["parse_over_lint"], report["paired"]["all_over_half"]
    small_ratio = report["small_card_vs_markdownlint"]["median_ratio"]
    mb = corpus["bytes"] / 1e6
    m = report["machine"]
    lines = [
        f"disclosure-lint benchmark, {time.strftime('%Y-%m-%d %H:%M')}",
        f"machine: {m['cores']} cores, {m['cpu']}, Python {m['python']}, {m['system']}",
        f"corpus: {corpus['documents']:,} documents, {mb:.1f} MB "
        f"(shared: {parts['shared']['documents']} documents, "
        f"{parts['shared']['bytes'] / 1e6:.1f} MB; synthetic from our examples: "
        f"{parts['synthetic']['documents']:,} documents, "
        f"{parts['synthetic']['bytes'] / 1e6:.1f} MB)",
        "",
        f"{'whole process, same files':34} {'wall s':>8} {'cpu s':>8} {'MB/s':>7} "
        f"{'docs/s':>8} {'peak MB':>8}",
    ]
    for t in timings.values():
        lines.append(
            f"{t.name:34} {t.wall:8.2f} {t.cpu:8.2f} {mb / t.wall:7.2f} "
            f"{corpus['documents'] / t.wall:8.1f} {t.peak_mb:8.0f}"
        )
    lint = timings["lint"]

    def ratio_line(label: str, value: float | None, target: float) -> str:
        if value is None:
            return f"  {label:36} {'n/a':>6}   (target >= {target:g})"
        verdict = "met" if value >= target else "NOT met"
        return f"  {label:36} {value:6.2f}   (target >= {target:g}: {verdict})"

    parse = timings["parse"]
    lines += [
        "",
        "ratios of throughput (paired: the median of same-round ratios; otherwise of median wall",
        "times; CPU-time ratio of medians in brackets)",
    ]
    lines.append(
        ratio_line("lint / parse (paired median)", parse_ratio, TARGETS["lint/parse throughput"])
        + f"  [{parse.cpu / lint.cpu:.2f}]"
    )
    for peer, key in (("markdownlint-cli2", "lint/markdownlint-cli2 throughput"),
                      ("proselint", "lint/proselint throughput")):  # fmt: skip
        t = timings.get(peer)
        value = t.wall / lint.wall if t else None
        extra = f"  [{t.cpu / lint.cpu:.2f}]" if t else ""
        lines.append(ratio_line(f"lint / {peer}", value, TARGETS[key]) + extra)
    scaling = ratio_line(
        f"--jobs {jobs} / --jobs 1 (paired median)",
        jobs_ratio,
        TARGETS["jobs N/jobs 1 throughput"],
    )
    lines.append(scaling + f"  output identical: {'yes' if same else 'NO'}")
    verdict = "met" if lint.peak_mb < PEAK_MEMORY_LIMIT_MB else "NOT met"
    lines.append(
        f"  {'peak memory, --jobs 1':36} {lint.peak_mb:6.0f}   "
        f"(target < {PEAK_MEMORY_LIMIT_MB} MB: {verdict})"
    )
    lines += ["", f"one small card ({SMALL_CARD.relative_to(REPO)}), whole process, median of 5"]
    for name, t in small.items():
        lines.append(f"  {name:34} {t.wall:6.3f} s  cpu {t.cpu:.3f} s  peak {t.peak_mb:.0f} MB")
    if small_ratio is not None:
        verdict = "met" if small_ratio <= 1 else "NOT met"
        lines.append(
            f"  no slower than markdownlint-cli2: {small_ratio:.2f} x "
            f"(median of {SMALL_PAIRS} paired runs; {verdict})"
        )
    lines += ["", "linearity (disclosure-lint --jobs 1)"]
    for key, t in linear.items():
        size = linear_sizes[key]
        lines.append(
            f"  {key:12} {size['documents']:5,} docs {size['bytes'] / 1e6:6.1f} MB "
            f"{t.wall:8.2f} s  {size['bytes'] / 1e6 / t.wall:5.2f} MB/s  peak {t.peak_mb:.0f} MB"
        )
    if "half" in linear and "all" in linear:
        lines.append(
            f"  doubling the corpus: time x{doubling:.2f} (paired median) "
            f"for size x{linear_sizes['all']['bytes'] / linear_sizes['half']['bytes']:.2f}"
        )
    if "small card" in linear and "big card" in linear:
        grew = linear_sizes["big card"]["bytes"] / linear_sizes["small card"]["bytes"]
        took = linear["big card"].wall / linear["small card"].wall
        lines.append(f"  one big card: time x{took:.2f} for size x{grew:.2f}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
