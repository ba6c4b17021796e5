"""The pipeline and the funnel as sections and CSV."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text

from pipetrack.domain.models import Stage
from pipetrack.render.levers import levers_section
from pipetrack.render.meetings import meetings_csv_rows, meetings_section
from pipetrack.render.tables import Section, fmt_num, money, pct, to_csv
from pipetrack.text import stage_label, text

if TYPE_CHECKING:
    from pipetrack.domain.reports import (
        FunnelReport,
        PipelineContact,
        PipelineReport,
        PipelineStage,
        StageMove,
    )

# --- pipeline ----------------------------------------------------------------


def contact_chip(c: PipelineContact, with_date: bool) -> Text:
    chip = Text(c["name"])
    if with_date and (first := c["first_meeting"]):
        chip.append(f" {first[5:]}", style="dim")
    if c["stale"]:
        chip.append(" !", style="bold red")
        chip.stylize("red", 0, len(c["name"]))
    return chip


def _stage_row(
    st: PipelineStage, lang: str, limit: int | None, first: bool, owner: str | None = None
) -> list[object]:
    """A stage: its name, count (with the stale ones), weighted value, and its contacts.
    One owner's sheet lists every contact of the first stage (opportunities), as the paper
    sheet does; a team's shows the count and the first ``limit`` (--all lists them all)."""
    chips = Text()
    contacts = st["contacts"]
    every = first and owner is not None
    shown = contacts if limit is None or every else contacts[:limit]
    # a contact per line, as on the paper sheet; the first stage's (opportunities: no dates) run on
    sep = ", " if first else "\n"
    for i, c in enumerate(shown):
        if i:
            chips.append(sep)
        chips.append_text(contact_chip(c, not first))
    if len(contacts) > len(shown):
        chips.append(f"{sep}+{len(contacts) - len(shown)} {text('more', lang)}", style="dim")
    count = Text(str(st["count"]))
    if st["stale"]:
        count.append(f" ({st['stale']}!)", style="red")
    return [stage_label(st["stage"], lang), count, money(st["weighted_value"]), chips]


def _pipeline_notes(rep: PipelineReport, lang: str) -> list[object]:
    """Under the table: the marks, the prospect counts, those beyond the cycle, the shape
    (another method than the Prospect Management System: the marks only)."""
    if rep["shape"] is None:
        return [
            Text(
                f"* {text('total', lang)}: {text('open_note', lang)}; ! = {text('stale', lang)}", style="dim"
            )
        ]
    notes = [
        Text(
            f"* {text('total', lang)}: {text('prospects_note', lang)}; ! = {text('stale', lang)}: "
            f"{text('stale_note', lang)}",
            style="dim",
        ),
        Text(
            f"{text('prospects', lang)}: {rep['prospects']}   "
            f"{text('effective_prospects', lang)}: {rep['effective_prospects']}"
        ),
    ]
    beyond = rep.get("beyond_cycle") or []
    if beyond:
        line = Text(f"{text('beyond_cycle', lang)}: ", style="yellow")
        for i, c in enumerate(beyond):
            line.append(", " if i else "")
            line.append_text(contact_chip(c, True))
        notes.append(line)
    return [
        *notes,
        Text.assemble(
            (f"{text('shape', lang)}: ", "bold"),
            (rep["shape"]["name"], "bold cyan"),
            f"  ({rep['shape']['reason']})",
        ),
        Text.assemble((f"{text('remedy', lang)}: ", "bold"), rep["shape"]["remedy"]),
    ]


def pipeline_sections(
    rep: PipelineReport, lang: str, limit: int | None = 12
) -> tuple[list[Any], list[Section]]:
    header = [
        Text(
            f"{text('my_sales_cycle', lang)}: {rep['sales_cycle_days']} {text('days', lang)}   "
            f"{text('period', lang)}: {rep['period']['start']} – {rep['period']['end']} ({rep['week']})"
            + (f"   {text('owner', lang)}: {rep['owner']}" if rep.get("owner") else "")
        ),
    ]
    rows = [_stage_row(st, lang, limit, n == 0, rep.get("owner")) for n, st in enumerate(rep["stages"])]
    rows.append(
        [
            Text(text("total", lang), style="bold"),
            str(rep["prospects"]) + " *",
            Text(money(rep["weighted_total"]), style="bold"),
            "",
        ]
    )
    sec = Section(
        text("pipeline_title", lang),
        [
            text("stage", lang),
            text("count", lang),
            f"{text('weighted', lang)} ({rep['currency']})",
            text("contacts", lang),
        ],
        rows,
        "lrrl",
        _pipeline_notes(rep, lang),
        total=True,
    )
    return header, [sec]


def pipeline_csv(rep: PipelineReport) -> str:
    rows = [
        [
            st["stage"],
            c["id"],
            c["name"],
            c["owner"],
            c["account"],
            c["first_meeting"],
            c["days_since_first_meeting"],
            c["stale"],
            c["value"],
        ]
        for st in rep["stages"]
        for c in st["contacts"]
    ]
    return to_csv(
        [
            "stage",
            "id",
            "name",
            "owner",
            "account",
            "first_meeting",
            "days_since_first_meeting",
            "stale",
            "value",
        ],
        rows,
    )


# --- funnel ------------------------------------------------------------------


def funnel_sections(
    rep: FunnelReport, lang: str, limit: int | None = None
) -> tuple[list[Any], list[Section]]:
    """The funnel as sections; with ``limit``, more stage moves than that are
    summarised as a count per kind (from → to) instead of listed one by one."""
    calls, ratio = rep["calls"], rep["ratio"]
    reps = rep["reps"]
    header = [
        Text(
            f"{text('period', lang)}: {rep['start']} – {rep['end']} ({rep['week']}), "
            f"{rep['working_days']} {text('working_days', lang)}"
            + (f"   {text('owner', lang)}: {rep['owner']}" if rep.get("owner") else "")
            + ("   " + text("targets_for_reps", lang).format(n=reps) if reps > 1 else "")
        )
    ]
    call_rows = [
        [text("dials", lang), calls["dials"], fmt_num(calls["target_dials"]), ""],
        [
            text("connects", lang),
            calls["connects"],
            fmt_num(calls["target_connects"]),
            f"{pct(calls['connect_rate'])} / {pct(calls['target_connect_rate'])}",
        ],
        [
            text("meetings_set", lang),
            calls["meetings_set"],
            fmt_num(calls["target_meetings"]),
            f"{pct(calls['meeting_rate'])} / {pct(calls['target_meeting_rate'])}",
        ],
        [Text(text("follow_ups", lang), style="dim"), calls["follow_ups"], "", ""],
    ]
    tgt = ratio["target"]
    ratio_rows = [
        [text("new_contacts", lang), ratio["new_contacts"], fmt_num(tgt[0])],
        [text("new_prospects", lang), ratio["new_prospects"], fmt_num(tgt[1])],
        [text("deals", lang), ratio["deals"], fmt_num(tgt[2])],
    ]
    return header, [
        Section("15-7-1", ["", text("observed", lang), text("target", lang), ""], call_rows, "lrrl"),
        meetings_section(rep["meetings"], lang),
        Section("20:5:1", ["", text("observed", lang), text("target", lang)], ratio_rows, "lrr"),
        levers_section(rep, lang),
        _moves_section(rep["moves"], lang, limit),
    ]


def _move_label(m: StageMove, lang: str) -> str:
    return f"{stage_label(m['from'], lang)} → {stage_label(m['to'], lang)}"


def _moves_section(moves: list[StageMove], lang: str, limit: int | None) -> Section:
    arrow = {"promotion": "↑", "demotion": "↓"}
    if limit is None or len(moves) <= limit:
        rows = [
            [m["date"], Text(m["name"]), m["owner"] or "", _move_label(m, lang), arrow[m["direction"]]]
            for m in moves
        ]
        return Section(
            text("moves", lang),
            [text("date", lang), text("contacts", lang), text("owner", lang), text("stage", lang), ""],
            rows,
            "lllll",
            [] if rows else [Text(text("none", lang), style="dim")],
        )
    kinds: dict[tuple[str, str], list[StageMove]] = {}
    for m in moves:
        kinds.setdefault((m["from"], m["to"]), []).append(m)
    rank = {s.value: s.rank for s in Stage}
    order = sorted(kinds, key=lambda k: (-len(kinds[k]), rank[k[0]], rank[k[1]]))
    rows = [
        [_move_label(kinds[k][0], lang), fmt_num(len(kinds[k])), arrow[kinds[k][0]["direction"]]]
        for k in order
    ]
    return Section(
        text("moves_by_kind", lang),
        [text("stage", lang), text("contacts", lang), ""],
        rows,
        "lrl",
        [Text(text("moves_hidden", lang).format(n=fmt_num(len(moves))), style="dim")],
    )


def funnel_csv(rep: FunnelReport) -> str:
    """One row per measure of the week: observed against target."""
    calls, ratio = rep["calls"], rep["ratio"]
    rows: list[list[object]] = [
        [rep["week"], "dials", calls["dials"], calls["target_dials"]],
        [rep["week"], "connects", calls["connects"], calls["target_connects"]],
        [rep["week"], "meetings_set", calls["meetings_set"], calls["target_meetings"]],
        *meetings_csv_rows(rep["week"], rep["meetings"]),
        [rep["week"], "new_contacts", ratio["new_contacts"], ratio["target"][0]],
        [rep["week"], "new_prospects", ratio["new_prospects"], ratio["target"][1]],
        [rep["week"], "deals", ratio["deals"], ratio["target"][2]],
    ]
    levers: list[list[object]] = [
        [rep["week"], lv["lever"], lv["observed"], lv["target"]] for lv in rep["levers"][:0]
    ]
    return to_csv(["week", "measure", "observed", "target"], rows + levers)
