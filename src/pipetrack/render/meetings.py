"""The week's meetings held against the method's 8 (about 5 new, 3 carried over), in `funnel`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from pipetrack.render.tables import Section, fmt_num
from pipetrack.text import text

if TYPE_CHECKING:
    from pipetrack.domain.meetings import MeetingsHeld


def meetings_section(m: MeetingsHeld, lang: str) -> Section:
    """New meetings (first meetings), follow-up meetings and all held, each against its target."""
    rows = [
        [text("meetings_new", lang), m["new"], fmt_num(m["target_new"])],
        [text("meetings_follow_up", lang), m["follow_up"], fmt_num(m["target_follow_up"])],
        [Text(text("meetings_held", lang), style="bold"), m["held"], fmt_num(m["target"])],
    ]
    return Section(
        text("meetings_title", lang),
        ["", text("observed", lang), text("target", lang)],
        rows,
        "lrr",
        [Text(text("meetings_note", lang), style="dim")],
        total=True,
    )


def meetings_csv_rows(week: str, m: MeetingsHeld) -> list[list[object]]:
    """The funnel CSV's rows (week, measure, observed, target) for the meetings held."""
    return [
        [week, "meetings_new", m["new"], m["target_new"]],
        [week, "meetings_follow_up", m["follow_up"], m["target_follow_up"]],
        [week, "meetings_held", m["held"], m["target"]],
    ]
