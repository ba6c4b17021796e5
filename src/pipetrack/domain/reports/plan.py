"""The plan: the ratio math backwards from a deal target, forwards from the pipeline."""

from __future__ import annotations

from datetime import date
from typing import Any

from pipetrack.domain import rules
from pipetrack.domain.models import Settings
from pipetrack.domain.reports.common import Period, _owned, number
from pipetrack.domain.reports.funnel import week_counts

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
