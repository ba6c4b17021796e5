"""pipetrack.text: one `text(key, lang, **params)` over every table; codes from the domain in words."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from pipetrack.domain.errors import Problem
from pipetrack.render.tables import problem_line
from pipetrack.text import LANGS, lang_problem, reason, text
from pipetrack.text import labels as tables
from pipetrack.text.reports import check_message

SRC = Path(__file__).resolve().parent.parent / "src" / "pipetrack"
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_text_reads_every_table_and_falls_back_to_english_then_the_key():
    assert text("stage.first-meeting", "zh") == "约定初次见面"
    assert text("criterion.timing", "en") == "timing"
    assert text("level.executive", "en") == "executive"  # the account-intelligence table
    assert text("shape.C", "zh") == "C — 计划书待定"
    assert text("moves_to_apply", "zh", n=3) == "有 3 项变更待执行: pipetrack review --apply"
    assert text("kind_call", "en", default="call") == "call"
    assert text("no.such.key", "zh") == "no.such.key"


def test_a_parameter_may_be_called_key_or_lang():
    assert reason("no_date", {"key": "signed"}, "zh") == "没有签约日期 (signed)"


@pytest.mark.parametrize("table", [tables.REASONS, tables.CHECKS, tables.LABELS])
def test_every_message_has_a_chinese_text_with_the_same_parameters(table):
    fields = re.compile(r"\{(\w+)")
    for key, en in table["en"].items():
        if key in table["zh"]:
            assert set(fields.findall(table["zh"][key])) <= set(fields.findall(en)) | {"key_label"}, key
    assert set(tables.REASONS["en"]) == set(tables.REASONS["zh"])
    assert set(tables.CHECKS["en"]) == set(tables.CHECKS["zh"])


def test_languages_are_one_list_with_one_message():
    assert LANGS == ("en", "zh")
    assert lang_problem("--lang", "zh") is None
    assert lang_problem("--language", "fr") == "--language: use en or zh (not 'fr')"


def test_a_check_problem_is_a_code_rendered_in_either_language():
    missing = [
        ("criterion", {"key": "timing", "field": "criteria.signing_date", "why": ("no_signing_date", None)})
    ]
    params = {"stage": "50%", "supported": "25%", "missing": missing}
    problem = Problem("contacts/wang.yaml", 7, "", "error", "unsupported_stage", params)
    assert problem_line(problem) == (
        "contacts/wang.yaml:7: stage: 50% is not supported by the evidence (supports 25%): "
        "the timing criterion (criteria.signing_date): no signing date set"
    )
    assert problem_line(problem, "zh") == (
        "contacts/wang.yaml:7: stage: 证据不支持 50% (只支持 25%): "
        "合适的时间 (criteria.signing_date): 没有签约日期"
    )
    warning = Problem("accounts/acme.yaml", 3, "", "warning", "purchase_passed", {"when": "2026-01-01"})
    assert (
        problem_line(warning, "zh")
        == "accounts/acme.yaml:3: 警告: opportunity.purchase_date: 2026-01-01 已过; 请更新五个机会问题"
    )
    loader = Problem("contacts/x.yaml", 2, "stage: 'fifty' is not a stage")
    assert problem_line(loader, "zh") == "contacts/x.yaml:2: stage: 'fifty' is not a stage"
    assert check_message("same_name", {"other": "wang"}) == (
        "name: same name as contact `wang`; use the id to tell them apart"
    )


def test_the_domain_imports_no_text_and_no_render():
    for path in sorted((SRC / "domain").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith(("pipetrack.text", "pipetrack.render")), path.name
        # the method's rules and reports speak in codes (other modules may read Chinese input)
        if path.name in ("rules.py", "checks.py", "weekly.py", "intel.py"):
            assert not CJK.search(path.read_text(encoding="utf-8")), f"{path.name} holds Chinese text"


def test_zh_json_reasons_are_chinese(folder):
    folder.contact(
        "wang",
        """
        name: 王经理
        stage: 25%
        created: 2026-10-01
        first_meeting: 2026-10-05
        """,
    )
    import json

    result = folder.run("--lang", "zh", "pipeline", "--format", "json")
    shape = json.loads(result.stdout)["shape"]
    assert shape["pattern"] == "B"
    assert shape["reason"] == "有效潜在客户(25%/50%/90%) 1 个,少于一单所需的 5 个"
    assert shape["facts"]["prospects"] == 1
    result = folder.run("--lang", "zh", "show", "wang", "--format", "json")
    view = json.loads(result.stdout)
    timing = next(c for c in view["criteria"] if c["criterion"] == "timing")
    assert (timing["code"], timing["reason"]) == ("no_signing_date", "没有签约日期")
