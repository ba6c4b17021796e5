"""The team tracking sheet: a row per owner."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal, TypedDict, cast, get_args

from pipetrack.domain import rules
from pipetrack.domain.models import Settings, Stage
from pipetrack.domain.reports.common import Period, PeriodData, _owned, number, snapshot_day
from pipetrack.domain.reports.funnel import became_prospect, closed_in

# --- team sheet --------------------------------------------------------------

TeamKey = Literal[
    "first_meetings",
    "p25",
    "p50",
    "p90",
    "closed",
    "collected",
    "closed_value",
    "booked",
    "new_contacts",
    "new_prospects",
    "deals",
]
TEAM_KEYS: tuple[TeamKey, ...] = get_args(TeamKey)
_Snapshot = Literal["first_meetings", "p25", "p50", "p90"]
_SNAPSHOT: dict[Stage, _Snapshot] = {
    Stage.FIRST_MEETING: "first_meetings",
    Stage.P25: "p25",
    Stage.P50: "p50",
    Stage.P90: "p90",
}


class TeamCounts(TypedDict):
    """An owner's line of the sheet (or the total): the stage snapshot, the deals and money
    of the period, the 20:5:1 counts."""

    first_meetings: int
    p25: int
    p50: int
    p90: int
    closed: int
    collected: float
    closed_value: float
    booked: float
    new_contacts: int
    new_prospects: int
    deals: int


class TeamRow(TeamCounts):
    owner: str


class TeamReport(TypedDict):
    week: str
    period: PeriodData
    as_of: str
    currency: str
    rows: list[TeamRow]
    total: TeamCounts
    target: list[float]


def _empty_row(owner: str) -> TeamRow:
    row: dict[str, object] = {"owner": owner, **dict.fromkeys(TEAM_KEYS, 0)}
    return cast(TeamRow, row)


def team_report(
    contacts: Any, settings: Settings, period: Period, today: date, cycle_days: int | None = None
) -> TeamReport:
    """One row per owner (README: the weekly review and team sheet): the stage snapshot
    (a first meeting more than one cycle ahead is not counted), closed in the period, and
    the sheet's two amounts: collected (paid in the period, beside 90%) and the value of
    the deals closed in the period (beside closed); booked (signed in the period) as a
    third; the 20:5:1 counts."""
    cycle = settings.sales_cycle_days if cycle_days is None else cycle_days
    day = snapshot_day(period, today)
    # what happened in the period up to the snapshot day: a Monday's sheet knows nothing of Tuesday
    upto = Period(period.start, day) if day >= period.start else period
    rows: dict[str, TeamRow] = {}
    for c in _owned(contacts, None):
        if c.created is not None and c.created > period.end:
            continue  # not there yet: a past week's sheet keeps its rows
        owner = c.owner or "(none)"
        row = rows.setdefault(owner, _empty_row(owner))
        stage = rules.stage_on(c, day)
        if stage in _SNAPSHOT and not rules.beyond_cycle(c, cycle, day, stage):
            row[_SNAPSHOT[stage]] += 1
        if closed_in(c, settings, upto):
            row["closed"] += 1
            row["deals"] += 1
            row["closed_value"] += c.value or 0
        if c.paid is not None and c.paid in upto:
            row["collected"] += c.collected or 0
        if c.signed is not None and c.signed in upto:
            row["booked"] += c.value or 0
        row["new_contacts"] += c.created is not None and c.created in upto
        row["new_prospects"] += became_prospect(c, upto, cycle)
    ordered = [rows[k] for k in sorted(rows)]
    total = cast(TeamCounts, {k: sum(r[k] for r in ordered) for k in TEAM_KEYS})
    for r in [*ordered, total]:
        for k in ("collected", "closed_value", "booked"):
            r[k] = number(float(r[k]))
    return {
        "week": period.label,
        "period": period.as_dict(),
        "as_of": day.isoformat(),
        "currency": settings.currency,
        "rows": ordered,
        "total": total,
        "target": [
            number(settings.targets.contacts_per_deal),
            number(settings.targets.prospects_per_deal),
            1,
        ],
    }
