"""`agenda`: what a rep has to do from today on, as dated items. Pure: no I/O, no clock.

Each item is a flat dict: ``date`` (ISO day), ``time`` (HH:MM or None),
``kind`` (a code, rendered by text/), ``id`` and ``name`` of the contact,
``account``, ``owner`` and ``detail`` (a date or an amount the kind is about).

Kinds, in the order a day lists them:

* ``first_meeting`` — the first meeting on its day (a contact at first-meeting);
* ``meeting`` — ``next_meeting`` on the day;
* ``signing`` — ``criteria.signing_date`` on the day, for a deal not signed yet;
* ``ready_to_close`` — a 90% deal whose cooling-off (paid + cooling_off_days)
  ends on the day; ended before today: listed today;
* ``follow_up`` — the follow-up due within 2 days after a close, on its last day;
* ``turns_stale`` — a prospect below 90% whose first meeting becomes more than
  one sales cycle old on the day;
* ``first_meeting_passed`` — listed today: a first meeting whose date has passed
  without a move to 25%;
* ``rhythm`` — a client (an account, or a contact with no account) due for contact by
  its contact rhythm (:mod:`pipetrack.domain.rhythm`), on its due day; overdue: listed
  today. ``id``/``name`` are the account's (``account`` is its id) or the contact's,
  ``owner`` the owners of its contacts joined by ", ", and ``detail`` an object:
  ``client`` (account/contact), ``class``, ``days``, ``last_contact``, ``due`` and
  ``days_overdue``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any, TypedDict

from pipetrack.domain import rules
from pipetrack.domain.models import Account, Contact, Settings, Stage

KINDS = (
    "first_meeting",
    "meeting",
    "signing",
    "ready_to_close",
    "follow_up",
    "turns_stale",
    "first_meeting_passed",
    "rhythm",
)
#: days after a close by which the customer hears from us again
FOLLOW_UP_DAYS = 2
_OPEN = frozenset({Stage.OPPORTUNITY, Stage.FIRST_MEETING, Stage.P25, Stage.P50, Stage.P90})


class AgendaItem(TypedDict):
    """One thing to do on a day. ``detail`` depends on the kind: the value to sign, the day
    the cooling-off ends, the day closed or first met, or a client's rhythm (a mapping)."""

    date: str
    time: str | None
    kind: str
    id: str
    name: str
    account: str | None
    owner: str | None
    detail: Any


class CallsToday(TypedDict):
    dials: int
    connects: int
    meetings_set: int
    target_dials: float
    target_connects: float
    target_meetings_set: float
    reps: int


class Agenda(TypedDict):
    start: str
    end: str
    owner: str | None
    sales_cycle_days: int
    items: list[AgendaItem]
    calls_today: CallsToday


def _item(
    c: Contact, day: date, kind: str, time: str | None = None, detail: date | float | None = None
) -> AgendaItem:
    return {
        "date": day.isoformat(),
        "time": time,
        "kind": kind,
        "id": c.id,
        "name": c.name,
        "account": c.account,
        "owner": c.owner,
        "detail": detail.isoformat() if isinstance(detail, date) else detail,
    }


def _first_meeting(c: Contact, today: date, end: date) -> list[AgendaItem]:
    """The first meeting, the one the method cares most about; a next_meeting that day is the same."""
    fm, nm = c.first_meeting, c.next_meeting
    if c.stage is not Stage.FIRST_MEETING or fm is None or not today <= fm <= end:
        return []
    if nm is not None and (nm.date() if isinstance(nm, datetime) else nm) == fm:
        return []
    return [_item(c, fm, "first_meeting")]


def contact_items(
    c: Contact, settings: Settings, cycle_days: int, today: date, end: date
) -> list[AgendaItem]:
    """One contact's items dated today … ``end``."""
    items: list[AgendaItem] = []
    nm = c.next_meeting
    items += _first_meeting(c, today, end)
    if nm is not None and c.stage is not Stage.LOST:
        day = nm.date() if isinstance(nm, datetime) else nm
        if today <= day <= end:
            items.append(_item(c, day, "meeting", nm.strftime("%H:%M") if isinstance(nm, datetime) else None))
    signing = c.criteria.signing_date
    if signing is not None and c.stage in _OPEN and c.signed is None and today <= signing <= end:
        items.append(_item(c, signing, "signing", detail=c.value))
    if c.stage is Stage.P90:
        ends = rules.cooling_off_end(c, settings)
        if ends is not None and ends <= end:
            items.append(_item(c, max(ends, today), "ready_to_close", detail=ends))
    closed = rules.closed_on(c, settings) if c.stage is Stage.CLOSED else None
    if closed is not None:
        due = closed + timedelta(days=FOLLOW_UP_DAYS)
        if today <= due <= end:
            items.append(_item(c, due, "follow_up", detail=closed))
    if c.stage in rules.STALE_STAGES and c.first_meeting is not None:
        turns = c.first_meeting + timedelta(days=cycle_days + 1)
        if today <= turns <= end:
            items.append(_item(c, turns, "turns_stale", detail=c.first_meeting))
    if c.stage is Stage.FIRST_MEETING and c.first_meeting is not None and c.first_meeting < today:
        items.append(_item(c, today, "first_meeting_passed", detail=c.first_meeting))
    return items


def rhythm_items(
    contacts: Iterable[Contact],
    settings: Settings,
    today: date,
    end: date,
    owner: str | None,
    accounts: Mapping[str, Account] | None,
) -> list[AgendaItem]:
    """The clients due for contact by ``end``: on their due day, or today when overdue."""
    from pipetrack.domain import rhythm

    return [
        {
            "date": max(date.fromisoformat(r["due"]), today).isoformat(),
            "time": None,
            "kind": "rhythm",
            "id": r["id"],
            "name": r["name"],
            "account": r["id"] if r["kind"] == "account" else None,
            "owner": ", ".join(r["owners"]) or None,
            "detail": {
                "client": r["kind"],
                **{k: r[k] for k in ("class", "days", "last_contact", "due", "days_overdue")},
            },
        }
        for r in rhythm.due_by(contacts, settings, today, end, owner, accounts)
    ]


def calls_today(contacts: Iterable[Contact], settings: Settings, today: date, reps: int) -> CallsToday:
    """Today's 15-7-1 so far: dials, connects and meetings set against the daily targets."""
    dials = connects = meetings = 0
    for c in contacts:
        for a in c.activities:
            if a.date != today or a.kind != "call":
                continue
            dials += 1
            connects += a.outcome in ("connected", "meeting-set")
            meetings += a.outcome == "meeting-set"
    t = settings.targets
    return {
        "dials": dials,
        "connects": connects,
        "meetings_set": meetings,
        "target_dials": _whole(t.dials_per_day * reps),
        "target_connects": _whole(t.connects_per_day * reps),
        "target_meetings_set": _whole(t.meetings_per_day * reps),
        "reps": reps,
    }


def _whole(value: float) -> float:
    return int(value) if float(value).is_integer() else round(value, 1)


def agenda(
    contacts: Iterable[Contact],
    settings: Settings,
    cycle_days: int,
    today: date,
    days: int,
    owner: str | None = None,
    accounts: Mapping[str, Account] | None = None,
) -> Agenda:
    """The agenda for today and the ``days - 1`` days after it, and today's calls."""
    end = today + timedelta(days=days - 1)
    contacts = list(contacts)
    mine = [c for c in contacts if owner is None or c.owner == owner]
    items = [item for c in mine for item in contact_items(c, settings, cycle_days, today, end)]
    items += rhythm_items(contacts, settings, today, end, owner, accounts)
    order = {k: i for i, k in enumerate(KINDS)}
    items.sort(key=lambda i: (i["date"], i["time"] or "99:99", order[i["kind"]], i["id"]))
    reps = 1 if owner is not None else len({c.owner for c in mine if c.owner}) or 1
    return {
        "start": today.isoformat(),
        "end": end.isoformat(),
        "owner": owner,
        "sales_cycle_days": cycle_days,
        "items": items,
        "calls_today": calls_today(mine, settings, today, reps),
    }
