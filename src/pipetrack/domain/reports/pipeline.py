"""The sales cycle and the pipeline (the weekly action tool sheet)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pipetrack.domain import rules
from pipetrack.domain.models import PIPELINE_STAGES, Contact, Settings, Stage
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


def _stage_in_view(c: Contact, settings: Settings, period: Period, day: date) -> Stage | None:
    """The stage a contact shows at on ``day``: none when lost, or closed outside the period."""
    stage = rules.stage_on(c, day)
    if stage is None or stage is Stage.LOST:
        return None
    if stage is Stage.CLOSED:
        closed = rules.closed_on(c, settings)
        if closed is None or closed not in period:
            return None
    return stage


def _contact_row(c: Contact, day: date, is_stale: bool) -> dict[str, Any]:
    return {
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


def _oldest_first(row: dict[str, Any]) -> tuple[str, str, str]:
    """Oldest first meeting first: the ones to act on."""
    return (row["first_meeting"] or "9999", row["name"], row["id"])


@dataclass
class _Stages:
    """The pipeline's rows and sums per stage, filled one contact at a time."""

    rows: dict[Stage, list[dict[str, Any]]] = field(default_factory=lambda: {s: [] for s in PIPELINE_STAGES})
    weighted: dict[Stage, float] = field(default_factory=lambda: dict.fromkeys(PIPELINE_STAGES, 0.0))
    values: dict[Stage, float] = field(default_factory=lambda: dict.fromkeys(PIPELINE_STAGES, 0.0))
    stale: dict[Stage, int] = field(default_factory=lambda: dict.fromkeys(PIPELINE_STAGES, 0))

    def as_list(self, counts: dict[Stage, int]) -> list[dict[str, Any]]:
        return [
            {
                "stage": s.value,
                "count": counts[s],
                "stale": self.stale[s],
                "value": number(self.values[s]),
                "weighted_value": number(self.weighted[s]),
                "contacts": self.rows[s],
            }
            for s in PIPELINE_STAGES
        ]


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
    st = _Stages()
    beyond: list[dict[str, Any]] = []
    for c in _owned(contacts, owner, account):
        stage = _stage_in_view(c, settings, period, day)
        if stage is None:
            continue
        is_stale = rules.is_stale(c, cycle.days, day, stage)
        if rules.beyond_cycle(c, cycle.days, day, stage):
            # a first meeting set more than one cycle ahead: not a prospect yet, listed apart
            beyond.append(_contact_row(c, day, is_stale))
            continue
        st.rows[stage].append(_contact_row(c, day, is_stale))
        st.stale[stage] += is_stale
        st.weighted[stage] += rules.weighted_value(c, settings, stage)
        st.values[stage] += c.value or 0
    for row in (*st.rows.values(), beyond):
        row.sort(key=_oldest_first)
    counts = {s: len(st.rows[s]) for s in PIPELINE_STAGES}
    shape = rules.diagnose_shape(counts, st.stale, settings)
    return {
        "as_of": day.isoformat(),
        "week": period.label,
        "period": period.as_dict(),
        "sales_cycle_days": cycle.days,
        "sales_cycle_source": cycle.source,
        "owner": owner,
        "account": account,
        "currency": settings.currency,
        "stages": st.as_list(counts),
        "prospects": sum(counts[s] for s in PIPELINE_STAGES if s.is_prospect),
        "effective_prospects": sum(counts[s] for s in rules.EFFECTIVE_STAGES),
        "beyond_cycle": beyond,
        # open deals only: a deal closed in the period is money won, shown as closed_value beside it
        "weighted_total": number(sum(st.weighted[s] for s in PIPELINE_STAGES if s.is_prospect)),
        "closed_value": number(st.values[Stage.CLOSED]),
        # the words (name, remedy, reason) are added by pipetrack.text.name_shape
        "shape": {"pattern": shape.pattern, "facts": shape.facts},
    }
