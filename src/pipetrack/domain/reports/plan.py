"""The plan: the ratio math backwards from a deal target, forwards from the pipeline."""

from __future__ import annotations

from datetime import date
from typing import Any, TypedDict

from pipetrack.domain import rules
from pipetrack.domain.models import Settings
from pipetrack.domain.reports.common import Period, _owned, number
from pipetrack.domain.reports.funnel import week_counts

# --- plan --------------------------------------------------------------------


class Basis(TypedDict):
    """The counts behind the observed ratios."""

    contacts: int
    prospects: int
    deals: int
    dials: int
    connects: int
    meetings_set: int
    call_days: int


class Observed(TypedDict):
    contacts_per_deal: float | None
    prospects_per_deal: float | None
    dials_per_day: float | None
    connects_per_day: float | None
    meetings_per_day: float | None
    basis: Basis


class PlanPipeline(TypedDict):
    """Forwards: the prospects there are, the deals they should give, those to add."""

    prospects: int
    expected_deals: float
    prospects_to_add: float
    sales_cycle_days: int


class PlanReport(TypedDict):
    deals: float
    per: str
    weeks: float
    deals_per_week: float
    prospects: float
    contacts: float
    meetings_per_week: float
    dials_per_day: float
    connects_per_day: float
    meetings_per_day: float
    basis: str
    owner: str | None
    observed: Observed | None
    pipeline: PlanPipeline


def _round(value: float | None) -> float | None:
    """A ratio to 2 places (whole as an int); counts and unknowns as they are."""
    return number(round(value, 2)) if isinstance(value, float) else value


def _figure(value: float) -> float:
    """A figure of the plan: to 2 places (whole as an int)."""
    return number(round(value, 2)) if isinstance(value, float) else value


def _rounded(obs: Observed) -> Observed:
    return {
        "contacts_per_deal": _round(obs["contacts_per_deal"]),
        "prospects_per_deal": _round(obs["prospects_per_deal"]),
        "dials_per_day": _round(obs["dials_per_day"]),
        "connects_per_day": _round(obs["connects_per_day"]),
        "meetings_per_day": _round(obs["meetings_per_day"]),
        "basis": obs["basis"],
    }


def observed_ratios(contacts: Any, settings: Settings, today: date, owner: str | None = None) -> Observed:
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


def _own_ratios(obs: Observed, settings: Settings) -> dict[str, float]:
    """The ratios the plan takes from the rep's own (observed) ones, where there are any."""
    ratios = {
        k: v
        for k, v in (
            ("contacts_per_deal", obs["contacts_per_deal"]),
            ("prospects_per_deal", obs["prospects_per_deal"]),
        )
        if v
    }
    # 15-7-1 is per deal a week: the dials and connects that give the target
    # meetings a day at the rep's own dial→meeting and connect→meeting ratios,
    # not the rep's current daily activity (which says nothing about the target).
    basis = obs["basis"]
    if basis["meetings_set"]:
        need = settings.targets.meetings_per_day
        ratios["dials_per_day"] = need * basis["dials"] / basis["meetings_set"]
        ratios["connects_per_day"] = need * basis["connects"] / basis["meetings_set"]
    return ratios


def plan_report(
    deals: float,
    per: str,
    contacts: Any,
    settings: Settings,
    cycle: rules.SalesCycle,
    today: date,
    owner: str | None = None,
    observed: bool = False,
) -> PlanReport:
    """Backwards from a deal target (targets or observed ratios); forwards from the pipeline."""
    obs = observed_ratios(contacts, settings, today, owner) if observed else None
    ratios = _own_ratios(obs, settings) if obs else {}
    plan = rules.plan_backwards(deals, per, settings, ratios)
    mine = _owned(contacts, owner)
    prospects = sum(1 for c in mine if c.stage.is_prospect)
    per_deal = ratios.get("prospects_per_deal", settings.targets.prospects_per_deal)
    expected = prospects / per_deal
    return {
        "deals": _figure(plan.deals),
        "per": plan.per,
        "weeks": _figure(plan.weeks),
        "deals_per_week": _figure(plan.deals_per_week),
        "prospects": _figure(plan.prospects),
        "contacts": _figure(plan.contacts),
        "meetings_per_week": _figure(plan.meetings_per_week),
        "dials_per_day": _figure(plan.dials_per_day),
        "connects_per_day": _figure(plan.connects_per_day),
        "meetings_per_day": _figure(plan.meetings_per_day),
        "basis": "observed" if observed else "targets",
        "owner": owner,
        "observed": _rounded(obs) if obs else None,
        "pipeline": {
            "prospects": prospects,
            "expected_deals": number(round(expected, 2)),
            "prospects_to_add": number(round(expected * per_deal, 2)),
            "sales_cycle_days": cycle.days,
        },
    }
