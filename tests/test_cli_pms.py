"""The Prospect Management System commands end to end: pipeline, funnel, plan,
cycle, review (--apply), team. Exact numbers on small folders, the JSON keys
against docs/json.md, every output format, widths at 80 and 160 columns."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from rich.cells import cell_len

import conftest
from conftest import DataFolder, key_paths

DOCS = Path(__file__).resolve().parent.parent / "docs" / "json.md"
COMMANDS = ("pipeline", "funnel", "plan", "cycle", "review", "team")
FORMATS = ("table", "json", "csv", "markdown")


def rich_folder(folder: DataFolder) -> DataFolder:
    """A folder where every list of every report has something in it (today 2026-11-23)."""
    folder.account("huanan", "name: 华南印刷有限公司\ntier: gold\n")
    folder.contact(
        "zhang",
        """
        name: 张先生
        account: huanan
        owner: li-na
        created: 2026-10-01
        stage: 25%
        first_meeting: 2026-10-25
        value: 10000
        history:
          - {date: 2026-10-01, stage: opportunity}
          - {date: 2026-10-20, stage: first-meeting}
          - {date: 2026-10-25, stage: 25%}
        """,
    )
    folder.contact(
        "li",
        """
        name: 李女士
        owner: li-na
        created: 2026-10-02
        stage: 25%
        first_meeting: 2026-10-26
        next_meeting: 2026-11-25T14:00
        value: 8000
        """,
    )
    folder.contact(
        "wang",
        """
        name: 王经理
        account: huanan
        owner: wang
        created: 2026-10-01
        stage: 90%
        first_meeting: 2026-10-05
        criteria:
          right_person: true
          plan_fits: true
          budget: 18000
          signing_date: 2026-11-01
          next_step: deliver and train
        signed: 2026-11-01
        paid: 2026-11-10
        value: 18000
        paid_amount: 15000
        """,
    )
    folder.contact(
        "zhao",
        """
        name: 赵总
        owner: wang
        created: 2026-11-01
        stage: 50%
        first_meeting: 2026-11-10
        next_meeting: 2026-11-20
        criteria: {right_person: true, plan_fits: true, signing_date: 2026-11-30, next_step: proposal}
        value: 30000
        """,
    )
    folder.contact(
        "acme",
        """
        name: Acme [x] buyer
        owner: li-na
        stage: 25%
        next_meeting: 2026-11-30
        """,
    )
    folder.contact(
        "newbie",
        """
        name: 陈小姐
        owner: li-na
        created: 2026-11-16
        stage: first-meeting
        first_meeting: 2026-11-26
        history:
          - {date: 2026-11-16, stage: opportunity}
          - {date: 2026-11-18, stage: first-meeting}
        activities:
          - {date: 2026-11-16, kind: call, outcome: no-answer}
          - {date: 2026-11-17, kind: call, outcome: connected}
          - {date: 2026-11-18, kind: call, outcome: meeting-set}
        """,
    )
    for i, (created, signed) in enumerate(
        [("2026-08-01", "2026-08-21"), ("2026-09-01", "2026-10-01"), ("2026-10-01", "2026-11-10")]
    ):
        folder.contact(
            f"deal{i}",
            f"""
            name: 客户{i}
            owner: {"li-na" if i else "wang"}
            created: {created}
            stage: closed
            first_meeting: {created}
            signed: {signed}
            paid: {signed}
            value: {(i + 1) * 1000}
            criteria:
              right_person: true
              plan_fits: true
              budget: true
              signing_date: {signed}
              next_step: renew
            history:
              - {{date: {created}, stage: first-meeting}}
              - {{date: {signed}, stage: 90%}}
              - {{date: {"2026-11-20" if i == 2 else signed}, stage: closed}}
            """,
        )
    folder.contact(
        "gone",
        """
        name: Lost Ltd
        stage: lost
        lost_reason: chose a competitor
        """,
    )
    return folder


def run_json(folder: DataFolder, *args: str, today: str = "2026-11-23") -> dict:
    result = folder.run(*args, "--format", "json", today=today)
    assert result.exit_code == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


# --- the JSON contract -------------------------------------------------------


def documented_keys() -> dict[str, set[str]]:
    """command → the key paths listed in docs/json.md under `## command`."""
    return conftest.documented_keys(DOCS)


def test_docs_cover_every_command():
    # the update-day views are checked in test_updates.py
    assert set(documented_keys()) == {*COMMANDS, "pipeline --updates", "team --updates"}


def test_json_keys_are_exactly_the_documented_ones(folder):
    rich_folder(folder)
    # items for the lists of the method's rules: a first meeting 40 days ahead and not with
    # the decider, and a 90% that was never paid, long past its signing date
    folder.contact(
        "far",
        "name: Far\nstage: first-meeting\nfirst_meeting: 2027-01-02\ncriteria: {right_person: false}\n",
    )
    folder.contact(
        "unpaid",
        "name: Unpaid\nstage: 90%\nfirst_meeting: 2026-10-20\nsigned: 2026-10-30\nnext_meeting: 2026-11-01\n"
        "criteria: {right_person: true, plan_fits: true, budget: 1, signing_date: 2026-10-30,"
        " next_step: pay}\n",
    )
    # a client overdue for its contact rhythm: a prospect last called 2026-09-01 (due 10-01)
    folder.contact("quiet", "name: Quiet\nstage: opportunity\nactivities: [{date: 2026-09-01, kind: call}]\n")
    docs = documented_keys()
    outputs = {
        "pipeline": [run_json(folder, "pipeline"), run_json(folder, "pipeline", "--owner", "wang")],
        "funnel": [run_json(folder, "funnel", "--week", "last"), run_json(folder, "funnel")],
        "plan": [
            run_json(folder, "plan"),
            run_json(folder, "plan", "--observed", "--deals", "10", "--per", "month"),
        ],
        "cycle": [run_json(folder, "cycle")],
        "review": [run_json(folder, "review", today="2026-11-26")],
        "team": [run_json(folder, "team", "--week", "last")],
    }
    # `applied` (review --apply only) is checked in test_review_apply_json_lists_what_it_wrote
    docs["review"] = {k for k in docs["review"] if not k.startswith("applied")}
    for command, runs in outputs.items():
        # a reason code's `params` hold what that code needs (documented with the codes)
        seen = {k for k in set().union(*(key_paths(r) for r in runs)) if ".params." not in k}
        assert seen == docs[command], command
        top = {k for k in docs[command] if "." not in k and "[]" not in k}
        for r in runs:
            assert set(r) == top, command  # every top-level key is always there


def test_every_list_in_the_json_is_exercised(folder):
    """The key test above only sees list items that exist: make sure they do."""
    rich_folder(folder)
    rev = run_json(folder, "review", today="2026-11-26")
    assert all(rev[k] for k in ("stale", "to_close", "unsupported", "no_next_meeting", "missing_dates"))
    assert run_json(folder, "funnel", "--week", "last")["moves"]
    assert run_json(folder, "cycle")["deals"]


# --- pipeline ----------------------------------------------------------------


def test_pipeline_json(folder):
    rich_folder(folder)
    rep = run_json(folder, "pipeline")
    assert (rep["as_of"], rep["period"], rep["week"]) == (
        "2026-11-23",
        {"start": "2026-11-23", "end": "2026-11-29"},
        "2026-W48",
    )
    assert rep["sales_cycle_days"] == 30 and rep["sales_cycle_source"] == "deals"  # (20 + 30 + 40) / 3
    by_stage = {s["stage"]: s for s in rep["stages"]}
    assert list(by_stage) == ["opportunity", "first-meeting", "25%", "50%", "90%", "closed"]
    assert {k: [c["id"] for c in s["contacts"]] for k, s in by_stage.items()} == {
        "opportunity": [],
        "first-meeting": ["newbie"],
        "25%": ["zhang", "li", "acme"],
        "50%": ["zhao"],
        "90%": ["wang"],
        "closed": [],
    }
    # 30-day cycle: the first meeting 29 days ago is not stale here
    assert [c["stale"] for c in by_stage["25%"]["contacts"]] == [False, False, False]
    assert by_stage["25%"]["contacts"][0] == {
        "id": "zhang",
        "name": "张先生",
        "owner": "li-na",
        "account": "huanan",
        "first_meeting": "2026-10-25",
        "days_since_first_meeting": 29,
        "next_meeting": None,
        "stale": False,
        "value": 10000,
    }
    assert {k: s["weighted_value"] for k, s in by_stage.items()} == {
        "opportunity": 0,
        "first-meeting": 0,
        "25%": 4500,
        "50%": 15000,
        "90%": 16200,
        "closed": 0,
    }
    assert (rep["prospects"], rep["weighted_total"]) == (6, 35700)
    assert rep["shape"]["pattern"] == "ideal"
    assert set(rep["shape"]) == {"pattern", "reason", "facts", "name", "remedy"} and rep["shape"]["remedy"]
    # last week: deal2 closed on 2026-11-20, inside it
    last = run_json(folder, "pipeline", "--week", "last")
    assert [c["id"] for c in last["stages"][5]["contacts"]] == ["deal2"]
    assert last["stages"][5]["weighted_value"] == 3000


def test_pipeline_stale_29_days_with_a_28_day_cycle(folder):
    folder.contact("d29", "name: Twenty-nine\nstage: 25%\nfirst_meeting: 2026-10-25\n")
    folder.contact("d28", "name: Twenty-eight\nstage: 25%\nfirst_meeting: 2026-10-26\n")
    rep = run_json(folder, "pipeline")
    assert rep["sales_cycle_days"] == 28 and rep["sales_cycle_source"] == "default"
    assert {c["id"]: c["stale"] for c in rep["stages"][2]["contacts"]} == {"d29": True, "d28": False}
    assert rep["stages"][2]["stale"] == 1
    rev = run_json(folder, "review")
    assert [s["id"] for s in rev["stale"]] == ["d29"]
    table = folder.run("pipeline")
    assert "Twenty-nine 10-25 !" in table.stdout and "Twenty-eight 10-26 !" not in table.stdout
    assert "2 (1!)" in table.stdout


@pytest.mark.parametrize(
    "counts, pattern, name",
    [
        ((3, 3, 2, 0, 0), "ideal", "ideal"),
        ((1, 1, 3, 1, 0), "A", "top-heavy"),
        ((6, 1, 1, 0, 0), "B", "empty"),  # 8 prospects, 2 effective (25/50/90)
        ((2, 3, 2, 0, 3), "C", "proposal pending"),
    ],
)
def test_pipeline_shape_diagnosis(folder, counts, pattern, name):
    fm, p25, p50, p90, stale25 = counts
    for stage, n in (("first-meeting", fm), ("25%", p25), ("50%", p50), ("90%", p90)):
        for i in range(n):
            first = "2026-10-01" if stage == "25%" and i < stale25 else "2026-11-20"
            folder.contact(
                f"s{stage.rstrip('%')}-{i}", f"name: S{i}\nstage: '{stage}'\nfirst_meeting: {first}\n"
            )
    rep = run_json(folder, "pipeline")
    assert rep["shape"]["pattern"] == pattern
    assert name in rep["shape"]["name"].lower()
    table = folder.run("pipeline").stdout
    assert rep["shape"]["name"] in table
    assert rep["shape"]["remedy"].split()[0] in table


def test_pipeline_zh_labels(folder):
    rich_folder(folder)
    out = folder.run("--lang", "zh", "pipeline").stdout
    assert "销售机会" in out and "成交" in out and "约定初次见面" in out
    assert "张先生" in out
    data = json.loads(folder.run("--lang", "zh", "pipeline", "--format", "json").stdout)
    assert data["stages"][0]["stage"] == "opportunity"  # JSON keys stay English


def test_pipeline_csv_lists_each_contact(folder):
    rich_folder(folder)
    rows = list(csv.reader(io.StringIO(folder.run("pipeline", "--format", "csv").stdout)))
    assert rows[0] == [
        "stage",
        "id",
        "name",
        "owner",
        "account",
        "first_meeting",
        "days_since_first_meeting",
        "stale",
        "value",
    ]
    assert rows[1] == ["first-meeting", "newbie", "陈小姐", "li-na", "", "2026-11-26", "-3", "false", ""]
    assert [r[1] for r in rows[1:]] == ["newbie", "zhang", "li", "acme", "zhao", "wang"]


def test_funnel_and_review_csv_keep_every_table(folder):
    """The multi-table views export everything, one row per measure or per item."""
    rich_folder(folder)
    funnel = list(csv.DictReader(io.StringIO(folder.run("funnel", "--format", "csv").stdout)))
    as_json = run_json(folder, "funnel")
    assert [r["measure"] for r in funnel] == [
        "dials",
        "connects",
        "meetings_set",
        "meetings_new",
        "meetings_follow_up",
        "meetings_held",
        "new_contacts",
        "new_prospects",
        "deals",
    ]
    assert {r["measure"]: int(r["observed"]) for r in funnel} == {
        "dials": as_json["calls"]["dials"],
        "connects": as_json["calls"]["connects"],
        "meetings_set": as_json["calls"]["meetings_set"],
        "meetings_new": as_json["meetings"]["new"],
        "meetings_follow_up": as_json["meetings"]["follow_up"],
        "meetings_held": as_json["meetings"]["held"],
        "new_contacts": as_json["ratio"]["new_contacts"],
        "new_prospects": as_json["ratio"]["new_prospects"],
        "deals": as_json["ratio"]["deals"],
    }
    review = list(
        csv.DictReader(io.StringIO(folder.run("review", "--format", "csv", today="2026-11-26").stdout))
    )
    data = run_json(folder, "review", today="2026-11-26")
    expected = [
        (key, item["id"])
        for key in ("stale", "to_close", "unsupported", "no_next_meeting", "missing_dates")
        for item in data[key]
    ]
    assert [(r["list"], r["id"]) for r in review] == expected and expected


# --- funnel ------------------------------------------------------------------


def test_funnel_twenty_five_one(folder):
    for i in range(20):
        day = f"2026-11-{16 + i % 5}"
        reached = i < 5
        closed = (
            "\n  - {date: 2026-11-21, stage: 90%}\n  - {date: 2026-11-22, stage: closed}" if i == 0 else ""
        )
        folder.contact(
            f"c{i:02d}",
            f"""\
name: 客户{i:02d}
created: {day}
stage: {"closed" if i == 0 else "first-meeting" if reached else "opportunity"}
{"first_meeting: 2026-11-20" if reached else ""}
history:
  - {{date: {day}, stage: opportunity}}
{"  - {date: 2026-11-20, stage: first-meeting}" if reached else ""}{closed}
activities:
  - {{date: {day}, kind: call, outcome: {"meeting-set" if reached else "no-answer"}}}
""",
        )
    rep = run_json(folder, "funnel", "--week", "2026-W47")
    assert (rep["ratio"]["new_contacts"], rep["ratio"]["new_prospects"], rep["ratio"]["deals"]) == (20, 5, 1)
    assert rep["ratio"]["target"] == [20, 5, 1]
    assert (rep["calls"]["dials"], rep["calls"]["connects"], rep["calls"]["meetings_set"]) == (20, 5, 5)
    assert (
        rep["calls"]["target_dials"],
        rep["calls"]["target_connects"],
        rep["calls"]["target_meetings"],
    ) == (75, 35, 5)
    assert len([m for m in rep["moves"] if m["direction"] == "promotion"]) == 7
    # the same week as `last` from Monday 2026-11-23
    assert run_json(folder, "funnel", "--week", "last") == rep
    table = folder.run("funnel", "--week", "last").stdout
    assert re.search(r"new contacts\s+20\s+20", table) and re.search(r"deals\s+1\s+1", table)
    assert "weakest lever" in table


def test_funnel_week_start_friday(folder):
    (folder.root / "pipetrack.yaml").write_text("owner: li-na\nweek_start: friday\n", encoding="utf-8")
    folder.contact(
        "x",
        """\
name: X
activities:
  - {date: 2026-11-19, kind: call, outcome: connected}
  - {date: 2026-11-20, kind: call, outcome: meeting-set}
  - {date: 2026-11-20, kind: call, outcome: no-answer}
""",
    )
    this = run_json(folder, "funnel")
    assert (this["start"], this["end"], this["week"]) == ("2026-11-20", "2026-11-26", "2026-W48")
    assert (this["calls"]["dials"], this["calls"]["connects"], this["calls"]["meetings_set"]) == (2, 1, 1)
    last = run_json(folder, "funnel", "--week", "last")
    assert (last["start"], last["end"], last["calls"]["dials"]) == ("2026-11-13", "2026-11-19", 1)


def test_funnel_moves_and_owner(folder):
    rich_folder(folder)
    rep = run_json(folder, "funnel", "--week", "last")
    assert [(m["date"], m["id"], m["from"], m["to"], m["direction"]) for m in rep["moves"]] == [
        ("2026-11-18", "newbie", "opportunity", "first-meeting", "promotion"),
        ("2026-11-20", "deal2", "90%", "closed", "promotion"),
    ]
    assert (rep["ratio"]["new_contacts"], rep["ratio"]["new_prospects"], rep["ratio"]["deals"]) == (1, 1, 1)
    assert (rep["calls"]["dials"], rep["calls"]["connects"], rep["calls"]["meetings_set"]) == (3, 2, 1)
    wang = run_json(folder, "funnel", "--week", "last", "--owner", "wang")
    assert (wang["owner"], wang["moves"], wang["calls"]["dials"]) == ("wang", [], 0)


def test_funnel_table_counts_many_moves_per_kind(folder):
    """A big team's week: more than 25 moves are counted per kind; --all and JSON list each one."""
    for i in range(30):
        to = "first-meeting" if i < 20 else "lost"
        folder.contact(
            f"m{i:02d}",
            f"""\
name: 客户{i:02d}
owner: {"li-na" if i % 2 else "wang"}
stage: {to}
first_meeting: 2026-11-18
{"lost_reason: no budget" if to == "lost" else ""}
history:
  - {{date: 2026-11-02, stage: opportunity}}
  - {{date: 2026-11-18, stage: {to}}}
""",
        )
    table = folder.run("funnel", "--week", "last").stdout
    assert "stage moves by kind" in table and "30 moves in all; --all lists each one" in table
    assert re.search(r"opportunity → first meeting\s+20\s+↑", table)
    assert re.search(r"opportunity → lost\s+10\s+↓", table)
    assert "客户00" not in table
    every = folder.run("funnel", "--week", "last", "--all").stdout
    assert "stage moves by kind" not in every and all(f"客户{i:02d}" in every for i in range(30))
    assert len(run_json(folder, "funnel", "--week", "last")["moves"]) == 30
    assert "客户00" in folder.run("funnel", "--week", "last", "--format", "markdown").stdout
    assert "targets for 2 reps" in table


def test_funnel_says_when_every_lever_is_on_target(folder):
    outcomes = ["meeting-set"] * 5 + ["connected"] * 30 + ["no-answer"] * 40
    folder.contact(
        "busy",
        "name: Busy\nactivities:\n"
        + "".join(f"  - {{date: 2026-11-17, kind: call, outcome: {o}}}\n" for o in outcomes),
    )
    table = folder.run("funnel", "--week", "last").stdout
    # no prospects and no deals: the closing ratio and the deal size cannot be ranked
    assert "every ranked lever is at or above its target" in table and "weakest lever" not in table
    assert "closing ratio: not ranked: 0 new prospect(s) in 13 weeks, fewer than 5" in table
    lever = run_json(folder, "funnel", "--week", "last")["weakest_lever"]
    assert (lever["gain_meetings"], lever["gain_deals"]) == (0, 0)


def test_funnel_bad_week_is_a_usage_error(folder):
    result = folder.run("funnel", "--week", "soon")
    assert result.exit_code == 2
    assert "--week" in result.stderr and "Traceback" not in result.stderr + result.stdout
    assert len(result.stderr.strip().splitlines()) == 1


# --- plan --------------------------------------------------------------------


PLAN = (
    "deals",
    "per",
    "weeks",
    "deals_per_week",
    "prospects",
    "contacts",
    "meetings_per_week",
    "dials_per_day",
    "connects_per_day",
    "meetings_per_day",
)


@pytest.mark.parametrize(
    "args, expected",
    [
        (("--deals", "50", "--per", "year"), (50, "year", 50, 1, 250, 1000, 8, 15, 7, 1)),
        ((), (50, "year", 50, 1, 250, 1000, 8, 15, 7, 1)),
        (("--deals", "4", "--per", "month"), (4, "month", 4.17, 0.96, 20, 80, 7.68, 14.4, 6.72, 0.96)),
        (("--deals", "2", "--per", "week"), (2, "week", 1, 2, 10, 40, 16, 30, 14, 2)),
    ],
)
def test_plan_backwards(folder, args, expected):
    rep = run_json(folder, "plan", *args)
    assert tuple(rep[k] for k in PLAN) == expected
    assert rep["basis"] == "targets"


def test_plan_table(folder):
    out = folder.run("plan", "--deals", "50", "--per", "year").stdout
    for label, value in (
        ("deals per week", "1"),
        ("new prospects / year", "250"),
        ("new contacts / year", "1,000"),
        ("meetings per week", "8"),
        ("dials per day", "15"),
        ("connects per day", "7"),
        ("meetings set per day", "1"),
    ):
        assert re.search(rf"{re.escape(label)}\s+{re.escape(value)}\s*$", out, re.M), label
    assert out.splitlines()[0] == "50 deals per year over 50 working week(s); basis: targets"
    lines = folder.run("--lang", "zh", "plan", "--deals", "50", "--per", "year").stdout.splitlines()
    assert lines[0] == "每年 50 单成交,共 50 个工作周;依据: 目标比例"
    assert [ln.strip() for ln in lines if ln.startswith(("倒推", "正推"))] == [
        "倒推: 需要做到",
        "正推: 现有潜在客户",
    ]
    assert any(re.fullmatch(r"\s*新潜在客户 / 年\s+250\s*", ln) for ln in lines)


def test_plan_observed(folder):
    folder.contact(
        "won",
        """\
name: Won
created: 2026-10-01
stage: closed
first_meeting: 2026-10-05
history:
  - {date: 2026-10-01, stage: opportunity}
  - {date: 2026-10-05, stage: first-meeting}
  - {date: 2026-11-01, stage: closed}
activities:
  - {date: 2026-10-02, kind: call, outcome: meeting-set}
  - {date: 2026-10-02, kind: call, outcome: meeting-set}
  - {date: 2026-10-02, kind: call, outcome: no-answer}
  - {date: 2026-10-03, kind: call, outcome: connected}
  - {date: 2026-10-03, kind: call, outcome: no-answer}
  - {date: 2026-10-03, kind: call, outcome: no-answer}
""",
    )
    folder.contact(
        "p",
        "name: P\ncreated: 2026-10-02\nstage: 25%\nfirst_meeting: 2026-11-20\nhistory:\n"
        "  - {date: 2026-10-02, stage: opportunity}\n  - {date: 2026-11-10, stage: first-meeting}\n",
    )
    folder.contact("o", "name: O\ncreated: 2026-10-03\n")
    rep = run_json(folder, "plan", "--deals", "50", "--per", "year", "--observed")
    # 3 contacts : 2 prospects : 1 deal; 6 dials → 3 connects → 2 meetings set
    assert rep["observed"]["basis"] == {
        "contacts": 3,
        "prospects": 2,
        "deals": 1,
        "dials": 6,
        "connects": 3,
        "meetings_set": 2,
        "call_days": 2,
    }
    assert tuple(rep[k] for k in PLAN) == (50, "year", 50, 1, 100, 150, 8, 3, 1.5, 1)
    assert (rep["basis"], rep["pipeline"]["prospects"], rep["pipeline"]["expected_deals"]) == (
        "observed",
        1,
        0.5,
    )


def test_plan_bad_per_is_a_usage_error(folder):
    result = folder.run("plan", "--per", "decade")
    assert result.exit_code == 2 and "Traceback" not in result.stdout + result.stderr


# --- cycle -------------------------------------------------------------------


def test_cycle_from_deals(folder):
    rich_folder(folder)
    rep = run_json(folder, "cycle")
    assert (rep["sales_cycle_days"], rep["source"], rep["sample"]) == (30, "deals", 10)
    assert [(d["id"], d["name"], d["created"], d["signed"], d["days"]) for d in rep["deals"]] == [
        ("deal2", "客户2", "2026-10-01", "2026-11-10", 40),
        ("deal1", "客户1", "2026-09-01", "2026-10-01", 30),
        ("deal0", "客户0", "2026-08-01", "2026-08-21", 20),
    ]
    out = folder.run("cycle").stdout
    assert "my sales cycle: 30 days" in out and "客户2" in out


def test_cycle_default_with_a_note(folder):
    folder.contact(
        "one",
        "name: One\ncreated: 2026-09-01\nsigned: 2026-09-11\nstage: closed\nhistory:\n"
        "  - {date: 2026-09-21, stage: closed}\n",
    )
    rep = run_json(folder, "cycle")
    assert (rep["sales_cycle_days"], rep["source"], [d["days"] for d in rep["deals"]]) == (
        28,
        "default",
        [10],
    )
    out = folder.run("cycle").stdout
    assert "my sales cycle: 28 days  (default (too few closed deals); sample 10, at least 3)" in out
    assert "One" in out


def test_cycle_in_chinese_has_no_english_left(folder):
    folder.contact(
        "one",
        "name: 一号\ncreated: 2026-09-01\nsigned: 2026-09-11\nstage: closed\nhistory:\n"
        "  - {date: 2026-09-21, stage: closed}\n",
    )
    folder.contact(
        "two", "name: 二号\nstage: closed\nhistory:\n  - {date: 2026-10-01, stage: closed}\n"
    )  # no created
    lines = folder.run("--lang", "zh", "cycle").stdout.splitlines()
    assert lines[0] == "我的销售周期: 28 天  (默认值(成交太少); 样本 10 单,至少 3 单)"
    assert "1 个成交缺少创建或签约日期,未计入" in lines
    assert (
        folder.run("cycle")
        .stdout.splitlines()
        .count("1 closed deal(s) lack created/signed dates and are not counted")
        == 1
    )


# --- review ------------------------------------------------------------------


def test_review_json(folder):
    rich_folder(folder)
    rep = run_json(folder, "review", today="2026-11-26")  # 30-day cycle: zhang (10-25) is 32 days, li 31
    assert [(s["id"], s["days_since_first_meeting"]) for s in rep["stale"]] == [("li", 31), ("zhang", 32)]
    assert rep["to_close"] == [
        {
            "id": "wang",
            "name": "王经理",
            "owner": "wang",
            "value": 18000,
            "paid": "2026-11-10",
            "cooling_off_ended": "2026-11-20",
            "move_to": "closed",
            "date": "2026-11-20",
        }
    ]
    assert [(u["id"], u["recorded"], u["supported"]) for u in rep["unsupported"]] == [
        ("acme", "25%", "opportunity"),
        ("zhao", "50%", "25%"),
    ]
    assert rep["unsupported"][1]["missing"] == [
        "the budget criterion (criteria.budget): no price or price range discussed"
    ]
    assert [(n["id"], n["next_meeting"]) for n in rep["no_next_meeting"]] == [("zhao", "2026-11-20")]
    assert [(m["id"], m["missing"]) for m in rep["missing_dates"]] == [("acme", ["created", "first_meeting"])]
    assert rep["to_apply"] == 3


APPLY_BEFORE = {
    "stale": """\
# a comment that must survive
name: 老客户
owner: li-na   # the rep
created: 2026-09-01
stage: 25%
first_meeting: 2026-10-01
value: 12000
history:
  - {date: 2026-09-01, stage: opportunity}
  - {date: 2026-10-01, stage: 25%}
notes: |
  Likes tea.
""",
    "paid": """\
name: Paid Co
created: 2026-10-01
stage: 90%
first_meeting: 2026-10-05
criteria:
  right_person: true
  plan_fits: true
  budget: 18000
  signing_date: 2026-11-01
  next_step: deliver
signed: 2026-11-01
paid: 2026-11-10
value: 18000
history:
  - date: 2026-10-05
    stage: first-meeting
  - date: 2026-11-10
    stage: 90%
activities:
  - {date: 2026-11-10, kind: visit}
""",
    "fresh": """\
name: Fresh
stage: 25%
created: 2026-11-01
first_meeting: 2026-11-10
next_meeting: 2026-11-30
""",
}


def test_review_apply_writes_exactly_the_moves(folder):
    for cid, text in APPLY_BEFORE.items():
        folder.contact(cid, text)
    before = folder.snapshot()
    for fmt in FORMATS:
        assert folder.run("review", "--format", fmt).exit_code == 0
    assert folder.snapshot() == before  # without --apply nothing is written

    result = folder.run("review", "--apply")
    assert result.exit_code == 0, result.stderr
    assert "老客户 (stale): 25% → opportunity on 2026-11-23" in result.stdout
    assert "Paid Co (paid): 90% → closed on 2026-11-20" in result.stdout
    after = folder.snapshot()
    stale_after = (
        APPLY_BEFORE["stale"]
        .replace("stage: 25%\n", "stage: opportunity\n")
        .replace(
            "  - {date: 2026-10-01, stage: 25%}\n",
            "  - {date: 2026-10-01, stage: 25%}\n  - {date: 2026-11-23, stage: opportunity}\n",
        )
    )
    paid_after = (
        APPLY_BEFORE["paid"]
        .replace("stage: 90%\nfirst", "stage: closed\nfirst")
        .replace("    stage: 90%\n", "    stage: 90%\n  - {date: 2026-11-20, stage: closed}\n")
    )
    assert after["contacts/stale.yaml"].decode() == stale_after
    assert after["contacts/paid.yaml"].decode() == paid_after
    assert after["contacts/fresh.yaml"] == before["contacts/fresh.yaml"]

    again = run_json(folder, "review")
    assert (again["to_apply"], again["stale"], again["to_close"]) == (0, [], [])
    second = folder.run("review", "--apply")
    assert second.exit_code == 0 and "nothing to apply" in second.stdout
    assert folder.snapshot() == after
    assert "nothing to apply" in folder.run("review").stdout


def test_review_apply_json_lists_what_it_wrote(folder):
    for cid, text in APPLY_BEFORE.items():
        folder.contact(cid, text)
    rep = run_json(folder, "review", "--apply")
    documented = {k for k in documented_keys()["review"] if k.startswith("applied")}
    assert key_paths({"applied": rep["applied"]}) == documented
    assert set(rep) == {k for k in documented_keys()["review"] if "." not in k and "[]" not in k}
    assert rep["applied"] == [
        {"id": "stale", "from": "25%", "to": "opportunity", "date": "2026-11-23"},
        {"id": "paid", "from": "90%", "to": "closed", "date": "2026-11-20"},
    ]
    assert run_json(folder, "pipeline", "--week", "last")["stages"][5]["contacts"][0]["id"] == "paid"


def test_review_apply_owner_only_touches_that_owner(folder):
    for cid, text in APPLY_BEFORE.items():
        folder.contact(cid, text)
    before = folder.snapshot()
    assert folder.run("review", "--apply", "--owner", "li-na").exit_code == 0
    after = folder.snapshot()
    assert [k for k in before if before[k] != after[k]] == ["contacts/stale.yaml"]


# --- team --------------------------------------------------------------------


def test_team(folder):
    rich_folder(folder)
    folder.contact(
        "paid-in-week",
        """\
name: 周经理
owner: zhou
stage: 90%
first_meeting: 2026-11-01
signed: 2026-11-17
paid: 2026-11-19
value: 5000
""",
    )
    rep = run_json(folder, "team", "--week", "last")
    cols = ("owner", "first_meetings", "p25", "p50", "p90", "closed", "collected", "booked")
    assert [tuple(r[k] for k in cols) for r in rep["rows"]] == [
        ("(none)", 0, 0, 0, 0, 0, 0, 0),  # `gone`: lost, without an owner
        ("li-na", 1, 3, 0, 0, 1, 0, 0),
        ("wang", 0, 0, 1, 1, 0, 0, 0),
        ("zhou", 0, 0, 0, 1, 0, 5000, 5000),
    ]
    for key, total in rep["total"].items():
        assert total == sum(r[key] for r in rep["rows"]), key
    assert (rep["total"]["p25"], rep["total"]["closed"], rep["total"]["collected"]) == (3, 1, 5000)
    # the week the paid deals were signed
    w44 = run_json(folder, "team", "--week", "2026-W44")  # 2026-10-26 … 2026-11-01: wang signed
    wang = next(r for r in w44["rows"] if r["owner"] == "wang")
    assert (wang["booked"], wang["collected"]) == (18000, 0)
    w46 = run_json(folder, "team", "--week", "2026-W46")  # paid 2026-11-10: paid_amount counts
    wang = next(r for r in w46["rows"] if r["owner"] == "wang")
    lina = next(r for r in w46["rows"] if r["owner"] == "li-na")
    assert (wang["collected"], wang["booked"], lina["collected"], lina["booked"]) == (15000, 0, 3000, 3000)

    table = folder.run("team", "--week", "last").stdout
    sub = next(line for line in table.splitlines() if "subtotal" in line)
    # the sheet's two amounts as the paper sheet pairs them: prepaid beside 90%, closed value beside closed
    assert sub.split()[1:8] == ["1", "3", "1", "2", "5,000", "1", "3,000"]
    assert (rep["total"]["closed_value"], rep["total"]["booked"]) == (3000, 5000)


# --- every format, every width -----------------------------------------------


ARGS = {
    "pipeline": [],
    "funnel": ["--week", "last"],
    "plan": [],
    "cycle": [],
    "review": [],
    "team": ["--week", "last"],
}
TODAY = {"review": "2026-11-26"}  # so that every review list has something


@pytest.mark.parametrize("command", COMMANDS)
def test_formats_parse(folder, command):
    rich_folder(folder)
    out = {}
    for fmt in FORMATS:
        result = folder.run(command, *ARGS[command], "--format", fmt, today=TODAY.get(command, "2026-11-23"))
        assert result.exit_code == 0, result.stderr
        assert result.stderr == ""
        out[fmt] = result.stdout
    assert isinstance(json.loads(out["json"]), dict)
    rows = list(csv.reader(io.StringIO(out["csv"])))
    assert len(rows) >= 2 and all(len(r) == len(rows[0]) for r in rows)
    md = out["markdown"].splitlines()
    assert md[0].startswith("# ")
    tables = [line for line in md if line.startswith("|")]
    assert any(re.fullmatch(r"\|( :?-+:? \|)+", line) for line in tables)
    # Markdown pads by cell width: every line of one table is equally wide, even with 张先生
    blocks, current = [], []
    for line in [*md, ""]:
        if line.startswith("|"):
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    for block in blocks:
        assert len({cell_len(line) for line in block}) == 1, block
    assert "\x1b[" not in out["table"]


@pytest.mark.parametrize("columns", [80, 160])
@pytest.mark.parametrize("command", COMMANDS)
def test_tables_fit_the_terminal(folder, monkeypatch, command, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    rich_folder(folder)
    for lang in ("en", "zh"):
        result = folder.run("--lang", lang, command, *ARGS[command], today=TODAY.get(command, "2026-11-23"))
        assert result.exit_code == 0, result.stderr
        too_wide = [line for line in result.stdout.splitlines() if cell_len(line) > columns]
        assert too_wide == [], (command, lang)
        names = {
            "pipeline": ["张先生", "李女士", "王经理", "赵总", "陈小姐", "[x]"],
            "review": ["张先生", "王经理", "赵总", "[x]"],
            "cycle": ["客户0", "客户1", "客户2"],
            "funnel": ["陈小姐", "客户2"],
            "team": ["li-na", "wang"],
            "plan": [],
        }[command]
        for name in names:
            assert name in result.stdout, (command, lang, name)


@pytest.mark.parametrize("command", COMMANDS)
def test_help_ends_with_an_example(command):
    from typer.testing import CliRunner

    from pipetrack.cli.main import app

    out = CliRunner().invoke(app, [command, "--help"]).stdout
    assert "Example: pipetrack " + command in out


# --- the example data --------------------------------------------------------

EXAMPLE_RUNS = [
    ("pipeline",),
    ("pipeline", "--all"),
    ("funnel",),
    ("funnel", "--week", "last"),
    ("plan",),
    ("plan", "--observed"),
    ("cycle",),
    ("review",),
    ("team",),
    ("team", "--week", "last"),
]


@pytest.mark.parametrize("columns", [80, 160])
@pytest.mark.parametrize("args", EXAMPLE_RUNS, ids=" ".join)
def test_example_data(example_dir, monkeypatch, args, columns):
    from typer.testing import CliRunner

    from pipetrack.cli.main import app

    monkeypatch.setenv("COLUMNS", str(columns))
    before = {p: p.read_bytes() for p in example_dir.rglob("*.yaml")}
    runner = CliRunner()
    base = ["--data", str(example_dir), "--today", "2026-11-23", "--no-cache"]
    result = runner.invoke(app, [*base, *args])
    assert result.exit_code == 0, result.stdout + result.stderr
    assert [line for line in result.stdout.splitlines() if cell_len(line) > columns] == []
    for fmt in ("json", "csv", "markdown"):
        out = runner.invoke(app, [*base, *args, "--format", fmt])
        assert out.exit_code == 0, out.stderr
    assert json.loads(runner.invoke(app, [*base, *args, "--format", "json"]).stdout)
    assert {p: p.read_bytes() for p in example_dir.rglob("*.yaml")} == before


def test_review_apply_keeps_flush_lists_as_they_are(folder):
    text = (
        "name: Flush\nstage: 25%\nfirst_meeting: 2026-10-01\nhistory:\n- date: 2026-10-01\n  stage: 25%\n"
        "activities:\n- {date: 2026-10-01, kind: call}\n"
    )
    path = folder.contact("flush", text)
    assert folder.run("review", "--apply").exit_code == 0
    assert path.read_text(encoding="utf-8") == text.replace(
        "stage: 25%\nfirst", "stage: opportunity\nfirst"
    ).replace("activities:", "- {date: 2026-11-23, stage: opportunity}\nactivities:")
