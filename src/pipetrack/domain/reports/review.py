"""The weekly review (Monday, Wednesday, Friday): what to move and what to fix."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from pipetrack.domain import rules
from pipetrack.domain.models import Account, Contact, Settings, Stage
from pipetrack.domain.reports.common import _owned, iso, missing_codes, number

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
    accounts: Mapping[str, Account] | None = None,
) -> dict[str, Any]:
    """The Monday/Wednesday/Friday update (README: the weekly review): what to move and what to fix.

    ``stale`` and ``to_close`` are moves ``--apply`` writes; ``unsupported``,
    ``no_next_meeting``, ``missing_dates`` and ``rhythm_overdue`` (clients overdue for
    their contact rhythm, :mod:`pipetrack.domain.rhythm`) need the rep's judgement.
    """
    from pipetrack.domain import rhythm  # account intelligence: not on pipeline's path

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
        "rhythm_overdue": rhythm.overdue(contacts, settings, today, owner, accounts),
        "to_apply": len(stale) + len(to_close) + len(back),
    }
