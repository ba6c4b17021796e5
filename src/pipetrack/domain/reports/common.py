"""What every report shares: JSON-ready values, the report week, a rep's contacts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypedDict, overload

from pipetrack.domain import rules
from pipetrack.domain.errors import UsageError
from pipetrack.domain.models import FIRST_DAY, LAST_DAY, WEEKDAYS, Contact


@overload
def iso(value: date) -> str: ...
@overload
def iso(value: date | None) -> str | None: ...
def iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    return value.isoformat()


@overload
def number(value: float) -> float: ...
@overload
def number(value: float | None) -> float | None: ...
def number(value: float | None) -> float | None:
    """Money and ratios in JSON: whole numbers as ints, others to 2 places."""
    if value is None:
        return None
    if isinstance(value, float):
        return int(value) if value.is_integer() else round(value, 2)
    return value


def plain(value: Any) -> Any:
    """A value as JSON holds it: ISO dates, rounded floats, lists for tuples, nested too."""
    if isinstance(value, (date, datetime)):
        return iso(value)
    if isinstance(value, float):
        return number(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


class MissingCode(TypedDict):
    """What a stage lacks: the evidence's key, the reason's code and its parameters."""

    key: str
    code: str
    params: dict[str, Any] | None


def missing_codes(missing: list[rules.Missing]) -> list[MissingCode]:
    """What a stage lacks as JSON-ready codes: [{key, code, params}]."""
    return [{"key": m.key, "code": m.code, "params": plain(m.params)} for m in missing]


# --- periods -----------------------------------------------------------------


class PeriodData(TypedDict):
    """A period in JSON: ISO dates."""

    start: str
    end: str


@dataclass(frozen=True)
class Period:
    """A report week: ``start`` … ``end`` inclusive, named by the ISO week of its end."""

    start: date
    end: date

    @property
    def label(self) -> str:
        year, week, _ = self.end.isocalendar()
        return f"{year}-W{week:02d}"

    def __contains__(self, day: object) -> bool:
        if isinstance(day, datetime):
            day = day.date()
        return isinstance(day, date) and self.start <= day <= self.end

    def as_dict(self) -> PeriodData:
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)
_WEEK_OFFSET = re.compile(r"^([+-]\d{1,3}|0)$")
_WEEK_WORDS = {"this": "0", "last": "-1", "本周": "0", "这周": "0", "上周": "-1"}


def week_period(spec: str | None, today: date, week_start: str = "monday") -> Period:
    """The week ``this`` (default), ``last``, an offset in weeks
    (``-1`` is last week, ``-2`` the one before), or ``YYYY-Www``, starting on ``week_start``.

    With ``week_start: friday`` (the weekly action sheet) a week runs from Friday
    to Thursday; ``2026-W47`` is the week that ends in ISO week 47.
    """
    first = WEEKDAYS.index(week_start)
    spec = (spec or "this").strip()
    offset = _WEEK_WORDS.get(spec.lower(), spec)
    if _WEEK_OFFSET.match(offset):
        start = today - timedelta(days=(today.weekday() - first) % 7) + timedelta(weeks=int(offset))
    else:
        match = _WEEK.match(spec)
        if not match:
            raise UsageError(
                f"--week: {spec!r} is not a week (YYYY-Www, this, last, or -1, -2 … weeks back)",
                "not_a_week",
                value=spec,
            )
        if not FIRST_DAY.year <= int(match[1]) <= LAST_DAY.year:
            raise UsageError(
                f"--week: {spec!r} is out of range ({FIRST_DAY.year}-W01 to {LAST_DAY.year}-W52)",
                "week_range",
                value=spec,
                first=FIRST_DAY.year,
                last=LAST_DAY.year,
            )
        try:
            monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
        except ValueError:
            raise UsageError(
                f"--week: {spec!r} is not a week of that year", "week_of_year", value=spec
            ) from None
        end_weekday = (first + 6) % 7
        end = monday + timedelta(days=end_weekday)
        start = end - timedelta(days=6)
    return Period(start, start + timedelta(days=6))


def snapshot_day(period: Period, today: date) -> date:
    """Stage counts are a snapshot at the end of the period, or today if earlier."""
    return min(period.end, today)


def _owned(contacts: Any, owner: str | None, account: str | None = None) -> list[Contact]:
    return sorted(
        (
            c
            for c in contacts
            if (owner is None or c.owner == owner) and (account is None or c.account == account)
        ),
        key=lambda c: c.id,
    )
