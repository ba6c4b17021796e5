"""The weekly review (Monday, Wednesday, Friday): what to move and what to fix."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, Literal, NotRequired, TypedDict, get_args

from pipetrack.domain import rules
from pipetrack.domain.models import Account, Contact, Settings, Stage, contacts_method
from pipetrack.domain.reports.common import MissingCode, _owned, iso, missing_codes, number

if TYPE_CHECKING:  # (account intelligence and projects: not on pipeline's path)
    from pipetrack.domain.project_reports import ReviewPart
    from pipetrack.domain.rhythm import ClientRhythm

# --- weekly review -----------------------------------------------------------


class ReviewBase(TypedDict):
    """Who an item of the review is about."""

    id: str
    name: str
    owner: str | None
    value: float | None


class ReviewItem(ReviewBase, total=False):
    """One item of a review list: who, and that list's own keys (a move carries
    ``move_to`` and ``date``; an unsupported stage its ``missing_codes``, and
    ``missing`` in words once pipetrack.text.reports.review has run)."""

    stage: str
    first_meeting: str | None
    days_since_first_meeting: int | None
    move_to: str
    date: str | None
    paid: str | None
    cooling_off_ended: str | None
    signing_date: str | None
    deadline: str | None
    signed: str | None
    recorded: str
    supported: str
    missing_codes: list[MissingCode]
    missing: list[str]
    next_meeting: str | None


#: The review's lists by key, in the report's key order.
ListKey = Literal[
    "stale",
    "to_close",
    "unsupported",
    "no_next_meeting",
    "missing_dates",
    "back_to_50",
    "beyond_cycle",
    "not_decider",
]


class ReviewReport(TypedDict):
    method: NotRequired[str]
    send_back_to: NotRequired[str]
    as_of: str
    sales_cycle_days: int
    owner: str | None
    stale: list[ReviewItem]
    to_close: list[ReviewItem]
    unsupported: list[ReviewItem]
    no_next_meeting: list[ReviewItem]
    missing_dates: list[ReviewItem]
    back_to_50: list[ReviewItem]
    beyond_cycle: list[ReviewItem]
    not_decider: list[ReviewItem]
    rhythm_overdue: list[ClientRhythm]
    to_apply: int
    projects: NotRequired[ReviewPart]  # (a folder with projects: their part, added by the CLI)


def _back_to_50(c: Contact, base: ReviewBase, deadline: date, today: date) -> ReviewItem:
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
    c: Contact,
    base: ReviewBase,
    days: int,
    today: date,
    beyond: list[ReviewItem],
    not_decider: list[ReviewItem],
) -> None:
    """A first meeting more than one cycle ahead (not a prospect yet), or not with the decider."""
    if rules.beyond_cycle(c, days, today):
        beyond.append({**base, "first_meeting": iso(c.first_meeting)})
    if rules.not_with_decider(c):
        not_decider.append({**base, "stage": str(c.stage)})


def _move(
    c: Contact, base: ReviewBase, settings: Settings, days: int, today: date
) -> tuple[ListKey, ReviewItem] | None:
    """The move ``--apply`` writes for a contact, if any: (the list it is on, the item). A
    stale contact goes back to the first stage of the folder's method (opportunity)."""
    method = contacts_method(settings)
    if rules.is_stale(c, days, today, method=method):
        return "stale", {
            **base,
            "stage": str(c.stage),
            "first_meeting": iso(c.first_meeting),
            "days_since_first_meeting": rules.days_since_first_meeting(c, today),
            "move_to": method.ladder[0].id,
            "date": today.isoformat(),
        }
    if c.stage is Stage.P90 and not rules.requirements(c, Stage.CLOSED, settings, days, today):
        ends = rules.cooling_off_end(c, settings)
        return "to_close", {
            **base,
            "paid": iso(c.paid),
            "cooling_off_ended": iso(ends),
            "move_to": Stage.CLOSED.value,
            "date": iso(ends),
        }
    deadline = rules.cannot_complete(c, settings, days, today)
    if deadline is not None:
        return "back_to_50", _back_to_50(c, base, deadline, today)
    return None


def _missing_dates(c: Contact) -> list[str]:
    """The dates (and value) a contact at its stage should have and has not (past `created`,
    the Prospect Management System's: a prospect's first meeting, a deal's dates and value)."""
    gaps = []
    if c.created is None:
        gaps.append("created")
    if not isinstance(c.stage, Stage):  # another method's stage
        return gaps
    if c.stage.is_prospect and c.first_meeting is None:
        gaps.append("first_meeting")
    if c.stage in (Stage.P90, Stage.CLOSED):
        gaps += [k for k in ("signed", "paid", "value") if getattr(c, k) is None]
    return gaps


def _flag(
    c: Contact,
    base: ReviewBase,
    settings: Settings,
    days: int,
    today: date,
    lists: dict[ListKey, list[ReviewItem]],
) -> None:
    """What needs the rep's judgement: unsupported stages, no next meeting, missing dates."""
    _flag_prospect(c, base, days, today, lists["beyond_cycle"], lists["not_decider"])
    method = contacts_method(settings)
    supported = rules.supported_stage(c, settings, days, today)
    if method.rank(c.stage) > method.rank(supported):
        lists["unsupported"].append(
            {
                **base,
                "recorded": str(c.stage),
                "supported": str(supported),
                "missing_codes": missing_codes(rules.requirements(c, c.stage, settings, days, today)),
            }
        )
    nm = c.next_meeting_date
    awaiting_first = (
        c.stage is Stage.FIRST_MEETING and c.first_meeting is not None and c.first_meeting >= today
    )
    # open: first meeting to 50% (another method: past its first stage, not won yet)
    opened = c.stage in (rules.STALE_STAGES if method.id == "pms" else [s.id for s in method.ladder[1:-1]])
    if opened and not awaiting_first and (nm is None or nm < today):
        lists["no_next_meeting"].append({**base, "stage": str(c.stage), "next_meeting": iso(c.next_meeting)})
    gaps = _missing_dates(c)
    if gaps:
        lists["missing_dates"].append({**base, "stage": str(c.stage), "missing": gaps})


LISTS: tuple[ListKey, ...] = get_args(ListKey)


def review_report(
    contacts: Any,
    settings: Settings,
    cycle: rules.SalesCycle,
    today: date,
    owner: str | None = None,
    accounts: Mapping[str, Account] | None = None,
) -> ReviewReport:
    """The Monday/Wednesday/Friday update (README: the weekly review): what to move and what to fix.

    ``stale``, ``to_close`` and ``back_to_50`` are moves ``--apply`` writes; ``unsupported``,
    ``no_next_meeting``, ``missing_dates`` and ``rhythm_overdue`` (clients overdue for
    their contact rhythm, :mod:`pipetrack.domain.rhythm`) need the rep's judgement. Under
    another method than the Prospect Management System: the stale rule is the method's (a
    stale contact goes back to its first stage), the open stages are those past the first,
    not won yet.
    """
    from pipetrack.domain import rhythm  # account intelligence: not on pipeline's path

    lists: dict[ListKey, list[ReviewItem]] = {key: [] for key in LISTS}
    days = cycle.days
    method = contacts_method(settings)
    for c in _owned(contacts, owner):
        if c.stage == method.lost:
            continue  # out of the process: nothing to move or to fill in
        base: ReviewBase = {"id": c.id, "name": c.name, "owner": c.owner, "value": number(c.value)}
        move = _move(c, base, settings, days, today)
        if move is not None:
            lists[move[0]].append(move[1])
        else:
            _flag(c, base, settings, days, today, lists)
    rep: ReviewReport = {
        "as_of": today.isoformat(),
        "sales_cycle_days": days,
        "owner": owner,
        "stale": lists["stale"],
        "to_close": lists["to_close"],
        "unsupported": lists["unsupported"],
        "no_next_meeting": lists["no_next_meeting"],
        "missing_dates": lists["missing_dates"],
        "back_to_50": lists["back_to_50"],
        "beyond_cycle": lists["beyond_cycle"],
        "not_decider": lists["not_decider"],
        "rhythm_overdue": rhythm.overdue(contacts, settings, today, owner, accounts),
        "to_apply": len(lists["stale"]) + len(lists["to_close"]) + len(lists["back_to_50"]),
    }
    if method.id != "pms":  # (keys of other methods' reviews only)
        rep["method"], rep["send_back_to"] = method.id, method.ladder[0].id
    return rep
