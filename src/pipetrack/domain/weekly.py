"""The weekly report: the terminal reports of one week, assembled into one document.

Pure: contacts, settings, the period and ``today`` in; a JSON-ready dict out.
Every number comes from the report functions in ``pipetrack.domain.reports`` — nothing
is counted a second time here — so the weekly report always agrees with
``pipeline``, ``funnel``, ``review``, ``team`` and ``cycle`` for the same week.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict

from pipetrack.domain import reports, rules
from pipetrack.domain.errors import Problem
from pipetrack.domain.models import Account, Settings, Stage
from pipetrack.domain.reports import (
    CycleReport,
    FunnelReport,
    PipelineReport,
    ReviewReport,
    TeamReport,
)
from pipetrack.domain.reports.common import PeriodData

if TYPE_CHECKING:
    from pipetrack.domain.project_reports import ReviewPart

#: How many weeks the trend shows, ending with the report's week.
TREND_WEEKS = 8

#: The ideal pyramid (README: Shape diagnosis): more first meetings than 25%, more 25% than 50%,
#: more 50% than 90%. Relative sizes, first-meeting … 90%; used to draw the guide.
IDEAL_PYRAMID = ((Stage.FIRST_MEETING, 4), (Stage.P25, 3), (Stage.P50, 2), (Stage.P90, 1))


class TrendWeek(TypedDict):
    week: str
    start: str
    end: str
    meetings_set: int
    target_meetings: float
    deals: int


class PyramidStage(TypedDict):
    stage: str
    count: int
    stale: int
    ideal: float


class ProblemData(TypedDict):
    """A data problem as the report lists it (``message`` in words in the report's language)."""

    path: str
    line: int | None
    message: str
    severity: str
    code: str | None
    params: dict[str, Any] | None


class WeeklyReport(TypedDict):
    week: str
    period: PeriodData
    as_of: str
    today: str
    owner: str | None
    lang: str
    currency: str
    cycle: CycleReport
    pipeline: PipelineReport
    shape_chart: list[PyramidStage]
    funnel: FunnelReport
    trend: list[TrendWeek]
    review: ReviewReport
    team: TeamReport
    problems: list[ProblemData]
    errors: int
    projects: NotRequired[ReviewPart]


def trend(
    contacts: list[Any],
    settings: Settings,
    period: reports.Period,
    today: date,
    owner: str | None = None,
    weeks: int = TREND_WEEKS,
) -> list[TrendWeek]:
    """Meetings set and deals closed in each of the last ``weeks`` weeks, oldest first,
    counted as ``funnel_report`` counts them (one pass over the contacts for all weeks)."""
    mine = reports._owned(contacts, owner)
    periods = [
        reports.Period(period.start - timedelta(days=7 * back), period.end - timedelta(days=7 * back))
        for back in range(weeks - 1, -1, -1)
    ]

    def target_meetings(week: reports.Period) -> float:
        reps = reports.rep_count(mine, owner, week)
        return reports.number(rules.call_targets(settings, settings.working_days * reps)[2])

    return [
        {
            "week": week.label,
            "start": week.start.isoformat(),
            "end": week.end.isoformat(),
            "meetings_set": n.meetings,
            "target_meetings": target_meetings(week),
            "deals": n.deals,
        }
        for week, n in zip(periods, reports.week_counts(mine, settings, periods), strict=True)
    ]


def ideal_pyramid(pipeline: PipelineReport, settings: Settings) -> list[PyramidStage]:
    """The prospects of the pipeline beside the ideal pyramid of the same size.

    The pyramid holds at least ``targets.prospects_per_deal`` prospects, so an
    empty pipeline (shape B) still shows what it should look like.
    """
    counts = {s["stage"]: s for s in pipeline["stages"]}
    size = max(pipeline["prospects"], settings.targets.prospects_per_deal)
    parts = sum(w for _, w in IDEAL_PYRAMID)
    return [
        {
            "stage": stage.value,
            "count": counts[stage.value]["count"],
            "stale": counts[stage.value]["stale"],
            "ideal": reports.number(round(size * weight / parts, 2)),
        }
        for stage, weight in IDEAL_PYRAMID
    ]


def problem_dict(problem: Problem) -> ProblemData:
    return {
        "path": problem.path,
        "line": problem.line,
        "message": problem.message,
        "severity": problem.severity,
        "code": problem.code or None,
        "params": reports.plain(problem.params) if problem.code else None,
    }


def weekly_report(
    contacts: Iterable[Any],
    settings: Settings,
    period: reports.Period,
    today: date,
    owner: str | None = None,
    lang: str = "en",
    problems: Iterable[Problem] = (),
    accounts: Mapping[str, Account] | None = None,
) -> WeeklyReport:
    """The week's pipeline, funnel, review, team sheet, trend and data problems.

    The sales cycle is the one known on the period's snapshot day (deals signed
    later do not count), so a past week's report does not change when it is
    generated again later. The review is the update due on ``today``.
    """
    contacts = sorted(contacts, key=lambda c: c.id)
    mine = [c for c in contacts if owner is None or c.owner == owner]
    day = reports.snapshot_day(period, today)
    cycle = rules.sales_cycle(contacts, settings, day)
    pipeline = reports.pipeline_report(contacts, settings, cycle, period, today, owner)
    listed = sorted(problems, key=lambda p: (p.path, p.line or 0, p.message, p.code))
    return {
        "week": period.label,
        "period": period.as_dict(),
        "as_of": day.isoformat(),
        "today": today.isoformat(),
        "owner": owner,
        "lang": lang,
        "currency": settings.currency,
        "cycle": reports.cycle_report(cycle, settings),
        "pipeline": pipeline,
        "shape_chart": ideal_pyramid(pipeline, settings),
        "funnel": reports.funnel_report(contacts, settings, period, today, owner, cycle.days),
        "trend": trend(contacts, settings, period, today, owner),
        "review": reports.review_report(contacts, settings, cycle, today, owner, accounts),
        # the team sheet of the owner alone when one is asked for
        "team": reports.team_report(mine, settings, period, today, cycle.days),
        "problems": [problem_dict(p) for p in listed],
        "errors": sum(p.severity == "error" for p in listed),
    }
