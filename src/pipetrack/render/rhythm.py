"""The contact rhythm in `review` (a section, its CSV rows) and in `agenda` (an item's detail)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text

from pipetrack.render.tables import Section
from pipetrack.text import text

if TYPE_CHECKING:
    from pipetrack.domain.rhythm import ClientRhythm

CSV_LIST = "rhythm_overdue"


def rhythm_detail(detail: dict[str, Any], lang: str) -> str:
    """An agenda item's words: the class and what it calls for, the interval, the last contact."""
    key = "columns.detail_rhythm_overdue" if detail["days_overdue"] > 0 else "columns.detail_rhythm"
    return text(
        key,
        lang,
        cls=text(f"class.{detail['class']}", lang),
        days=detail["days"],
        last=detail["last_contact"],
        n=detail["days_overdue"],
    )


def overdue_section(rows: list[ClientRhythm], lang: str) -> Section:
    """Review's list of clients overdue for their rhythm (the last contact is in the JSON and
    CSV: at 80 columns there is no room for it), with what each class calls for below."""
    cells = [
        [
            r["id"],
            Text(r["name"]),
            ", ".join(r["owners"]),
            text(f"class_name.{r['class']}", lang),
            r["days_overdue"],
        ]
        for r in rows
    ]
    every = {r["class"]: r["days"] for r in rows}
    notes = [
        Text(text("rhythm_class_note", lang, cls=text(f"class.{c}", lang), days=every[c]), style="dim")
        for c in ("prospect", "interested", "closed")
        if c in every
    ]
    return Section(
        text("rhythm_overdue_title", lang),
        [
            "id",
            text("client", lang),
            text("owner", lang),
            text("client_class", lang),
            text("days_overdue", lang),
        ],
        cells,
        "llllr",
        notes or [Text(text("none", lang), style="dim")],
    )


def overdue_csv_rows(rows: list[ClientRhythm]) -> list[list[object]]:
    """Review's CSV rows (list, id, name, owner, stage, to, detail) for the overdue clients."""
    return [
        [
            CSV_LIST,
            r["id"],
            r["name"],
            "; ".join(r["owners"]),
            "",
            "",
            f"{r['class']}, every {r['days']} days, last contact {r['last_contact']}, "
            f"due {r['due']}, {r['days_overdue']} days overdue",
        ]
        for r in rows
    ]
