"""`pipetrack show`: everything about one contact."""

from __future__ import annotations

from datetime import date
from typing import Any

from pipetrack.domain import rules
from pipetrack.domain.models import Contact, Settings, contacts_method
from pipetrack.domain.reports.common import iso, missing_codes, number, plain


def _criteria(contact: Contact, days: int, today: date, settings: Settings) -> list[dict[str, Any]]:
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
) -> dict[str, Any]:
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
