"""End to end through a real process (`python -m pipetrack`), as a user or cron
runs it: no terminal on stdin, exit codes, files on disk."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipetrack.domain.ids import slugify

TODAY = "2026-11-23"


def run(*args: str, cwd: Path, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIPETRACK_")}
    env.update({"COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb", **(env_extra or {})})
    return subprocess.run(
        [sys.executable, "-m", "pipetrack", *args],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


@pytest.fixture
def pipe(tmp_path) -> Path:
    result = run("init", "pipe", "--owner", "li-na", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return tmp_path / "pipe"


def test_a_week_of_work(pipe):
    cwd = pipe.parent
    data = ("--data", "pipe", "--today")

    r = run(
        *data, "2026-11-02", "add", "account", "华南印刷有限公司", "--id", "huanan", "--tier", "gold", cwd=cwd
    )
    assert r.returncode == 0, r.stderr
    r = run(*data, "2026-11-02", "add", "contact", "王经理", "--account", "huanan", cwd=cwd)
    assert r.returncode == 0, r.stderr
    cid = slugify("王经理")
    path = pipe / "contacts" / f"{cid}.yaml"
    assert path.read_text("utf-8") == (
        "name: 王经理\naccount: huanan\nowner: li-na\ncreated: 2026-11-02\nstage: opportunity\n"
        "history:\n  - {date: 2026-11-02, stage: opportunity}\n"
    )

    r = run(*data, "2026-11-02", "log", "王经理", "call", "--outcome", "meeting-set", cwd=cwd)
    assert r.returncode == 0, r.stderr
    r = run(*data, "2026-11-02", "move", cid, "fm", "--first-meeting", "2026-11-05", cwd=cwd)
    assert r.returncode == 0, r.stderr
    r = run(*data, "2026-11-05", "log", cid, "meeting", "--note", "met at his shop", cwd=cwd)
    assert r.returncode == 0, r.stderr
    # 25%: met, and the client agreed to go on (a next meeting)
    r = run(*data, "2026-11-05", "move", cid, "25%", "--next-meeting", "2026-11-12", cwd=cwd)
    assert r.returncode == 0, r.stderr

    # 50% is refused without a signing date: exit 1, nothing written
    before = path.read_bytes()
    r = run(*data, "2026-11-10", "move", cid, "50", cwd=cwd)
    assert r.returncode == 1
    assert "the timing criterion (criteria.signing_date)" in r.stderr
    assert "Traceback" not in r.stderr
    assert path.read_bytes() == before

    # the rep adds the evidence by hand, then the move goes through
    text = path.read_text("utf-8").replace(
        "first_meeting: 2026-11-05\n",
        "first_meeting: 2026-11-05\ncriteria:\n  right_person: true\n  plan_fits: true\n  budget: 18000\n"
        "  signing_date: 2026-11-30\n  next_step: formal proposal on Monday\n",
    )
    path.write_text(text, encoding="utf-8")
    r = run(*data, "2026-11-10", "move", cid, "50", cwd=cwd)
    assert r.returncode == 0, r.stderr
    assert r.stdout == "Moved 王经理: 25% → 50% on 2026-11-10\n"

    # `move --first-meeting` put the key beside the stage; the rest is as written
    assert path.read_text("utf-8") == (
        "name: 王经理\naccount: huanan\nowner: li-na\ncreated: 2026-11-02\nstage: 50%\n"
        "first_meeting: 2026-11-05\n"
        "criteria:\n  right_person: true\n  plan_fits: true\n  budget: 18000\n"
        "  signing_date: 2026-11-30\n  next_step: formal proposal on Monday\n"
        "next_meeting: 2026-11-12\n"
        "history:\n"
        "  - {date: 2026-11-02, stage: opportunity}\n"
        "  - {date: 2026-11-02, stage: first-meeting}\n"
        "  - {date: 2026-11-05, stage: 25%}\n"
        "  - {date: 2026-11-10, stage: 50%}\n"
        "activities:\n"
        "  - {date: 2026-11-02, kind: call, outcome: meeting-set}\n"
        "  - {date: 2026-11-05, kind: meeting, note: met at his shop}\n"
    )

    r = run(*data, TODAY, "check", cwd=cwd)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout == ""
    assert "2 files checked: 0 error(s), 0 warning(s)" in r.stderr

    r = run(*data, TODAY, "show", "王经理", "--format", "json", cwd=cwd)
    assert r.returncode == 0, r.stderr
    view = json.loads(r.stdout)
    assert (view["stage"], view["supported"], view["days_since_first_meeting"], view["sales_cycle_days"]) == (
        "50%",
        True,
        18,
        28,
    )
    assert all(c["holds"] for c in view["criteria"])

    r = run(*data, TODAY, "show", cid, cwd=cwd)
    assert r.returncode == 0, r.stderr
    assert "2026-11-05  18 / 28 days" in r.stdout
    assert r.stdout.count("✓") == 5 and "✗" not in r.stdout


def test_check_in_a_hook_exits_1_and_changes_nothing(pipe):
    (pipe / "contacts" / "bad.yaml").write_text("name: Bad\nstage: fifty\n", encoding="utf-8")
    (pipe / "contacts" / "broken.yaml").write_text("name: [\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in pipe.rglob("*.yaml")}
    r = run("--today", TODAY, "check", cwd=pipe / "contacts")  # found from a sub-folder
    assert r.returncode == 1
    assert r.stdout.splitlines() == [  # paths relative to where the hook runs
        "bad.yaml:2: stage: 'fifty' is not a stage (opportunity, first-meeting, 25%, 50%, 90%, closed, lost)",
        "broken.yaml:2: YAML syntax error: did not find expected node content",
    ]
    assert "Traceback" not in r.stdout + r.stderr
    assert {p: p.read_bytes() for p in pipe.rglob("*.yaml")} == before


def test_data_folder_from_the_environment(pipe, tmp_path):
    r = run(
        "--today", TODAY, "add", "contact", "Li Na", cwd=tmp_path, env_extra={"PIPETRACK_DATA": str(pipe)}
    )
    assert r.returncode == 0, r.stderr
    assert (pipe / "contacts" / "li-na.yaml").is_file()


def test_no_folder_is_a_clear_error(tmp_path):
    r = run("check", cwd=tmp_path)
    assert r.returncode == 2
    assert r.stdout == ""
    assert "create one with `pipetrack init DIR`" in r.stderr
    assert "Traceback" not in r.stderr


def test_add_does_not_wait_for_input_without_a_terminal(pipe):
    # stdin is /dev/null: a prompt would fail or hang; the rule refuses instead
    r = run("--data", str(pipe), "--today", TODAY, "add", "contact", "Zhao", "--stage", "25", cwd=pipe)
    assert r.returncode == 1
    assert "no first meeting date (first_meeting)" in r.stderr
    assert not list((pipe / "contacts").glob("*.yaml"))


def test_version_and_help(tmp_path):
    r = run("--version", cwd=tmp_path)
    assert r.returncode == 0 and r.stdout.startswith("pipetrack ")
    r = run("--help", cwd=tmp_path)
    assert r.returncode == 0 and "Example: pipetrack" in r.stdout


@pytest.mark.parametrize("args", [("--help",), ("log", "--help")])
def test_output_into_a_closed_pipe_is_not_a_traceback(pipe, args):
    """`pipetrack --help | head -3`: the reader closes the pipe early; the command stops
    quietly (Typer 0.20+ has its own Abort, which our error handler once looked up in
    click's place and crashed on)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIPETRACK_")}
    env.update({"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb"})
    shell = f"{sys.executable} -m pipetrack {' '.join(args)} | head -c 40 >/dev/null"
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", shell],
        cwd=pipe.parent,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Traceback" not in result.stderr
    assert result.stderr == ""
