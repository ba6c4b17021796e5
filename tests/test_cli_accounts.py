"""`pipetrack account` and `pipetrack accounts` end to end: the five parts, each gap,
the JSON keys against docs/json-accounts.md, every format, en/zh, widths, errors."""

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

DOCS = Path(__file__).resolve().parent.parent / "docs" / "json-accounts.md"
FORMATS = ("table", "json", "csv", "markdown")


def rich_folder(folder: DataFolder) -> DataFolder:
    """huanan: every part of the map; solo: one contact; flat: no decision maker; empty: no contacts."""
    folder.account(
        "huanan",
        """
        name: 华南印刷有限公司
        tier: gold
        industry: printing
        size: 1000
        share_of_wallet: 0.3
        opportunity:
          budget: 200000
          purchase_date: 2027-03-01
          fit: true
          worth_it: true
          can_win: unknown
        products_in_use: [{product: PBX, brand: X, quantity: 1, years: 6}]
        competitors: [{name: Y Telecom, rep: 王, strengths: price, weaknesses: service}]
        buying_step: criteria
        """,
    )
    folder.contact(
        "zhang",
        """
        name: 张总
        account: huanan
        owner: li-na
        stage: 50%
        value: 100000
        profile: {function: user, level: executive, roles: [decider], attitude: 2, personality: driver}
        """,
    )
    folder.contact(
        "wang",
        """
        name: 王经理
        account: huanan
        owner: wang
        stage: 25%
        profile: {function: oversight, level: management, roles: [evaluator], attitude: -3}
        """,
    )
    folder.contact(
        "li",
        """
        name: 李工
        account: huanan
        owner: li-na
        profile: {function: user, level: operational, roles: [user, technical], attitude: 0, supporter: coach}
        """,
    )
    folder.contact(
        "chen",
        """
        name: 陈会计
        account: huanan
        owner: li-na
        profile: {level: operational, attitude: 1}
        """,
    )
    folder.account("solo", "name: Solo [x] Ltd\ntier: silver\nshare_of_wallet: 0.8\n")
    folder.contact(
        "sam",
        """
        name: Sam
        account: solo
        owner: wang
        stage: closed
        value: 300000
        signed: 2026-10-01
        paid: 2026-10-02
        profile: {level: executive, function: finance, roles: [decider], attitude: 4, supporter: sponsor}
        """,
    )
    folder.account("flat", "name: Flat Co\nshare_of_wallet: 0.5\n")
    folder.contact(
        "ops1",
        """
        name: Olga
        account: flat
        owner: wang
        stage: closed
        value: 50000
        signed: 2026-10-01
        paid: 2026-10-02
        profile: {level: operational, function: user, roles: [user], attitude: 3, supporter: insider}
        """,
    )
    folder.contact(
        "ops2",
        """
        name: Oscar
        account: flat
        owner: wang
        profile: {level: management, function: oversight, roles: [evaluator]}
        """,
    )
    folder.account("empty", "name: Empty Co\ntier: platinum\n")
    return folder


def run(folder: DataFolder, *args: str, lang: str | None = None):
    extra = ["--lang", lang] if lang else []
    result = folder.run(*extra, *args)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stderr == ""
    return result.stdout


def run_json(folder: DataFolder, *args: str) -> dict:
    return json.loads(run(folder, *args, "--format", "json"))


# --- account: the five parts ------------------------------------------------------


def test_account_shows_all_five_parts(folder):
    rich_folder(folder)
    out = run(folder, "account", "huanan")
    for heading in (
        "Organisation map (level × function)",
        "Attitude map and strategy",
        "Coverage gaps",
        "The five opportunity questions",
        "Products in use",
        "Competitors",
    ):
        assert heading in out
    assert "tier: gold   industry: printing   size: 1,000 employees" in out
    assert "share of wallet: 30%   relationship depth: initial cooperation (< 50%)" in out
    assert "best stage: 50%   open weighted: 50,000   closed value: 0 CNY" in out
    # the org map: each contact in its cell with attitude, stage, roles and supporter kind
    assert re.search(r"executive\s+张总 \+2 · 50% · decider", out)
    assert re.search(r"management\s+王经理 -3 · 25% · evaluator", out)
    assert "level or function not set: 陈会计 +1 · opportunity" in out
    # the attitude map and its moves
    # (each person with the name of their grade on the attitude scale)
    assert re.search(
        r"supporters \(\+1…\+4\)\s+张总 \+2 supports, 陈会计 \+1\s+(interested\s+)?keep streng", out
    )
    assert re.search(r"陈会计 \+1\s+(keep strengthening them\s+)?interested", out)
    assert re.search(r"opponents \(−1…−4\)\s+王经理 -3 opposes in public\s+isolate them", out)
    assert "- no one at +3 or above: develop a sponsor who sells for you inside" in out
    assert "- isolate 王经理 (below 0): keep quotes and plans away, work around them" in out
    # gaps
    assert "an open deal at 50%/90% (张总) but no contact in the finance department" in out
    assert "single contact" not in out and "no decision maker" not in out
    # the five questions, the first two emphasised, and the verdict with its reason
    assert re.search(r"★ What is the budget\?\s+200,000\s+✓", out)
    assert re.search(r"★ Is there a concrete purchase date\?\s+2027-03-01\s+✓", out)
    assert re.search(r"  Can we win\?\s+unknown\s+\?", out)
    assert "verdict: not yet" in out
    assert "- not valuable yet: fit, worth it and can win must all be yes" in out
    assert re.search(r"Y Telecom\s+王\s+price\s+service", out)


def test_account_by_name_and_zh(folder):
    rich_folder(folder)
    out = run(folder, "account", "华南印刷有限公司", lang="zh")
    for heading in (
        "组织结构(层级 × 部门)",
        "态度分布与策略",
        "覆盖缺口",
        "判断销售机会的五个问题",
        "在用产品",
        "竞争对手",
    ):
        assert heading in out
    assert re.search(r"决策层\s+张总 \+2 · 50% · 决策者", out)
    assert "结论: 时机未到" in out
    assert "没有 +3 以上的人:发展一个在内部替你推销的支持者" in out


def test_single_contact_account(folder):
    rich_folder(folder)
    out = run(folder, "account", "solo")
    assert "a single contact only (Sam): never rely on one person — develop more contacts" in out
    assert "Solo [x] Ltd" in out  # user text is not markup
    assert run_json(folder, "account", "solo")["gaps"] == [{"gap": "single_contact", "contacts": ["sam"]}]


def test_account_without_a_decision_maker(folder):
    rich_folder(folder)
    out = run(folder, "account", "flat")
    assert "no decision maker reached (no contact with the decider role or at executive level)" in out
    view = run_json(folder, "account", "flat")
    assert [g["gap"] for g in view["gaps"]] == ["no_decision_maker"]
    assert view["depth"] == "stable"


def test_account_without_contacts(folder):
    rich_folder(folder)
    assert "no contacts at this account: find a first guide" in run(folder, "account", "empty")
    assert run_json(folder, "account", "empty")["gaps"] == [{"gap": "no_contacts", "contacts": []}]


def test_account_json_values(folder):
    rich_folder(folder)
    view = run_json(folder, "account", "huanan")
    assert (view["id"], view["tier"], view["depth"], view["best_stage"]) == (
        "huanan",
        "gold",
        "initial",
        "50%",
    )
    assert (view["open_weighted_value"], view["closed_value"], view["share_of_wallet"]) == (50000, 0, 0.3)
    assert [c["id"] for c in view["contacts"]] == ["chen", "li", "wang", "zhang"]
    assert view["org_map"]["executive"] == {"user": ["zhang"], "oversight": [], "finance": []}
    assert view["org_map"]["unplaced"] == ["chen"]
    assert view["attitude"]["supporters"] == ["zhang", "chen"]
    assert view["attitude"]["neutrals"] == ["li"] and view["attitude"]["opponents"] == ["wang"]
    assert view["gaps"] == [{"gap": "no_finance", "contacts": ["zhang"]}]
    assert view["opportunity"]["verdict"] == "not_yet"
    assert view["opportunity"]["unknown"] == ["can_win"]
    assert view["products_in_use"] == [{"product": "PBX", "brand": "X", "quantity": 1, "years": 6}]


def test_unknown_account_is_one_line_exit_2(folder):
    rich_folder(folder)
    before = folder.snapshot()
    result = folder.run("account", "nosuch")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: no account 'nosuch'")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert folder.snapshot() == before


# --- accounts ---------------------------------------------------------------------


def test_accounts_list_and_80_20(folder):
    rich_folder(folder)
    rep = run_json(folder, "accounts")
    assert [
        (
            r["id"],
            r["contacts"],
            r["best_stage"],
            r["open_weighted_value"],
            r["closed_value"],
            r["depth"],
            r["gaps"],
            r["top80"],
        )
        for r in rep["accounts"]
    ] == [
        ("solo", 1, "closed", 0, 300000, "strategic", 1, True),
        ("flat", 2, "closed", 0, 50000, "stable", 1, False),
        ("huanan", 4, "50%", 50000, 0, "initial", 1, False),
        ("empty", 0, None, 0, 0, "development", 1, False),
    ]
    assert (rep["closed_total"], rep["top80"], rep["top80_value"], rep["top20"]) == (
        350000,
        ["solo"],
        300000,
        ["solo"],
    )
    assert rep["flags"] == [{"account": "solo", "flag": "silver_in_top20"}]
    out = run(folder, "accounts")
    assert "80/20: 1 of 4 accounts bring 80% of the closed value (300,000 of 350,000 CNY)" in out
    assert "! Solo [x] Ltd is silver but in the top 20% by closed value: review its tier" in out
    assert "300,000 ●" in out
    zh = run(folder, "accounts", lang="zh")
    assert "80/20: 4 个客户中有 1 个带来 80% 的成交金额(300,000 / 350,000 CNY)" in zh
    assert "Solo [x] Ltd 是银卡客户,却在成交金额前 20%:请重新评估级别" in zh


def test_accounts_owner_filter(folder):
    rich_folder(folder)
    rep = run_json(folder, "accounts", "--owner", "li-na")
    assert rep["owner"] == "li-na"
    assert [r["id"] for r in rep["accounts"]] == ["huanan"]
    assert rep["accounts"][0]["contacts"] == 4
    assert (rep["top80"], rep["flags"]) == ([], [])
    assert "no closed value yet: the 80/20 cut is empty" in run(folder, "accounts", "--owner", "li-na")


def test_accounts_csv_rows(folder):
    rich_folder(folder)
    rows = list(csv.DictReader(io.StringIO(run(folder, "accounts", "--format", "csv"))))
    assert [r["id"] for r in rows] == ["solo", "flat", "huanan", "empty"]
    assert rows[2]["gap_keys"] == "no_finance" and rows[3]["gap_keys"] == "no_contacts"
    assert rows[0]["top80"] == "true" and rows[0]["closed_value"] == "300000"


def test_account_csv_is_one_row_per_contact(folder):
    rich_folder(folder)
    rows = list(csv.DictReader(io.StringIO(run(folder, "account", "huanan", "--format", "csv"))))
    assert [(r["id"], r["level"], r["function"], r["roles"], r["attitude"]) for r in rows] == [
        ("chen", "operational", "", "", "1"),
        ("li", "operational", "user", "user;technical", "0"),
        ("wang", "management", "oversight", "evaluator", "-3"),
        ("zhang", "executive", "user", "decider", "2"),
    ]


# --- the JSON contract --------------------------------------------------------------


def documented_keys() -> dict[str, set[str]]:
    """The key paths of the `## account` and `## accounts` tables of docs/json-accounts.md."""
    return {k: v for k, v in conftest.documented_keys(DOCS).items() if k in ("account", "accounts")}


def test_json_keys_are_exactly_the_documented_ones(folder):
    rich_folder(folder)
    docs = documented_keys()
    assert set(docs) == {"account", "accounts"}
    views = [run_json(folder, "account", a) for a in ("huanan", "solo", "flat", "empty")]
    free = ("products_in_use[]", "competitors[]")  # copied from the file as written
    seen = {p for v in views for p in key_paths(v) if not p.startswith(free)}
    assert seen == docs["account"]
    reps = [run_json(folder, "accounts"), run_json(folder, "accounts", "--owner", "li-na")]
    assert set().union(*(key_paths(r) for r in reps)) == docs["accounts"]
    for command, runs in (("account", views), ("accounts", reps)):
        top = {k for k in docs[command] if "." not in k and "[]" not in k}
        assert all(set(r) == top for r in runs)


# --- formats, widths, help -------------------------------------------------------------

RUNS = [("account", "huanan"), ("account", "solo"), ("account", "empty"), ("accounts",)]


@pytest.mark.parametrize("args", RUNS, ids=" ".join)
def test_formats_parse(folder, args):
    rich_folder(folder)
    out = {fmt: run(folder, *args, "--format", fmt) for fmt in FORMATS}
    assert isinstance(json.loads(out["json"]), dict)
    rows = list(csv.reader(io.StringIO(out["csv"])))
    assert len(rows) >= 1 and all(len(r) == len(rows[0]) for r in rows)
    md = out["markdown"].splitlines()
    assert md[0].startswith("# ")
    blocks, current = [], []
    for line in [*md, ""]:
        if line.startswith("|"):
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    assert blocks
    for block in blocks:
        assert len({cell_len(line) for line in block}) == 1, block
    assert "\x1b[" not in out["table"]


def test_account_markdown(folder):
    rich_folder(folder)
    md = run(folder, "account", "huanan", "--format", "markdown")
    assert md.startswith("# Account map — 华南印刷有限公司\n")
    for heading in (
        "## Organisation map (level × function)",
        "## Attitude map and strategy",
        "## Coverage gaps",
        "## The five opportunity questions",
        "## Products in use",
        "## Competitors",
    ):
        assert heading in md
    assert "| ★ What is the budget?" in md
    assert "verdict: not yet" in md


@pytest.mark.parametrize("columns", [80, 160])
@pytest.mark.parametrize("args", RUNS, ids=" ".join)
def test_tables_fit_the_terminal(folder, monkeypatch, args, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    rich_folder(folder)
    for lang in ("en", "zh"):
        out = run(folder, *args, lang=lang)
        assert [line for line in out.splitlines() if cell_len(line) > columns] == [], (args, lang)


@pytest.mark.parametrize("command", ["account", "accounts"])
def test_help_ends_with_an_example(command):
    from typer.testing import CliRunner

    from pipetrack.cli.main import app

    out = CliRunner().invoke(app, [command, "--help"]).stdout
    assert "Example: pipetrack " + command in out


def test_read_only(folder):
    rich_folder(folder)
    before = folder.snapshot()
    for args in RUNS:
        for fmt in FORMATS:
            run(folder, *args, "--format", fmt)
    assert folder.snapshot() == before


# --- the example data ----------------------------------------------------------------


def test_example_data_accounts(example_dir, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    from typer.testing import CliRunner

    from pipetrack.cli.main import app

    runner = CliRunner()
    base = ["--data", str(example_dir), "--today", "2026-11-23", "--no-cache"]
    listing = runner.invoke(app, [*base, "accounts", "--format", "json"])
    assert listing.exit_code == 0, listing.stderr
    rows = json.loads(listing.stdout)["accounts"]
    gaps = {r["id"]: r["gap_keys"] for r in rows}
    assert any("single_contact" in g for g in gaps.values()), gaps
    assert any("no_decision_maker" in g for g in gaps.values()), gaps
    rich = [r["id"] for r in rows if r["contacts"] >= 3]
    assert len(rich) >= 2, rows
    before = {p: p.read_bytes() for p in example_dir.rglob("*.yaml")}
    for lang in ("en", "zh"):
        result = runner.invoke(app, [*base, "--lang", lang, "accounts"])
        assert result.exit_code == 0, result.stderr
        assert [line for line in result.stdout.splitlines() if cell_len(line) > 80] == []
    for aid in gaps:
        result = runner.invoke(app, [*base, "account", aid])
        assert result.exit_code == 0, result.stderr
        assert result.stderr == ""
        assert [line for line in result.stdout.splitlines() if cell_len(line) > 80] == [], aid
        for heading in (
            "Organisation map",
            "Attitude map",
            "Coverage gaps",
            "The five opportunity questions",
            "Products in use",
            "Competitors",
            "relationship depth",
        ):
            assert heading in result.stdout, (aid, heading)
        zh = runner.invoke(app, [*base, "--lang", "zh", "account", aid])
        assert zh.exit_code == 0 and [line for line in zh.stdout.splitlines() if cell_len(line) > 80] == [], (
            aid
        )
    assert {p: p.read_bytes() for p in example_dir.rglob("*.yaml")} == before


# --- contact tips, as `pipetrack show` will print them -----------------------------------


def render_text(renderable, width: int = 120) -> str:
    from rich.console import Console

    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(renderable)
    return "\n".join(line.rstrip() for line in console.export_text().splitlines())


def test_tips_renderable_en_and_zh():
    from datetime import date

    from pipetrack.domain.models import Contact, Settings
    from pipetrack.render.intel import tips_renderable
    from pipetrack.text import tips as intel

    c = Contact.model_validate(
        {
            "id": "zhang",
            "name": "张总",
            "stage": "closed",
            "signed": "2026-11-18",
            "paid": "2026-11-20",
            "profile": {
                "personality": "amiable",
                "attitude": 2,
                "relationship": "trust",
                "needs": ["respect"],
            },
        }
    )
    tips = intel.contact_tips(c, Settings(), date(2026, 11, 23), "en")
    out = render_text(tips_renderable(tips, "en"))
    assert out.splitlines()[0] == "Selling tips"
    assert re.search(r"personality\s+amiable\n\s+- they say yes to everything but do not buy", out)
    # the attitude: its name on the scale, what it means, what such a person says, the strategy
    assert re.search(r"attitude\s+\+2 supports: on our side, but may turn under pressure", out)
    assert "typically says: “Your plan looks good to me.” “I'll put in a word for you.”" in out
    assert "- keep strengthening them: supports but may turn under pressure" in out
    assert re.search(r"relationship\s+trust — next: alliance — win their help and cooperation", out)
    assert re.search(r"buys for\s+- respect \(needs course\): wants to prove themselves", out)
    assert re.search(
        r"after the sale\s+paid on 2026-11-20, nothing logged since: the follow-up was due on "
        r"2026-11-22 — call now",
        out,
    )
    zh = render_text(tips_renderable(intel.contact_tips(c, Settings(), date(2026, 11, 23), "zh"), "zh"))
    assert zh.splitlines()[0] == "销售建议"
    assert "随和型" in zh and "回访应在 2026-11-22 完成" in zh
    assert "+2 表示支持: 支持我方" in zh and "常说: 「你们的方案我觉得不错。」" in zh
    assert "- 尊重 (大客户需求课程): 想证明自己" in zh
    bare = Contact.model_validate({"id": "x", "name": "X"})
    assert (
        render_text(tips_renderable(intel.contact_tips(bare, Settings(), date(2026, 11, 23)), "en")).strip()
        == ""
    )
