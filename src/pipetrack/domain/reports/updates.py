"""The weekly action sheet's update days: Monday (covering the Friday–Sunday before),
Wednesday (Monday–Tuesday) and Friday (Wednesday–Thursday), each a snapshot of the
pipeline with today = that day (README: The weekly action sheet)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any, TypedDict

from pipetrack.domain import rules
from pipetrack.domain.models import Settings
from pipetrack.domain.reports.common import Period, PeriodData
from pipetrack.domain.reports.pipeline import PipelineReport, pipeline_report
from pipetrack.domain.reports.team import TeamReport, team_report

WEEKDAY_NAMES = ("monday", "wednesday", "friday")


class UpdateDay(TypedDict):
    day: str
    weekday: str
    #: the days the update covers
    covers: PeriodData


class PipelineUpdate(UpdateDay):
    pipeline: PipelineReport


class TeamUpdate(UpdateDay):
    team: TeamReport


class PipelineUpdates(TypedDict):
    week: str
    period: PeriodData
    owner: str | None
    account: str | None
    #: the update days after today, not shown yet
    later: list[str]
    updates: list[PipelineUpdate]


class TeamUpdates(TypedDict):
    week: str
    period: PeriodData
    later: list[str]
    updates: list[TeamUpdate]


def update_days(period: Period) -> list[tuple[date, Period]]:
    """The week's three update days and the days each covers: the first Monday on or after
    the period's start (covering Friday–Sunday before it), the Wednesday (Monday–Tuesday)
    and the Friday (Wednesday–Thursday) after it. With ``week_start: friday`` the three
    cover the week exactly, as on the paper sheet."""
    monday = period.start + timedelta(days=-period.start.weekday() % 7)
    return [
        (monday, Period(monday - timedelta(days=3), monday - timedelta(days=1))),
        (monday + timedelta(days=2), Period(monday, monday + timedelta(days=1))),
        (monday + timedelta(days=4), Period(monday + timedelta(days=2), monday + timedelta(days=3))),
    ]


def _day(day: date, covers: Period, i: int) -> UpdateDay:
    return {"day": day.isoformat(), "weekday": WEEKDAY_NAMES[i], "covers": covers.as_dict()}


def _days_so_far(
    contacts: list[Any], settings: Settings, period: Period, today: date
) -> Iterator[tuple[int, date, Period, rules.SalesCycle]]:
    """The week's update days up to today: index, day, what it covers, the sales cycle that day."""
    for i, (day, covers) in enumerate(update_days(period)):
        if day <= today:
            yield i, day, covers, rules.sales_cycle(contacts, settings, day)


def _later(period: Period, today: date) -> list[str]:
    """The update days still to come."""
    return [d.isoformat() for d, _ in update_days(period) if d > today]


def pipeline_updates(
    contacts: Any,
    settings: Settings,
    period: Period,
    today: date,
    owner: str | None = None,
    account: str | None = None,
) -> PipelineUpdates:
    """The pipeline as it stood on each update day of the week up to today: the report with
    today = that day (its sales cycle too)."""
    contacts = list(contacts)
    updates: list[PipelineUpdate] = [
        {
            **_day(day, covers, i),
            "pipeline": pipeline_report(contacts, settings, cycle, period, day, owner, account),
        }
        for i, day, covers, cycle in _days_so_far(contacts, settings, period, today)
    ]
    return {
        "week": period.label,
        "period": period.as_dict(),
        "owner": owner,
        "account": account,
        "later": _later(period, today),
        "updates": updates,
    }


def team_updates(contacts: Any, settings: Settings, period: Period, today: date) -> TeamUpdates:
    """The team sheet on each update day of the week up to today."""
    contacts = list(contacts)
    updates: list[TeamUpdate] = [
        {**_day(day, covers, i), "team": team_report(contacts, settings, period, day, cycle.days)}
        for i, day, covers, cycle in _days_so_far(contacts, settings, period, today)
    ]
    return {
        "week": period.label,
        "period": period.as_dict(),
        "later": _later(period, today),
        "updates": updates,
    }
