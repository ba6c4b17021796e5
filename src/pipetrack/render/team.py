"""The team sheet, the sales cycle and the plan as sections and CSV."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text

from pipetrack.render.tables import Section, fmt_num, money, to_csv
from pipetrack.text import stage_label, text

if TYPE_CHECKING:
    from pipetrack.domain.reports import CycleReport, PlanReport, TeamCounts, TeamReport

# --- team --------------------------------------------------------------------


def team_sections(rep: TeamReport, lang: str) -> tuple[list[Any], list[Section]]:
    header = [
        Text(f"{text('period', lang)}: {rep['period']['start']} – {rep['period']['end']} ({rep['week']})")
    ]
    heads = [
        text("owner", lang),
        text("first_meetings", lang),
        "25%",
        "50%",
        "90%",
        text("collected", lang),
        stage_label("closed", lang),
        text("closed_amount", lang),
        "20:5:1",
    ]

    def row(r: TeamCounts, name: Any) -> list[object]:
        return [
            name,
            r["first_meetings"],
            r["p25"],
            r["p50"],
            r["p90"],
            money(r["collected"]),
            r["closed"],
            money(r["closed_value"]),
            f"{r['new_contacts']}:{r['new_prospects']}:{r['deals']}",
        ]

    rows = [row(r, Text(r["owner"])) for r in rep["rows"]]
    rows.append(row(rep["total"], Text(text("subtotal", lang), style="bold")))
    tgt = rep["target"]
    note = Text(
        f"20:5:1 = {text('new_contacts', lang)}:{text('new_prospects', lang)}:{text('deals', lang)} "
        f"({text('target', lang)} {fmt_num(tgt[0])}:{fmt_num(tgt[1])}:1); "
        f"{text('amounts_in', lang)} {rep['currency']}: {text('team_amounts', lang)}",
        style="dim",
    )
    return header, [Section(text("team_title", lang), heads, rows, "lrrrrrrrr", [note], total=True)]


# --- cycle and plan ----------------------------------------------------------


def cycle_sections(rep: CycleReport, lang: str) -> tuple[list[Any], list[Section]]:
    source = text("source_deals", lang) if rep["source"] == "deals" else text("source_default", lang)
    sample = text("cycle_sample", lang).format(sample=rep["sample"], min_deals=rep["min_deals"])
    header = [
        Text.assemble(
            (f"{text('my_sales_cycle', lang)}: {rep['sales_cycle_days']} {text('days', lang)}", "bold"),
            f"  ({source}; {sample})",
        )
    ]
    rows = [
        [d["id"], Text(d["name"]), d["owner"] or "", d["created"], d["signed"], d["days"]]
        for d in rep["deals"]
    ]
    notes = []
    if rep["undated_closed"]:
        notes.append(Text(text("undated_closed", lang).format(n=rep["undated_closed"]), style="yellow"))
    return header, [
        Section(
            text("deals", lang),
            [
                "id",
                text("contacts", lang),
                text("owner", lang),
                text("created", lang),
                text("signed", lang),
                text("days", lang),
            ],
            rows,
            "lllllr",
            notes or ([] if rows else [Text(text("none", lang), style="dim")]),
        )
    ]


def plan_sections(rep: PlanReport, lang: str) -> tuple[list[Any], list[Section]]:
    per = text(f"unit_{rep['per']}", lang)
    header = [
        Text(
            text("plan_header", lang).format(
                deals=fmt_num(rep["deals"]),
                per=per,
                weeks=fmt_num(rep["weeks"]),
                basis=text(f"basis_{rep['basis']}", lang),
            )
        )
    ]
    back = [
        [f"{text('deals', lang)} {text('per_week', lang)}", fmt_num(rep["deals_per_week"], 2)],
        [f"{text('new_prospects', lang)} / {per}", fmt_num(rep["prospects"])],
        [f"{text('new_contacts', lang)} / {per}", fmt_num(rep["contacts"])],
        [f"{text('meetings', lang)} {text('per_week', lang)}", fmt_num(rep["meetings_per_week"])],
        [f"{text('dials', lang)} {text('per_day', lang)}", fmt_num(rep["dials_per_day"])],
        [f"{text('connects', lang)} {text('per_day', lang)}", fmt_num(rep["connects_per_day"])],
        [f"{text('meetings_set', lang)} {text('per_day', lang)}", fmt_num(rep["meetings_per_day"])],
    ]
    p = rep["pipeline"]
    fwd: list[list[object]] = [
        [text("prospects_now", lang), p["prospects"]],
        [text("expected_deals", lang), fmt_num(p["expected_deals"])],
        [text("prospects_to_add", lang), fmt_num(p["prospects_to_add"])],
    ]
    return header, [
        Section(text("plan_backwards", lang), ["", ""], back, "lr"),
        Section(text("plan_forwards", lang), ["", ""], fwd, "lr"),
    ]


# --- flat CSV of the multi-table views ---------------------------------------

PLAN_CSV = [
    "basis",
    "per",
    "weeks",
    "deals",
    "deals_per_week",
    "prospects",
    "contacts",
    "meetings_per_week",
    "dials_per_day",
    "connects_per_day",
    "meetings_per_day",
    "owner",
    "pipeline.prospects",
    "pipeline.expected_deals",
    "pipeline.prospects_to_add",
    "pipeline.sales_cycle_days",
]
CYCLE_CSV = ["id", "name", "owner", "created", "signed", "days", "value"]
TEAM_CSV = [
    "owner",
    "first_meetings",
    "p25",
    "p50",
    "p90",
    "collected",
    "closed",
    "closed_value",
    "booked",
    "new_contacts",
    "new_prospects",
    "deals",
]


def plan_csv(rep: PlanReport) -> str:
    """The plan is one object: one row, nested keys dotted (``pipeline.prospects``)."""
    flat = rep | {f"pipeline.{k}": v for k, v in rep["pipeline"].items()}
    return to_csv(PLAN_CSV, [[flat.get(k) for k in PLAN_CSV]])


def cycle_csv(rep: CycleReport) -> str:
    """One row per closed deal of the sample."""
    return to_csv(CYCLE_CSV, [[d.get(k) for k in CYCLE_CSV] for d in rep["deals"]])


def team_csv(rep: TeamReport) -> str:
    """One row per owner, then the ``total`` row."""
    rows = [*rep["rows"], {**rep["total"], "owner": "total"}]
    return to_csv(TEAM_CSV, [[r.get(k) for k in TEAM_CSV] for r in rows])
