"""The agenda as a terminal view: one table per day (time, what, who, detail), then today's calls."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from pipetrack.render.rhythm import rhythm_detail
from pipetrack.render.rows import rows_table
from pipetrack.render.tables import money
from pipetrack.text.columns import message

if TYPE_CHECKING:
    from pipetrack.domain.agenda import Agenda, AgendaItem

AGENDA_COLUMNS = ("time", "kind", "contact", "detail")
_WEEKDAYS = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "zh": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
}


def day_heading(day: str, lang: str) -> str:
    d = date.fromisoformat(day)
    return f"{day} {_WEEKDAYS.get(lang, _WEEKDAYS['en'])[d.weekday()]}"


def detail_text(item: AgendaItem, lang: str) -> str:
    kind = item["kind"]
    if kind in ("meeting", "first_meeting"):
        return item.get("account") or ""
    if kind == "signing":
        return message("detail_signing", lang, value=money(item["detail"])) if item["detail"] else ""
    if kind == "rhythm":
        return rhythm_detail(item["detail"], lang)
    return message(f"detail_{kind}", lang, detail=item["detail"], id=item["id"])


def agenda_text(rep: Agenda, lang: str, width: int | None = None) -> str:
    title = (
        message("agenda_title_day", lang, start=rep["start"])
        if rep["start"] == rep["end"]
        else message("agenda_title", lang, start=rep["start"], end=rep["end"])
    )
    parts: list[str] = [title + "\n"]
    days: dict[str, list[AgendaItem]] = {}
    for item in rep["items"]:
        days.setdefault(item["date"], []).append(item)
    from rich.cells import cell_len

    # the same time and kind columns every day, so the days line up
    kinds = max(
        cell_len(message(f"kind_{k}", lang)) for k in {i["kind"] for i in rep["items"]} or {"meeting"}
    )
    widths = {"time": 5, "kind": kinds}
    for day, items in days.items():
        rows = [
            {
                "time": i["time"] or "",
                "kind": message(f"kind_{i['kind']}", lang),
                "contact": f"{i['name']} ({i['id']})",
                "detail": detail_text(i, lang),
            }
            for i in items
        ]
        parts.append("\n" + rows_table(rows, AGENDA_COLUMNS, lang, day_heading(day, lang), width, widths))
    if not days:
        parts.append("\n" + message("agenda_empty", lang) + "\n")
    parts.append("\n" + message("calls_today", lang, **rep["calls_today"]) + "\n")
    return "".join(parts)
