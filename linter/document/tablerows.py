"""Table rows as statements.

A row of a table says something only together with its column labels: "Category: Biology;
Blocked, share of all requests: 0.011%". Each body row becomes a block of kind `table_row` whose
text pairs every cell with its column label, so that the same sentence tests that read prose
read tables too. Positions map to the cells: a label borrowed from the header points at the
cell it describes.
"""

from __future__ import annotations

from .model import Block, OffsetMap, Table

MAX_ROW_CHARS = 4_000  # a row longer than this is data, not a statement


def row_blocks(table: Table) -> list[Block]:
    headers = table.header_texts()
    body = table.body_rows()
    if body and not any(headers):
        headers, body = [c.text for c in body[0]], body[1:]
    if not body or table.section is None:
        return []
    blocks: list[Block] = []
    for row in body:
        parts: list[str] = []
        offsets = OffsetMap()
        pos = 0
        lines: list[int] = []
        for i, cell in enumerate(row):
            if cell.block is None or not cell.text:
                continue
            label = headers[i] if i < len(headers) and headers[i] else ""
            start = cell.block.offsets.position(0)
            lines.append(start.line)
            piece = ("; " if parts else "") + (f"{label}: " if label else "")
            # Words that are not in the cell's source (the separator, a label borrowed from the
            # header) point at the cell's text, in runs no longer than the cell's first run of
            # source text: as one run, a label longer than the rest of the line would point past
            # its end.
            cell_offsets = cell.block.offsets
            room = max(1, _first_run_length(cell_offsets, len(cell.block.text)))
            for k in range(0, len(piece), room):
                offsets.add(pos + k, start.line, start.column)
            parts.append(piece)
            pos += len(piece)
            offsets.extend(cell_offsets, pos)
            parts.append(cell.block.text)
            pos += len(cell.block.text)
        text = "".join(parts)
        if not lines or len(text) > MAX_ROW_CHARS:
            continue
        blocks.append(
            Block("table_row", text, offsets, table.section, min(lines), max(lines), table=table)
        )
    return blocks


def _first_run_length(offsets: OffsetMap, text_length: int) -> int:
    """Characters of a block's text copied from one stretch of one source line, from its start."""
    if len(offsets.starts) > 1:
        return offsets.starts[1] - offsets.starts[0]
    return text_length - (offsets.starts[0] if offsets.starts else 0)
