"""Flat rows (dicts keyed by column name) → a terminal table, Markdown, CSV or JSON.

The machine formats are a contract: CSV headers are the JSON keys, numbers are
plain (no grouping), booleans ``true``/``false``, dates ISO, blanks empty.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pipetrack.render.tables import csv_cell, to_csv, to_json, to_markdown
from pipetrack.text.columns import column_label

__all__ = ["csv_cell", "rows_csv", "rows_json", "rows_markdown", "rows_table"]

#: Columns a table keeps on one line (ids are copied into commands).
_NO_WRAP = frozenset({"id"})
_RIGHT = frozenset({"value", "size", "contacts", "prospects", "row"})


def _shown(value: Any, lang: str, column: str = "") -> str:
    if column == "stage" and isinstance(value, str):
        from pipetrack.text import stage_label

        return stage_label(value, lang)
    if column == "tier" and isinstance(value, str) and lang != "en":
        from pipetrack.text import label

        return label("tier", value, lang)  # 白金卡, 金卡, 银卡
    if isinstance(value, str) and len(value) == 16 and value[10:11] == "T":
        return value.replace("T", " ")  # a meeting's day and time: two words that may wrap
    if value is None:
        return ""
    if isinstance(value, bool):
        return ("是" if value else "") if lang == "zh" else ("yes" if value else "")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def rows_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    return to_csv(list(columns), [[r.get(c) for c in columns] for r in rows])


def rows_json(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    return to_json([{c: r.get(c) for c in columns} for r in rows])


def rows_markdown(rows: Sequence[dict[str, Any]], columns: Sequence[str], lang: str = "en") -> str:
    align = "".join("r" if c in _RIGHT else "l" for c in columns)
    return to_markdown(
        [column_label(c, lang) for c in columns],
        [[_shown(r.get(c), lang, c) for c in columns] for r in rows],
        align,
    )


def rows_table(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    lang: str = "en",
    title: str | None = None,
    width: int | None = None,
    min_widths: dict[str, int] | None = None,
) -> str:
    """The rows as a text table that never breaks a word: a column is at least as
    wide as its longest word, so a long name wraps at its spaces and an id stays
    whole (see render/plain: fast for 10,000 rows).

    With ``width``, columns that cannot fit are left out (from the right,
    never the first two) and a last line names them."""
    from rich.cells import cell_len

    from pipetrack.render import plain

    cells = {c: [_shown(r.get(c), lang, c) for r in rows] for c in columns}
    labels = {c: column_label(c, lang) for c in columns}
    need = {
        c: max((plain.unbreakable(w) for v in [*cells[c], labels[c]] for w in v.split()), default=1)
        for c in columns
    }
    for c in _NO_WRAP & set(columns):
        need[c] = max((cell_len(v) for v in [*cells[c], labels[c]]), default=1)
    for c, at_least in (min_widths or {}).items():
        if c in need:
            need[c] = max(need[c], at_least)
    kept = list(columns)
    gap = len(plain.GAP)
    while width and len(kept) > 2 and sum(need[c] for c in kept) + gap * (len(kept) - 1) > width:
        kept.pop()
    natural = {c: max(need[c], *(cell_len(v) for v in [*cells[c], labels[c]])) for c in kept}
    widths = plain.fit(need, natural, kept, width)
    text = plain.table_text(
        [labels[c] for c in kept],
        [[cells[c][i] for c in kept] for i in range(len(rows))],
        {i for i, c in enumerate(kept) if c in _RIGHT},
        [widths[c] for c in kept],
        title,
    )
    left_out = [labels[c] for c in columns if c not in kept]
    if not left_out:
        return text
    from pipetrack.text.columns import message

    return text + message("columns_left_out", lang, columns=", ".join(left_out), width=width) + "\n"
