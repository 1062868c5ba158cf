"""The parse floor: read each file named in a list (one path a line) and parse it with
markdown-it-py's CommonMark and tables, as the linter's Document layer does, in one process.

    python bench/floor.py FILE_LIST
"""

from __future__ import annotations

import sys

from markdown_it import MarkdownIt


def main() -> None:
    md = MarkdownIt("commonmark").enable("table")
    with open(sys.argv[1], encoding="utf-8") as fh:
        paths = [line.rstrip("\n") for line in fh if line.strip()]
    tokens = 0
    for path in paths:
        with open(path, "rb") as fh:
            text = fh.read().decode("utf-8", "replace").replace("\r\n", "\n")
        tokens += len(md.parse(text))
    print(f"{len(paths)} files, {tokens} block tokens")


if __name__ == "__main__":
    main()
