"""A folder with `language: zh` hears add, log, move and review --apply in Chinese
(issue 12, item 9); English stays as it was."""

from __future__ import annotations

import re

import pytest

HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def zh(folder):
    settings = folder.root / "pipetrack.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "language: zh\n", encoding="utf-8")
    return folder


def words(result) -> str:
    """Everything the command said, with the data's own words taken out."""
    assert result.exit_code in (0, 1), result.output
    said = result.stdout + result.stderr
    for data in ("wang-jingli", "huanan", "pipetrack", "YYYY-MM-DD", "first-meeting", "criteria"):
        said = said.replace(data, "")
    return said


def test_add_log_move_speak_chinese_in_a_zh_folder(zh):
    said = words(zh.run("add", "account", "华南印刷", "--id", "huanan"))
    assert said.startswith("已添加客户 华南印刷, 编号 huanan (accounts/huanan.yaml)") or "已添加客户" in said
    said = words(zh.run("add", "contact", "王经理", "--account", "huanan", "--id", "wang-jingli"))
    assert "已添加联系人 王经理" in said and "Added" not in said
    said = words(zh.run("log", "王经理", "call", "--outcome", "meeting-set"))
    assert "已记录电话 (约定见面): 王经理, 2026-11-23" in said and "下一步:" in said
    assert not re.search(r"\b(Logged|Next|for|on)\b", said)
    said = words(zh.run("move", "王经理", "first-meeting", "--first-meeting", "2026-11-20"))
    assert "已移动 王经理: 销售机会 → 约定初次见面" in said and "Moved" not in said
    refused = zh.run("move", "王经理", "50%")
    assert refused.exit_code == 1
    said = words(refused)
    assert "王经理 不能进入 50%" in said and "用以下命令记录" in said
    # no English sentence left in the refusal: every reason is Chinese
    assert not re.search(r"\b(cannot|criterion|the|not|no)\b", said), said
    said = words(zh.run("move", "王经理", "lost"))
    said = words(zh.run("move", "王经理", "lost", "--reason", "重复"))
    assert "王经理 已退出; 已记录退出原因" in said


def test_forced_move_and_review_apply_speak_chinese(zh):
    zh.contact("old", "name: 老客户\nstage: 25%\nfirst_meeting: 2026-09-01\ncreated: 2026-08-20\n")
    forced = zh.run("move", "老客户", "50%", "--force")
    assert forced.exit_code == 0, forced.output
    assert "已强制进入 50%, 但证据缺少:" in forced.stderr and "forced" not in forced.stderr
    zh.run("move", "老客户", "25%", "--force")
    applied = zh.run("review", "--apply")
    assert applied.exit_code == 0, applied.output
    assert "已移动 老客户 (old): 25% → 销售机会, 2026-11-23" in applied.stdout


def test_english_is_unchanged(folder):
    folder.contact("wang", "name: Wang\nstage: opportunity\n")
    said = folder.run("log", "wang", "call", "--outcome", "meeting-set").stdout
    assert said.splitlines() == [
        "Logged call (meeting-set) for Wang on 2026-11-23",
        "Next: pipetrack move wang first-meeting --first-meeting YYYY-MM-DD",
    ]
    moved = folder.run("move", "wang", "first-meeting", "--first-meeting", "2026-11-20").stdout
    assert moved.strip() == "Moved Wang: opportunity → first-meeting on 2026-11-20"


@pytest.mark.parametrize("command", [["log", "wang", "call"], ["add", "account", "Acme"]])
def test_a_broken_settings_file_refuses_the_write_and_changes_nothing(folder, command):
    folder.contact("wang", "name: Wang\nstage: opportunity\n")
    (folder.root / "pipetrack.yaml").write_text("targets: {prospects_per_deal: " + "9" * 401 + "}\n", "utf-8")
    before = folder.snapshot()
    result = folder.run(*command)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: ") and len(result.stderr.strip().splitlines()) == 1
    assert folder.snapshot() == before
