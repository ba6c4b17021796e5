"""Under --lang zh an error line has no English left in it: the write commands' refusals,
usage errors (Click's and pipetrack's own), region files and import, each run through the
CLI; what remains in Latin letters are ids, paths, options and the values given."""

from __future__ import annotations

import re
import shutil
from contextlib import chdir

import pytest
from typer.testing import CliRunner

from pipetrack.cli.main import app

#: words that are values or names a user types, not English sentences: options' choices,
#: the date words the parser accepts, YAML keys, field keys, command names
VALUES = {
    "platinum", "gold", "silver", "call", "meeting", "proposal", "message", "visit", "other",
    "no-answer", "connected", "meeting-set", "today", "yesterday", "tomorrow", "mon", "sun",
    "next-fri", "last-fri", "this", "last", "table", "json", "csv", "markdown", "set", "unset",
    "pipetrack", "help", "id", "yes", "no", "name", "path", "teams", "region", "yaml", "budget",
    "criteria", "first_meeting", "YYYY-MM-DD", "a-z", "mon..sun", "YYYY-Www", "KEY", "VALUE",
    "VISUAL", "EDITOR", "criteria.budget", "foo", "bar",
}  # fmt: skip


def english_left(line: str, given: list[str]) -> list[str]:
    """The Latin-letter words of ``line`` that are not an option, a metavar, a value given on
    the command line, a quoted value, a path or one of VALUES."""
    line = re.sub(r"'[^']*'", " ", line)  # a quoted value
    line = re.sub(r"(?<![\w-])--?[a-z][\w-]*", " ", line)  # an option
    line = re.sub(r"\S*/\S*", " ", line)  # a path
    for value in sorted({p for a in given for p in a.split("=") if p}, key=len, reverse=True):
        line = re.sub(rf"(?<![\w.-]){re.escape(value)}(?![\w.-])", " ", line)
    words = re.findall(r"[A-Za-z][A-Za-z_.-]*", line)
    return [w for w in words if w.strip(".-") not in VALUES and not w.isupper() and len(w) > 1]


CASES = [
    ["move", "nobody", "25%"],
    ["move", "wang-jingli", "25%", "--date", "2020-01-01"],
    ["move", "wang-jingli"],
    ["add", "contact", ""],
    ["add", "contact", "Foo", "--id", "BAD_ID"],
    ["add", "account", "X", "--tier", "diamond"],
    ["log", "wang-jingli", "dance"],
    ["log", "wang-jingli", "meeting", "--outcome", "connected"],
    ["log", "wang-jingli", "call", "--outcome", "maybe"],
    ["set", "wang-jingli", "budget"],
    ["set", "wang-jingli", "criteria.budget=1", "criteria.budget=2"],
    ["set", "wang-jingli", "nosuch=1"],
    ["set", "wang-jingli", "budgt=1"],
    ["set", "wang-jingli", "value=lots"],
    ["set", "wang-jingli", "first_meeting=notadate"],
    ["unset", "wang-jingli", "name"],
    ["unarchive", "nobody"],
    ["pipeline", "--week", "next"],
    ["funnel", "--week", "2026-W99"],
    ["pipeline", "--format", "xml"],
    ["pipeline", "--nosuch"],
    ["show"],
    ["show", "a", "b"],
    ["nosuchcommand"],
    ["import", "missing.csv"],
    ["import", "people.csv"],
    ["import", "people.csv", "--map", "nope=name"],
    ["import", "people.csv", "--map", "bad"],
    ["import", "people.csv", "--owner", "BAD"],
    ["import", "empty.csv"],
]


@pytest.mark.parametrize("args", CASES, ids=lambda a: " ".join(a) or "empty")
def test_error_lines_in_chinese(tmp_path, example_dir, args):
    data = tmp_path / "data"
    shutil.copytree(example_dir, data)
    (tmp_path / "people.csv").write_text("foo,bar\n1,2\n", encoding="utf-8")
    (tmp_path / "empty.csv").write_text("", encoding="utf-8")
    base = ["--data", str(data), "--today", "2026-11-23", "--lang", "zh"]
    with chdir(tmp_path):
        res = CliRunner().invoke(app, [*base, *args], prog_name="pipetrack")
    assert res.exit_code in (1, 2), res.output
    line = res.output.strip()
    assert line.startswith("错误: ") and "\n" not in line, line
    assert not english_left(line, args), line


def test_region_file_problems_in_chinese(tmp_path):
    region = tmp_path / "region.yaml"
    for body, said in (
        ("name: R\nteams: 3\n", "teams: 应为团队文件夹的列表"),
        ("name: R\nteams:\n  - name: x\n", "teams: 第 1 项没有路径"),
        ("name: [1]\nteams: [a]\n", "name: 应为文字"),
    ):
        region.write_text(body, encoding="utf-8")
        res = CliRunner().invoke(app, ["--data", str(region), "--lang", "zh", "pipeline"])
        assert res.exit_code == 2 and said in res.output, res.output
        assert not english_left(res.output.strip(), []), res.output


def test_the_same_errors_stay_english_under_en(tmp_path, example_dir):
    data = tmp_path / "data"
    shutil.copytree(example_dir, data)
    base = ["--data", str(data), "--today", "2026-11-23"]
    res = CliRunner().invoke(app, [*base, "log", "wang-jingli", "dance"], prog_name="pipetrack")
    assert res.output.strip() == (
        "error: KIND: 'dance' is not one of call, meeting, proposal, message, visit, other"
    )
    res = CliRunner().invoke(app, [*base, "show"], prog_name="pipetrack")
    assert res.output.strip() == "error: CONTACT: missing (see pipetrack show --help)"
