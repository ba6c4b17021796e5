"""Slim contacts: what a whole-folder report reads of a contact, without pydantic.

A warm run of ``pipeline``, ``funnel``, ``team``, ``list``, ``agenda``, the
weekly report and the projects board reads contacts from the folder's index
(storage.cache.index) as these light tuples instead of validated models:
building them costs a fraction of rebuilding ~12 pydantic objects per contact.
They have the attribute names (and the two properties) of
:class:`pipetrack.domain.models.Contact` and its blocks, so a report takes
either. A contact with keys pipetrack does not know (``model_extra``) is never
slim: the index keeps it as a full model. Commands that show or write one
record (``show``, ``move``, ``set``, ``edit``, ``account``, ``export``) build
pydantic models.

Treat them as read-only, as the models (lists stay lists, as in the models).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, NamedTuple


class SlimCriteria(NamedTuple):
    right_person: bool | str | None
    plan_fits: bool | str | None
    budget: bool | int | float | str | None
    signing_date: date | None
    next_step: str | None

    @property
    def model_extra(self) -> dict[str, Any]:
        return {}


class SlimProfile(NamedTuple):
    function: str | None
    level: str | None
    roles: list[str]
    supporter: str | None
    attitude: int | None
    attitude_stated: int | None
    personality: str | None
    style: str | None
    relationship: str | None
    needs: list[str]

    @property
    def model_extra(self) -> dict[str, Any]:
        return {}


class SlimHistory(NamedTuple):
    date: date
    stage: Any  # a Stage (the shipped method) or a stage id of the folder's method
    note: str | None

    @property
    def model_extra(self) -> dict[str, Any]:
        return {}


class SlimActivity(NamedTuple):
    date: date
    kind: str
    outcome: str | None
    note: str | None

    @property
    def model_extra(self) -> dict[str, Any]:
        return {}


class _Hot(NamedTuple):
    id: str
    name: str
    account: str | None
    owner: str | None
    created: date | None
    stage: Any
    first_meeting: date | None
    next_meeting: datetime | date | None
    criteria: SlimCriteria
    signed: date | None
    paid: date | None
    value: int | float | None
    paid_amount: int | float | None
    history: list[SlimHistory]
    #: the rest of the contact (COLD), read on first use of any of its fields
    cold: Callable[[], dict[str, Any]]


#: The fields of a slim contact read only on first use (most reports never read them).
COLD = frozenset({"title", "phone", "email", "source", "lost_reason", "profile", "activities", "notes"})


class SlimContact(_Hot):
    """A contact as the reports read it: the fields of ``Contact``. The fields of
    ``_Hot`` are tuple items; the COLD ones are built on first use (of any of them)
    and kept in the instance's own dict."""

    title: str | None
    phone: str | None
    email: str | None
    source: str | None
    lost_reason: str | None
    profile: SlimProfile
    activities: list[SlimActivity]
    notes: str | None

    def __getattr__(self, name: str) -> Any:
        # only called for what is not found: the cold fields before their first use
        if name not in COLD:
            raise AttributeError(name)
        found = self.cold()
        self.__dict__.update(found)
        return found[name]

    @property
    def collected(self) -> float | int | None:
        return collected(self.paid_amount, self.value)

    @property
    def next_meeting_date(self) -> date | None:
        return day_of(self.next_meeting)

    @property
    def model_extra(self) -> dict[str, Any]:
        return {}


def collected(paid_amount: float | None, value: float | None) -> float | int | None:
    """The amount collected when paid: ``paid_amount``, else ``value`` (of a Contact too)."""
    return paid_amount if paid_amount is not None else value


def day_of(moment: datetime | date | None) -> date | None:
    """The day of a date or a date and time (a contact's next meeting)."""
    return moment.date() if isinstance(moment, datetime) else moment
