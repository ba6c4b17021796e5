"""`pipetrack list`: filters, sort, columns and formats over a small folder with known answers."""

from __future__ import annotations

import csv
import io
import json

import pytest


@pytest.fixture
def people(folder):
    folder.account("acme", "name: Acme\ntier: gold\n")
    folder.account("huanan", "name: 华南印刷\ntier: platinum\n")
    folder.contact(
        "wang",
        """
        name: 王经理
        account: huanan
        owner: li-na
        stage: 50%
        created: 2026-10-01
        first_meeting: 2026-11-10
        next_meeting: 2026-11-25T10:00
        value: 186000
        criteria: {signing_date: 2026-12-20}
        activities:
          - {date: 2026-11-20, kind: call, note: 担心与孩子相处的时间}
        """,
    )
    folder.contact(
        "amy",
        """
        name: Amy Zhou
        account: acme
        owner: tom
        stage: 25%
        created: 2026-09-01
        first_meeting: 2026-09-10
        value: 50000
        notes: Prefers EMAIL in the morning
        """,
    )
    folder.contact("ben", "name: Ben\naccount: acme\nowner: tom\nstage: opportunity\ncreated: 2026-11-20\n")
    folder.contact("lost", "name: Lou\nowner: li-na\nstage: lost\ncreated: 2026-08-01\n")
    folder.contact(
        "won",
        "name: Wes\naccount: acme\nowner: li-na\nstage: closed\ncreated: 2026-07-01\nvalue: 1000.5\n",
    )
    return folder


def ids(result) -> list[str]:
    assert result.exit_code == 0, result.output
    return [row["id"] for row in json.loads(result.stdout)]


@pytest.mark.parametrize(
    "args, expected",
    [
        ([], ["amy", "ben", "lost", "wang", "won"]),
        (["--stage", "25%..90%"], ["amy", "wang"]),
        (["--stage", "..25%"], ["amy", "ben"]),  # a range leaves out lost
        (["--stage", "lost", "--stage", "成交"], ["lost", "won"]),
        (["--stage", "fm,50"], ["wang"]),
        (["--owner", "tom"], ["amy", "ben"]),
        (["--account", "华南印刷"], ["wang"]),
        (["--tier", "gold"], ["amy", "ben", "won"]),
        (["--stale"], ["amy"]),  # first meeting 74 days ago > 28, below 90%
        (["--fresh", "--stage", "25%..50%"], ["wang"]),
        (["--due", "7"], ["wang"]),  # next meeting 2026-11-25
        (["--due", "today"], []),
        (["--due", "2026-12-20..2026-12-31"], ["wang"]),  # the signing date
        (["--since", "2026-09-01", "--until", "2026-10-31"], ["amy", "wang"]),
        (["--grep", "email"], ["amy"]),  # notes, any case
        (["--grep", "孩子"], ["wang"]),  # an activity note, in Chinese
        (["--grep", "王"], ["wang"]),
        (["--sort", "value", "--reverse"], ["wang", "amy", "won", "ben", "lost"]),  # blanks last
        (["--sort", "stage"], ["lost", "ben", "amy", "wang", "won"]),  # method order, lost first
    ],
)
def test_list_filters_and_sorts(people, args, expected):
    assert ids(people.run("list", *args, "--format", "json")) == expected


@pytest.mark.parametrize(
    "args, message",
    [
        (["--owner", "nobody"], "--owner: no owner 'nobody' in this folder"),
        (["--account", "nowhere"], "no account 'nowhere'"),
        (["--stage", "sixty"], "--stage: 'sixty' is not a stage"),
        (["--stage", "90%..25%"], "--stage: '90%..25%' runs backwards"),
        (["--due", "soon"], "--due: 'soon' is not a period"),
        (["--sort", "colour"], "--sort: 'colour' is not a column"),
        (["--columns", "id,colour"], "--columns: colour not a column"),
        (["--since", "2026-13-01"], "--since: '2026-13-01' is not a date"),
        (["accounts", "--stage", "25%"], "--stage filters contacts, not accounts"),
    ],
)
def test_list_refuses_unknown_values_in_one_line(people, args, message):
    result = people.run("list", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("command", [["pipeline"], ["funnel"], ["review"], ["plan"], ["accounts"]])
def test_every_owner_option_refuses_an_unknown_owner(people, command):
    result = people.run(*command, "--owner", "nobody")
    assert result.exit_code == 2, result.output
    assert result.stderr.strip().splitlines() == [
        "error: --owner: no owner 'nobody' in this folder; owners: li-na, tom"
    ]


def test_csv_headers_are_the_json_keys_with_plain_numbers_and_booleans(people):
    text = people.run("list", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    as_json = json.loads(people.run("list", "--format", "json").stdout)
    assert sorted(rows[0]) == sorted(as_json[0])  # JSON keys are sorted
    wang = next(r for r in rows if r["id"] == "wang")
    assert (wang["value"], wang["stale"], wang["next_meeting"]) == ("186000", "false", "2026-11-25T10:00")
    assert next(r for r in rows if r["id"] == "won")["value"] == "1000.5"
    assert next(r for r in rows if r["id"] == "amy")["stale"] == "true"


def test_columns_pick_and_order(people):
    result = people.run("list", "--columns", "name,id", "--format", "csv", "--owner", "tom")
    assert result.stdout == "name,id\nAmy Zhou,amy\nBen,ben\n"


def test_list_accounts(people):
    result = people.run("list", "accounts", "--format", "json")
    rows = json.loads(result.stdout)
    assert [(r["id"], r["contacts"], r["prospects"], r["owners"]) for r in rows] == [
        ("acme", 3, 1, "li-na, tom"),
        ("huanan", 1, 1, "li-na"),
    ]
    assert ids(people.run("list", "accounts", "--tier", "platinum", "--format", "json")) == ["huanan"]
    assert ids(people.run("list", "accounts", "--owner", "tom", "--format", "json")) == ["acme"]
    assert ids(people.run("list", "accounts", "--grep", "华南", "--format", "json")) == ["huanan"]


def test_table_at_80_columns_keeps_ids_and_words_whole(people, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    people.contact(
        "harbor-marine-supply-purchasing",
        "name: Harbor Marine Supply Purchasing Department\nowner: tom\nvalue: 1234567\n",
    )
    result = people.run("list")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert any("harbor-marine-supply-purchasing" in line for line in lines)
    # the value does not fit beside a 31-character id: left out and said so, not cropped
    assert not any("1,234" in line for line in lines)
    assert "not shown at 80 columns: value (see --columns" in result.stdout
    for word in ("Harbor", "Marine", "Supply", "Purchasing", "Department"):
        assert any(word in line.split() for line in lines), word
    assert "5 listed" not in result.stdout and "6 listed" in result.stdout


def test_chinese_table_and_markdown(people):
    result = people.run("--lang", "zh", "list", "--owner", "li-na", "--format", "markdown")
    assert result.exit_code == 0, result.output
    header = result.stdout.splitlines()[0]
    assert "姓名" in header and "阶段" in header
    assert "成交" in result.stdout  # the stage label
    table = people.run("--lang", "zh", "list", "--owner", "li-na").stdout
    assert "共 3 条" in table and "listed" not in table
    accounts = people.run("--lang", "zh", "list", "accounts").stdout
    assert "金卡" in accounts and "白金卡" in accounts and "gold" not in accounts


def test_list_archived_shows_the_archived_contacts_only(people):
    assert people.run("archive", "ben").exit_code == 0
    assert ids(people.run("list", "--archived", "--format", "json")) == ["ben"]
    assert "ben" not in ids(people.run("list", "--format", "json"))
