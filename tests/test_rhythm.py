"""The contact rhythm in `review` and `agenda`: known answers for who is overdue (and by how
many days), the review section in every format and both languages, agenda items and the ICS."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from pipetrack.domain import rhythm
from pipetrack.domain.models import Account, Contact, Settings

TODAY = date(2026, 11, 23)
S = Settings()  # rhythm_days: prospect 30, interested 14, closed 60


def contact(cid: str, stage: str, *calls: str, **fields) -> Contact:
    fields.setdefault("owner", "li-na")
    activities = [{"date": d, "kind": "call", "outcome": "connected"} for d in calls]
    return Contact.model_validate(
        {"id": cid, "name": cid, "stage": stage, "activities": activities, **fields}
    )


def late(*contacts: Contact, **kw) -> list[tuple[str, str, int]]:
    return [(r["id"], r["class"], r["days_overdue"]) for r in rhythm.overdue(contacts, S, TODAY, **kw)]


# --- the rule --------------------------------------------------------------------


@pytest.mark.parametrize(
    "stage,last,expected",
    [
        # prospect (opportunity): every 30 days; last call 10-20 → due 11-19, 4 days overdue
        ("opportunity", "2026-10-20", [("a", "prospect", 4)]),
        ("opportunity", "2026-10-24", []),  # due 11-23: today, not overdue
        ("opportunity", "2026-10-23", [("a", "prospect", 1)]),
        # interested (first-meeting … 90%): every 14 days; 11-01 → due 11-15, 8 days
        ("25%", "2026-11-01", [("a", "interested", 8)]),
        ("90%", "2026-11-10", []),  # due 11-24
        # closed: every 60 days; 09-01 → due 10-31, 23 days
        ("closed", "2026-09-01", [("a", "closed", 23)]),
        ("closed", "2026-10-01", []),  # due 11-30
    ],
)
def test_a_client_past_its_interval_is_overdue_by_the_days_since_it_was_due(stage, last, expected):
    assert late(contact("a", stage, last)) == expected


def test_an_account_is_one_client_over_all_its_contacts():
    # the latest activity with anyone there counts; the class is the account's best
    old = contact("old", "opportunity", "2026-09-01", account="acme")
    recent = contact("new", "50%", "2026-11-05", account="acme")
    accounts = {"acme": Account(name="Acme 物流")}
    rows = rhythm.overdue([old, recent], S, TODAY, accounts=accounts)
    assert rows == [
        {
            "kind": "account",
            "id": "acme",
            "name": "Acme 物流",
            "owners": ["li-na"],
            "class": "interested",
            "days": 14,
            "last_contact": "2026-11-05",
            "due": "2026-11-19",
            "days_overdue": 4,
        }
    ]
    # the same contacts called 11-10: due 11-24, not overdue
    assert late(old, contact("new", "50%", "2026-11-10", account="acme")) == []


def test_contacts_with_no_account_each_their_own_client_and_who_is_left_out():
    rows = late(
        contact("b", "opportunity", "2026-09-01"),  # due 10-01: 53 days
        contact("c", "25%", "2026-11-01"),  # due 11-15: 8 days
        contact("gone", "lost", "2026-01-01"),  # lost: out of the process
        contact("never", "opportunity"),  # no activity logged: nothing to count from
        contact("later", "opportunity", "2026-12-01"),  # an activity after today does not count
    )
    assert rows == [("b", "prospect", 53), ("c", "interested", 8)]  # longest overdue first


def test_owner_filter_and_the_rhythm_setting():
    a = contact("a", "opportunity", "2026-10-01", account="acme", owner="wang")
    b = contact("b", "opportunity", "2026-10-01", account="acme", owner="li-na")
    c = contact("c", "opportunity", "2026-10-01", owner="li-na")
    assert late(a, b, c, owner="wang") == [("acme", "prospect", 23)]
    assert [r["owners"] for r in rhythm.overdue([a, b, c], S, TODAY)] == [["li-na", "wang"], ["li-na"]]
    weekly = Settings(rhythm_days={"prospect": 7})
    rows = rhythm.overdue([c], weekly, TODAY)
    assert [(r["days"], r["due"], r["days_overdue"]) for r in rows] == [(7, "2026-10-08", 46)]


def test_due_by_lists_the_overdue_and_those_due_up_to_the_end():
    rows = rhythm.due_by(
        [
            contact("late", "opportunity", "2026-10-01"),  # due 10-31
            contact("soon", "25%", "2026-11-12"),  # due 11-26
            contact("far", "25%", "2026-11-20"),  # due 12-04
        ],
        S,
        TODAY,
        date(2026, 11, 29),
    )
    assert [(r["id"], r["due"]) for r in rows] == [("late", "2026-10-31"), ("soon", "2026-11-26")]


# --- review ------------------------------------------------------------------------


@pytest.fixture
def team(folder):
    folder.account("huanan", "name: 华南印刷有限公司\n")
    folder.contact(  # interested; last contact 11-01 → due 11-15, 8 days overdue
        "wang",
        """
        name: 王经理
        account: huanan
        owner: li-na
        stage: 25%
        first_meeting: 2026-10-30
        activities:
          - {date: 2026-10-20, kind: call, outcome: meeting-set}
          - {date: 2026-11-01, kind: meeting}
        """,
    )
    folder.contact(  # no account, prospect; called 10-20 → due 11-19, 4 days overdue
        "li",
        "name: 李女士\nowner: tom\nstage: opportunity\n"
        "activities: [{date: 2026-10-20, kind: call, outcome: no-answer}]\n",
    )
    folder.contact(  # no account, prospect; called 11-01 → due 12-01: inside its interval
        "zhao",
        "name: 赵先生\nowner: tom\nstage: opportunity\n"
        "activities: [{date: 2026-11-01, kind: call, outcome: connected}]\n",
    )
    return folder


def test_review_json_lists_the_overdue_clients(team):
    result = team.run("review", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["rhythm_overdue"]
    assert [
        (r["kind"], r["id"], r["name"], r["owners"], r["class"], r["due"], r["days_overdue"]) for r in rows
    ] == [
        ("account", "huanan", "华南印刷有限公司", ["li-na"], "interested", "2026-11-15", 8),
        ("contact", "li", "李女士", ["tom"], "prospect", "2026-11-19", 4),
    ]
    mine = json.loads(team.run("review", "--owner", "tom", "--format", "json").stdout)
    assert [r["id"] for r in mine["rhythm_overdue"]] == ["li"]
    assert (
        json.loads(team.run("review", "--format", "json", today="2026-11-10").stdout)["rhythm_overdue"] == []
    )


@pytest.mark.parametrize(
    "lang,title,cls,notes",
    [
        (
            "en",
            "overdue for their contact rhythm",
            ("interested", "prospect"),
            (
                "interested: visit, bring a small company gift (every 14 days)",
                "prospect: call at intervals (every 30 days)",
            ),
        ),
        (
            "zh",
            "超过联系节奏未联系",
            ("意向客户", "潜在客户"),
            ("意向客户:上门拜访,带上公司的小礼品(每 14 天)", "潜在客户:定期电话问候(每 30 天)"),
        ),
    ],
)
def test_review_table_and_markdown_in_both_languages(team, lang, title, cls, notes):
    table = team.run("--lang", lang, "review").stdout
    tail = table[table.index(title) :]
    lines = [line.split() for line in tail.splitlines()]
    assert ["huanan", "华南印刷有限公司", "li-na", cls[0], "8"] in lines
    assert ["li", "李女士", "tom", cls[1], "4"] in lines
    assert "zhao" not in tail
    for note in notes:
        assert note in tail
    md = team.run("--lang", lang, "review", "--format", "markdown").stdout
    section = md[md.index(f"## {title}") :]
    cells = [[c.strip() for c in line.strip("|").split("|")] for line in section.splitlines() if "|" in line]
    assert ["huanan", "华南印刷有限公司", "li-na", cls[0], "8"] in cells
    assert ["li", "李女士", "tom", cls[1], "4"] in cells
    assert "zhao" not in section


def test_review_csv_rows(team):
    rows = list(csv.reader(io.StringIO(team.run("review", "--format", "csv").stdout)))
    assert [r for r in rows if r[0] == "rhythm_overdue"] == [
        [
            "rhythm_overdue",
            "huanan",
            "华南印刷有限公司",
            "li-na",
            "",
            "",
            "interested, every 14 days, last contact 2026-11-01, due 2026-11-15, 8 days overdue",
        ],
        [
            "rhythm_overdue",
            "li",
            "李女士",
            "tom",
            "",
            "",
            "prospect, every 30 days, last contact 2026-10-20, due 2026-11-19, 4 days overdue",
        ],
    ]


def test_the_weekly_report_carries_the_list(team):
    result = team.run("--lang", "zh", "report", "weekly", "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert "超过联系节奏未联系" in result.stdout and "华南印刷有限公司" in result.stdout


# --- agenda ------------------------------------------------------------------------


def rhythm_items(result) -> list[tuple]:
    assert result.exit_code == 0, result.output
    rep = json.loads(result.stdout)
    return [
        (i["date"], i["id"], i["account"], i["owner"], i["detail"]["days_overdue"])
        for i in rep["items"]
        if i["kind"] == "rhythm"
    ]


def test_agenda_lists_the_overdue_today_and_the_due_on_their_day(team):
    assert rhythm_items(team.run("agenda", "--days", "10", "--format", "json")) == [
        ("2026-11-23", "huanan", "huanan", "li-na", 8),
        ("2026-11-23", "li", None, "tom", 4),
        ("2026-12-01", "zhao", None, "tom", -8),  # due in 8 days
    ]
    # today only: zhao (due 12-01) is not on it
    assert [i[1] for i in rhythm_items(team.run("agenda", "--format", "json"))] == ["huanan", "li"]
    assert [i[1] for i in rhythm_items(team.run("agenda", "--owner", "li-na", "--format", "json"))] == [
        "huanan"
    ]


def test_agenda_detail_in_both_languages(team):
    en = " ".join(team.run("agenda").stdout.split())
    assert "keep in touch 华南印刷有限公司 (huanan)" in en
    assert (
        "interested: visit, bring a small company gift (every 14 days); "
        "last contact 2026-11-01, 8 days overdue" in en
    )
    zh = "".join(team.run("--lang", "zh", "agenda").stdout.split())
    assert "定期联系华南印刷有限公司(huanan)" in zh
    assert "意向客户:上门拜访,带上公司的小礼品(每14天);上次联系2026-11-01,已逾期8天" in zh
    assert "潜在客户:定期电话问候(每30天);上次联系2026-10-20,已逾期4天" in zh


def test_agenda_ics_has_an_all_day_event_per_client_due(team):
    icalendar = pytest.importorskip("icalendar")
    cal = icalendar.Calendar.from_ical(
        team.run("--lang", "zh", "agenda", "--days", "10", "--format", "ics").stdout
    )
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert sorted(events) == ["rhythm-huanan@pipetrack", "rhythm-li@pipetrack", "rhythm-zhao@pipetrack"]
    assert events["rhythm-huanan@pipetrack"].decoded("DTSTART") == date(2026, 11, 23)
    assert str(events["rhythm-huanan@pipetrack"]["SUMMARY"]) == "定期联系: 华南印刷有限公司"
    assert events["rhythm-zhao@pipetrack"].decoded("DTSTART") == date(2026, 12, 1)
