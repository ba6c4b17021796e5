"""Project commands end to end: add project, move with the gate, member, set, log, check,
the git merge of two people's edits, and one real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from conftest import DataFolder
from pipetrack.storage.merge import merge_bytes

ADD = ("add", "project", "华南印刷二期", "--account", "huanan", "--id", "phase2")
QUALIFIED = (
    "--need",
    "二期印刷线",
    "--budget",
    "120万",
    "--purchase-date",
    "2027-03-01",
    "--value",
    "1200000",
)


@pytest.fixture
def pf(folder: DataFolder) -> DataFolder:
    folder.account("huanan", "name: 华南印刷\n")
    folder.contact("chen-zong", "name: 陈总\naccount: huanan\n")
    return folder


def project_file(folder: DataFolder, pid: str, text: str) -> None:
    (folder.root / "projects").mkdir(exist_ok=True)
    (folder.root / "projects" / f"{pid}.yaml").write_text(textwrap.dedent(text).lstrip("\n"), "utf-8")


def read(folder: DataFolder, pid: str = "phase2") -> str:
    return (folder.root / "projects" / f"{pid}.yaml").read_text("utf-8")


def test_add_project_needs_the_qualified_evidence(pf):
    refused = pf.run(*ADD)
    assert refused.exit_code == 1
    assert "cannot be at qualified: no need recorded; no budget" in refused.output
    assert not (pf.root / "projects" / "phase2.yaml").exists()
    done = pf.run(*ADD, *QUALIFIED)
    assert done.exit_code == 0, done.output
    assert read(pf) == textwrap.dedent(
        """\
        name: 华南印刷二期
        account: huanan
        owner: li-na
        value: 1200000
        stage: qualified
        created: 2026-11-23
        need: 二期印刷线
        budget: 1200000
        purchase_date: 2027-03-01
        history:
          - {date: 2026-11-23, stage: qualified}
        """
    )


def test_move_refuses_with_what_is_missing_and_the_commands(pf):
    pf.run(*ADD, *QUALIFIED)
    before = read(pf)
    out = pf.run("move", "phase2", "初步接触")
    assert out.exit_code == 1
    assert "华南印刷二期 cannot be at initial-contact: nobody in the buying group accepts us" in out.output
    assert "pipetrack member phase2 CONTACT --supporter insider" in out.output
    assert "pipetrack set phase2 evidence.org_chart=yes" in out.output
    assert read(pf) == before
    zh = pf.run("--lang", "zh", "move", "phase2", "initial-contact")
    assert "不能进入 初步接触" in zh.output and "参与购买者中没有内线或教练" in zh.output


def test_the_daily_loop_reaches_initial_contact(pf):
    pf.run(*ADD, *QUALIFIED)
    assert (
        pf.run(
            "member",
            "phase2",
            "陈总",
            "--role",
            "决策者",
            "--circle",
            "核心圈",
            "--supporter",
            "内线",
            "--attitude",
            "2",
        ).exit_code
        == 0
    )
    keys = ["evidence.org_chart=yes", "evidence.step_deciders=yes"]
    keys += [f"ki.{k}=yes" for k in ("buying_group", "need", "budget", "process", "competition")]
    assert pf.run("set", "phase2", *keys).exit_code == 0
    assert pf.run("log", "phase2", "visit", "--note", "拜访陈总").exit_code == 0
    moved = pf.run("move", "phase2", "initial-contact")
    assert moved.exit_code == 0, moved.output
    assert "Moved 华南印刷二期: qualified → initial-contact" in moved.output
    text = read(pf)
    assert "  - {contact: chen-zong, role: decider, circle: core, supporter: insider, attitude: 2}" in text
    assert "  - {date: 2026-11-23, kind: visit, note: 拜访陈总}" in text
    assert text.count("stage: initial-contact") == 2  # the stage and its history entry
    again = pf.run("move", "phase2", "初步接触")
    assert "is at initial-contact already" in again.output


def test_technical_breakthrough_refused_while_the_terms_are_not_ours(pf):
    project_file(
        pf,
        "phase2",
        """
        name: 二期
        stage: initial-contact
        need: x
        budget: 1
        purchase_date: 2027-01-01
        buying_group: [{contact: chen-zong, role: decider, supporter: coach, attitude: 2}]
        ki: {buying_group: yes, need: yes, budget: yes, process: yes, competition: yes}
        evidence: {org_chart: yes, step_deciders: yes, rival_blocked: yes, qualified_to_bid: yes,
                   our_terms_in_tender: no}
        """,
    )
    out = pf.run("move", "phase2", "技术突破")
    assert out.exit_code == 1
    assert "the tender's technical terms are not ours" in out.output
    assert "pipetrack set phase2 evidence.our_terms_in_tender=yes" in out.output
    forced = pf.run("move", "phase2", "技术突破", "--force")
    assert forced.exit_code == 0 and "forced" in forced.output


def test_contract_signed_needs_both_the_contract_and_the_technical_agreement(pf):
    project_file(pf, "p", "name: P\nstage: tender\ncontract: {signed: 2026-11-20}\n")
    out = pf.run("move", "p", "contract-signed")
    assert out.exit_code == 1
    assert "no technical agreement signed" in out.output and "no formal contract" not in out.output


def test_lost_needs_a_reason(pf):
    project_file(pf, "p", "name: P\nstage: tender\n")
    assert pf.run("move", "p", "丢单").exit_code == 2
    done = pf.run("move", "p", "lost", "--reason", "价格")
    assert done.exit_code == 0
    assert "lost_reason: 价格" in read(pf, "p")


def test_check_flags_the_buying_group_and_a_broken_file(pf):
    project_file(
        pf,
        "p",
        """
        name: P
        need: x
        budget: 1
        purchase_date: 2027-01-01
        buying_group:
          - {contact: chen-zong, supporter: sponsor, circle: watcher}
        """,
    )
    out = pf.run("check")
    assert out.exit_code == 0, out.output
    assert "projects/p.yaml:6: warning: chen-zong is a sponsor but in the watcher circle" in out.output
    zh = pf.run("--lang", "zh", "check")
    assert "chen-zong 是赞助者,却属于看着事情发生的人" in zh.output
    project_file(pf, "bad", "name: B\nstage: nowhere\ncandidate_rank: first\n")
    out = pf.run("check")
    assert out.exit_code == 1
    lines = [line for line in out.output.splitlines() if "bad.yaml" in line]
    assert [line[line.index("projects/") :] for line in lines] == [
        "projects/bad.yaml:3: candidate_rank: 'first' has the wrong type (input should be a valid integer, "
        "unable to parse string as an integer)"
    ]


def test_set_keeps_comments_and_unknown_keys(pf):
    project_file(
        pf, "p", "# our biggest bid\nname: P   # short name\nfavourite: true\ntender: {form: public}\n"
    )
    assert pf.run("set", "p", "tender.deadline=2026-12-01", "candidate_rank=2").exit_code == 0
    assert read(pf, "p") == (
        "# our biggest bid\nname: P   # short name\nfavourite: true\n"
        "tender: {form: public, deadline: 2026-12-01}\ncandidate_rank: 2\n"
    )


def test_two_edits_of_one_project_merge_without_conflict():
    base = (
        b"name: P\nstage: qualified\nhistory:\n  - {date: 2026-11-01, stage: qualified}\nbuying_group:\n"
        b"  - {contact: a, role: decider}\n"
    )
    ours = base + b"  - {contact: b, supporter: insider}\n"
    theirs = base.replace(b"stage: qualified\nhistory", b"stage: initial-contact\nhistory").replace(
        b"stage: qualified}\n", b"stage: qualified}\n  - {date: 2026-11-20, stage: initial-contact}\n"
    )
    result = merge_bytes(base, ours, theirs, "projects/p.yaml")
    assert result.clean
    assert result.data == (
        b"name: P\nstage: initial-contact\nhistory:\n  - {date: 2026-11-01, stage: qualified}\n"
        b"  - {date: 2026-11-20, stage: initial-contact}\nbuying_group:\n  - {contact: a, role: decider}\n"
        b"  - {contact: b, supporter: insider}\n"
    )


def test_gitattributes_cover_projects(tmp_path):
    from pipetrack.storage import gitsetup

    (tmp_path / "projects").mkdir()
    lines = gitsetup.attribute_lines(tmp_path)
    assert "projects/*.yaml merge=pipetrack" in lines and "projects/*.yml merge=pipetrack" in lines


def test_end_to_end_subprocess(pf):
    env = {**os.environ, "PIPETRACK_TODAY": "2026-11-23", "COLUMNS": "100"}
    cmd = [sys.executable, "-m", "pipetrack", "--data", str(pf.root)]
    done = subprocess.run([*cmd, *ADD, *QUALIFIED], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    refused = subprocess.run([*cmd, "move", "phase2", "tender"], capture_output=True, text=True, env=env)
    assert refused.returncode == 1
    assert refused.stderr.startswith("error: 华南印刷二期 cannot be at tender:")
    assert "Traceback" not in refused.stderr
