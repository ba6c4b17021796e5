"""The README's rep walkthrough, through a real subprocess: from `pipetrack init` to a
closed deal passing every gate with commands only (no file edits, no --force)."""

from __future__ import annotations

import os
import subprocess
import sys

STEPS = [
    # (today, command)
    ("2026-11-02", "add account 华南印刷有限公司 --id huanan-printing --tier gold"),
    (
        "2026-11-02",
        "add contact 王经理 --id wang-jingli --account huanan-printing --phone '+86 138 0000 0000'",
    ),
    ("2026-11-02", "log wang-jingli call --outcome meeting-set"),
    ("2026-11-02", "move wang-jingli first-meeting --first-meeting thu"),
    ("2026-11-05", "log wang-jingli meeting --note 'needs a faster press'"),
    ("2026-11-05", "move wang-jingli 25% --next-meeting 2026-11-12"),
    (
        "2026-11-12",
        "set wang-jingli 对的人=yes 方案合适=yes 预算=50k-60k 签约日期=2026-11-27 下一步='formal proposal'",
    ),
    ("2026-11-12", "move wang-jingli 50%"),
    ("2026-11-27", "set wang-jingli signed=today paid=today value=55k"),
    ("2026-11-27", "move wang-jingli 90%"),
    ("2026-11-28", "REFUSED move wang-jingli closed"),  # the cooling-off period runs until 2026-12-07
    ("2026-12-08", "move wang-jingli closed"),
]


def pipetrack(root, today: str, command: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PIPETRACK_TODAY": today, "COLUMNS": "80", "GIT_CONFIG_NOSYSTEM": "1"}
    env.pop("PIPETRACK_DATA", None)
    return subprocess.run(
        f"{sys.executable} -m pipetrack {command}",
        shell=True,
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_from_init_to_closed_with_commands_only(tmp_path):
    root = tmp_path / "pipeline"
    made = subprocess.run(
        [sys.executable, "-m", "pipetrack", "init", str(root), "--owner", "li-na"],
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stderr
    # too early: each gate refuses and names the command that records what is missing
    early = pipetrack(root, "2026-11-02", "add contact X --stage 50")
    assert (
        early.returncode == 1 and "pipetrack set" not in early.stderr
    )  # no id yet: the gate names the fields
    for today, command in STEPS:
        assert "--force" not in command
        if command.startswith("REFUSED "):
            refused = pipetrack(root, today, command.removeprefix("REFUSED "))
            assert refused.returncode == 1
            assert "the cooling-off period runs until 2026-12-07" in refused.stderr
            continue
        done = pipetrack(root, today, command)
        assert done.returncode == 0, f"{command}: {done.stderr}"
    text = (root / "contacts" / "wang-jingli.yaml").read_text("utf-8")
    for line in (
        "stage: closed",
        "first_meeting: 2026-11-05",
        "  budget: 50k-60k",
        "signed: 2026-11-27",
        "paid: 2026-11-27",
        "value: 55000",
        "  - {date: 2026-12-08, stage: closed}",
    ):
        assert line + "\n" in text, line
    check = pipetrack(root, "2026-12-08", "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "wang-jingli" in pipetrack(root, "2026-12-08", "cycle --format json").stdout
