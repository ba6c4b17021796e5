"""The Prospect Management System as pure functions of (data, settings, today).

Nothing here reads the clock, the environment or a file, so every verdict can
be reproduced with ``--today``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Protocol

from pipetrack.domain import method as _method
from pipetrack.domain.method import Method, Missing
from pipetrack.domain.methodfile import builtin
from pipetrack.domain.models import Contact, Settings, Stage, contacts_method

__all__ = ["Missing"]

#: Effective prospects: met, and at 25%, 50% or 90%.
EFFECTIVE_STAGES = (Stage.P25, Stage.P50, Stage.P90)


def _pms() -> Method:
    return builtin("pms")


def __getattr__(name: str) -> Any:
    # the method's facts, read from pipetrack/methods/pms.yaml when first asked for
    if name == "LADDER":
        value: Any = tuple(Stage(s.id) for s in _pms().ladder)
    elif name == "STALE_STAGES":
        value = frozenset(Stage(s) for s in _pms().stale.stages)
    elif name == "CRITERIA":
        value = tuple(c.key for c in _criteria_checks(_pms()))
    elif name == "CRITERION_FIELD":
        value = {c.key: c.field for c in _criteria_checks(_pms())}
    else:
        raise AttributeError(name)
    globals()[name] = value
    return value


@dataclass(frozen=True)
class CriterionResult:
    """One of the five 50% criteria: does its evidence hold, and if not, why
    (``code`` and ``params``, put into words by pipetrack.text.reason)."""

    key: str
    holds: bool
    evidence: Any
    code: str = ""
    params: dict[str, Any] | None = None


def _criteria_checks(method: Method) -> tuple[_method.Check, ...]:
    """The 50% criteria: the checks of the method's gates reported as ``criterion``."""
    return tuple(c for s in method.ladder for c in s.gate if c.wrap == "criterion")


def check_criteria(
    contact: Contact, cycle_days: int, today: date | None = None, settings: Settings | None = None
) -> list[CriterionResult]:
    """The five 50% criteria in method order, each judged on its evidence.

    Timing holds when the signing date lies within one sales cycle after the
    first meeting, or when the contract was in fact signed (``signed``).
    """
    settings = settings or Settings()
    method = contacts_method(settings)
    day = today or date.max
    out = []
    for check in _criteria_checks(method):
        missing = _method.evaluate(check, contact, today=day, cycle_days=cycle_days, settings=settings)
        evidence = _method.lookup(contact, check.field)
        if missing is None:
            if evidence is None and check.unless:
                evidence = _method.lookup(contact, check.unless)
            out.append(CriterionResult(check.key, True, evidence))
        else:
            code, params = (missing.params or {}).get("why", (missing.code, missing.params))
            out.append(CriterionResult(check.key, False, evidence, code, params))
    return out


def missing_criteria(contact: Contact, cycle_days: int, today: date | None = None) -> list[CriterionResult]:
    return [r for r in check_criteria(contact, cycle_days, today) if not r.holds]


def _stage_of(method: Method, stage_id: str) -> Stage:
    """A stage id of the method as the records hold it: the PMS's Stage, another method's id."""
    return Stage(stage_id) if method.id == "pms" else stage_id  # type: ignore[return-value]


def requirements(
    contact: Contact, stage: Stage, settings: Settings, cycle_days: int, today: date
) -> list[Missing]:
    """What the evidence lacks for ``stage``; empty when it supports it (README: What each stage needs)."""
    method = contacts_method(settings)
    return _method.requirements(
        method, contact, str(stage), today=today, cycle_days=cycle_days, settings=settings
    )


def supported_stage(contact: Contact, settings: Settings, cycle_days: int, today: date) -> Stage:
    """The furthest stage the evidence supports (``lost`` stays lost: it is a decision)."""
    method = contacts_method(settings)
    found = _method.supported_stage(method, contact, today=today, cycle_days=cycle_days, settings=settings)
    return _stage_of(method, found)


class Dated(Protocol):
    """A history entry: a Contact's, or the cached deal list's ``HistoryFact``."""

    @property
    def date(self) -> date: ...
    @property
    def stage(self) -> Stage: ...


class DealRecord(Protocol):
    """What the sales cycle reads of a closed contact: a ``Contact``, or the ``DealFacts``
    the cached deal list keeps of one (so one-contact commands skip loading the folder)."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def owner(self) -> str | None: ...
    @property
    def value(self) -> float | None: ...
    @property
    def created(self) -> date | None: ...
    @property
    def signed(self) -> date | None: ...
    @property
    def paid(self) -> date | None: ...
    @property
    def stage(self) -> Stage: ...
    @property
    def history(self) -> Sequence[Dated]: ...


def further_cooperation(contact: Contact, today: date, settings: Settings | None = None) -> str | None:
    """The evidence that the client agreed to further cooperation after the first
    meeting, which 25% needs besides the meeting itself: ``next_meeting`` (a next
    meeting is set), ``next_step`` (``criteria.next_step``) or ``activity`` (a
    meeting, visit or proposal after the first meeting, on or before today); else None."""
    settings = settings or Settings()
    further = next(c for s in _pms().ladder for c in _method.walk(s.gate) if c.key == "further" and c.of)
    return _method.first_holding(further, contact, today=today, cycle_days=0, settings=settings)


def not_with_decider(contact: Contact) -> bool:
    """A first meeting is agreed with a decision maker: a contact at first-meeting or
    beyond whose ``criteria.right_person`` is explicitly ``false`` is not."""
    stage = contact.stage
    return (
        isinstance(stage, Stage)
        and stage.rank >= Stage.FIRST_MEETING.rank
        and contact.criteria.right_person is False
    )


def beyond_cycle(contact: Contact, cycle_days: int, today: date, stage: Stage | None = None) -> bool:
    """At first-meeting with the meeting set more than one sales cycle ahead of ``today``:
    a prospect meets within the average sales cycle, so this one is not a prospect yet
    (40 days ahead with a 28-day cycle is beyond; 28 days is not)."""
    stage = stage or contact.stage
    first = contact.first_meeting
    return stage is Stage.FIRST_MEETING and first is not None and (first - today).days > cycle_days


def prospect_from(contact: Contact, cycle_days: int, day: date) -> date:
    """The day a move to first-meeting on ``day`` makes a prospect: that day, or the day
    the first meeting comes within one sales cycle when it was set further ahead."""
    first = contact.first_meeting
    if first is not None and (first - day).days > cycle_days:
        return first - timedelta(days=cycle_days)
    return day


def completion_deadline(contact: Contact, settings: Settings) -> date | None:
    """The day by which a 90% deal must be signed and paid: the signing date (else the
    signed date) plus the cooling-off days; None with neither date."""
    sign = contact.criteria.signing_date or contact.signed
    return sign + timedelta(days=settings.cooling_off_days) if sign else None


def cannot_complete(contact: Contact, settings: Settings, cycle_days: int, today: date) -> date | None:
    """A 90% contact that cannot complete goes back to 50% (README: The method): the 50% evidence
    holds, the 90% evidence (signed and paid on or before today) does not, and the
    signing date plus the cooling-off days has passed. Returns that deadline, else None.
    (When the 50% evidence fails too, the stage is unsupported: the rep judges.)"""
    if contact.stage is not Stage.P90:
        return None
    deadline = completion_deadline(contact, settings)
    if deadline is None or deadline >= today:
        return None
    if supported_stage(contact, settings, cycle_days, today) is not Stage.P50:
        return None
    return deadline


def cooling_off_end(contact: DealRecord, settings: Settings) -> date | None:
    return contact.paid + timedelta(days=settings.cooling_off_days) if contact.paid else None


def days_since_first_meeting(contact: Contact, today: date) -> int | None:
    return (today - contact.first_meeting).days if contact.first_meeting else None


def is_stale(
    contact: Contact, cycle_days: int, today: date, stage: Stage | None = None, method: Method | None = None
) -> bool:
    """First meeting more than one sales cycle ago and still below 90% (README: Sales cycle, Stale):
    the stale rule of ``method`` (the Prospect Management System's unless given)."""
    return _method.is_stale(
        method or _pms(), contact, today=today, cycle_days=cycle_days, stage=stage or contact.stage
    )


def stage_weight(stage: Stage, settings: Settings) -> float:
    return contacts_method(settings).weight(stage, settings)


def weighted_value(contact: Contact, settings: Settings, stage: Stage | None = None) -> float:
    return (contact.value or 0) * stage_weight(stage or contact.stage, settings)


# --- the sales cycle ---------------------------------------------------------


@dataclass(frozen=True)
class Deal:
    contact: DealRecord
    created: date
    signed: date

    @property
    def days(self) -> int:
        return (self.signed - self.created).days


@dataclass(frozen=True)
class SalesCycle:
    days: int
    source: str  # "deals" | "default"
    deals: list[Deal] = field(default_factory=list)
    #: closed deals that could have counted but lack created/signed dates
    undated: int = 0


def sales_cycle(contacts: Iterable[DealRecord], settings: Settings, today: date) -> SalesCycle:
    """Average days from ``created`` to ``signed`` over the last N closed deals (README: Sales cycle, Stale).

    Deals signed after ``today`` do not count, so a past week's cycle is stable.
    With fewer than ``cycle_min_deals`` dated deals the configured default is used.
    """
    deals, undated = [], 0
    for c in contacts:
        closed = closed_on(c, settings)
        if closed is None or closed > today:
            continue
        if c.created is None or c.signed is None or c.signed < c.created or c.signed > today:
            undated += 1
            continue
        deals.append(Deal(c, c.created, c.signed))
    deals.sort(key=lambda d: (d.signed, d.contact.id), reverse=True)
    used = deals[: settings.cycle_sample]
    if len(used) < settings.cycle_min_deals:
        return SalesCycle(settings.sales_cycle_days, "default", used, undated)
    mean = sum(d.days for d in used) / len(used)
    return SalesCycle(max(1, int(mean + 0.5)), "deals", used, undated)


# --- history -----------------------------------------------------------------


def stage_on(contact: Contact, day: date, start: Stage = Stage.OPPORTUNITY) -> Stage | None:
    """Where a contact stood at the end of ``day``, from its dated history.

    A contact created after ``day`` did not exist yet (None). When no history
    entry is later than ``day``, nothing has changed since: the recorded stage
    (before its first entry: ``start``, the method's first stage).
    """
    if contact.created is not None and contact.created > day:
        return None
    history = contact.history
    if not any(h.date > day for h in history):
        return contact.stage
    entries = [(h.date, i, h.stage) for i, h in enumerate(history) if h.date <= day]
    return max(entries)[2] if entries else start


def closed_on(contact: DealRecord, settings: Settings) -> date | None:
    """The day a contact reached ``closed`` (the method's won end): its history entry, else
    the end of cooling-off (else the signed date)."""
    won = contacts_method(settings).won
    dates = [h.date for h in contact.history if h.stage == won]
    if dates:
        return max(dates)
    if contact.stage == won:
        return cooling_off_end(contact, settings) or contact.signed
    return None


# --- pipeline shape (README: Shape diagnosis) ----------------------------------------------


@dataclass(frozen=True)
class Shape:
    """The shape diagnosis: ``ideal``, ``A`` (top-heavy), ``B`` (empty) or ``C`` (proposal pending)."""

    pattern: str
    #: the counts behind the verdict (pipetrack.text.shape_reason puts them into words)
    facts: dict[str, float] = field(default_factory=dict)


def diagnose_shape(counts: dict[Stage, int], stale: dict[Stage, int], settings: Settings) -> Shape:
    """Classify the pipeline by explicit thresholds on the stage counts.

    Checked in this order (first match wins):

    * **B, empty** — fewer effective prospects (25%, 50% and 90%: met and going on)
      than one deal consumes (``targets.prospects_per_deal``, 5 by default): first
      meetings alone are not a pipeline yet;
    * **A, top-heavy** — more contacts at 50% and 90% together than at
      first-meeting and 25% together: no new prospects are being found;
    * **C, proposal pending** — at least ``shape_stuck_share`` (half) of the contacts at
      25% and 50% are stale (first meeting more than one sales cycle ago): nothing moves;
    * **ideal** — otherwise: the funnel narrows from the early stages to 90%.
    """
    fm, p25, p50, p90 = (counts.get(s, 0) for s in (Stage.FIRST_MEETING, Stage.P25, Stage.P50, Stage.P90))
    prospects = fm + p25 + p50 + p90
    effective = p25 + p50 + p90
    need = settings.targets.prospects_per_deal
    middle = p25 + p50
    stuck = stale.get(Stage.P25, 0) + stale.get(Stage.P50, 0)
    facts = {
        "fm": fm,
        "p25": p25,
        "p50": p50,
        "p90": p90,
        "prospects": prospects,
        "effective": effective,
        "need": need,
        "late": p50 + p90,
        "early": fm + p25,
        "middle": middle,
        "stuck": stuck,
    }
    if effective < need:
        return Shape("B", facts)
    if p50 + p90 > fm + p25:
        return Shape("A", facts)
    if middle and stuck >= settings.shape_stuck_share * middle:
        return Shape("C", facts)
    return Shape("ideal", facts)


# --- the ratio game (README: Plan and the ratio targets) ----------------------------------------------


def safe_ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def call_targets(settings: Settings, rep_days: int) -> tuple[float, float, float]:
    """Dials, connects and meetings set to reach in ``rep_days`` (working days times reps; 15-7-1)."""
    t = settings.targets
    return t.dials_per_day * rep_days, t.connects_per_day * rep_days, t.meetings_per_day * rep_days


@dataclass(frozen=True)
class Plan:
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


def plan_backwards(
    deals: float, per: str, settings: Settings, ratios: dict[str, float] | None = None
) -> Plan:
    """From a deal target back to the daily activity it takes (20:5:1 and 15-7-1).

    ``ratios`` may replace the targets with observed ones (same keys as ``targets``).
    """
    t = settings.targets.model_dump()
    t.update(ratios or {})
    weeks = {"year": t["working_weeks"], "month": t["working_weeks"] / 12, "week": 1}[per]
    per_week = deals / weeks
    return Plan(
        deals=deals,
        per=per,
        weeks=weeks,
        deals_per_week=per_week,
        prospects=deals * t["prospects_per_deal"],
        contacts=deals * t["contacts_per_deal"],
        meetings_per_week=per_week * t["meetings_per_week"],
        dials_per_day=per_week * t["dials_per_day"],
        connects_per_day=per_week * t["connects_per_day"],
        meetings_per_day=per_week * t["meetings_per_day"],
    )
