"""The benchmark's synthetic corpus, made from the project's own text only: examples/, the
examples in rule files, and tests/corpus/docs. Each document is distinct (its own title, model
name and choice of sections); the same seed gives the same corpus.

    python bench/corpus.py OUT_DIR [--docs 2000] [--mb 20] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
_HEADING = re.compile(r"^#{1,6} ", re.MULTILINE)


def _strip_front_matter(text: str) -> str:
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end >= 0:
            return text[end + 5 :]
    return text


def _sections(text: str) -> list[str]:
    """A document cut at its headings; each piece keeps its heading."""
    body = _strip_front_matter(text).strip()
    starts = [m.start() for m in _HEADING.finditer(body)]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    pieces = [body[a:b].strip() for a, b in zip(starts, [*starts[1:], len(body)], strict=True)]
    return [p for p in pieces if len(p) > 40]


def source_texts() -> list[str]:
    """Our own documents: examples, test corpus documents and rule examples."""
    from linter.document import load_plain  # the project's own YAML reader

    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "examples").glob("*.md"))]
    corpus = REPO / "tests" / "corpus" / "docs"
    texts += [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.md"))]
    for rule_file in sorted((REPO / "rules").rglob("*.yaml")):
        data = load_plain(rule_file.read_text(encoding="utf-8"))
        examples = data.get("examples") if isinstance(data, dict) else None
        if isinstance(examples, dict):
            texts += [t for key in ("bad", "good") for t in examples.get(key, [])]
    return texts


def section_pool() -> list[str]:
    pool = sorted({s for text in source_texts() for s in _sections(text)})
    if not pool:
        sys.exit("no source text found (run from a checkout of the project)")
    return pool


def document(pool: list[str], number: int, size: int, rng: random.Random) -> str:
    """One distinct card of about ``size`` characters."""
    model = f"Example {number % 97 + 2}.{number % 10}"
    parts = []
    if number % 4 == 0:
        parts.append(f"---\nmodel: {model}\nlanguage: en\nversion: {number}\n---\n")
    parts.append(f"# {model} release notes, document {number}\n")
    length = sum(len(p) for p in parts)
    part = 0
    while length < size:
        section = rng.choice(pool)
        part += 1
        if section.startswith("#"):  # keep the section tree, make the heading unique
            head, _, rest = section.partition("\n")
            section = f"{head} (part {part})\n{rest}"
        section = section.replace("Example 5", model)
        parts.append(section + "\n")
        length += len(section) + 1
    return "\n".join(parts)


def write_corpus(out: Path, docs: int, megabytes: float, seed: int = 1) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    pool = section_pool()
    rng = random.Random(seed)
    mean = int(megabytes * 1_000_000 / docs)
    paths = []
    for number in range(1, docs + 1):
        size = rng.randint(mean // 2, mean * 3 // 2)
        path = out / f"card-{number:05d}.md"
        path.write_text(document(pool, number, size, rng), encoding="utf-8")
        paths.append(path)
    return paths


def write_card(path: Path, megabytes: float, seed: int = 2) -> Path:
    """One large card: many distinct documents' sections under one title."""
    pool = section_pool()
    rng = random.Random(seed)
    target = int(megabytes * 1_000_000)
    with path.open("w", encoding="utf-8") as fh:
        fh.write("# Example 9 system card\n\n")
        written, number = 0, 0
        while written < target:
            number += 1
            text = document(pool, number, 20_000, rng).replace("\n# ", "\n## ")
            text = _strip_front_matter(text).replace("# ", "## ", 1)
            fh.write(text + "\n")
            written += len(text) + 1
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--mb", type=float, default=20.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    paths = write_corpus(args.out, args.docs, args.mb, args.seed)
    total = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} documents, {total / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
