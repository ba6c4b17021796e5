"""`pipetrack report weekly`: golden Markdown and JSON of a small fixed folder,
the same numbers as the terminal reports, Chinese labels, a past week that
does not change when generated later, exit codes and atomic --out.

Regenerate the golden files deliberately with PIPETRACK_REGEN_GOLDEN=1.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import DataFolder

GOLDEN = Path(__file__).resolve().parent / "golden"
TODAY = "2026-11-23"  # a Monday: `--week last` is 2026-W47, 16–22 November


def weekly_folder(folder: DataFolder) -> DataFolder:
    """Two reps, eight weeks of calls, every stage, a stale contact, HTML-ish and CJK names,
    and one warning (a lost contact without a reason)."""
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
        next_meeting: 2026-11-24
        value: 10000
        history:
          - {date: 2026-10-01, stage: opportunity}
          - {date: 2026-10-20, stage: first-meeting}
          - {date: 2026-10-25, stage: 25%}
        activities:
          - {date: 2026-10-19, kind: call, outcome: no-answer}
          - {date: 2026-10-20, kind: call, outcome: meeting-set}
        """,
    )
    folder.contact(
        "li",
        """
        name: 李女士
        owner: li-na
        created: 2026-11-02
        stage: 50%
        first_meeting: 2026-11-09
        next_meeting: 2026-11-26T10:00
        criteria: {right_person: true, plan_fits: true, budget: 20000, signing_date: 2026-11-30,
                   next_step: formal proposal}
        value: 20000
        history:
          - {date: 2026-11-02, stage: opportunity}
          - {date: 2026-11-04, stage: first-meeting}
          - {date: 2026-11-09, stage: 25%}
          - {date: 2026-11-18, stage: 50%}
        activities:
          - {date: 2026-11-03, kind: call, outcome: connected}
          - {date: 2026-11-04, kind: call, outcome: meeting-set}
        """,
    )
    folder.contact(
        "wang",
        """
        name: 王经理
        account: huanan
        owner: wang
        created: 2026-10-05
        stage: 90%
        first_meeting: 2026-10-12
        criteria: {right_person: true, plan_fits: true, budget: 18000, signing_date: 2026-11-17,
                   next_step: deliver and train}
        signed: 2026-11-17
        paid: 2026-11-19
        value: 18000
        paid_amount: 15000
        history:
          - {date: 2026-10-05, stage: opportunity}
          - {date: 2026-10-08, stage: first-meeting}
          - {date: 2026-10-12, stage: 25%}
          - {date: 2026-10-26, stage: 50%}
          - {date: 2026-11-19, stage: 90%}
        activities:
          - {date: 2026-10-06, kind: call, outcome: connected}
          - {date: 2026-10-07, kind: call, outcome: meeting-set}
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
          - {date: 2026-11-19, kind: call, outcome: no-answer}
          - {date: 2026-11-20, kind: call, outcome: connected}
        """,
    )
    folder.contact(
        "acme",
        """
        name: Acme <b>& "Co"</b>
        owner: wang
        created: 2026-11-17
        stage: opportunity
        activities:
          - {date: 2026-11-17, kind: call, outcome: no-answer}
        """,
    )
    folder.contact(
        "zhao",
        """
        name: 赵总
        owner: wang
        created: 2026-09-15
        stage: 25%
        first_meeting: 2026-09-20
        criteria: {next_step: 等年度预算}
        value: 30000
        history:
          - {date: 2026-09-15, stage: opportunity}
          - {date: 2026-09-18, stage: first-meeting}
          - {date: 2026-09-20, stage: 25%}
        activities:
          - {date: 2026-09-29, kind: call, outcome: connected}
          - {date: 2026-10-13, kind: call, outcome: meeting-set}
          - {date: 2026-10-27, kind: call, outcome: connected}
          - {date: 2026-11-10, kind: call, outcome: meeting-set}
        """,
    )
    for i, (created, signed, closed) in enumerate(
        [
            ("2026-08-01", "2026-08-21", "2026-09-01"),
            ("2026-09-01", "2026-10-01", "2026-10-12"),
            ("2026-10-01", "2026-11-02", "2026-11-18"),
        ]
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
              - {{date: {closed}, stage: closed}}
            """,
        )
    folder.contact(
        "gone",
        """
        name: Lost Ltd
        owner: wang
        created: 2026-10-01
        stage: lost
        history:
          - {date: 2026-10-01, stage: opportunity}
          - {date: 2026-11-05, stage: lost}
        """,
    )
    return folder


def weekly(folder: DataFolder, *args: str, today: str = TODAY, code: int = 0) -> str:
    result = folder.run("report", "weekly", *args, today=today)
    assert result.exit_code == code, result.stdout + result.stderr
    return result.stdout


def weekly_json(folder: DataFolder, *args: str, today: str = TODAY) -> dict:
    return json.loads(weekly(folder, "--format", "json", *args, today=today))


def golden(name: str, text: str) -> None:
    """Compare with tests/golden/<name>; PIPETRACK_REGEN_GOLDEN=1 rewrites it deliberately."""
    path = GOLDEN / name
    if os.environ.get("PIPETRACK_REGEN_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert path.read_bytes() == text.encode("utf-8"), f"{name} differs (PIPETRACK_REGEN_GOLDEN=1 to accept)"


# --- golden files and determinism --------------------------------------------


@pytest.mark.parametrize(
    "name, args",
    [
        ("weekly.md", ["--format", "markdown"]),
        ("weekly.zh.md", ["--format", "markdown", "--lang", "zh"]),
        ("weekly.json", ["--format", "json"]),
    ],
)
def test_golden(folder, name, args):
    weekly_folder(folder)
    golden(name, weekly(folder, "--week", "last", *args))


@pytest.mark.parametrize("fmt", ["markdown", "html", "json"])
def test_byte_identical_on_a_rerun_and_anywhere(tmp_path, fmt):
    """Same data and --week/--today: the same bytes, whatever the folder's path or the run."""
    outputs = []
    for where in ("a", "b/c"):
        folder = weekly_folder(DataFolder(tmp_path / where / "data"))
        outputs += [weekly(folder, "--week", "2026-W47", "--format", fmt) for _ in range(2)]
    assert len(set(outputs)) == 1
    assert "\x1b" not in outputs[0]  # no colour codes off a terminal


# --- the numbers are the terminal reports' numbers ---------------------------


def test_parts_are_exactly_the_terminal_reports(folder):
    weekly_folder(folder)
    rep = weekly_json(folder, "--week", "last")

    def cmd(*args: str) -> dict:
        result = folder.run(*args, "--format", "json", today=TODAY)
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)

    assert rep["pipeline"] == cmd("pipeline", "--week", "last", "--all")
    assert rep["funnel"] == cmd("funnel", "--week", "last")
    assert rep["team"] == cmd("team", "--week", "last")
    assert rep["review"] == cmd("review")
    assert rep["cycle"] == cmd("cycle")
    assert (rep["week"], rep["period"], rep["as_of"], rep["today"]) == (
        "2026-W47",
        {"start": "2026-11-16", "end": "2026-11-22"},
        "2026-11-22",
        "2026-11-23",
    )
    # the trend is each week's funnel
    assert [(w["week"], w["meetings_set"], w["deals"]) for w in rep["trend"]] == [
        ("2026-W40", 0, 0),
        ("2026-W41", 1, 0),
        ("2026-W42", 0, 1),  # 赵总's meeting-set call on 10-13 was at 25%: a follow-up
        ("2026-W43", 1, 0),
        ("2026-W44", 0, 0),
        ("2026-W45", 1, 0),
        ("2026-W46", 0, 0),  # and so was his call on 11-10
        ("2026-W47", 1, 1),
    ]
    for week in rep["trend"]:
        f = cmd("funnel", "--week", week["week"])
        assert week == {
            "week": f["week"],
            "start": f["start"],
            "end": f["end"],
            "meetings_set": f["calls"]["meetings_set"],
            "target_meetings": f["calls"]["target_meetings"],
            "deals": f["ratio"]["deals"],
        }
    assert rep["shape_chart"] == [
        {"stage": "first-meeting", "count": 1, "stale": 0, "ideal": 2},
        {"stage": "25%", "count": 2, "stale": 2, "ideal": 1.5},
        {"stage": "50%", "count": 1, "stale": 0, "ideal": 1},
        {"stage": "90%", "count": 1, "stale": 0, "ideal": 0.5},
    ]
    assert rep["problems"] == [
        {
            "path": "contacts/gone.yaml",
            "line": 4,
            "severity": "warning",
            "message": "stage: lost without a lost_reason",
            "code": "lost_no_reason",
            "params": {},
        }
    ]
    assert rep["errors"] == 0


def test_owner_narrows_every_part(folder):
    weekly_folder(folder)
    rep = weekly_json(folder, "--week", "last", "--owner", "wang")
    assert (
        rep["owner"] == rep["pipeline"]["owner"] == rep["funnel"]["owner"] == rep["review"]["owner"] == "wang"
    )
    assert [r["owner"] for r in rep["team"]["rows"]] == ["wang"]
    assert rep["pipeline"]["prospects"] == 2  # 赵总 at 25%, 王经理 at 90%
    assert (rep["funnel"]["calls"]["dials"], rep["funnel"]["ratio"]["new_contacts"]) == (1, 1)  # acme


def test_a_past_week_does_not_change_when_generated_eight_weeks_later(folder):
    """The numbers come from dated history and activities, not from today's stages."""
    weekly_folder(folder)
    then = weekly_json(folder, "--week", "2026-W47")
    later = "2027-01-18"  # eight weeks after 2026-11-23
    for args in (
        ["move", "newbie", "25%", "--date", "2026-11-26", "--force"],
        ["log", "newbie", "call", "--outcome", "meeting-set", "--date", "2026-12-02"],
        ["move", "zhang", "opportunity", "--date", "2026-11-24"],
        ["move", "wang", "closed", "--date", "2026-11-30", "--force"],
        ["add", "contact", "新客户", "--owner", "wang"],
        ["add", "contact", "新同事的客户", "--owner", "zhao"],  # a third rep joins: W47 keeps 2 reps' targets
        ["move", "li", "90%", "--date", "2026-12-10", "--force"],
    ):
        assert folder.run(*args, today=later).exit_code == 0, args
    now = json.loads(weekly(folder, "--week", "2026-W47", "--format", "json", today=later, code=1))
    assert now["funnel"] == then["funnel"]
    assert then["funnel"]["calls"]["meetings_set"] == 1 and then["funnel"]["ratio"]["deals"] == 1
    for key in ("pipeline", "team", "trend", "cycle", "shape_chart", "period", "as_of"):
        assert now[key] == then[key], key
    assert now["today"] == later and now["review"] != then["review"]  # the review is the update due today
    # and the later week sees the later work
    w49 = json.loads(weekly(folder, "--week", "2026-W49", "--format", "json", today=later, code=1))
    # newbie was at 25% by then: the call that set a meeting is a follow-up, not a dial
    assert (w49["funnel"]["calls"]["meetings_set"], w49["funnel"]["calls"]["follow_ups"]) == (0, 1)


# --- language ----------------------------------------------------------------

ZH_LABELS = (
    "# 每周报告 2026-W47",
    "## 潜在客户管理行动工具表",
    "## 本周漏斗 2026-W47",
    "## 近8周:约见与成交",
    "## 每周更新",
    "## 小组追踪表",
    "## 数据问题",
    "约定初次见面",
    "成交",
    "漏斗形态: B — 几乎没有潜在客户",
    "对策: 新销售需要主管陪同拜访",
    "### 超期:退回销售机会",
    "| 警告 ",
    "我的销售周期: 27 天 (最近成交的平均值)",
    "统计期: 2026-11-16 – 2026-11-22 (2026-W47)",
    "负责人",
    "新潜在客户",
)
EN_LABELS = (
    "Weekly report",
    "Pipeline —",
    "Weekly funnel",
    "Team tracking sheet",
    "Data problems",
    "remedy:",
    "| first meeting",
    "stale: send back",
    "warning",
    "my sales cycle",
    "subtotal",
    "dials",
)
#: English still written by render.py's shared sections (and the shape reason from rules.py)
RENDER_ENGLISH = (
    "working days",
    "as of",
    "cooling-off ended",
    "prospects (first meeting",
    " vs ",
    "reaching target",
    "are past the sales cycle",
)


def test_zh_labels_throughout(folder):
    weekly_folder(folder)
    text = weekly(folder, "--week", "last", "--lang", "zh")
    for label in ZH_LABELS:
        assert label in text, label
    for label in EN_LABELS:
        assert label not in text, label
    assert "张先生" in text and "Lost Ltd" not in text  # names as written; lost contacts are not listed


def test_zh_has_no_english_from_the_shared_sections(folder):
    weekly_folder(folder)
    text = weekly(folder, "--week", "last", "--lang", "zh")
    assert [w for w in RENDER_ENGLISH if w in text] == []


def test_language_from_the_global_option_and_from_settings(folder):
    weekly_folder(folder)
    zh = weekly(folder, "--week", "last", "--lang", "zh")
    assert folder.run("--lang", "zh", "report", "weekly", "--week", "last", today=TODAY).stdout == zh
    (folder.root / "pipetrack.yaml").write_text("owner: li-na\nlanguage: zh\n", encoding="utf-8")
    assert weekly(folder, "--week", "last") == zh
    assert weekly(folder, "--week", "last", "--lang", "en").startswith("# Weekly report 2026-W47\n")
    assert weekly_json(folder, "--week", "last")["pipeline"]["shape"]["name"] == "B — 几乎没有潜在客户"


# --- cron: files, exit codes, errors -----------------------------------------


def test_out_writes_the_file_atomically_and_prints_nothing(folder, tmp_path):
    weekly_folder(folder)
    out = tmp_path / "reports" / "2026-W47.md"
    out.parent.mkdir()
    out.write_text("last week's stale report\n", encoding="utf-8")
    result = folder.run("report", "weekly", "--week", "last", "--out", str(out), today=TODAY)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert out.read_bytes() == weekly(folder, "--week", "last").encode("utf-8")
    assert sorted(p.name for p in out.parent.iterdir()) == ["2026-W47.md"]  # no temp file left


def test_data_errors_exit_1_and_the_report_lists_them(folder, tmp_path):
    weekly_folder(folder)
    folder.contact("broken", "name: Broken\nstage: fifty\n")
    before = folder.snapshot()
    out = tmp_path / "r.json"
    result = folder.run(
        "report", "weekly", "--week", "last", "--format", "json", "--out", str(out), today=TODAY
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.strip() == "warning: 1 data error(s) listed in the report (run `pipetrack check`)"
    rep = json.loads(out.read_text("utf-8"))
    assert rep["errors"] == 1
    assert [(p["path"], p["line"], p["severity"]) for p in rep["problems"]] == [
        ("contacts/broken.yaml", 2, "error"),
        ("contacts/gone.yaml", 4, "warning"),
    ]
    assert "fifty" in rep["problems"][0]["message"]
    assert rep["pipeline"]["prospects"] == 5  # the good files still count
    assert folder.snapshot() == before


@pytest.mark.parametrize(
    "args, message",
    [
        (["--week", "2026-W60"], "--week"),
        (["--week", "next"], "--week"),
        (["--format", "pdf"], "--format"),
        (["--lang", "fr"], "--lang"),
        (["--out", "no/such/dir/r.html"], "--out"),
    ],
)
def test_bad_usage_exits_2_with_one_line(folder, tmp_path, monkeypatch, args, message):
    weekly_folder(folder)
    monkeypatch.chdir(tmp_path)
    result = folder.run("report", "weekly", *args, today=TODAY)
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""
    assert not (tmp_path / "no").exists()


def test_help_ends_with_an_example(folder):
    for args in (["report", "--help"], ["report", "weekly", "--help"]):
        result = folder.run(*args)
        assert result.exit_code == 0
        assert result.stdout.rstrip().splitlines()[-1].strip().startswith("Example: pipetrack")


# --- what a lead asks first (issue 17) ----------------------------------------


@pytest.mark.parametrize(
    ("week", "lang", "word"),
    [
        ("last", "en", "deals · last week"),
        ("this", "en", "deals · this week"),
        ("2026-W40", "en", "deals · 2026-W40"),
        ("last", "zh", "成交 · 上周"),
    ],
)
def test_the_summary_says_which_week(folder, week, lang, word):
    weekly_folder(folder)
    for fmt in ("markdown", "html"):
        assert word in weekly(folder, "--week", week, "--format", fmt, "--lang", lang)


def test_weighted_pipeline_is_open_deals_with_closed_value_beside_it(folder):
    weekly_folder(folder)
    rep = weekly_json(folder, "--week", "last")
    pipe = {s["stage"]: s for s in rep["pipeline"]["stages"]}
    open_stages = ("first-meeting", "25%", "50%", "90%")
    assert rep["pipeline"]["weighted_total"] == sum(pipe[s]["weighted_value"] for s in open_stages) == 36200
    assert rep["pipeline"]["closed_value"] == pipe["closed"]["value"] == 3000
    page = weekly(folder, "--week", "last", "--format", "html")
    assert 'weighted pipeline (open deals only)</div><div class="v">36,200' in page
    assert 'closed value · last week</div><div class="v">3,000' in page


def test_review_lists_show_owner_and_value(folder):
    weekly_folder(folder)
    md = weekly(folder, "--week", "last")
    assert "| zhao  | 赵总     | wang  | 30,000 | 25%   | 2026-09-20    |   64 |" in md


def test_html_funnel_has_charts_not_tables_repeating_them(folder):
    weekly_folder(folder)
    page = weekly(folder, "--week", "last", "--format", "html")
    funnel = page.split('<section class="part" id="funnel">')[1].split("</section>")[0]
    assert funnel.count('<svg class="chart"') == 2
    # the meetings held, the five levers (no chart says them) and the stage moves
    assert funnel.count("<table") == 3
    assert "weakest lever" in funnel and ">average deal size</td>" in funnel
    assert "| 15-7-1" not in page and ">connects</td>" not in page


def test_html_names_a_cjk_font_for_every_platform_and_fetches_nothing(folder):
    weekly_folder(folder)
    page = weekly(folder, "--week", "last", "--format", "html", "--lang", "zh")
    stack = page.split("font-family: ")[1].split(";")[0]
    for font in (
        '"Microsoft YaHei"',  # Windows
        '"PingFang SC"',  # macOS, iOS
        '"Hiragino Sans GB"',  # older macOS
        '"Noto Sans CJK SC"',  # Linux, Android
        '"WenQuanYi Micro Hei"',  # older Linux
        '"Droid Sans Fallback"',  # older Android
    ):
        assert font in stack, font
    assert stack.endswith("sans-serif")
    assert "@font-face" not in page and "url(" not in page and "@import" not in page
