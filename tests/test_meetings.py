"""Meetings held in the week against the method's 8 (about 5 new, 3 carried over): known
answers for what counts and how it splits, in the funnel's JSON, CSV and table, en and zh."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from pipetrack.domain.meetings import meetings_held
from pipetrack.domain.models import Contact, Settings

W47 = (date(2026, 11, 16), date(2026, 11, 22))


def contact(cid: str, stage: str, history: list, activities: list, **fields) -> Contact:
    return Contact.model_validate(
        {"id": cid, "name": cid, "stage": stage, "history": history, "activities": activities, **fields}
    )


def week_of_meetings() -> list[Contact]:
    return [
        # the first meeting, held on 11-17 (at first-meeting when the day began): new
        contact(
            "first",
            "25%",
            [{"date": "2026-11-10", "stage": "first-meeting"}, {"date": "2026-11-17", "stage": "25%"}],
            [{"date": "2026-11-17", "kind": "meeting"}],
        ),
        # a 50% prospect visited and met again: two follow-ups
        contact(
            "carried",
            "50%",
            [{"date": "2026-10-01", "stage": "25%"}, {"date": "2026-10-20", "stage": "50%"}],
            [{"date": "2026-11-18", "kind": "visit"}, {"date": "2026-11-20", "kind": "meeting"}],
        ),
        # calls, a proposal and a meeting outside the week do not count
        contact(
            "other",
            "25%",
            [{"date": "2026-10-01", "stage": "25%"}],
            [
                {"date": "2026-11-18", "kind": "call", "outcome": "meeting-set"},
                {"date": "2026-11-19", "kind": "proposal"},
                {"date": "2026-11-23", "kind": "meeting"},
            ],
        ),
        # a contact created the day of the meeting: new
        contact(
            "walkin", "first-meeting", [], [{"date": "2026-11-21", "kind": "meeting"}], created="2026-11-21"
        ),
    ]


def test_meetings_held_new_and_carried_over():
    assert meetings_held(week_of_meetings(), Settings(), *W47, reps=1) == {
        "held": 4,
        "new": 2,
        "follow_up": 2,
        "target": 8,
        "target_new": 5,
        "target_follow_up": 3,
    }
    three = meetings_held([], Settings(targets={"meetings_per_week": 8}), *W47, reps=3)
    assert (three["target"], three["target_new"], three["target_follow_up"]) == (24, 15, 9)


def write(folder) -> None:
    folder.contact(
        "first",
        "name: 初见\nowner: li-na\nstage: 25%\nfirst_meeting: 2026-11-17\ncreated: 2026-11-01\n"
        "history: [{date: 2026-11-10, stage: first-meeting}, {date: 2026-11-17, stage: 25%}]\n"
        "next_meeting: 2026-11-30\nactivities: [{date: 2026-11-17, kind: meeting}]\n",
    )
    folder.contact(
        "carried",
        "name: 老客户\nowner: li-na\nstage: 50%\nfirst_meeting: 2026-10-01\ncreated: 2026-09-20\n"
        "history: [{date: 2026-10-01, stage: 25%}, {date: 2026-10-20, stage: 50%}]\n"
        "activities: [{date: 2026-11-18, kind: visit}, {date: 2026-11-20, kind: meeting}]\n",
    )


def test_funnel_json_csv_and_table(folder):
    write(folder)
    rep = json.loads(folder.run("funnel", "--week", "2026-W47", "--format", "json").stdout)
    assert rep["meetings"] == {
        "held": 3,
        "new": 1,
        "follow_up": 2,
        "target": 8,
        "target_new": 5,
        "target_follow_up": 3,
    }
    rows = list(csv.reader(io.StringIO(folder.run("funnel", "--week", "2026-W47", "--format", "csv").stdout)))
    assert [r for r in rows if r[1].startswith("meetings_") and r[1] != "meetings_set"] == [
        ["2026-W47", "meetings_new", "1", "5"],
        ["2026-W47", "meetings_follow_up", "2", "3"],
        ["2026-W47", "meetings_held", "3", "8"],
    ]
    en = [line.split() for line in folder.run("funnel", "--week", "2026-W47").stdout.splitlines()]
    assert ["new", "(first", "meetings)", "1", "5"] in en
    assert ["meetings", "held", "3", "8"] in en
    zh = [
        line.split()
        for line in folder.run("--lang", "zh", "funnel", "--week", "2026-W47").stdout.splitlines()
    ]
    assert ["见面次数(每周", "8", "次)"] in zh
    assert ["新见面(初次见面)", "1", "5"] in zh
    assert ["跟进见面", "2", "3"] in zh
    assert ["见面合计", "3", "8"] in zh
