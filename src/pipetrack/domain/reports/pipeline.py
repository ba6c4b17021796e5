"""The sales cycle and the pipeline (the weekly action tool sheet)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, NotRequired, TypedDict

from pipetrack.domain import rules
from pipetrack.domain.method import Method
from pipetrack.domain.models import Contact, Settings, Stage, contacts_method
from pipetrack.domain.reports.common import Period, PeriodData, _owned, iso, number, snapshot_day

# --- sales cycle -------------------------------------------------------------


class CycleDeal(TypedDict):
    id: str
    name: str
    owner: str | None
    created: str | None
    signed: str | None
    days: int
    value: float | None


class CycleReport(TypedDict):
    sales_cycle_days: int
    source: str
    sample: int
    min_deals: int
    default_days: int
    undated_closed: int
    deals: list[CycleDeal]


def cycle_report(cycle: rules.SalesCycle, settings: Settings) -> CycleReport:
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


class PipelineContact(TypedDict):
    """A contact on the sheet: one chip of a stage's row."""

    id: str
    name: str
    owner: str | None
    account: str | None
    first_meeting: str | None
    days_since_first_meeting: int | None
    next_meeting: str | None
    stale: bool
    value: float | None


class PipelineStage(TypedDict):
    stage: str
    count: int
    stale: int
    value: float
    weighted_value: float
    contacts: list[PipelineContact]


class ShapeData(TypedDict):
    """The shape diagnosis: the rules' pattern and facts; its words added by pipetrack.text.name_shape."""

    pattern: str
    facts: dict[str, float]
    name: NotRequired[str]
    remedy: NotRequired[str]
    reason: NotRequired[str]


class PipelineReport(TypedDict):
    as_of: str
    week: str
    period: PeriodData
    sales_cycle_days: int
    sales_cycle_source: str
    owner: str | None
    account: str | None
    currency: str
    stages: list[PipelineStage]
    prospects: int
    effective_prospects: int
    beyond_cycle: list[PipelineContact]
    weighted_total: float
    closed_value: float
    shape: ShapeData | None


def _stage_in_view(
    c: Contact, settings: Settings, period: Period, day: date, method: Method, start: Any
) -> Stage | None:
    """The stage a contact shows at on ``day``: none when lost, or closed (won) outside the period."""
    stage = rules.stage_on(c, day, start)
    if stage is None or stage == method.lost:
        return None
    if stage == method.won:
        closed = rules.closed_on(c, settings)
        if closed is None or closed not in period:
            return None
    return stage


def _contact_row(c: Contact, day: date, is_stale: bool) -> PipelineContact:
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


def _oldest_first(row: PipelineContact) -> tuple[str, str, str]:
    """Oldest first meeting first: the ones to act on."""
    return (row["first_meeting"] or "9999", row["name"], row["id"])


@dataclass
class _Stages:
    """The pipeline's rows and sums per stage of the method, filled one contact at a time."""

    stages: list[Any]
    rows: dict[Any, list[PipelineContact]] = field(default_factory=dict)
    weighted: dict[Any, float] = field(default_factory=dict)
    values: dict[Any, float] = field(default_factory=dict)
    stale: dict[Any, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rows = {s: [] for s in self.stages}
        self.weighted = dict.fromkeys(self.stages, 0.0)
        self.values = dict.fromkeys(self.stages, 0.0)
        self.stale = dict.fromkeys(self.stages, 0)

    def add(self, c: Contact, stage: Any, is_stale: bool, settings: Settings, day: date) -> None:
        self.rows[stage].append(_contact_row(c, day, is_stale))
        self.stale[stage] += is_stale
        self.weighted[stage] += rules.weighted_value(c, settings, stage)
        self.values[stage] += c.value or 0

    def as_list(self, counts: dict[Any, int]) -> list[PipelineStage]:
        return [
            {
                "stage": str(s),
                "count": counts[s],
                "stale": self.stale[s],
                "value": number(self.values[s]),
                "weighted_value": number(self.weighted[s]),
                "contacts": self.rows[s],
            }
            for s in self.stages
        ]


def pipeline_report(
    contacts: Any,
    settings: Settings,
    cycle: rules.SalesCycle,
    period: Period,
    today: date,
    owner: str | None = None,
    account: str | None = None,
) -> PipelineReport:
    """A row per stage of the folder's contact method: contacts, first meeting dates, stale marks,
    subtotals, weighted value; the shape diagnosis (README: Shape diagnosis; PMS only, else None)."""
    day, method = snapshot_day(period, today), contacts_method(settings)
    pms = method.id == "pms"
    st = _Stages([Stage(s.id) if pms else s.id for s in method.ladder])
    beyond: list[PipelineContact] = []
    for c in _owned(contacts, owner, account):
        stage = _stage_in_view(c, settings, period, day, method, st.stages[0])
        if stage is None:
            continue
        is_stale = rules.is_stale(c, cycle.days, day, stage, method)
        if rules.beyond_cycle(c, cycle.days, day, stage):
            # a first meeting set more than one cycle ahead: not a prospect yet, listed apart
            beyond.append(_contact_row(c, day, is_stale))
            continue
        st.add(c, stage, is_stale, settings, day)
    for row in (*st.rows.values(), beyond):
        row.sort(key=_oldest_first)
    counts = {s: len(st.rows[s]) for s in st.stages}
    # prospects: past the first stage, not won (first meeting … 90%); effective: past two (25% … 90%)
    prospects, effective = st.stages[1:-1], st.stages[2:-1]
    shape = rules.diagnose_shape(counts, st.stale, settings) if pms else None
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
        "prospects": sum(counts[s] for s in prospects),
        "effective_prospects": sum(counts[s] for s in effective),
        "beyond_cycle": beyond,
        # open deals only: a deal closed in the period is money won, shown as closed_value beside it
        "weighted_total": number(sum(st.weighted[s] for s in prospects)),
        "closed_value": number(st.values[st.stages[-1]]),
        # the words (name, remedy, reason) are added by pipetrack.text.name_shape
        "shape": {"pattern": shape.pattern, "facts": shape.facts} if shape else None,
    }
