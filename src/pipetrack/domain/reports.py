"""Report data: what each view shows, computed once, rendered many ways.

Every function is pure: it takes records, settings and ``today`` and returns
plain dicts/lists with English keys and ISO dates — the JSON contract — which
the render layer turns into tables, Markdown, CSV or HTML.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from pipetrack.domain import rules
from pipetrack.domain.errors import UsageError
from pipetrack.domain.models import FIRST_DAY, LAST_DAY, PIPELINE_STAGES, WEEKDAYS, Contact, Settings, Stage


def iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    return value.isoformat()


def number(value: float | int | None) -> float | int | None:
    """Money and ratios in JSON: whole numbers as ints, others to 2 places."""
    if value is None:
        return None
    if isinstance(value, float):
        return int(value) if value.is_integer() else round(value, 2)
    return value


def contact_view(
    contact: Contact,
    settings: Settings,
    cycle: rules.SalesCycle,
    today: date,
    account_name: str | None = None,
) -> dict[str, Any]:
    """Everything `pipetrack show` says about one contact; the reasons as codes and
    parameters (``code``/``params``, ``missing_codes``), put into words by pipetrack.text.reports."""
    days = cycle.days
    supported = rules.supported_stage(contact, settings, days, today)
    since = rules.days_since_first_meeting(contact, today)
    missing = rules.requirements(contact, contact.stage, settings, days, today)
    criteria = [
        {
            "criterion": r.key,
            "holds": r.holds,
            "evidence": plain(r.evidence),
            "code": r.code or None,
            "params": plain(r.params),
        }
        for r in rules.check_criteria(contact, days, today)
    ]
    return {
        "id": contact.id,
        "name": contact.name,
        "account": contact.account,
        "account_name": account_name,
        "owner": contact.owner,
        "title": contact.title,
        "phone": contact.phone,
        "email": contact.email,
        "source": contact.source,
        "stage": contact.stage.value,
        "supported_stage": supported.value,
        "supported": contact.stage.rank <= supported.rank,
        "missing_codes": missing_codes(missing),
        "created": iso(contact.created),
        "first_meeting": iso(contact.first_meeting),
        "days_since_first_meeting": since,
        "sales_cycle_days": days,
        "stale": rules.is_stale(contact, days, today),
        "next_meeting": iso(contact.next_meeting),
        "criteria": criteria,
        "signed": iso(contact.signed),
        "paid": iso(contact.paid),
        "cooling_off_ends": iso(rules.cooling_off_end(contact, settings)),
        "value": number(contact.value),
        "paid_amount": number(contact.collected) if contact.paid else None,
        "weighted_value": number(rules.weighted_value(contact, settings)),
        "lost_reason": contact.lost_reason,
        "profile": contact.profile.model_dump(mode="json", exclude_none=True, exclude_defaults=True),
        "history": [{"date": iso(h.date), "stage": h.stage.value} for h in contact.history],
        "activities": [
            {"date": iso(a.date), "kind": a.kind, "outcome": a.outcome, "note": a.note}
            for a in contact.activities
        ],
        "notes": contact.notes,
    }


def plain(value: Any) -> Any:
    """A value as JSON holds it: ISO dates, rounded floats, lists for tuples, nested too."""
    if isinstance(value, (date, datetime)):
        return iso(value)
    if isinstance(value, float):
        return number(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


# --- periods -----------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A report week: ``start`` … ``end`` inclusive, named by the ISO week of its end."""

    start: date
    end: date

    @property
    def label(self) -> str:
        year, week, _ = self.end.isocalendar()
        return f"{year}-W{week:02d}"

    def __contains__(self, day: object) -> bool:
        if isinstance(day, datetime):
            day = day.date()
        return isinstance(day, date) and self.start <= day <= self.end

    def as_dict(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)
_WEEK_OFFSET = re.compile(r"^([+-]\d{1,3}|0)$")
_WEEK_WORDS = {"this": "0", "last": "-1", "本周": "0", "这周": "0", "上周": "-1"}


def week_period(spec: str | None, today: date, week_start: str = "monday") -> Period:
    """The week ``this`` (default), ``last``, an offset in weeks
    (``-1`` is last week, ``-2`` the one before), or ``YYYY-Www``, starting on ``week_start``.

    With ``week_start: friday`` (the weekly action sheet) a week runs from Friday
    to Thursday; ``2026-W47`` is the week that ends in ISO week 47.
    """
    first = WEEKDAYS.index(week_start)
    spec = (spec or "this").strip()
    offset = _WEEK_WORDS.get(spec.lower(), spec)
    if _WEEK_OFFSET.match(offset):
        start = today - timedelta(days=(today.weekday() - first) % 7) + timedelta(weeks=int(offset))
    else:
        match = _WEEK.match(spec)
        if not match:
            raise UsageError(f"--week: {spec!r} is not a week (YYYY-Www, this, last, or -1, -2 … weeks back)")
        if not FIRST_DAY.year <= int(match[1]) <= LAST_DAY.year:
            raise UsageError(
                f"--week: {spec!r} is out of range ({FIRST_DAY.year}-W01 to {LAST_DAY.year}-W52)"
            )
        try:
            monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
        except ValueError:
            raise UsageError(f"--week: {spec!r} is not a week of that year") from None
        end_weekday = (first + 6) % 7
        end = monday + timedelta(days=end_weekday)
        start = end - timedelta(days=6)
    return Period(start, start + timedelta(days=6))


def snapshot_day(period: Period, today: date) -> date:
    """Stage counts are a snapshot at the end of the period, or today if earlier."""
    return min(period.end, today)


def _owned(contacts: Any, owner: str | None, account: str | None = None) -> list[Contact]:
    return sorted(
        (
            c
            for c in contacts
            if (owner is None or c.owner == owner) and (account is None or c.account == account)
        ),
        key=lambda c: c.id,
    )


# --- sales cycle -------------------------------------------------------------


def cycle_report(cycle: rules.SalesCycle, settings: Settings) -> dict[str, Any]:
    return {
        "sales_cycle_days": cycle.days,
        "source": cycle.source,
        "sample": settings.cycle_sample,
        "min_deals": settings.cycle_min_deals,
        "default_days": settings.sales_cycle_days,
        "undated_closed": cycle.undated,
        "deals": [
            {
                "id": d.contact.id,
                "name": d.contact.name,
                "owner": d.contact.owner,
                "created": iso(d.created),
                "signed": iso(d.signed),
                "days": d.days,
                "value": number(d.contact.value),
            }
            for d in cycle.deals
        ],
    }


# --- pipeline (the weekly action tool sheet) ---------------------------------


def pipeline_report(
    contacts: Any,
    settings: Settings,
    cycle: rules.SalesCycle,
    period: Period,
    today: date,
    owner: str | None = None,
    account: str | None = None,
) -> dict[str, Any]:
    """A row per stage with contacts, first meeting dates, stale marks, subtotals,
    weighted value and the shape diagnosis (README: the weekly review, Shape diagnosis)."""
    day = snapshot_day(period, today)
    rows: dict[Stage, list[dict[str, Any]]] = {s: [] for s in PIPELINE_STAGES}
    weighted: dict[Stage, float] = {s: 0.0 for s in PIPELINE_STAGES}
    values: dict[Stage, float] = {s: 0.0 for s in PIPELINE_STAGES}
    stale: dict[Stage, int] = {s: 0 for s in PIPELINE_STAGES}
    beyond: list[dict[str, Any]] = []
    for c in _owned(contacts, owner, account):
        stage = rules.stage_on(c, day)
        if stage is None or stage is Stage.LOST:
            continue
        if stage is Stage.CLOSED:
            closed = rules.closed_on(c, settings)
            if closed is None or closed not in period:
                continue
        is_stale = rules.is_stale(c, cycle.days, day, stage)
        if rules.beyond_cycle(c, cycle.days, day, stage):
            # a first meeting set more than one cycle ahead: not a prospect yet, listed apart
            target = beyond
        else:
            target = rows[stage]
            stale[stage] += is_stale
            weighted[stage] += rules.weighted_value(c, settings, stage)
            values[stage] += c.value or 0
        target.append(
            {
                "id": c.id,
                "name": c.name,
                "owner": c.owner,
                "account": c.account,
                "first_meeting": iso(c.first_meeting),
                "days_since_first_meeting": rules.days_since_first_meeting(c, day),
                "next_meeting": iso(c.next_meeting),
                "stale": is_stale,
                "value": number(c.value),
            }
        )
    for row in (*rows.values(), beyond):
        # oldest first meeting first: the ones to act on
        row.sort(key=lambda r: (r["first_meeting"] or "9999", r["name"], r["id"]))
    counts = {s: len(rows[s]) for s in PIPELINE_STAGES}
    shape = rules.diagnose_shape(counts, stale, settings)
    return {
        "as_of": day.isoformat(),
        "week": period.label,
        "period": period.as_dict(),
        "sales_cycle_days": cycle.days,
        "sales_cycle_source": cycle.source,
        "owner": owner,
        "account": account,
        "currency": settings.currency,
        "stages": [
            {
                "stage": s.value,
                "count": counts[s],
                "stale": stale[s],
                "value": number(values[s]),
                "weighted_value": number(weighted[s]),
                "contacts": rows[s],
            }
            for s in PIPELINE_STAGES
        ],
        "prospects": sum(counts[s] for s in PIPELINE_STAGES if s.is_prospect),
        "effective_prospects": sum(counts[s] for s in rules.EFFECTIVE_STAGES),
        "beyond_cycle": beyond,
        # open deals only: a deal closed in the period is money won, shown as closed_value beside it
        "weighted_total": number(sum(weighted[s] for s in PIPELINE_STAGES if s.is_prospect)),
        "closed_value": number(values[Stage.CLOSED]),
        # the words (name, remedy, reason) are added by pipetrack.text.name_shape
        "shape": {"pattern": shape.pattern, "facts": shape.facts},
    }


def missing_codes(missing: list[rules.Missing]) -> list[dict[str, Any]]:
    """What a stage lacks as JSON-ready codes: [{key, code, params}]."""
    return [{"key": m.key, "code": m.code, "params": plain(m.params)} for m in missing]


# --- the weekly funnel -------------------------------------------------------

CONNECTED = ("connected", "meeting-set")


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


def funnel_report(
    contacts: Any,
    settings: Settings,
    period: Period,
    today: date,
    owner: str | None = None,
    cycle_days: int | None = None,
) -> dict[str, Any]:
    """The week: dials → connects → meetings set (15-7-1) and new contacts →
    new prospects → deals (20:5:1), the stage moves, and the weakest lever."""
    mine = _owned(contacts, owner)
    days = settings.working_days
    t = settings.targets
    histories = [_moves(c) for c in mine]  # sorted once, used twice
    n = week_counts(mine, settings, [period], histories, cycle_days)[0]
    dials, connects, meetings = n.dials, n.connects, n.meetings
    new_contacts, new_prospects, deals = n.new_contacts, n.new_prospects, n.deals
    moves = []
    start, end = period.start, period.end
    for c, history in zip(mine, histories, strict=True):
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
    reps = rep_count(mine, owner, period)
    target_dials, target_connects, target_meetings = rules.call_targets(settings, days * reps)
    levers = rules.call_levers(dials, connects, meetings, settings, days * reps)
    weakest = levers[0]
    return {
        "week": period.label,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "owner": owner,
        "working_days": days,
        "reps": reps,
        "calls": {
            "dials": dials,
            "connects": connects,
            "meetings_set": meetings,
            "follow_ups": n.follow_ups,
            "target_dials": number(target_dials),
            "target_connects": number(target_connects),
            "target_meetings": number(target_meetings),
            "connect_rate": number(rules.safe_ratio(connects, dials)),
            "meeting_rate": number(rules.safe_ratio(meetings, connects)),
            "target_connect_rate": number(t.connects_per_day / t.dials_per_day),
            "target_meeting_rate": number(t.meetings_per_day / t.connects_per_day),
        },
        "ratio": {
            "new_contacts": new_contacts,
            "new_prospects": new_prospects,
            "deals": deals,
            "target": [number(t.contacts_per_deal), number(t.prospects_per_deal), 1],
            "contacts_per_prospect": number(rules.safe_ratio(new_contacts, new_prospects)),
            "prospects_per_deal": number(rules.safe_ratio(new_prospects, deals)),
        },
        "moves": moves,
        "weakest_lever": {
            "lever": weakest.key,
            "observed": number(round(weakest.observed, 4)),
            "target": number(round(weakest.target, 4)),
            "gain_meetings": number(round(weakest.gain_meetings, 1)),
        },
    }


# --- plan --------------------------------------------------------------------


def observed_ratios(
    contacts: Any, settings: Settings, today: date, owner: str | None = None
) -> dict[str, Any]:
    """The rep's own ratios over all dated history up to today (None where there is no data)."""
    mine = _owned(contacts, owner)
    ever = Period(date.min, today)
    created = sum(1 for c in mine if c.created is not None and c.created <= today)
    n = week_counts(mine, settings, [ever])[0]
    prospects, deals, dials, connects, meetings = n.new_prospects, n.deals, n.dials, n.connects, n.meetings
    call_days = {a.date for c in mine for a in c.activities if a.kind == "call" and a.date <= today}
    n_days = len(call_days)
    return {
        "contacts_per_deal": rules.safe_ratio(created, deals),
        "prospects_per_deal": rules.safe_ratio(prospects, deals),
        "dials_per_day": rules.safe_ratio(dials, n_days),
        "connects_per_day": rules.safe_ratio(connects, n_days),
        "meetings_per_day": rules.safe_ratio(meetings, n_days),
        "basis": {
            "contacts": created,
            "prospects": prospects,
            "deals": deals,
            "dials": dials,
            "connects": connects,
            "meetings_set": meetings,
            "call_days": n_days,
        },
    }


def plan_report(
    deals: float,
    per: str,
    contacts: Any,
    settings: Settings,
    cycle: rules.SalesCycle,
    today: date,
    owner: str | None = None,
    observed: bool = False,
) -> dict[str, Any]:
    """Backwards from a deal target (targets or observed ratios); forwards from the pipeline."""
    ratios: dict[str, float] = {}
    obs = observed_ratios(contacts, settings, today, owner) if observed else None
    if obs:
        ratios = {k: obs[k] for k in ("contacts_per_deal", "prospects_per_deal") if obs[k]}
        # 15-7-1 is per deal a week: the dials and connects that give the target
        # meetings a day at the rep's own dial→meeting and connect→meeting ratios,
        # not the rep's current daily activity (which says nothing about the target).
        basis = obs["basis"]
        if basis["meetings_set"]:
            need = settings.targets.meetings_per_day
            ratios["dials_per_day"] = need * basis["dials"] / basis["meetings_set"]
            ratios["connects_per_day"] = need * basis["connects"] / basis["meetings_set"]
    plan = rules.plan_backwards(deals, per, settings, ratios)
    mine = _owned(contacts, owner)
    prospects = sum(1 for c in mine if c.stage.is_prospect)
    per_deal = ratios.get("prospects_per_deal", settings.targets.prospects_per_deal)
    expected = prospects / per_deal
    out = {k: number(round(v, 2)) if isinstance(v, float) else v for k, v in plan.__dict__.items()}
    out.update(
        {
            "basis": "observed" if observed else "targets",
            "owner": owner,
            "observed": (
                {k: (number(round(v, 2)) if isinstance(v, float) else v) for k, v in obs.items()}
                if obs
                else None
            ),
            "pipeline": {
                "prospects": prospects,
                "expected_deals": number(round(expected, 2)),
                "prospects_to_add": number(round(expected * per_deal, 2)),
                "sales_cycle_days": cycle.days,
            },
        }
    )
    return out


# --- weekly review -----------------------------------------------------------


def _back_to_50(c: Contact, base: dict[str, Any], deadline: date, today: date) -> dict[str, Any]:
    return {
        **base,
        "signing_date": iso(c.criteria.signing_date or c.signed),
        "deadline": iso(deadline),
        "signed": iso(c.signed),
        "paid": iso(c.paid),
        "move_to": Stage.P50.value,
        "date": today.isoformat(),
    }


def _flag_prospect(
    c: Contact, base: dict[str, Any], days: int, today: date, beyond: list, not_decider: list
) -> None:
    """A first meeting more than one cycle ahead (not a prospect yet), or not with the decider."""
    if rules.beyond_cycle(c, days, today):
        beyond.append({**base, "first_meeting": iso(c.first_meeting)})
    if rules.not_with_decider(c):
        not_decider.append({**base, "stage": c.stage.value})


def review_report(
    contacts: Any,
    settings: Settings,
    cycle: rules.SalesCycle,
    today: date,
    owner: str | None = None,
) -> dict[str, Any]:
    """The Monday/Wednesday/Friday update (README: the weekly review): what to move and what to fix.

    ``stale`` and ``to_close`` are moves ``--apply`` writes; ``unsupported``,
    ``no_next_meeting`` and ``missing_dates`` need the rep's judgement.
    """
    stale, to_close, unsupported, no_next, missing = [], [], [], [], []
    back: list[dict[str, Any]] = []
    beyond: list[dict[str, Any]] = []
    not_decider: list[dict[str, Any]] = []
    days = cycle.days
    for c in _owned(contacts, owner):
        if c.stage is Stage.LOST:
            continue  # out of the process: nothing to move or to fill in
        base = {"id": c.id, "name": c.name, "owner": c.owner, "value": number(c.value)}
        if rules.is_stale(c, days, today):
            stale.append(
                {
                    **base,
                    "stage": c.stage.value,
                    "first_meeting": iso(c.first_meeting),
                    "days_since_first_meeting": rules.days_since_first_meeting(c, today),
                    "move_to": Stage.OPPORTUNITY.value,
                    "date": today.isoformat(),
                }
            )
            continue
        if c.stage is Stage.P90 and not rules.requirements(c, Stage.CLOSED, settings, days, today):
            ends = rules.cooling_off_end(c, settings)
            to_close.append(
                {
                    **base,
                    "paid": iso(c.paid),
                    "cooling_off_ended": iso(ends),
                    "move_to": Stage.CLOSED.value,
                    "date": iso(ends),
                }
            )
            continue
        deadline = rules.cannot_complete(c, settings, days, today)
        if deadline is not None:
            back.append(_back_to_50(c, base, deadline, today))
            continue
        _flag_prospect(c, base, days, today, beyond, not_decider)
        supported = rules.supported_stage(c, settings, days, today)
        if c.stage.rank > supported.rank:
            unsupported.append(
                {
                    **base,
                    "recorded": c.stage.value,
                    "supported": supported.value,
                    "missing_codes": missing_codes(rules.requirements(c, c.stage, settings, days, today)),
                }
            )
        nm = c.next_meeting_date
        awaiting_first = (
            c.stage is Stage.FIRST_MEETING and c.first_meeting is not None and c.first_meeting >= today
        )
        if c.stage in rules.STALE_STAGES and not awaiting_first and (nm is None or nm < today):
            no_next.append({**base, "stage": c.stage.value, "next_meeting": iso(c.next_meeting)})
        gaps = []
        if c.created is None:
            gaps.append("created")
        if c.stage.is_prospect and c.first_meeting is None:
            gaps.append("first_meeting")
        if c.stage in (Stage.P90, Stage.CLOSED):
            gaps += [k for k in ("signed", "paid", "value") if getattr(c, k) is None]
        if gaps:
            missing.append({**base, "stage": c.stage.value, "missing": gaps})
    return {
        "as_of": today.isoformat(),
        "sales_cycle_days": days,
        "owner": owner,
        "stale": stale,
        "to_close": to_close,
        "unsupported": unsupported,
        "no_next_meeting": no_next,
        "missing_dates": missing,
        "back_to_50": back,
        "beyond_cycle": beyond,
        "not_decider": not_decider,
        "to_apply": len(stale) + len(to_close) + len(back),
    }


# --- team sheet --------------------------------------------------------------

TEAM_KEYS = (
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
)
_SNAPSHOT = {Stage.FIRST_MEETING: "first_meetings", Stage.P25: "p25", Stage.P50: "p50", Stage.P90: "p90"}


def team_report(
    contacts: Any, settings: Settings, period: Period, today: date, cycle_days: int | None = None
) -> dict[str, Any]:
    """One row per owner (README: the weekly review and team sheet): the stage snapshot
    (a first meeting more than one cycle ahead is not counted), closed in the period, and
    the sheet's two amounts: collected (paid in the period, beside 90%) and the value of
    the deals closed in the period (beside closed); booked (signed in the period) as a
    third; the 20:5:1 counts."""
    cycle = settings.sales_cycle_days if cycle_days is None else cycle_days
    day = snapshot_day(period, today)
    rows: dict[str, dict[str, Any]] = {}
    for c in _owned(contacts, None):
        if c.created is not None and c.created > period.end:
            continue  # not there yet: a past week's sheet keeps its rows
        owner = c.owner or "(none)"
        row = rows.setdefault(owner, {"owner": owner, **{k: 0 for k in TEAM_KEYS}})
        stage = rules.stage_on(c, day)
        if stage in _SNAPSHOT and not rules.beyond_cycle(c, cycle, day, stage):
            row[_SNAPSHOT[stage]] += 1
        if closed_in(c, settings, period):
            row["closed"] += 1
            row["deals"] += 1
            row["closed_value"] += c.value or 0
        if c.paid is not None and c.paid in period:
            row["collected"] += c.collected or 0
        if c.signed is not None and c.signed in period:
            row["booked"] += c.value or 0
        row["new_contacts"] += c.created is not None and c.created in period
        row["new_prospects"] += became_prospect(c, period, cycle)
    ordered = [rows[k] for k in sorted(rows)]
    total = {k: sum(r[k] for r in ordered) for k in TEAM_KEYS}
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
