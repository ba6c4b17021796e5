"""The weekly action sheet by update day (Monday, Wednesday, Friday) side by side:
`pipeline --updates` and `team --updates`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from rich.text import Text

from pipetrack.render.pipeline import contact_chip
from pipetrack.render.tables import Section, money, to_csv
from pipetrack.text import stage_label, text

if TYPE_CHECKING:
    from pipetrack.domain.reports import PipelineStage, PipelineUpdates, TeamCounts, TeamUpdates


def day_label(update: Any, lang: str) -> str:
    """Mon 11-23 / 周一 11-23."""
    return f"{text('updates.' + update['weekday'], lang)} {update['day'][5:]}"


def _cell(st: PipelineStage, first: bool, limit: int | None) -> Text:
    """A stage on one update day: its count (stale ones marked), then its contacts, one a line
    (opportunities, without dates, run on)."""
    cell = Text(str(st["count"]), style="bold")
    if st["stale"]:
        cell.append(f" ({st['stale']}!)", style="red")
    contacts = st["contacts"]
    shown = contacts if limit is None else contacts[:limit]
    for i, c in enumerate(shown):
        cell.append(", " if first and i else "\n")
        cell.append_text(contact_chip(c, not first))
    if len(contacts) > len(shown):
        cell.append(f"\n+{len(contacts) - len(shown)} {text('more', 'en')}", style="dim")
    return cell


def _notes(rep: PipelineUpdates | TeamUpdates, lang: str, key: str = "updates.covers") -> list[Any]:
    notes: list[Any] = [Text(text(key, lang), style="dim")]
    if rep["later"]:
        notes.append(
            Text(text("updates.later", lang, days=", ".join(d[5:] for d in rep["later"])), style="dim")
        )
    return notes


def _header(rep: PipelineUpdates | TeamUpdates, lang: str, extra: str = "") -> list[Any]:
    period = rep["period"]
    return [Text(f"{text('period', lang)}: {period['start']} – {period['end']} ({rep['week']}){extra}")]


def pipeline_updates_sections(
    rep: PipelineUpdates, lang: str, limit: int | None = 12
) -> tuple[list[Any], list[Section]]:
    """A row per stage, a column per update day up to today, the prospects and the shape below."""
    updates = rep["updates"]
    extra = f"   {text('owner', lang)}: {rep['owner']}" if rep["owner"] else ""
    header = _header(rep, lang, extra)
    if not updates:
        return header, [Section(text("updates.title", lang), [], [], "", _notes(rep, lang))]
    cycles = " / ".join(dict.fromkeys(str(u["pipeline"]["sales_cycle_days"]) for u in updates))
    header[0].append(f"   {text('my_sales_cycle', lang)}: {cycles} {text('days', lang)}")
    stages = [u["pipeline"]["stages"] for u in updates]
    rows: list[list[object]] = []
    for i, st in enumerate(stages[0]):
        every = rep["owner"] is not None and i == 0
        cells = [_cell(day[i], i == 0, None if every else limit) for day in stages]
        rows.append([stage_label(st["stage"], lang), *cells])
    rows.append([text("total", lang), *(f"{u['pipeline']['prospects']} *" for u in updates)])
    if all(u["pipeline"]["shape"] is not None for u in updates):
        rows.append(
            [text("updates.effective", lang), *(str(u["pipeline"]["effective_prospects"]) for u in updates)]
        )
        rows.append([text("shape", lang), *(u["pipeline"]["shape"]["name"] for u in updates)])  # type: ignore[index]
    notes = [
        Text(
            f"* {text('total', lang)}: {text('prospects_note', lang)}; ! = {text('stale', lang)}", style="dim"
        ),
        *_notes(rep, lang),
    ]
    headers = [text("stage", lang), *(day_label(u, lang) for u in updates)]
    return header, [Section(text("updates.title", lang), headers, rows, "l" * len(headers), notes)]


def pipeline_updates_csv(rep: PipelineUpdates) -> str:
    """A row per update day, stage and contact."""
    rows = [
        [u["day"], st["stage"], c["id"], c["name"], c["owner"], c["first_meeting"], c["stale"]]
        for u in rep["updates"]
        for st in u["pipeline"]["stages"]
        for c in st["contacts"]
    ]
    return to_csv(["day", "stage", "id", "name", "owner", "first_meeting", "stale"], rows)


TEAM_COLUMNS = ("first_meetings", "p25", "p50", "p90", "closed")


def team_updates_sections(rep: TeamUpdates, lang: str) -> tuple[list[Any], list[Section]]:
    """A row per owner; each stage column holds the counts of the update days (Mon · Wed · Fri),
    the amounts are those of the last update."""
    updates = rep["updates"]
    header = _header(rep, lang)
    if not updates:
        return header, [Section(text("updates.team_title", lang), [], [], "", _notes(rep, lang))]
    days = " · ".join(day_label(u, lang) for u in updates)
    header[0].append(f"   {text('updates.cells', lang, days=days)}")
    last = updates[-1]["team"]
    by_owner = [{r["owner"]: r for r in u["team"]["rows"]} for u in updates]
    rows = []
    lines: list[tuple[str | None, TeamCounts]] = [(r["owner"], r) for r in last["rows"]]
    for owner, row in [*lines, (None, last["total"])]:
        by_day: list[Mapping[str, object]] = [
            day.get(owner, {}) if owner else u["team"]["total"]
            for day, u in zip(by_owner, updates, strict=True)
        ]
        rows.append(
            [
                owner or text("subtotal", lang),
                *("·".join(str(r.get(k, 0)) for r in by_day) for k in TEAM_COLUMNS),
                money(row["collected"]),
                money(row["closed_value"]),
            ]
        )
    headers = [
        text("owner", lang),
        text("first_meetings", lang),
        "25%",
        "50%",
        "90%",
        stage_label("closed", lang),
        text("collected", lang),
        text("closed_value", lang),
    ]
    return header, [
        Section(
            text("updates.team_title", lang),
            headers,
            rows,
            "lrrrrrrr",
            _notes(rep, lang, "updates.covers_team"),
            total=True,
        )
    ]
