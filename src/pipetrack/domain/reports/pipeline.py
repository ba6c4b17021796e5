"""The sales cycle and the pipeline (the weekly action tool sheet)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pipetrack.domain import rules
from pipetrack.domain.models import PIPELINE_STAGES, Settings, Stage
from pipetrack.domain.reports.common import Period, _owned, iso, number, snapshot_day

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
