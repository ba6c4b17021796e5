"""Meetings held in a week against the method's 8 (README: The funnel).

The method's 8 meetings a week are about 5 new and 3 carried over. A meeting *held* is a
``meeting`` or ``visit`` activity dated in the period (a meeting *set* is a call's outcome,
counted by the 15-7-1). It is *new* when the contact had not got past the first meeting
when the day began (at opportunity or first-meeting, or not created yet): the first
meeting itself; otherwise it is a *follow-up* meeting with a prospect or client. Pure:
the period is an argument.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import TypedDict

from pipetrack.domain import rules
from pipetrack.domain.models import Contact, Settings, Stage

HELD_KINDS = frozenset({"meeting", "visit"})
#: the share of the 8 that are new meetings: 5 of 8 (the rest carried over)
NEW_SHARE = 5 / 8
_NOT_YET_MET = frozenset({Stage.OPPORTUNITY, Stage.FIRST_MEETING})


def is_new_meeting(contact: Contact, day: date) -> bool:
    """Whether a meeting on ``day`` is a first meeting (the contact not past first-meeting
    when the day began)."""
    stage = rules.stage_on(contact, day - timedelta(days=1))
    return stage is None or stage in _NOT_YET_MET


class MeetingsHeld(TypedDict):
    held: int
    new: int
    follow_up: int
    target: float
    target_new: float
    target_follow_up: float


def meetings_held(
    contacts: Iterable[Contact], settings: Settings, start: date, end: date, reps: int
) -> MeetingsHeld:
    """The meetings held from ``start`` to ``end`` (dates, inclusive), new and follow-up,
    against ``meetings_per_week`` × ``reps`` (about 5 of 8 new)."""
    new = follow_up = 0
    for c in contacts:
        for a in c.activities:
            if a.kind in HELD_KINDS and start <= a.date <= end:
                if is_new_meeting(c, a.date):
                    new += 1
                else:
                    follow_up += 1
    target = settings.targets.meetings_per_week * reps
    target_new = target * NEW_SHARE
    return {
        "held": new + follow_up,
        "new": new,
        "follow_up": follow_up,
        "target": _number(target),
        "target_new": _number(target_new),
        "target_follow_up": _number(target - target_new),
    }


def _number(value: float) -> float:
    return int(value) if float(value).is_integer() else round(value, 1)
