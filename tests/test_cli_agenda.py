"""`pipetrack agenda`: dated items with known answers, the ICS a calendar parser reads, 80 columns."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

TODAY = "2026-11-23"  # a Monday


@pytest.fixture
def day(folder):
    (folder.root / "pipetrack.yaml").write_text(
        "owner: li-na\nsales_cycle_days: 28\ncooling_off_days: 10\ntimezone: Asia/Shanghai\n",
        encoding="utf-8",
    )
    folder.contact(
        "wang",
        """
        name: 王经理
        account: huanan
        owner: li-na
        stage: 50%
        first_meeting: 2026-10-28
        next_meeting: 2026-11-24T10:00
        criteria: {signing_date: 2026-11-25}
        value: 186000
        activities:
          - {date: 2026-11-23, kind: call, outcome: connected}
          - {date: 2026-11-23, kind: call, outcome: no-answer}
          - {date: 2026-11-22, kind: call, outcome: meeting-set}
        """,
    )
    folder.contact(  # 90%, paid 11-10: cooling-off ended 11-20, listed today
        "tang",
        "name: 唐小姐\nowner: li-na\nstage: 90%\nfirst_meeting: 2026-10-09\n"
        "signed: 2026-11-08\npaid: 2026-11-10\n",
    )
    folder.contact(  # closed on 11-22: follow up by 11-24
        "won",
        """
        name: Wes
        owner: li-na
        stage: closed
        history:
          - {date: 2026-11-22, stage: closed}
        """,
    )
    folder.contact(  # first meeting 11-20 passed, still first-meeting
        "fm",
        "name: Fay\nowner: tom\nstage: first-meeting\nfirst_meeting: 2026-11-20\nnext_meeting: 2026-11-21\n",
    )
    folder.contact("gone", "name: Gus\nowner: tom\nstage: lost\nnext_meeting: 2026-11-24T09:00\n")
    return folder


def items(result) -> list[tuple]:
    assert result.exit_code == 0, result.output
    rep = json.loads(result.stdout)
    return [(i["date"], i["time"], i["kind"], i["id"], i["detail"]) for i in rep["items"]]


def test_agenda_today(day):
    assert items(day.run("agenda", "--format", "json", today=TODAY)) == [
        ("2026-11-23", None, "ready_to_close", "tang", "2026-11-20"),
        ("2026-11-23", None, "first_meeting_passed", "fm", "2026-11-20"),
    ]


def test_agenda_days_lists_every_kind_by_day_and_time(day):
    assert items(day.run("agenda", "--days", "4", "--format", "json", today=TODAY)) == [
        ("2026-11-23", None, "ready_to_close", "tang", "2026-11-20"),
        ("2026-11-23", None, "first_meeting_passed", "fm", "2026-11-20"),
        ("2026-11-24", "10:00", "meeting", "wang", None),  # the lost contact's meeting is not listed
        ("2026-11-24", None, "follow_up", "won", "2026-11-22"),
        ("2026-11-25", None, "signing", "wang", 186000),
        ("2026-11-26", None, "turns_stale", "wang", "2026-10-28"),  # 10-28 + 29 days
    ]


def test_agenda_week_and_owner(day):
    week = day.run("agenda", "--week", "--owner", "tom", "--format", "json", today="2026-11-25")
    rep = json.loads(week.stdout)
    assert (rep["start"], rep["end"]) == ("2026-11-25", "2026-11-29")
    assert [i["id"] for i in rep["items"]] == ["fm"]
    bad = day.run("agenda", "--owner", "nobody", today=TODAY)
    assert bad.exit_code == 2 and "--owner: no owner 'nobody'" in bad.stderr


def test_calls_today_against_the_daily_targets(day):
    rep = json.loads(day.run("agenda", "--owner", "li-na", "--format", "json", today=TODAY).stdout)
    assert rep["calls_today"] == {
        "dials": 2,
        "connects": 1,
        "meetings_set": 0,
        "target_dials": 15,
        "target_connects": 7,
        "target_meetings_set": 1,
        "reps": 1,
    }
    table = day.run("agenda", "--owner", "li-na", today=TODAY).stdout
    assert "Today's 15-7-1 so far: dials 2/15, connects 1/7, meetings set 0/1" in table


def test_ics_parses_and_holds_exactly_the_expected_events(day):
    icalendar = pytest.importorskip("icalendar")
    result = day.run("agenda", "--days", "7", "--format", "ics", today=TODAY)
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")  # CRLF, as RFC 5545 says
    cal = icalendar.Calendar.from_ical(result.stdout)
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert sorted(events) == ["meeting-wang@pipetrack", "signing-wang@pipetrack"]
    meeting = events["meeting-wang@pipetrack"]
    # 10:00 in Asia/Shanghai (the settings' timezone) is 02:00 UTC
    assert meeting.decoded("DTSTART") == datetime(2026, 11, 24, 2, 0, tzinfo=UTC)
    assert meeting.decoded("DTEND") == datetime(2026, 11, 24, 3, 0, tzinfo=UTC)
    assert str(meeting["SUMMARY"]) == "Meeting: 王经理"
    signing = events["signing-wang@pipetrack"]
    assert signing.decoded("DTSTART") == date(2026, 11, 25)
    assert str(cal["X-WR-TIMEZONE"]) == "Asia/Shanghai"
    # the same agenda tomorrow: the same UIDs (a calendar updates, never duplicates)
    again = icalendar.Calendar.from_ical(
        day.run("agenda", "--days", "7", "--format", "ics", today="2026-11-24").stdout
    )
    assert {str(e["UID"]) for e in again.walk("VEVENT")} == set(events)


def test_ics_default_zone_is_the_machines(day, monkeypatch):
    icalendar = pytest.importorskip("icalendar")
    (day.root / "pipetrack.yaml").write_text("owner: li-na\n", encoding="utf-8")
    monkeypatch.setenv("TZ", "Europe/Berlin")
    cal = icalendar.Calendar.from_ical(
        day.run("agenda", "--days", "2", "--format", "ics", today=TODAY).stdout
    )
    (meeting,) = cal.walk("VEVENT")
    assert meeting.decoded("DTSTART") == datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # CET = UTC+1


def test_a_bad_timezone_is_one_line(day):
    (day.root / "pipetrack.yaml").write_text("timezone: Mars/Olympus\n", encoding="utf-8")
    result = day.run("agenda", "--format", "ics", today=TODAY)
    assert result.exit_code == 2
    assert (
        result.stderr.strip()
        == "error: pipetrack.yaml: timezone: 'Mars/Olympus' is not a time zone (e.g. Asia/Shanghai)"
    )


def test_example_agenda_is_readable_at_80_columns(example_dir, monkeypatch):
    from typer.testing import CliRunner

    from pipetrack.cli.main import app

    monkeypatch.setenv("COLUMNS", "80")
    for lang in ("en", "zh"):
        args = ["--data", str(example_dir), "--today", "2026-11-23", "--lang", lang, "agenda", "--week"]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
        lines = result.stdout.splitlines()
        assert max(len(line) for line in lines) <= 80
        text = result.stdout
        for cid in ("wang-jingli", "tang-xiaojie", "deng-xiaojie", "david-chen"):
            assert f"({cid})" in text  # ids whole, never broken across lines
        assert "2026-11-24" in text and "10:00" in text
    assert "ready to close" not in text and "可以成交" in text  # zh has no English labels


def test_days_and_week_together_is_a_usage_error(day):
    result = day.run("agenda", "--days", "3", "--week", today=TODAY)
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: --days and --week: give one of them"


def test_a_coming_first_meeting_is_on_the_agenda_and_in_the_calendar(day):
    # set the day before (the quick start's case): the most important meeting of the method
    day.contact("new", "name: 王经理\nowner: li-na\nstage: first-meeting\nfirst_meeting: 2026-11-25\n")
    day.contact(  # the same meeting also recorded as next_meeting: listed once, with its time
        "both",
        "name: Bo\nowner: li-na\nstage: first-meeting\nfirst_meeting: 2026-11-24\n"
        "next_meeting: 2026-11-24T15:00\n",
    )
    got = items(day.run("agenda", "--days", "3", "--owner", "li-na", "--format", "json", today=TODAY))
    assert ("2026-11-25", None, "first_meeting", "new", None) in got
    assert [i for i in got if i[3] == "both"] == [("2026-11-24", "15:00", "meeting", "both", None)]
    table = day.run("agenda", "--days", "3", "--owner", "li-na", today=TODAY).stdout
    assert "first meeting" in table and "王经理" in table
    icalendar = pytest.importorskip("icalendar")
    cal = icalendar.Calendar.from_ical(
        day.run("agenda", "--days", "3", "--format", "ics", today=TODAY).stdout
    )
    events = {str(e["UID"]): str(e["SUMMARY"]) for e in cal.walk("VEVENT")}
    assert events["first_meeting-new@pipetrack"] == "First meeting: 王经理"


def test_zh_agenda_says_the_sources_word_for_the_cooling_off_days(day):
    table = day.run("--lang", "zh", "agenda", today=TODAY).stdout
    assert "犹豫期 2026-11-20 结束" in table and "冷静期" not in table
