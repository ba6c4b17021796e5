"""`pipetrack show`: everything about one contact."""

from __future__ import annotations

from datetime import date
from typing import Any, NotRequired, TypedDict

from pipetrack.domain import rules
from pipetrack.domain.models import Contact, Settings, contacts_method
from pipetrack.domain.reports.common import MissingCode, iso, missing_codes, number, plain


class CriterionData(TypedDict):
    """One criterion of the method: whether it holds, its evidence, else why not (a code;
    its ``reason`` in words added by pipetrack.text.reports.contact_view)."""

    criterion: str
    holds: bool
    evidence: Any  # (the record's value as JSON holds it: a date, a number, text, a list)
    code: str | None
    params: dict[str, Any]
    reason: NotRequired[str]


class Dated(TypedDict):
    date: str | None
    stage: str


class ActivityData(TypedDict):
    date: str | None
    kind: str
    outcome: str | None
    note: str | None


class ContactView(TypedDict):
    """Everything `pipetrack show` says about one contact (``missing`` and ``tips`` are
    added in words by the text layer)."""

    id: str
    name: str
    account: str | None
    account_name: str | None
    owner: str | None
    title: str | None
    phone: str | None
    email: str | None
    source: str | None
    stage: str
    supported_stage: str
    supported: bool
    missing_codes: list[MissingCode]
    created: str | None
    first_meeting: str | None
    days_since_first_meeting: int | None
    sales_cycle_days: int
    stale: bool
    next_meeting: str | None
    criteria: list[CriterionData]
    signed: str | None
    paid: str | None
    cooling_off_ends: str | None
    value: float | None
    paid_amount: float | None
    weighted_value: float
    lost_reason: str | None
    profile: dict[str, Any]  # (the record's profile as YAML holds it)
    history: list[Dated]
    activities: list[ActivityData]
    notes: str | None
    missing: NotRequired[list[str]]
    tips: NotRequired[Any]  # (the text layer's Tips, added in words by `show`)


def _criteria(contact: Contact, days: int, today: date, settings: Settings) -> list[CriterionData]:
    """Each criterion of the method: whether it holds, its evidence, else why not (a code)."""
    return [
        {
            "criterion": r.key,
            "holds": r.holds,
            "evidence": plain(r.evidence),
            "code": r.code or None,
            "params": plain(r.params),
        }
        for r in rules.check_criteria(contact, days, today, settings)
    ]


def contact_view(
    contact: Contact,
    settings: Settings,
    cycle: rules.SalesCycle,
    today: date,
    account_name: str | None = None,
) -> ContactView:
    """Everything `pipetrack show` says about one contact; the reasons as codes and
    parameters (``code``/``params``, ``missing_codes``), put into words by pipetrack.text.reports."""
    days = cycle.days
    method = contacts_method(settings)
    supported = rules.supported_stage(contact, settings, days, today)
    since = rules.days_since_first_meeting(contact, today)
    missing = rules.requirements(contact, contact.stage, settings, days, today)
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
        "stage": str(contact.stage),
        "supported_stage": str(supported),
        "supported": method.rank(contact.stage) <= method.rank(supported),
        "missing_codes": missing_codes(missing),
        "created": iso(contact.created),
        "first_meeting": iso(contact.first_meeting),
        "days_since_first_meeting": since,
        "sales_cycle_days": days,
        "stale": rules.is_stale(contact, days, today, method=method),
        "next_meeting": iso(contact.next_meeting),
        "criteria": _criteria(contact, days, today, settings),
        "signed": iso(contact.signed),
        "paid": iso(contact.paid),
        "cooling_off_ends": iso(rules.cooling_off_end(contact, settings)),
        "value": number(contact.value),
        "paid_amount": number(contact.collected) if contact.paid else None,
        "weighted_value": number(rules.weighted_value(contact, settings)),
        "lost_reason": contact.lost_reason,
        "profile": contact.profile.model_dump(mode="json", exclude_none=True, exclude_defaults=True),
        "history": [{"date": iso(h.date), "stage": str(h.stage)} for h in contact.history],
        "activities": [
            {"date": iso(a.date), "kind": a.kind, "outcome": a.outcome, "note": a.note}
            for a in contact.activities
        ],
        "notes": contact.notes,
    }
