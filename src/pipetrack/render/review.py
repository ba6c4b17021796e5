"""The weekly review as sections and CSV."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from pipetrack.render.rhythm import overdue_csv_rows, overdue_section
from pipetrack.render.tables import Section, money, to_csv
from pipetrack.text import stage_label, text

# --- review ------------------------------------------------------------------


def review_sections(rep: dict[str, Any], lang: str) -> tuple[list[Any], list[Section]]:
    header = [
        Text(
            f"{text('my_sales_cycle', lang)}: {rep['sales_cycle_days']} {text('days', lang)}   "
            f"{text('as_of', lang)} {rep['as_of']}"
        )
    ]
    none = [Text(text("none", lang), style="dim")]

    def section(key: str, title: str, heads: list[str], cells: Any, align: str) -> Section:
        """A review list: id, contact, owner and the deal's value, then the list's own columns."""
        rows = [[s["id"], Text(s["name"]), s["owner"] or "", money(s["value"]), *cells(s)] for s in rep[key]]
        return Section(
            title,
            ["id", text("contacts", lang), text("owner", lang), text("value", lang), *heads],
            rows,
            "lllr" + align,
        )

    secs = [
        section(
            "stale",
            text("to_send_back", lang),
            [text("stage", lang), text("first_meeting", lang), text("days", lang)],
            lambda s: [stage_label(s["stage"], lang), s["first_meeting"], s["days_since_first_meeting"]],
            "llr",
        ),
        section(
            "to_close",
            text("to_close", lang),
            [text("paid", lang), text("cooling_off_ended", lang)],
            lambda s: [s["paid"], s["cooling_off_ended"]],
            "ll",
        ),
        section(
            "back_to_50",
            text("back_to_50", lang),
            [text("deadline", lang), text("signed", lang), text("paid", lang)],
            lambda s: [s["deadline"], s["signed"] or "—", s["paid"] or "—"],
            "lll",
        ),
        section(
            "unsupported",
            text("unsupported", lang),
            [text("stage", lang), text("supported", lang), text("missing", lang)],
            lambda s: [
                stage_label(s["recorded"], lang),
                stage_label(s["supported"], lang),
                "; ".join(s["missing"]),
            ],
            "lll",
        ),
        section(
            "no_next_meeting",
            text("no_next_meeting", lang),
            [text("stage", lang), text("next_meeting", lang)],
            lambda s: [stage_label(s["stage"], lang), s["next_meeting"] or "—"],
            "ll",
        ),
        section(
            "beyond_cycle",
            text("beyond_cycle", lang),
            [text("first_meeting", lang)],
            lambda s: [s["first_meeting"]],
            "l",
        ),
        section(
            "not_decider",
            text("not_decider", lang),
            [text("stage", lang)],
            lambda s: [stage_label(s["stage"], lang)],
            "l",
        ),
        section(
            "missing_dates",
            text("missing_dates", lang),
            [text("stage", lang), text("missing", lang)],
            lambda s: [stage_label(s["stage"], lang), ", ".join(s["missing"])],
            "ll",
        ),
    ]
    for sec in secs:
        if not sec.rows:
            sec.notes = none
    return header, [*secs, overdue_section(rep["rhythm_overdue"], lang)]


def review_csv(rep: dict[str, Any]) -> str:
    """One row per thing to do, whichever list it is on."""
    rows = []
    for s in rep["stale"]:
        rows.append(
            [
                "stale",
                s["id"],
                s["name"],
                s["owner"],
                s["stage"],
                s["move_to"],
                f"first meeting {s['first_meeting']}, {s['days_since_first_meeting']} days",
            ]
        )
    for s in rep["to_close"]:
        rows.append(
            [
                "to_close",
                s["id"],
                s["name"],
                s["owner"],
                "90%",
                s["move_to"],
                f"cooling-off ended {s['cooling_off_ended']}",
            ]
        )
    for s in rep["back_to_50"]:
        rows.append(
            ["back_to_50", s["id"], s["name"], s["owner"], "90%", s["move_to"], f"deadline {s['deadline']}"]
        )
    for s in rep["beyond_cycle"]:
        rows.append(["beyond_cycle", s["id"], s["name"], s["owner"], "first-meeting", "", s["first_meeting"]])
    for s in rep["not_decider"]:
        rows.append(["not_decider", s["id"], s["name"], s["owner"], s["stage"], "", "right_person: false"])
    for s in rep["unsupported"]:
        rows.append(
            [
                "unsupported",
                s["id"],
                s["name"],
                s["owner"],
                s["recorded"],
                s["supported"],
                "; ".join(s["missing"]),
            ]
        )
    for s in rep["no_next_meeting"]:
        rows.append(
            ["no_next_meeting", s["id"], s["name"], s["owner"], s["stage"], "", s["next_meeting"] or ""]
        )
    for s in rep["missing_dates"]:
        rows.append(
            ["missing_dates", s["id"], s["name"], s["owner"], s["stage"], "", ", ".join(s["missing"])]
        )
    rows += overdue_csv_rows(rep["rhythm_overdue"])
    return to_csv(["list", "id", "name", "owner", "stage", "to", "detail"], rows)
