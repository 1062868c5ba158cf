"""Text a streaming report sets aside until a part that can only be made at the end has been
written before it (totals in the opening tag of a JUnit file, the rule list ahead of SARIF
results, a token made from the whole text report). Kept in memory while small, in a temporary
file beyond that, so that holding it costs no memory that grows with the number of files."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator

IN_MEMORY = 1 << 20  # characters kept in memory before the spool moves to a temporary file
CHUNK = 1 << 16


class Spool:
    """Use as a context manager: the temporary file goes when the block ends."""

    def __init__(self) -> None:
        # Closed by __exit__: the spool outlives any one block of the report that fills it.
        self._file = tempfile.SpooledTemporaryFile(  # noqa: SIM115
            max_size=IN_MEMORY, mode="w+", encoding="utf-8", newline=""
        )

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self._file.close()

    def write(self, text: str) -> None:
        self._file.write(text)

    def chunks(self) -> Iterator[str]:
        """Everything written so far, in pieces."""
        self._file.seek(0)
        while chunk := self._file.read(CHUNK):
            yield chunk
