"""Report data: what each view shows, computed once, rendered many ways.

Every function is pure: it takes records, settings and ``today`` and returns
plain dicts/lists with English keys and ISO dates — the JSON contract — which
the render layer turns into tables, Markdown, CSV or HTML.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pipetrack import rules
from pipetrack.models import Contact, Settings


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


def contact_view(contact: Contact, settings: Settings, cycle: rules.SalesCycle, today: date,
                 account_name: str | None = None) -> dict[str, Any]:
    """Everything `pipetrack show` says about one contact."""
    days = cycle.days
    supported = rules.supported_stage(contact, settings, days, today)
    since = rules.days_since_first_meeting(contact, today)
    missing = rules.requirements(contact, contact.stage, settings, days, today)
    criteria = [
        {"criterion": r.key, "holds": r.holds, "evidence": _plain(r.evidence), "reason": r.reason}
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
        "missing": [m.message for m in missing],
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
            {"date": iso(a.date), "kind": a.kind, "outcome": a.outcome, "note": a.note} for a in contact.activities
        ],
        "notes": contact.notes,
    }


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return iso(value)
    if isinstance(value, float):
        return number(value)
    return value
