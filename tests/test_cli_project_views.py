"""`projects` (the board) and `project X`: known answers, every format, en/zh, and the
JSON keys against docs/json-projects.md in both directions."""

from __future__ import annotations

import csv
import io
import json
import textwrap
from pathlib import Path

import pytest

import conftest
from conftest import DataFolder, key_paths

DOCS = Path(__file__).resolve().parent.parent / "docs" / "json-projects.md"


def project_file(folder: DataFolder, pid: str, text: str) -> None:
    (folder.root / "projects").mkdir(exist_ok=True)
    (folder.root / "projects" / f"{pid}.yaml").write_text(textwrap.dedent(text).lstrip("\n"), "utf-8")


@pytest.fixture
def pf(folder: DataFolder) -> DataFolder:
    folder.account("huanan", "name: 华南印刷\n")
    folder.contact("chen-zong", "name: 陈总\naccount: huanan\n")
    project_file(
        folder,
        "tender-one",
        """
        name: 华南二期
        account: huanan
        owner: li-na
        value: 1200000
        stage: tender
        created: 2026-09-01
        history: [{date: 2026-09-01, stage: qualified}, {date: 2026-11-10, stage: tender}]
        need: 印刷线
        budget: 1200000
        purchase_date: 2027-03-01
        team: {sales: li-na, technical: zhou-gong}
        buying_group:
          - {contact: chen-zong, role: decider, circle: core, supporter: sponsor, weight: 5, attitude: 2,
             attitude_to: {对手A: -1}, criteria: [价格, 交期]}
          - {contact: 小李, role: user, circle: watcher, supporter: sponsor, attitude: 1}
        tender: {form: public, documents: 2026-11-01, deadline: 2026-11-30}
        candidate_rank: 2
        checkpoints: {late: {first_choice: no}}
        competitors: [{name: 对手A}]
        """,
    )
    project_file(
        folder,
        "old",
        """
        name: 老项目
        account: huanan
        owner: zhang-wei
        value: 300000
        stage: initial-contact
        history: [{date: 2026-08-01, stage: initial-contact}]
        """,
    )
    return folder


def run_json(folder: DataFolder, *args: str) -> dict:
    out = folder.run(*args, "--format", "json")
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout)


def test_board_known_answers(pf):
    rep = run_json(pf, "projects")
    assert [(p["id"], p["stage"], p["days_in_stage"], p["stalled"]) for p in rep["projects"]] == [
        ("old", "initial-contact", 114, True),
        ("tender-one", "tender", 13, False),
    ]
    tender = rep["projects"][1]
    assert tender["weighted_value"] == 960000 and tender["tender_deadline"] == "2026-11-30"
    assert tender["risks"] == ["sponsor_outside_circle", "no_insider_or_coach_yet", "technical_lead_not_won"]
    assert "no_bid" in tender["gaps"]
    assert rep["totals"] == {"open_count": 2, "open_value": 1500000, "stalled": 1, "weighted_value": 1020000}
    only = run_json(pf, "projects", "--owner", "li-na")
    assert [p["id"] for p in only["projects"]] == ["tender-one"]


def test_board_formats_and_chinese(pf):
    table = pf.run("projects")
    assert table.exit_code == 0 and "华南二期" in table.output and "114 > 30" in table.output
    zh = pf.run("--lang", "zh", "projects")
    assert "现场投标" in zh.output and "初步接触" in zh.output and "合计" in zh.output
    rows = list(csv.reader(io.StringIO(pf.run("projects", "--format", "csv").stdout)))
    assert rows[0][:3] == ["id", "name", "account"] and len(rows) == 3
    assert pf.run("projects", "--format", "markdown").stdout.startswith("# Projects\n")


def test_project_view_known_answers(pf):
    rep = run_json(pf, "project", "华南二期")
    assert rep["supported_stage"] == "qualified"
    assert rep["candidate"] == {"position": "second", "rank": 2}
    assert rep["tender"]["days_to_deadline"] == 7
    assert rep["supporters"] == {"coach": [], "insider": [], "sponsor": ["chen-zong", "小李"]}
    assert rep["buying_group"][0]["name"] == "陈总"
    assert [c["verdict"] for c in rep["checkpoints"]] == ["open", "open", "no_go"]
    assert rep["risks"][0]["code"] == "sponsor_outside_circle"
    assert rep["next_moves"][0]["command"].startswith("pipetrack ")
    zh = pf.run("--lang", "zh", "project", "tender-one")
    assert zh.exit_code == 0
    for word in ("参与购买者", "核心圈", "赞助者", "第二候选", "公开招标", "我定规则", "项目后期"):
        assert word in zh.output


def test_json_keys_are_exactly_the_documented_ones(pf):
    docs = conftest.documented_keys(DOCS)
    board = run_json(pf, "projects")
    assert key_paths(board) == docs["projects"]
    views = [run_json(pf, "project", p) for p in ("tender-one", "old")]
    seen = {p for v in views for p in key_paths(v) if not p.startswith("competitors[]")}
    assert seen == docs["project"]


def test_no_projects_and_unknown_project(folder):
    out = folder.run("projects")
    assert out.exit_code == 0 and "No projects." in out.output
    missing = folder.run("project", "nothing")
    assert missing.exit_code == 2 and "no project 'nothing'" in missing.output


def test_review_weekly_and_accounts_gain_a_projects_part(pf):
    docs = conftest.documented_keys(DOCS)
    review = run_json(pf, "review")
    assert {p for p in key_paths(review) if p.startswith("projects")} == docs["review projects"]
    assert [s["id"] for s in review["projects"]["stalled"]] == ["old"]
    assert review["projects"]["tenders"] == [
        {
            "days_left": 7,
            "deadline": "2026-11-30",
            "id": "tender-one",
            "name": "华南二期",
            "stage": "tender",
            "stage_name": "tender",
        }
    ]
    assert [p["id"] for p in review["projects"]["no_insider"]] == ["old", "tender-one"]
    accounts = run_json(pf, "accounts")
    assert accounts["projects"] == [
        {"account": "huanan", "open_projects": 2, "open_value": 1500000, "weighted_value": 1020000}
    ]
    assert {p for p in key_paths(accounts) if p.startswith("projects")} == docs["accounts projects"]
    weekly = pf.run("--lang", "zh", "report", "weekly", "--format", "markdown")
    assert "## 项目" in weekly.stdout and "### 停滞的项目" in weekly.stdout and "老项目" in weekly.stdout
    zh = pf.run("--lang", "zh", "review")
    assert "14 天内投标截止" in zh.stdout and "初步接触" in zh.stdout


def test_folders_without_projects_print_no_projects_part(folder):
    folder.account("a", "name: A\n")
    for args in (("review",), ("accounts",), ("report", "weekly")):
        assert "projects" not in run_json(folder, *args)
