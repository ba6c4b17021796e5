"""Report data → Rich renderables, JSON, CSV and Markdown text. Returns, never prints.

User text (names, notes) is never Rich markup: it goes in through ``Text`` or
``escape`` so ``Acme [x]`` prints as written.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from rich.cells import cell_len
from rich.console import Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from pipetrack.i18n import criterion_label, stage_label, t


def to_json(data: Any) -> str:
    def default(value: Any) -> Any:
        if isinstance(value, (date, datetime)):
            return value.isoformat()
        raise TypeError(f"not JSON: {type(value).__name__}")

    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=default) + "\n"


def to_csv(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buf.getvalue()


def _md_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(headers: Sequence[str], rows: Sequence[Sequence[Any]], align: str | None = None) -> str:
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

    rule = "| " + " | ".join(
        ("-" * (w - 1) + ":") if a == "r" else "-" * w for w, a in zip(widths, align)
    ) + " |"
    return "\n".join([line(cells[0]), rule, *(line(r) for r in cells[1:])]) + "\n"


def money(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}"
    return f"{int(value):,}"


def mark(ok: bool) -> Text:
    return Text("✓", style="green") if ok else Text("✗", style="red")


def _evidence(value: Any) -> str:
    if value is None or value is False:
        return ""
    if value is True:
        return "yes"
    return str(value)


def contact_panel(view: dict[str, Any], lang: str = "en") -> Group:
    """`pipetrack show`: one contact as a panel of facts, criteria and activities."""
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column(overflow="fold")

    stage = Text(stage_label(view["stage"], lang))
    if not view["supported"]:
        stage.append(f"  ({t('supported', lang)}: {stage_label(view['supported_stage'], lang)})", style="red")
    elif view["supported_stage"] != view["stage"]:
        stage.append(f"  ({t('supported', lang)}: {stage_label(view['supported_stage'], lang)})", style="cyan")
    facts.add_row(t("stage", lang), stage)
    account = view["account_name"] or view["account"]
    for key, value in (("account", account), ("owner", view["owner"]), ("title", view["title"]),
                       ("phone", view["phone"]), ("created", view["created"])):
        if value:
            facts.add_row(t(key, lang), Text(str(value)))
    if view["first_meeting"]:
        since = view["days_since_first_meeting"]
        line = Text(view["first_meeting"])
        if since is not None and since >= 0:
            line.append(f"  {since} / {view['sales_cycle_days']} {t('days', lang)}")
        if view["stale"]:
            line.append(f"  {t('stale', lang)}: {t('stale_note', lang)}", style="bold red")
        facts.add_row(t("first_meeting", lang), line)
    facts.add_row(t("next_meeting", lang), Text(view["next_meeting"] or "—", style="" if view["next_meeting"] else "dim"))
    if view["value"] is not None:
        facts.add_row(t("value", lang), Text(money(view["value"])))
    for key in ("signed", "paid"):
        if view[key]:
            facts.add_row(t(key, lang), Text(view[key]))
    if view["lost_reason"]:
        facts.add_row(t("lost_reason", lang), Text(view["lost_reason"]))

    crit = Table(title=t("criteria", lang), title_justify="left", show_header=False, show_edge=False,
                 pad_edge=False, box=None)
    crit.add_column("", width=1)
    crit.add_column("")
    crit.add_column("", overflow="fold")
    for c in view["criteria"]:
        detail = Text(_evidence(c["evidence"]))
        if not c["holds"] and c["reason"]:
            detail = Text(c["reason"], style="dim")
        crit.add_row(mark(c["holds"]), criterion_label(c["criterion"], lang), detail)

    parts: list[Any] = [facts, Text(""), crit]
    if view["missing"]:
        parts.append(Text(""))
        for m in view["missing"]:
            parts.append(Text(f"{t('missing', lang)}: {m}", style="red"))
    if view["activities"]:
        acts = Table(title=t("activities", lang), title_justify="left", show_edge=False, pad_edge=False)
        acts.add_column(t("date", lang))
        acts.add_column(t("kind", lang))
        acts.add_column(t("outcome", lang))
        acts.add_column(t("note", lang), overflow="fold")
        for a in view["activities"][-10:]:
            acts.add_row(a["date"], a["kind"], a["outcome"] or "", Text(a["note"] or ""))
        parts += [Text(""), acts]
    if view["notes"]:
        parts += [Text(""), Text(t("notes", lang), style="bold"), Text(view["notes"].rstrip())]
    title = Text(view["name"], style="bold")
    title.append(f"  {view['id']}", style="dim")
    return Group(Panel(Group(*parts), title=title, title_align="left", expand=False))


def problem_line(problem: Any) -> str:
    if problem.severity == "warning":
        where = f"{problem.path}:{problem.line}" if problem.line else problem.path
        return f"{where}: warning: {problem.message}"
    return str(problem)


__all__ = ["escape", "to_json", "to_csv", "to_markdown", "contact_panel", "problem_line", "money"]
