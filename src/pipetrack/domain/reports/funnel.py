"""The weekly funnel: 15-7-1 calls and 20:5:1 contacts → deals, counted per period."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypedDict

from pipetrack.domain import levers, rules
from pipetrack.domain.meetings import MeetingsHeld, meetings_held
from pipetrack.domain.models import Contact, Settings, Stage
from pipetrack.domain.reports.common import Period, _owned, iso, number

# --- the weekly funnel -------------------------------------------------------

CONNECTED = ("connected", "meeting-set")


#: A change of stage in the period (``from`` is a keyword, hence the functional form).
StageMove = TypedDict(
    "StageMove",
    {"date": str, "id": str, "name": str, "owner": str | None, "from": str, "to": str, "direction": str},
)


class Calls(TypedDict):
    """15-7-1: the calls observed against the targets."""

    dials: int
    connects: int
    meetings_set: int
    follow_ups: int
    target_dials: float
    target_connects: float
    target_meetings: float
    connect_rate: float | None
    meeting_rate: float | None
    target_connect_rate: float
    target_meeting_rate: float


class Ratio(TypedDict):
    """20:5:1: new contacts → new prospects → deals against the targets."""

    new_contacts: int
    new_prospects: int
    deals: int
    target: list[float]
    contacts_per_prospect: float | None
    prospects_per_deal: float | None


class Lever(TypedDict):
    """One of the five levers and what reaching its target would add a week."""

    lever: str
    observed: float | None
    target: float | None
    gain_deals: float | None
    gain_meetings: float | None
    gain_value: float | None
    reason: str | None
    params: dict[str, Any]


class LeverWindow(TypedDict):
    """The weeks the closing ratio and the deal size are observed over."""

    start: str
    end: str
    weeks: int
    new_prospects: int
    deals: int
    deals_with_value: int
    target_set: bool


class FunnelReport(TypedDict):
    week: str
    start: str
    end: str
    owner: str | None
    working_days: int
    reps: int
    calls: Calls
    ratio: Ratio
    moves: list[StageMove]
    meetings: MeetingsHeld
    lever_window: LeverWindow
    levers: list[Lever]
    weakest_lever: Lever


def _moves(contact: Contact) -> list[tuple[date, Stage | None, Stage]]:
    """(date, from, to) for each history entry, in date order."""
    entries = sorted(enumerate(contact.history), key=lambda ie: (ie[1].date, ie[0]))
    out: list[tuple[date, Stage | None, Stage]] = []
    before: Stage | None = None
    for _, h in entries:
        out.append((h.date, before, h.stage))
        before = h.stage
    return out


def _enters_prospect(before: Stage | None, to: Stage) -> bool:
    """A move that makes a new prospect: from opportunity, lost or nothing to a prospect stage."""
    return to.is_prospect and (before is None or not before.is_prospect) and before is not Stage.CLOSED


def became_prospect(contact: Contact, period: Period, cycle_days: int) -> bool:
    """Left opportunity (or was new) for a prospect stage within the period (a first
    meeting set more than one cycle ahead: on the day it comes within the cycle)."""
    return any(
        _enters_prospect(before, to)
        and (rules.prospect_from(contact, cycle_days, day) if to is Stage.FIRST_MEETING else day) in period
        for day, before, to in _moves(contact)
    )


def closed_in(contact: Contact, settings: Settings, period: Period) -> bool:
    closed = rules.closed_on(contact, settings)
    return closed is not None and closed in period


@dataclass
class Counts:
    """What the funnel counts in one period (see DEFINITIONS in the CLI help)."""

    dials: int = 0
    connects: int = 0
    meetings: int = 0
    #: calls to contacts already past opportunity: follow-ups, not dials
    follow_ups: int = 0
    new_contacts: int = 0
    new_prospects: int = 0
    deals: int = 0


def _day_index(periods: list[Period]) -> Callable[[date], tuple[int, ...]]:
    """day -> the indexes of the periods holding it: a dict lookup for a few weeks,
    comparisons for long periods (all history)."""
    if sum((p.end - p.start).days + 1 for p in periods) <= 1000:
        index: dict[date, tuple[int, ...]] = {}
        for i, p in enumerate(periods):
            day = p.start
            while day <= p.end:
                index[day] = (*index.get(day, ()), i)
                day += timedelta(days=1)
        return lambda day: index.get(day, ())
    return lambda day: tuple(i for i, p in enumerate(periods) if p.start <= day <= p.end)


def is_dial(contact: Contact, day: date) -> bool:
    """A call is a dial (15-7-1) when it goes to a new contact: one at opportunity when
    the day began (or not yet created; the call that sets the first meeting moves it the
    same day); a call to a prospect or a client is a follow-up."""
    stage = rules.stage_on(contact, day - timedelta(days=1))
    return stage is None or stage is Stage.OPPORTUNITY


def _count_calls(c: Contact, which: Callable[[date], tuple[int, ...]], out: list[Counts]) -> None:
    """Add a contact's calls to the periods that hold them: dials (with their connects and
    meetings set) to new contacts, follow-ups to the rest."""
    for a in c.activities:
        if a.kind != "call":
            continue
        days_in = which(a.date)
        if not days_in:
            continue
        dial = is_dial(c, a.date)
        for i in days_in:
            n = out[i]
            if not dial:
                n.follow_ups += 1
                continue
            n.dials += 1
            n.connects += a.outcome in CONNECTED
            n.meetings += a.outcome == "meeting-set"


def week_counts(
    contacts: Any,
    settings: Settings,
    periods: list[Period],
    histories: list | None = None,
    cycle_days: int | None = None,
) -> list[Counts]:
    """The funnel's counts for each period, in one pass over the contacts (the
    weekly funnel, the 8-week trend and the observed ratios all come from here).
    ``histories``: each contact's ``_moves``, when the caller has them already.
    ``cycle_days`` (else ``sales_cycle_days``): a first meeting set further ahead makes a
    prospect only on the day it comes within one cycle.
    """
    contacts = list(contacts)
    cycle = settings.sales_cycle_days if cycle_days is None else cycle_days
    out = [Counts() for _ in periods]
    which = _day_index(periods)
    for c, moves in zip(contacts, histories or map(_moves, contacts), strict=True):
        _count_calls(c, which, out)
        if c.created is not None:
            for i in which(c.created):
                out[i].new_contacts += 1
        entered: set[int] = set()
        for day, before, to in moves:
            if _enters_prospect(before, to):
                entered.update(
                    which(rules.prospect_from(c, cycle, day) if to is Stage.FIRST_MEETING else day)
                )
        for i in entered:
            out[i].new_prospects += 1
        closed = rules.closed_on(c, settings)
        if closed is not None:
            for i in which(closed):
                out[i].deals += 1
    return out


def rep_count(contacts: list[Contact], owner: str | None, period: Period) -> int:
    """How many reps a view covers: the call targets are per rep, so a team's
    funnel (no ``--owner``) aims at the targets times the owners of the contacts
    that existed by the end of the period (a past week keeps its targets)."""
    if owner is not None:
        return 1
    end = period.end
    return len({c.owner for c in contacts if c.owner and (c.created is None or c.created <= end)}) or 1


def _stage_moves(
    contacts: list[Contact], histories: list[list[tuple[date, Stage | None, Stage]]], period: Period
) -> list[StageMove]:
    """Every change of stage within the period, up or down, by date."""
    moves: list[StageMove] = []
    start, end = period.start, period.end
    for c, history in zip(contacts, histories, strict=True):
        for day, before, to in history:
            if start <= day <= end and before is not None and before is not to:
                kind = "promotion" if to.rank > before.rank else "demotion"
                moves.append(
                    {
                        "date": iso(day),
                        "id": c.id,
                        "name": c.name,
                        "owner": c.owner,
                        "from": before.value,
                        "to": to.value,
                        "direction": kind,
                    }
                )
    moves.sort(key=lambda m: (m["date"], m["id"], m["to"]))
    return moves


def _calls(n: Counts, settings: Settings, rep_days: int) -> Calls:
    """15-7-1: the calls observed against the targets for ``rep_days`` working days of reps."""
    t = settings.targets
    target_dials, target_connects, target_meetings = rules.call_targets(settings, rep_days)
    return {
        "dials": n.dials,
        "connects": n.connects,
        "meetings_set": n.meetings,
        "follow_ups": n.follow_ups,
        "target_dials": number(target_dials),
        "target_connects": number(target_connects),
        "target_meetings": number(target_meetings),
        "connect_rate": number(rules.safe_ratio(n.connects, n.dials)),
        "meeting_rate": number(rules.safe_ratio(n.meetings, n.connects)),
        "target_connect_rate": number(t.connects_per_day / t.dials_per_day),
        "target_meeting_rate": number(t.meetings_per_day / t.connects_per_day),
    }


def funnel_report(
    contacts: Any,
    settings: Settings,
    period: Period,
    today: date,
    owner: str | None = None,
    cycle_days: int | None = None,
) -> FunnelReport:
    """The week: dials → connects → meetings set (15-7-1) and new contacts →
    new prospects → deals (20:5:1), the stage moves, and the weakest lever."""
    contacts = list(contacts)
    mine = _owned(contacts, owner)
    days = settings.working_days
    t = settings.targets
    histories = [_moves(c) for c in mine]  # sorted once, used twice
    window = lever_window(period, settings)
    n, seen = week_counts(mine, settings, [period, window], histories, cycle_days)
    new_contacts, new_prospects, deals = n.new_contacts, n.new_prospects, n.deals
    reps = rep_count(mine, owner, period)
    basis = _lever_basis(contacts, mine, seen, settings, window)
    found = levers.five_levers(n.dials, n.connects, n.meetings, basis, settings, days * reps)
    ranked = [lever_json(lv) for lv in found]
    return {
        "week": period.label,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "owner": owner,
        "working_days": days,
        "reps": reps,
        "calls": _calls(n, settings, days * reps),
        "ratio": {
            "new_contacts": new_contacts,
            "new_prospects": new_prospects,
            "deals": deals,
            "target": [number(t.contacts_per_deal), number(t.prospects_per_deal), 1],
            "contacts_per_prospect": number(rules.safe_ratio(new_contacts, new_prospects)),
            "prospects_per_deal": number(rules.safe_ratio(new_prospects, deals)),
        },
        "moves": _stage_moves(mine, histories, period),
        "meetings": meetings_held(mine, settings, period.start, period.end, reps),
        "lever_window": _window_json(basis, window, settings),
        "levers": ranked,
        "weakest_lever": ranked[0],
    }


def _lever_basis(
    contacts: list[Contact], mine: list[Contact], seen: Counts, settings: Settings, window: Period
) -> levers.Window:
    """The window's new prospects, deals and deal values (the view's; every owner's values)."""
    return levers.Window(
        settings.lever_window_weeks,
        seen.new_prospects,
        seen.deals,
        _closed_values(mine, settings, window),
        _closed_values(contacts, settings, window),
    )


def _window_json(basis: levers.Window, window: Period, settings: Settings) -> LeverWindow:
    """The window the closing ratio and deal size come from."""
    return {
        "start": window.start.isoformat(),
        "end": window.end.isoformat(),
        "weeks": basis.weeks,
        "new_prospects": basis.new_prospects,
        "deals": basis.deals,
        "deals_with_value": len(basis.values),
        "target_set": settings.target_deal_value is not None,
    }


def lever_window(period: Period, settings: Settings) -> Period:
    """The weeks the closing ratio and the deal size are observed over, up to the period's end."""
    return Period(period.end - timedelta(weeks=settings.lever_window_weeks) + timedelta(days=1), period.end)


def _closed_values(contacts: list[Contact], settings: Settings, window: Period) -> tuple[float, ...]:
    return tuple(c.value for c in contacts if c.value is not None and closed_in(c, settings, window))


def lever_json(lv: levers.Lever) -> Lever:
    def r(x: float | None, digits: int) -> float | int | None:
        return None if x is None else number(round(x, digits))

    return {
        "lever": lv.key,
        "observed": r(lv.observed, 4),
        "target": r(lv.target, 4),
        "gain_deals": r(lv.gain_deals, 2),
        "gain_meetings": r(lv.gain_meetings, 1),
        "gain_value": r(lv.gain_value, 0),
        "reason": lv.reason,
        "params": lv.params,
    }
