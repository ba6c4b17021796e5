"""The weekly action sheet's update days side by side: `pipeline --updates` and `team --updates`
show the sheet as it stood on Monday (covering Fri–Sun), Wednesday (Mon–Tue) and Friday
(Wed–Thu), only the days up to today."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

import conftest
from pipetrack.cli.main import app
from pipetrack.domain import reports

STAGES = ("opportunity", "first-meeting", "25%", "50%", "90%", "closed")


def week_folder(folder) -> None:
    """Four contacts that move during 2026-W48 (Monday 11-23 … Sunday 11-29)."""
    folder.contact(
        "a",
        "name: 艾经理\nowner: li-na\nstage: 25%\nfirst_meeting: 2026-11-20\nnext_meeting: 2026-12-02\n"
        "history:\n  - {date: 2026-11-10, stage: first-meeting}\n  - {date: 2026-11-24, stage: 25%}\n",
    )
    folder.contact(
        "b",
        "name: Bob\nowner: li-na\nstage: 50%\nfirst_meeting: 2026-11-03\n"
        "history:\n  - {date: 2026-11-02, stage: first-meeting}\n  - {date: 2026-11-05, stage: 25%}\n"
        "  - {date: 2026-11-26, stage: 50%}\n",
    )
    folder.contact(
        "c",
        "name: Carol\nowner: wang\nstage: first-meeting\ncreated: 2026-11-01\n"
        "first_meeting: 2026-12-01\n"
        "history:\n  - {date: 2026-11-01, stage: opportunity}\n"
        "  - {date: 2026-11-26, stage: first-meeting}\n",
    )
    folder.contact(
        "d",
        "name: 丁总\nowner: wang\nstage: closed\nvalue: 8000\nfirst_meeting: 2026-10-20\n"
        "signed: 2026-11-10\npaid: 2026-11-12\n"
        "history:\n  - {date: 2026-11-10, stage: 90%}\n  - {date: 2026-11-24, stage: closed}\n",
    )


def counts(update: dict) -> list[int]:
    return [st["count"] for st in update["pipeline"]["stages"]]


@pytest.mark.parametrize(
    "week_start, start, days",
    [
        (
            "monday",
            "2026-11-23",
            [
                ("2026-11-23", "2026-11-20", "2026-11-22"),
                ("2026-11-25", "2026-11-23", "2026-11-24"),
                ("2026-11-27", "2026-11-25", "2026-11-26"),
            ],
        ),
        # the paper sheet's week, Friday to Thursday: the three updates cover it exactly
        (
            "friday",
            "2026-11-20",
            [
                ("2026-11-23", "2026-11-20", "2026-11-22"),
                ("2026-11-25", "2026-11-23", "2026-11-24"),
                ("2026-11-27", "2026-11-25", "2026-11-26"),
            ],
        ),
    ],
)
def test_update_days(week_start, start, days):
    period = reports.week_period("this", date(2026, 11, 23), week_start)
    assert period.start.isoformat() == start
    got = [(d.isoformat(), p.start.isoformat(), p.end.isoformat()) for d, p in reports.update_days(period)]
    assert got == days


def test_pipeline_updates_counts_per_day(folder):
    week_folder(folder)
    rep = json.loads(folder.run("pipeline", "--updates", "--format", "json", today="2026-11-27").stdout)
    assert [(u["day"], u["weekday"]) for u in rep["updates"]] == [
        ("2026-11-23", "monday"),
        ("2026-11-25", "wednesday"),
        ("2026-11-27", "friday"),
    ]
    assert [counts(u) for u in rep["updates"]] == [
        [1, 1, 1, 0, 1, 0],  # Monday: a at first meeting, b at 25%, d still at 90%
        [1, 0, 2, 0, 0, 1],  # Wednesday: a moved to 25% on Tuesday, d closed on Tuesday
        [0, 1, 1, 1, 0, 1],  # Friday: c set a first meeting, b reached 50% on Thursday
    ]
    assert [u["pipeline"]["prospects"] for u in rep["updates"]] == [3, 2, 3]
    assert [u["pipeline"]["as_of"] for u in rep["updates"]] == ["2026-11-23", "2026-11-25", "2026-11-27"]
    assert rep["later"] == []


def test_only_update_days_up_to_today(folder):
    week_folder(folder)
    rep = json.loads(folder.run("pipeline", "--updates", "--format", "json", today="2026-11-26").stdout)
    assert [u["day"] for u in rep["updates"]] == ["2026-11-23", "2026-11-25"]
    assert rep["later"] == ["2026-11-27"]
    # a week whose Monday has not come: nothing to show, said so
    res = folder.run("pipeline", "--updates", "--week", "+1", today="2026-11-26")
    assert res.exit_code == 0 and "update days still to come: 11-30, 12-02, 12-04" in res.stdout


@pytest.mark.parametrize(
    "lang, rows",
    [
        (
            "en",
            [
                ["stage", "Mon 11-23", "Wed 11-25", "Fri 11-27"],
                ["opportunity", "1", "1", "0"],
                ["closed", "0", "1", "1"],
                ["total", "3 *", "2 *", "3 *"],
            ],
        ),
        (
            "zh",
            [
                ["阶段", "周一 11-23", "周三 11-25", "周五 11-27"],
                ["销售机会", "1", "1", "0"],
                ["成交", "0", "1", "1"],
                ["合计", "3 *", "2 *", "3 *"],
            ],
        ),
    ],
)
def test_pipeline_updates_table_at_80_columns(folder, lang, rows):
    week_folder(folder)
    res = CliRunner().invoke(
        app,
        ["--data", str(folder.root), "--today", "2026-11-27", "--lang", lang, "pipeline", "--updates"],
        env={"COLUMNS": "80"},
    )
    assert res.exit_code == 0, res.output
    cells = [re.split(r"\s{2,}", line.strip()) for line in res.stdout.splitlines()]
    for row in rows:
        assert row in cells, res.stdout
    assert "艾经理 11-20" in res.stdout and "丁总" in res.stdout
    assert max(len(line) for line in res.stdout.splitlines()) <= 80
    if lang == "zh":
        assert not re.search(r"\b(Mon|Wed|Fri|update|stage|total)\b", res.stdout)


def test_team_updates(folder):
    week_folder(folder)
    rep = json.loads(folder.run("team", "--updates", "--format", "json", today="2026-11-27").stdout)
    by_day = [
        {
            r["owner"]: (r["first_meetings"], r["p25"], r["p50"], r["p90"], r["closed"])
            for r in u["team"]["rows"]
        }
        for u in rep["updates"]
    ]
    assert by_day == [
        {"li-na": (1, 1, 0, 0, 0), "wang": (0, 0, 0, 1, 0)},
        {"li-na": (0, 2, 0, 0, 0), "wang": (0, 0, 0, 0, 1)},
        {"li-na": (0, 1, 1, 0, 0), "wang": (1, 0, 0, 0, 1)},
    ]
    table = folder.run("team", "--updates", today="2026-11-27").stdout
    li_na = next(line for line in table.splitlines() if line.strip().startswith("li-na"))
    assert li_na.split()[1:4] == ["1·0·0", "1·2·1", "0·0·1"]  # first meetings, 25%, 50%: Mon·Wed·Fri


def test_updates_not_for_a_region(tmp_path, folder):
    week_folder(folder)
    other = tmp_path / "south"
    other.mkdir()
    (other / "pipetrack.yaml").write_text("owner: x\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["--data", str(folder.root), "--data", str(other), "pipeline", "--updates"])
    assert res.exit_code == 2 and "--updates" in res.output


def test_json_keys_are_the_documented_ones(folder):
    """docs/json.md both ways, down to each day's report (documented under its own command)."""
    week_folder(folder)
    docs = conftest.documented_keys(Path(__file__).resolve().parent.parent / "docs" / "json.md")
    for command, inner in (("pipeline", "pipeline"), ("team", "team")):
        rep = json.loads(folder.run(command, "--updates", "--format", "json", today="2026-11-26").stdout)
        seen = {k for k in conftest.key_paths(rep) if not k.startswith(f"updates[].{inner}.")}
        assert seen == docs[f"{command} --updates"], command


def test_team_updates_fit_80_columns_in_chinese(folder):
    week_folder(folder)
    args = ["--data", str(folder.root), "--today", "2026-11-27", "--lang", "zh", "team", "--updates"]
    res = CliRunner().invoke(app, args, env={"COLUMNS": "80"})
    assert res.exit_code == 0, res.output
    assert max(len(line) for line in res.stdout.splitlines()) <= 80
    cells = [re.split(r"\s{2,}", line.strip()) for line in res.stdout.splitlines()]
    assert ["负责人", "约定初次见面", "25%", "50%", "90%", "成交", "预收款", "成交金额"] in cells
    assert ["wang", "0·0·1", "0·0·0", "0·0·0", "1·0·0", "0·1·1", "0", "8,000"] in cells
