"""A plain-text table for long lists (`list`, `agenda`): the look of the Rich tables,
built with string operations, so 10,000 rows print in well under a second (a Rich
Table measures every cell several times: ~7 ms a row on a loaded 2-core machine).

Words are never broken: a column is at least as wide as its longest word, a long
text wraps at its spaces; only Chinese, which has no spaces, breaks between
characters. Widths are terminal cells (CJK counts 2), so Chinese names line up.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len

GAP = "   "


def unbreakable(word: str) -> int:
    """The cells a word needs on one line: Chinese may break between any two characters."""
    if any(cell_len(ch) > 1 for ch in word):
        return min(cell_len(word), 4)
    return cell_len(word)


def _break_word(word: str, width: int) -> list[str]:
    parts, current = [], ""
    for ch in word:
        if current and cell_len(current + ch) > width:
            parts.append(current)
            current = ch
        else:
            current += ch
    return [*parts, current] if current else parts


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` cells, broken at spaces (Chinese anywhere)."""
    if cell_len(text) <= width:
        return [text]
    lines: list[str] = []
    current = ""
    for word in text.split():
        pieces = _break_word(word, width) if cell_len(word) > width else [word]
        for piece in pieces:
            candidate = f"{current} {piece}" if current else piece
            if cell_len(candidate) <= width:
                current = candidate
            else:
                if current:
                    lines.append(current)
                current = piece
    return [*lines, current] if current else lines or [""]


def _pad(text: str, width: int, right: bool) -> str:
    space = " " * max(0, width - cell_len(text))
    return space + text if right else text + space


def fit(
    need: dict[str, int], natural: dict[str, int], columns: list[str], width: int | None
) -> dict[str, int]:
    """Column widths: natural where they fit, else the widest shrunk towards their need."""
    widths = {c: natural[c] for c in columns}
    if not width:
        return widths
    over = sum(widths.values()) + len(GAP) * (len(columns) - 1) - width
    while over > 0:
        slack = max(columns, key=lambda c: widths[c] - need[c])
        if widths[slack] <= need[slack]:
            break
        widths[slack] -= 1
        over -= 1
    return widths


def table_text(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    right: set[int],
    widths: Sequence[int],
    title: str | None = None,
) -> str:
    """The table as text: title, header, a rule, the rows (each cell wrapped to its width)."""
    out = [title] if title else []
    total = sum(widths) + len(GAP) * (len(widths) - 1)

    def lines_of(cells: Sequence[str]) -> list[str]:
        wrapped = [wrap(cell, w) for cell, w in zip(cells, widths, strict=True)]
        height = max(len(w) for w in wrapped)
        return [
            GAP.join(
                _pad(w[i] if i < len(w) else "", widths[j], j in right) for j, w in enumerate(wrapped)
            ).rstrip()
            for i in range(height)
        ]

    out += lines_of(headers)
    out.append("─" * total)
    for row in rows:
        out += lines_of(row)
    return "\n".join(out) + "\n"
