"""A broken file in Chinese: every problem the loader finds, as `check --lang zh` lists it
and as a command names it, with exact lines (and the English ones unchanged)."""

from __future__ import annotations

import json

import pytest

# (file, its bytes, the line in English, the line in Chinese)
BROKEN = [
    (
        "contacts/a.yaml",
        b"name: A\nstage: 75%\n",
        "contacts/a.yaml:2: stage: '75%' is not a stage "
        "(opportunity, first-meeting, 25%, 50%, 90%, closed, lost)",
        "contacts/a.yaml:2: stage: '75%' 不是阶段 (opportunity, first-meeting, 25%, 50%, 90%, closed, lost)",
    ),
    (
        "contacts/b.yaml",
        b"name: B\nvalue: abc\n",
        "contacts/b.yaml:2: value: 'abc' has the wrong type (input should be a valid integer, "
        "unable to parse string as an integer)",
        "contacts/b.yaml:2: value: 'abc' 类型不对 (应是整数)",
    ),
    (
        "contacts/c.yaml",
        b"name: C\ncreated: 2026-13-01\n",
        "contacts/c.yaml:2: created: '2026-13-01' is not a valid date (YYYY-MM-DD)",
        "contacts/c.yaml:2: created: '2026-13-01' 不是有效的日期 (YYYY-MM-DD)",
    ),
    (
        "contacts/d.yaml",
        b"name: D\nprofile: {attitude: 9}\n",
        "contacts/d.yaml:2: profile.attitude: 9 is out of range (must be at most 4)",
        "contacts/d.yaml:2: profile.attitude: 9 超出范围 (最大为 4)",
    ),
    (
        "contacts/e.yaml",
        b"name: E\nprofile: {function: marketing}\n",
        "contacts/e.yaml:2: profile.function: 'marketing' is not one of: user, oversight or finance",
        "contacts/e.yaml:2: profile.function: 'marketing' 不是可选值之一: user, oversight, finance",
    ),
    (
        "contacts/f.yaml",
        b"stage: opportunity\n",
        "contacts/f.yaml: name: is required",
        "contacts/f.yaml: name: 必填",
    ),
    (
        "contacts/g.yaml",
        b'name: ""\n',
        "contacts/g.yaml:1: name: must not be empty",
        "contacts/g.yaml:1: name: 不能为空",
    ),
    (
        "contacts/h.yaml",
        b"name: H\nactivities: 5\n",
        "contacts/h.yaml:2: activities: expected a list, found 5",
        "contacts/h.yaml:2: activities: 应是列表,实际是 5",
    ),
    (
        "contacts/i.yaml",
        b"name: I\ncriteria: 5\n",
        "contacts/i.yaml:2: criteria: expected keys under it, found 5",
        "contacts/i.yaml:2: criteria: 下面应是键值 (key: value),实际是 5",
    ),
    (
        "contacts/j.yaml",
        b"name: J\nfirst_meeting: 1850-01-01\n",
        "contacts/j.yaml:2: first_meeting: 1850-01-01 is out of range (1900-01-01 to 2999-12-31)",
        "contacts/j.yaml:2: first_meeting: 1850-01-01 超出范围 (1900-01-01 至 2999-12-31)",
    ),
    (
        "contacts/k.yaml",
        b"name: K\ncriteria: {budget: -1}\n",
        "contacts/k.yaml:2: criteria.budget: -1 is not an amount "
        "(a number from 0 to 1000000000000000, or true)",
        "contacts/k.yaml:2: criteria.budget: -1 不是金额 (0 到 1000000000000000 的数字,或 true)",
    ),
    (
        "contacts/l.yaml",
        b"name: [L\n",
        "contacts/l.yaml:2: YAML syntax error: did not find expected ',' or ']'",
        "contacts/l.yaml:2: YAML 语法错误: 没有找到应有的 ',' 或 ']'",
    ),
    (
        "contacts/m.yaml",
        b"- M\n",
        "contacts/m.yaml:1: expected a mapping of keys (name: …), found a list",
        "contacts/m.yaml:1: 应是键值映射 (name: …),实际是列表",
    ),
    (
        "contacts/n.yaml",
        b"",
        "contacts/n.yaml: file is empty (expected keys such as `name:`)",
        "contacts/n.yaml: 文件是空的 (应有 name: 等键)",
    ),
    (
        "contacts/o.yaml",
        b"name: O\nprofile:\n\tlevel: executive\n",
        "contacts/o.yaml:3: tab used for indentation; indent with spaces",
        "contacts/o.yaml:3: 用了制表符缩进,请用空格缩进",
    ),
    (
        "contacts/p.yaml",
        b"name: P\nname: Q\n",
        "contacts/p.yaml:2: duplicate key 'name' (first on line 1)",
        "contacts/p.yaml:2: 键 'name' 重复 (第一次在第 1 行)",
    ),
    (
        "contacts/r.yaml",
        b"name: &x R\nnote: *x\n",
        "contacts/r.yaml:1: anchors and aliases (&name, *name) are not allowed",
        "contacts/r.yaml:1: 不允许使用锚点和别名 (&name, *name)",
    ),
    (
        "contacts/s.yaml",
        b"name: !!python/object S\n",
        "contacts/s.yaml:1: YAML tag !!python/object is not allowed (plain values only)",
        "contacts/s.yaml:1: 不允许使用 YAML 标签 !!python/object (只能写普通值)",
    ),
    (
        "contacts/t.yaml",
        b"name: \xff\n",
        "contacts/t.yaml:1: not valid UTF-8 (byte 0xff); save the file as UTF-8",
        "contacts/t.yaml:1: 不是有效的 UTF-8 (字节 0xff),请把文件存为 UTF-8",
    ),
    (
        "contacts/u.yaml",
        b"name: U\n<<<<<<< HEAD\nstage: 25%\n=======\nstage: 50%\n>>>>>>> x\n",
        "contacts/u.yaml:2: unresolved git merge conflict in contacts/u.yaml:2",
        "contacts/u.yaml:2: 第 2 行有未解决的 git 合并冲突",
    ),
    (
        "contacts/Bad_Name.yaml",
        b"name: V\n",
        "contacts/Bad_Name.yaml: file name 'Bad_Name' is not a valid id (lowercase a-z, 0-9 and '-')",
        "contacts/Bad_Name.yaml: 文件名 'Bad_Name' 不是有效的 id (小写 a-z、0-9 和 '-')",
    ),
    (
        "contacts/w.yaml",
        b"name: W\n1: x\n",
        "contacts/w.yaml: key 1 is not text",
        "contacts/w.yaml: 键 1 不是文本",
    ),
    (
        "contacts/x.yaml",
        b"name: X\nvalue: 1e400\n",
        "contacts/x.yaml:2: value: inf has the wrong type (input should be a finite number)",
        "contacts/x.yaml:2: value: inf 类型不对 (应是有限的数字)",
    ),
    (
        "accounts/acme.yaml",
        b"name: Acme\ntier: diamond\nsize: -3\n",
        "accounts/acme.yaml:2: tier: 'diamond' is not one of: platinum, gold or silver",
        "accounts/acme.yaml:2: tier: 'diamond' 不是可选值之一: platinum, gold, silver",
    ),
]


def rel(out: str, folder) -> str:
    """Paths as the user sees them from the data folder (the tests run from elsewhere)."""
    return out.replace(f"{folder.root}/", "")


@pytest.fixture
def broken(folder):
    for rel, data, _, _ in BROKEN:
        (folder.root / rel).write_bytes(data)
    return folder


def test_check_lists_every_loader_problem_in_english_as_before(broken):
    result = broken.run("check")
    assert result.exit_code == 1
    lines = rel(result.stdout, broken).splitlines()
    for _, _, en, _ in BROKEN:
        assert en in lines


def test_check_lists_every_loader_problem_in_chinese(broken):
    result = broken.run("--lang", "zh", "check")
    assert result.exit_code == 1
    lines = rel(result.stdout, broken).splitlines()
    for _, _, _, zh in BROKEN:
        assert zh in lines
    assert result.stderr == "已检查 24 个文件: 25 个错误,0 个警告\n"


def test_a_bound_the_range_names_in_chinese(folder):
    folder.account("acme", "name: Acme\nsize: -3\nshare_of_wallet: 2\n")
    lines = rel(folder.run("--lang", "zh", "check").stdout, folder).splitlines()
    assert lines == [
        "accounts/acme.yaml:2: size: -3 超出范围 (最小为 0)",
        "accounts/acme.yaml:3: share_of_wallet: 2 超出范围 (最大为 1.0)",
    ]


def test_the_unsupported_stage_check_names_the_stages_in_chinese(folder):
    folder.contact("x", "name: X\nstage: 25%\n")
    line = rel(folder.run("--lang", "zh", "check").stdout, folder).strip()
    assert (
        line == "contacts/x.yaml:2: stage: 证据不支持 25% (只支持 销售机会): 没有初次见面日期 (first_meeting)"
    )


def test_a_command_names_the_broken_file_in_the_runs_language(folder):
    folder.contact("bad", "name: 坏\ncreated: 2026-13-01\n")
    zh = folder.run("--lang", "zh", "show", "bad")
    assert (zh.exit_code, rel(zh.stderr, folder)) == (
        2,
        "错误: contacts/bad.yaml:2: created: '2026-13-01' 不是有效的日期 (YYYY-MM-DD)\n",
    )
    en = folder.run("show", "bad")
    assert (
        rel(en.stderr, folder)
        == "error: contacts/bad.yaml:2: created: '2026-13-01' is not a valid date (YYYY-MM-DD)\n"
    )
    # the settings file itself broken: --lang still says it in Chinese
    (folder.root / "pipetrack.yaml").write_text("sales_cycle_days: abc\n", encoding="utf-8")
    broken = folder.run("--lang", "zh", "pipeline")
    assert (broken.exit_code, rel(broken.stderr, folder)) == (
        2,
        "错误: pipetrack.yaml:1: sales_cycle_days: 'abc' 类型不对 (应是整数)\n",
    )


def test_settings_language_zh_is_enough(folder):
    (folder.root / "pipetrack.yaml").write_text("language: zh\n", encoding="utf-8")
    folder.contact("bad", "name: [坏\n")
    result = folder.run("show", "bad")
    assert (
        rel(result.stderr, folder) == "错误: contacts/bad.yaml:2: YAML 语法错误: 没有找到应有的 ',' 或 ']'\n"
    )


def test_the_weekly_report_carries_the_code_and_the_chinese_words(folder):
    folder.contact("bad", "name: 坏\ncreated: 2026-13-01\n")
    result = folder.run("report", "weekly", "--lang", "zh", "--format", "json")
    assert result.exit_code == 1
    (problem,) = json.loads(result.stdout)["problems"]
    assert problem == {
        "path": "contacts/bad.yaml",
        "line": 2,
        "message": "created: '2026-13-01' 不是有效的日期 (YYYY-MM-DD)",
        "severity": "error",
        "code": "load.bad_date",
        "params": {"name": "created", "value": "'2026-13-01'"},
    }
