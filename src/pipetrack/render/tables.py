"""What every view renders with: JSON, CSV and Markdown text, the ``Section`` (a titled table)
as a Rich table or Markdown, and the number formats. Returns, never prints.

User text (names, notes) is never Rich markup: it goes in through ``Text`` or
``escape`` so ``Acme [x]`` prints as written.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from rich import box
from rich.cells import cell_len
from rich.console import Group
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from pipetrack.domain.errors import Problem
from pipetrack.render.safe import json_escape_controls
from pipetrack.text import text
from pipetrack.text.reports import problem_message


def to_json(data: Any) -> str:
    def default(value: Any) -> Any:
        if isinstance(value, (date, datetime)):
            return value.isoformat()
        raise TypeError(f"not JSON: {type(value).__name__}")

    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=default) + "\n"
    return json_escape_controls(text)  # DEL and C1 as \u00XX: the same data, nothing a terminal obeys


def csv_cell(value: Any) -> Any:
    """One CSV cell by the contract: blanks empty, booleans ``true``/``false``,
    whole floats as integers, numbers never grouped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def to_csv(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """CSV whose headers are the JSON keys and whose cells follow :func:`csv_cell`."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return buf.getvalue()


def _md_cell(value: object) -> str:
    cell = "" if value is None else str(value)
    return cell.replace("|", "\\|").replace("\n", "; ")


def to_markdown(headers: Sequence[str], rows: Sequence[Sequence[object]], align: str | None = None) -> str:
    """A Markdown table padded by terminal cell width, so CJK columns line up."""
    cells = [[_md_cell(h) for h in headers]] + [[_md_cell(v) for v in row] for row in rows]
    widths = [max(3, *(cell_len(r[i]) for r in cells)) for i in range(len(headers))]
    align = align or "l" * len(headers)

    def line(row: list[str]) -> str:
        padded = []
        for i, cell in enumerate(row):
            pad = " " * (widths[i] - cell_len(cell))
            padded.append(pad + cell if align[i] == "r" else cell + pad)
        return "| " + " | ".join(padded) + " |"

    rule = (
        "| "
        + " | ".join(
            ("-" * (w - 1) + ":") if a == "r" else "-" * w for w, a in zip(widths, align, strict=False)
        )
        + " |"
    )
    return "\n".join([line(cells[0]), rule, *(line(r) for r in cells[1:])]) + "\n"


def money(value: float | None) -> str:
    """An amount: thousands separated, cents only when there are any; blank when unknown."""
    return "" if value is None else fmt_num(value, 2)


def mark(ok: bool) -> Text:
    return Text("✓", style="green") if ok else Text("✗", style="red")


def problem_line(problem: Problem, lang: str = "en") -> str:
    """``path:line: message`` (``path:line: warning: message`` for a warning), in ``lang``."""
    label = f"{text('warning', lang)}: " if problem.severity == "warning" else ""
    return f"{problem.where}: {label}{problem_message(problem, lang)}"


__all__ = ["csv_cell", "escape", "money", "problem_line", "to_csv", "to_json", "to_markdown"]


# --- sections: one view, rendered as a Rich table, Markdown or CSV -----------


@dataclass
class Section:
    """A titled table of a report: the unit every output format renders."""

    title: str
    headers: list[str]
    rows: Sequence[Sequence[object]]  # cells: text, numbers, Rich Text, None (blank)
    align: str = ""  # one of l/r per column
    notes: list[Any] = field(default_factory=list)  # lines under the table: str or Rich Text
    caption: str = ""
    total: bool = False  # the last row is a total: set it off with a rule


def plain(cell: object) -> str:
    if isinstance(cell, Text):
        return cell.plain
    return "" if cell is None else str(cell)


def section_table(sec: Section) -> Table:
    table = Table(
        title=sec.title,
        title_justify="left",
        title_style="bold",
        caption=sec.caption or None,
        caption_justify="left",
        show_lines=False,
        expand=False,
        show_header=any(sec.headers),
        box=box.SIMPLE_HEAD,
    )
    align = sec.align or "l" * len(sec.headers)
    for i, header in enumerate(sec.headers):
        # the first column names the row (a stage, an owner): keep it whole
        longest_word = max((cell_len(w) for w in header.split()), default=0)
        if align[i] == "r":  # numbers: never folded while there is room
            longest_word = max([longest_word, *(cell_len(plain(row[i])) for row in sec.rows)])
        table.add_column(
            header,
            justify="right" if align[i] == "r" else "left",
            overflow="fold",
            no_wrap=i == 0,
            min_width=longest_word or None,
        )
    for i, row in enumerate(sec.rows):
        table.add_row(
            *[c if isinstance(c, Text) else Text(plain(c)) for c in row],
            end_section=sec.total and i == len(sec.rows) - 2,
        )
    return table


def sections_renderable(sections: list[Section], header: list[Any] | None = None) -> Group:
    parts: list[Any] = []
    for h in header or []:
        parts.append(h if isinstance(h, Text) else Text(str(h)))
    for sec in sections:
        if parts:
            parts.append(Text(""))
        if sec.rows or not sec.notes:
            parts.append(section_table(sec))
        elif sec.title:
            parts.append(Text(sec.title, style="bold"))
        for note in sec.notes:
            parts.append(note if isinstance(note, Text) else Text(str(note)))
    return Group(*parts)


def sections_markdown(title: str, sections: list[Section], header: list[Any] | None = None) -> str:
    out = [f"# {title}", ""]
    for h in header or []:
        out += [plain(h), ""]
    for sec in sections:
        if sec.title and sec.title != title:
            out += [f"## {sec.title}", ""]
        if sec.caption:
            out += [sec.caption, ""]
        if sec.rows:
            out.append(to_markdown(sec.headers, [[plain(c) for c in r] for r in sec.rows], sec.align or None))
        for note in sec.notes:
            out += [plain(note), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def fmt_num(value: float | None, digits: int = 1) -> str:
    """A count or ratio for people: whole numbers plain, others to ``digits`` places; — when unknown."""
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.{digits}f}"
    return f"{int(value):,}"


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"
