"""Dates as people say them: domain.dates.parse_day/parse_moment, and --week offsets."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipetrack.domain.dates import parse_day, parse_moment
from pipetrack.domain.errors import UsageError
from pipetrack.domain.reports import week_period

MONDAY = date(2026, 11, 23)
WEDNESDAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("text", "today", "direction", "expected"),
    [
        ("2026-12-05", MONDAY, "any", date(2026, 12, 5)),
        ("2026/12/05", MONDAY, "any", date(2026, 12, 5)),
        (" Today ", MONDAY, "any", MONDAY),
        ("yesterday", MONDAY, "past", date(2026, 11, 22)),
        ("tomorrow", MONDAY, "any", date(2026, 11, 24)),
        ("昨天", MONDAY, "past", date(2026, 11, 22)),
        ("前天", MONDAY, "past", date(2026, 11, 21)),
        ("后天", MONDAY, "future", date(2026, 11, 25)),
        # a bare weekday: the next one, or the last one for a past-only field
        ("fri", WEDNESDAY, "future", date(2026, 11, 27)),
        ("fri", WEDNESDAY, "any", date(2026, 11, 27)),
        ("fri", WEDNESDAY, "past", date(2026, 11, 20)),
        ("Friday", WEDNESDAY, "past", date(2026, 11, 20)),
        ("thur", WEDNESDAY, "future", date(2026, 11, 26)),
        ("wed", WEDNESDAY, "future", date(2026, 12, 2)),  # the next one, not today
        ("wed", WEDNESDAY, "past", date(2026, 11, 18)),
        ("周五", WEDNESDAY, "future", date(2026, 11, 27)),
        ("星期一", WEDNESDAY, "past", date(2026, 11, 23)),
        ("next-mon", WEDNESDAY, "any", date(2026, 11, 30)),
        ("last-fri", WEDNESDAY, "any", date(2026, 11, 20)),
        ("last friday", WEDNESDAY, "past", date(2026, 11, 20)),
        ("this-fri", WEDNESDAY, "any", date(2026, 11, 27)),
        # 上周五/下周五: that weekday of the previous/next calendar week
        ("上周五", WEDNESDAY, "past", date(2026, 11, 20)),
        ("下周五", WEDNESDAY, "future", date(2026, 12, 4)),
        ("本周一", WEDNESDAY, "past", date(2026, 11, 23)),
        ("+3d", MONDAY, "any", date(2026, 11, 26)),
        ("+3", MONDAY, "any", date(2026, 11, 26)),
        ("-2w", MONDAY, "past", date(2026, 11, 9)),
        ("3天前", MONDAY, "past", date(2026, 11, 20)),
        ("2周后", MONDAY, "future", date(2026, 12, 7)),
    ],
)
def test_parse_day(text, today, direction, expected):
    assert parse_day(text, today, direction) == expected


@pytest.mark.parametrize(
    ("text", "direction", "message"),
    [
        ("", "any", "--date: an empty value is not a date (YYYY-MM-DD)"),
        ("someday", "any", "--date: 'someday' is not a date (YYYY-MM-DD)"),
        ("2026-02-30", "any", "--date: '2026-02-30' is not a date (YYYY-MM-DD)"),
        ("tomorrow", "past", "--date: 'tomorrow' is 2026-11-24, in the future; it must be today or earlier"),
        ("+1w", "past", "--date: '+1w' is 2026-11-30, in the future"),
        ("下周一", "past", "--date: '下周一' is 2026-11-30, in the future"),
    ],
)
def test_parse_day_refuses_with_one_line(text, direction, message):
    with pytest.raises(UsageError) as err:
        parse_day(text, MONDAY, direction, "--date")
    assert str(err.value).startswith(message)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-05T14:00", datetime(2026, 12, 5, 14, 0)),
        ("2026-12-05 9:30", datetime(2026, 12, 5, 9, 30)),
        ("fri 14:00", datetime(2026, 11, 27, 14, 0)),
        ("明天 9:30", datetime(2026, 11, 24, 9, 30)),
        ("14:00", datetime(2026, 11, 23, 14, 0)),
        ("2026-12-05", date(2026, 12, 5)),
    ],
)
def test_parse_moment(text, expected):
    assert parse_moment(text, MONDAY, "future") == expected


def test_parse_moment_refuses_a_time_that_does_not_exist():
    with pytest.raises(UsageError, match="no such time"):
        parse_moment("fri 25:00", MONDAY)


@pytest.mark.parametrize(
    ("spec", "start"),
    [
        ("this", date(2026, 11, 23)),
        ("0", date(2026, 11, 23)),
        ("last", date(2026, 11, 16)),
        ("-1", date(2026, 11, 16)),
        ("-2", date(2026, 11, 9)),
        ("上周", date(2026, 11, 16)),
    ],
)
def test_week_offsets(spec, start):
    period = week_period(spec, WEDNESDAY, "monday")
    assert (period.start, period.end) == (start, start.replace(day=start.day + 6))


WORDS = [
    "today",
    "yesterday",
    "mon",
    "fri",
    "sunday",
    "last-fri",
    "-2w",
    "-3d",
    "周五",
    "星期日",
    "上周三",
    "本周一",
    "3天前",
]


@given(st.dates(min_value=date(2000, 1, 3), max_value=date(2099, 12, 25)), st.sampled_from(WORDS))
def test_a_past_only_field_never_gets_a_future_date(today, word):
    try:
        day = parse_day(word, today, "past")
    except UsageError as err:  # only 本周X later this week may be refused, with the one line
        assert word.startswith("本周") and "in the future" in str(err)
        return
    assert day <= today
    assert (today - day).days <= 21


@given(st.dates(min_value=date(2000, 1, 3), max_value=date(2099, 12, 25)), st.integers(0, 6))
def test_a_bare_weekday_is_the_next_one_or_the_last_one(today, weekday):
    name = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[weekday]
    ahead, back = parse_day(name, today, "future"), parse_day(name, today, "past")
    assert ahead.weekday() == back.weekday() == weekday
    assert 1 <= (ahead - today).days <= 7 and 1 <= (today - back).days <= 7
    assert (ahead - back).days == 7 if ahead.weekday() != today.weekday() else 14


@given(st.dates())
def test_iso_dates_read_as_themselves(day):
    assert parse_day(day.isoformat(), date(2026, 11, 23)) == day
