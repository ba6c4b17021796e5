"""The weekly review as sections and CSV: one table per list, one CSV row per thing to do."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from rich.console import Group
from rich.text import Text

from pipetrack.render.rhythm import overdue_csv_rows, overdue_section
from pipetrack.render.tables import Section, money, to_csv
from pipetrack.text import stage_label, text

if TYPE_CHECKING:
    from pipetrack.domain.reports import ListKey, ReviewItem, ReviewReport
    from pipetrack.render.formats import View


class ReviewList(NamedTuple):
    """How one list of the review shows: its key in the report (also its title's text
    key), its own columns (text keys) after id, contact, owner and value, their cells."""

    key: ListKey
    heads: tuple[str, ...]
    cells: Callable[[ReviewItem, str], list[Any]]
    align: str


#: The review's lists in the order the table shows them.
LISTS = (
    ReviewList(
        "stale",
        ("stage", "first_meeting", "days"),
        lambda s, lang: [stage_label(s["stage"], lang), s["first_meeting"], s["days_since_first_meeting"]],
        "llr",
    ),
    ReviewList(
        "to_close",
        ("paid", "cooling_off_ended"),
        lambda s, lang: [s["paid"], s["cooling_off_ended"]],
        "ll",
    ),
    ReviewList(
        "back_to_50",
        ("deadline", "signed", "paid"),
        lambda s, lang: [s["deadline"], s["signed"] or "—", s["paid"] or "—"],
        "lll",
    ),
    ReviewList(
        "unsupported",
        ("stage", "supported", "missing"),
        lambda s, lang: [
            stage_label(s["recorded"], lang),
            stage_label(s["supported"], lang),
            "; ".join(s["missing"]),
        ],
        "lll",
    ),
    ReviewList(
        "no_next_meeting",
        ("stage", "next_meeting"),
        lambda s, lang: [stage_label(s["stage"], lang), s["next_meeting"] or "—"],
        "ll",
    ),
    ReviewList("beyond_cycle", ("first_meeting",), lambda s, lang: [s["first_meeting"]], "l"),
    ReviewList("not_decider", ("stage",), lambda s, lang: [stage_label(s["stage"], lang)], "l"),
    ReviewList(
        "missing_dates",
        ("stage", "missing"),
        lambda s, lang: [stage_label(s["stage"], lang), ", ".join(s["missing"])],
        "ll",
    ),
)
#: The title of a list where it is not the text of its key.
TITLES = {"stale": "to_send_back"}
#: Under another method than the Prospect Management System: its lists, and their titles.
OWN_LISTS = ("stale", "unsupported", "no_next_meeting", "missing_dates")
OWN_TITLES = {"no_next_meeting": "no_next_meeting_open"}


def _title(rep: ReviewReport, key: str, lang: str) -> str:
    if not rep.get("method"):
        return text(TITLES.get(key, key), lang)
    if key == "stale":
        return text("to_send_back_to", lang, stage=stage_label(rep["send_back_to"], lang))
    return text(OWN_TITLES.get(key, key), lang)


def review_sections(rep: ReviewReport, lang: str) -> tuple[list[Any], list[Section]]:
    header = [
        Text(
            f"{text('my_sales_cycle', lang)}: {rep['sales_cycle_days']} {text('days', lang)}   "
            f"{text('as_of', lang)} {rep['as_of']}"
        )
    ]
    none = [Text(text("none", lang), style="dim")]
    secs = []
    own = rep.get("method") is not None
    for kind in LISTS:
        if own and kind.key not in OWN_LISTS:
            continue
        # a review list: id, contact, owner and the deal's value, then the list's own columns
        rows = [
            [s["id"], Text(s["name"]), s["owner"] or "", money(s["value"]), *kind.cells(s, lang)]
            for s in rep[kind.key]
        ]
        secs.append(
            Section(
                _title(rep, kind.key, lang),
                ["id", text("contacts", lang), text("owner", lang), text("value", lang)]
                + [text(h, lang) for h in kind.heads],
                rows,
                "lllr" + kind.align,
                [] if rows else none,
            )
        )
    return header, [*secs, overdue_section(rep["rhythm_overdue"], lang)]


#: A list's CSV row after list, id, name and owner: (stage, to, detail), in the CSV's order.
CSV_ROWS: dict[ListKey, Callable[[ReviewItem], list[Any]]] = {
    "stale": lambda s: [
        s["stage"],
        s["move_to"],
        f"first meeting {s['first_meeting']}, {s['days_since_first_meeting']} days",
    ],
    "to_close": lambda s: ["90%", s["move_to"], f"cooling-off ended {s['cooling_off_ended']}"],
    "back_to_50": lambda s: ["90%", s["move_to"], f"deadline {s['deadline']}"],
    "beyond_cycle": lambda s: ["first-meeting", "", s["first_meeting"]],
    "not_decider": lambda s: [s["stage"], "", "right_person: false"],
    "unsupported": lambda s: [s["recorded"], s["supported"], "; ".join(s["missing"])],
    "no_next_meeting": lambda s: [s["stage"], "", s["next_meeting"] or ""],
    "missing_dates": lambda s: [s["stage"], "", ", ".join(s["missing"])],
}


def review_csv(rep: ReviewReport) -> str:
    """One row per thing to do, whichever list it is on."""
    rows = [[key, s["id"], s["name"], s["owner"], *row(s)] for key, row in CSV_ROWS.items() for s in rep[key]]
    rows += overdue_csv_rows(rep["rhythm_overdue"])
    return to_csv(["list", "id", "name", "owner", "stage", "to", "detail"], rows)


def review_view(rep: ReviewReport, lang: str) -> View:
    """The review in every format; the terminal's ends with what --apply would do."""
    from pipetrack.render.formats import View

    def sections() -> tuple[list[Any], list[Section]]:
        header, secs = review_sections(rep, lang)
        if "projects" in rep:  # a folder with projects: their stalled, tenders and gaps
            from pipetrack.render.projects import review_sections as project_sections

            secs = [*secs, *project_sections(rep["projects"], lang)]
        return header, secs

    def table(width: int) -> Group:
        from pipetrack.render.tables import sections_renderable

        header, secs = sections()
        n = rep["to_apply"]
        hint = text("moves_to_apply", lang, n=n) if n else text("nothing_to_apply", lang)
        return Group(sections_renderable(secs, header), Text(hint, style="bold" if n else "dim"))

    return View(text("review_title", lang), rep, sections, lambda: review_csv(rep), {"table": table})
