"""`pipetrack query`'s answer: a plain-text table (render/plain), JSON or CSV."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pipetrack.render import plain
from pipetrack.render.tables import csv_cell, to_csv, to_json


def _cell(value: Any) -> str:
    value = csv_cell(value)
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)


def query_text(columns: Sequence[str], rows: Sequence[Sequence[Any]], width: int | None, footer: str) -> str:
    """The rows as a table fitted to ``width`` (numbers to the right), then ``footer``."""
    from rich.cells import cell_len

    cells = [[_cell(v) for v in row] for row in rows]
    cols = [str(i) for i in range(len(columns))]
    values = [[columns[i], *(r[i] for r in cells)] for i in range(len(columns))]
    need = {
        c: max((plain.unbreakable(w) for v in values[int(c)] for w in v.split()), default=1) for c in cols
    }
    natural = {c: max(need[c], *(cell_len(v) for v in values[int(c)])) for c in cols}
    widths = plain.fit(need, natural, cols, width)
    numeric = {
        i
        for i in range(len(columns))
        if rows
        and all(isinstance(r[i], (int, float)) or r[i] is None for r in rows)
        and any(r[i] is not None for r in rows)
    }
    body = plain.table_text(list(columns), cells, numeric, [widths[c] for c in cols])
    return body.rstrip("\n") + "\n" + footer + "\n"


def query_json(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A list of objects, one per row, keyed by column name."""
    return to_json([dict(zip(columns, row, strict=True)) for row in rows])


def query_csv(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    return to_csv(columns, rows)
