"""Dates as people say them: a pure function of (text, today, direction).

``2026-12-05``, ``today``, ``yesterday``, ``tomorrow`` (今天, 昨天, 明天, 前天, 后天),
weekday names (``fri``, ``friday``, 周五, 星期五), ``next-fri``/``last-fri``,
上周五/下周五/本周五 (that weekday in the previous/next/this calendar week),
``+3d``, ``-2w`` (days or weeks from today). A bare weekday means the next
one, or the last one for a field that only takes the past (``direction``
"past": an activity, ``signed``, ``paid``). A date in the future where only
the past makes sense is refused.

No clock is read here: the caller passes ``today``.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta
from typing import Literal

from pipetrack.domain.errors import UsageError

Direction = Literal["past", "future", "any"]

_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_LONG = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ZH_DAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "七": 6}
_RELATIVE = {
    "today": 0,
    "now": 0,
    "yesterday": -1,
    "tomorrow": 1,
    "今天": 0,
    "今日": 0,
    "昨天": -1,
    "昨日": -1,
    "明天": 1,
    "明日": 1,
    "前天": -2,
    "后天": 2,
}
_OFFSET = re.compile(r"^([+-])(\d{1,4})\s*([dw]?)$")
_ZH_OFFSET = re.compile(r"^(\d{1,4})\s*(天|周|星期)(前|后|以前|以后|之前|之后)$")
_ZH_WEEKDAY = re.compile(r"^(上|下|这|本)?(?:个)?(?:周|星期|礼拜)([一二三四五六日天七])$")
_EN_WEEKDAY = re.compile(r"^(?:(next|last|this)[-\s]?)?([a-z]+)$")
_TIME = re.compile(r"^(.*?)(?:[T\s]+|^)(\d{1,2}):(\d{2})$", re.IGNORECASE)

#: What a person may type, for messages and help.
FORMS = "today, yesterday, tomorrow, mon..sun, next-fri, last-fri, +3d, -2w, 周五, 上周五"


def _weekday(word: str) -> int | None:
    if word in _DAYS:
        return _DAYS.index(word)
    if word in _LONG:
        return _LONG.index(word)
    # unambiguous beginnings of at least 3 letters: "thur", "frid"
    found = [i for i, name in enumerate(_LONG) if len(word) >= 3 and name.startswith(word)]
    return found[0] if len(found) == 1 else None


def _resolve(key: str, today: date, direction: Direction) -> date | None:
    if key in _RELATIVE:
        return today + timedelta(days=_RELATIVE[key])
    if m := _OFFSET.match(key):
        n = int(m[2]) * (7 if m[3] == "w" else 1)
        return today + timedelta(days=n if m[1] == "+" else -n)
    if m := _ZH_OFFSET.match(key):
        n = int(m[1]) * (1 if m[2] == "天" else 7)
        return today + timedelta(days=-n if "前" in m[3] else n)
    if m := _ZH_WEEKDAY.match(key):
        wanted = _ZH_DAYS[m[2]]
        if m[1] is None:
            return _nearest(today, wanted, direction)
        monday = today - timedelta(days=today.weekday())
        shift = {"上": -7, "下": 7}.get(m[1], 0)
        return monday + timedelta(days=shift + wanted)
    if m := _EN_WEEKDAY.match(key):
        wanted_day = _weekday(m[2])
        if wanted_day is None:
            return None
        if m[1] == "next":
            return _nearest(today, wanted_day, "future")
        if m[1] == "last":
            return _nearest(today, wanted_day, "past")
        if m[1] == "this":
            return today - timedelta(days=today.weekday()) + timedelta(days=wanted_day)
        return _nearest(today, wanted_day, direction)
    return None


def _nearest(today: date, weekday: int, direction: Direction) -> date:
    """The next such weekday after today, or the last one before it for the past."""
    if direction == "past":
        return today - timedelta(days=(today.weekday() - weekday) % 7 or 7)
    return today + timedelta(days=(weekday - today.weekday()) % 7 or 7)


def parse_day(text: str, today: date, direction: Direction = "any", what: str = "date") -> date:
    """A date from what a person typed; ``what`` names the option or key in errors.

    Raises UsageError (one line) for text that is no date, and for a future
    date when ``direction`` is "past".
    """
    key = unicodedata.normalize("NFKC", str(text)).strip().casefold()
    if not key:
        raise UsageError(
            f"{what}: an empty value is not a date (YYYY-MM-DD); also {FORMS}",
            "date_empty",
            what=what,
            forms=FORMS,
        )
    try:
        day: date | None = date.fromisoformat(key.replace("/", "-"))
    except ValueError:
        day = _resolve(key, today, direction)
    if day is None:
        raise UsageError(
            f"{what}: {text!r} is not a date (YYYY-MM-DD); also {FORMS}",
            "not_a_date",
            what=what,
            value=text,
            forms=FORMS,
        )
    if direction == "past" and day > today:
        raise UsageError(
            f"{what}: {text!r} is {day.isoformat()}, in the future; it must be today or earlier",
            "date_future",
            what=what,
            value=text,
            day=day.isoformat(),
        )
    return day


def parse_moment(text: str, today: date, direction: Direction = "any", what: str = "date") -> date | datetime:
    """A date, or a date and time (``2026-12-05T14:00``, ``fri 14:00``, ``明天 9:30``)."""
    key = unicodedata.normalize("NFKC", str(text)).strip()
    m = _TIME.match(key)
    if m is None:
        try:  # a full ISO date-time with seconds
            return (
                datetime.fromisoformat(key) if "T" in key.upper() else parse_day(text, today, direction, what)
            )
        except ValueError:
            raise UsageError(
                f"{what}: {text!r} is not a date or a date and time (YYYY-MM-DDTHH:MM)",
                "not_a_datetime",
                what=what,
                value=text,
            ) from None
    hour, minute = int(m[2]), int(m[3])
    if hour > 23 or minute > 59:
        raise UsageError(f"{what}: {text!r} has no such time of day", "no_such_time", what=what, value=text)
    day = parse_day(m[1] or "today", today, direction, what)
    return datetime.combine(day, time(hour, minute))
