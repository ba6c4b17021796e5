"""The everyday commands through CliRunner: init, add, log, move, show, check,
--version and every command's --help. Exit codes, messages and file bytes."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from pipetrack import __version__
from pipetrack.cli.main import app
from pipetrack.domain.ids import slugify


def invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(app, list(args), input=input)


def tree_of_files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".pipetrack-cache" not in p.parts
    }


def flat(text: str) -> str:
    """Rich wraps long lines (temp paths are long); compare the words."""
    return " ".join(text.split())


def no_traceback(result) -> None:
    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


# --- init ----------------------------------------------------------------------


def test_init_creates_the_folder(tmp_path):
    root = tmp_path / "pipe"
    result = invoke("init", str(root), "--owner", "li-na")
    assert result.exit_code == 0, result.output
    assert flat(result.stdout) == (
        f"Created pipetrack.yaml, accounts/, contacts/, .gitignore in {root} "
        f"Next: pipetrack --data {root} add contact NAME --stage opportunity"
    )
    assert sorted(p.name for p in root.iterdir()) == [".gitignore", "accounts", "contacts", "pipetrack.yaml"]
    assert (root / "accounts").is_dir() and (root / "contacts").is_dir()
    assert {".pipetrack-cache", ".pipetrack.lock"} <= set(
        (root / ".gitignore").read_text("utf-8").splitlines()
    )
    settings = (root / "pipetrack.yaml").read_text("utf-8")
    assert (
        "owner: li-na " in settings
        and "sales_cycle_days: 28" in settings
        and "cooling_off_days: 10" in settings
    )


def test_init_twice_changes_nothing(tmp_path):
    root = tmp_path / "pipe"
    assert invoke("init", str(root)).exit_code == 0
    before = tree_of_files(root)
    result = invoke("init", str(root))
    assert result.exit_code == 0
    assert flat(result.stdout).startswith(f"{root} is a pipetrack folder already; nothing changed Next:")
    assert tree_of_files(root) == before


def test_init_keeps_an_existing_gitignore_and_settings(tmp_path):
    root = tmp_path / "pipe"
    root.mkdir()
    (root / ".gitignore").write_text("*.pyc", encoding="utf-8")
    (root / "pipetrack.yaml").write_text("owner: wang\n", encoding="utf-8")
    assert invoke("init", str(root)).exit_code == 0
    assert (root / "pipetrack.yaml").read_text("utf-8") == "owner: wang\n"
    assert (root / ".gitignore").read_text("utf-8").startswith("*.pyc\n# pipetrack's local cache")


@pytest.mark.parametrize(
    "args, message",
    [
        (["--owner", "Li Na"], "--owner: 'Li Na' is not a valid id"),
        (["--language", "fr"], "--language: use en or zh"),
    ],
)
def test_init_refuses_bad_options(tmp_path, args, message):
    result = invoke("init", str(tmp_path / "pipe"), *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tmp_path / "pipe" / "pipetrack.yaml").exists()


def test_acceptance_init_add_chinese_contact_check(tmp_path):
    root = tmp_path / "x"
    assert invoke("init", str(root)).exit_code == 0
    result = invoke(
        "--data",
        str(root),
        "--today",
        "2026-11-22",
        "add",
        "contact",
        "王经理",
        "--stage",
        "first-meeting",
        "--first-meeting",
        "2026-11-25",
    )
    assert result.exit_code == 0, result.output
    cid = slugify("王经理")
    assert f"Added contact 王经理 as {cid}" in result.stdout
    path = root / "contacts" / f"{cid}.yaml"
    assert path.read_text("utf-8") == (
        "name: 王经理\ncreated: 2026-11-22\nstage: first-meeting\nfirst_meeting: 2026-11-25\n"
        "history:\n  - {date: 2026-11-22, stage: first-meeting}\n"
    )
    result = invoke("--data", str(root), "--today", "2026-11-22", "check")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "1 files checked: 0 error(s), 0 warning(s)" in result.stderr


# --- add -----------------------------------------------------------------------------


def test_add_account(folder):
    result = folder.run("add", "account", "Acme Printing", "--tier", "gold", "--industry", "printing")
    assert result.exit_code == 0, result.output
    assert "Added account Acme Printing as acme-printing" in result.stdout
    assert (folder.root / "accounts" / "acme-printing.yaml").read_text("utf-8") == (
        "name: Acme Printing\ntier: gold\nindustry: printing\n"
    )
    again = folder.run("add", "account", "Acme Printing")
    assert again.exit_code == 0 and "as acme-printing-2" in again.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["add", "account", "Acme", "--tier", "diamond"],
            "--tier: 'diamond' is not one of platinum, gold, silver",
        ),
        (["add", "account", "Acme", "--id", "Bad Id"], "--id: 'Bad Id' is not a valid id"),
        (["add", "account", "  "], "NAME must not be empty"),
        (["add", "contact", "Wang", "--stage", "fifty"], "--stage: 'fifty' is not a stage"),
        (
            ["add", "contact", "Wang", "--first-meeting", "2026-02-30", "--stage", "fm"],
            "--first-meeting: '2026-02-30' is not a date (YYYY-MM-DD)",
        ),
        (["add", "contact", "Wang", "--id", "../evil"], "--id: '../evil' is not a valid id"),
        (["add", "contact", "Wang", "--account", "nobody"], "no account 'nobody'"),
    ],
)
def test_add_refuses_bad_input_and_writes_nothing(folder, args, message):
    before = folder.snapshot()
    result = folder.run(*args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert folder.snapshot() == before
    no_traceback(result)


def test_add_contact_met_before_today_starts_at_the_first_meeting(tmp_path):
    """Entered after the meeting (as in the README's quick start a week later): created and
    the history entry take the first meeting's date, so check has nothing to say."""
    root = tmp_path / "x"
    assert invoke("init", str(root)).exit_code == 0
    result = invoke(
        "--data",
        str(root),
        "--today",
        "2026-12-01",
        "add",
        "contact",
        "Wang",
        "--stage",
        "fm",
        "--first-meeting",
        "2026-11-25",
    )
    assert result.exit_code == 0, result.output
    assert (root / "contacts" / "wang.yaml").read_text("utf-8") == (
        "name: Wang\ncreated: 2026-11-25\nstage: first-meeting\nfirst_meeting: 2026-11-25\n"
        "history:\n  - {date: 2026-11-25, stage: first-meeting}\n"
    )
    checked = invoke("--data", str(root), "--today", "2026-12-01", "check")
    assert (checked.exit_code, checked.stdout) == (0, "")
    explicit = invoke(
        "--data",
        str(root),
        "--today",
        "2026-12-01",
        "add",
        "contact",
        "Li",
        "--stage",
        "fm",
        "--first-meeting",
        "2026-11-25",
        "--created",
        "2026-11-20",
    )
    assert explicit.exit_code == 0 and "created: 2026-11-20\n" in (root / "contacts" / "li.yaml").read_text(
        "utf-8"
    )


def test_add_contact_with_an_existing_id_refuses(folder):
    folder.contact("wang", "name: Wang\n")
    before = folder.snapshot()
    result = folder.run("add", "contact", "Other", "--id", "wang")
    assert result.exit_code == 2
    assert "contacts/wang.yaml exists already; choose another --id" in result.stderr
    assert folder.snapshot() == before


def test_add_contact_resolves_the_account_by_name(folder):
    folder.account("huanan", "name: 华南印刷有限公司\n")
    result = folder.run("add", "contact", "Wang", "--account", "华南印刷有限公司")
    assert result.exit_code == 0, result.output
    assert "account: huanan\n" in (folder.root / "contacts" / "wang.yaml").read_text("utf-8")


def test_add_never_prompts_when_stdin_is_not_a_terminal(folder):
    # No --account and no --first-meeting: on a terminal it would ask; here it must not
    # wait for input, and the 25% rule then refuses for lack of a first meeting date.
    result = folder.run("add", "contact", "Wang", "--stage", "25", input="")
    assert result.exit_code == 1, result.output
    assert "Account" not in result.stdout and "First meeting date" not in result.stdout
    assert "Wang cannot be at 25%: no first meeting date (first_meeting)" in result.stderr
    assert folder.snapshot() == {"pipetrack.yaml": (folder.root / "pipetrack.yaml").read_bytes()}
    ok = folder.run("add", "contact", "Li", input="")
    assert ok.exit_code == 0 and (folder.root / "contacts" / "li.yaml").is_file()


def test_add_contact_force_accepts_an_unsupported_stage_and_warns(folder):
    result = folder.run("add", "contact", "Wang", "--stage", "50", "--first-meeting", "2026-11-20", "--force")
    assert result.exit_code == 0, result.output
    assert "warning: forced to 50% although the evidence lacks:" in result.stderr
    assert "stage: 50%\n" in (folder.root / "contacts" / "wang.yaml").read_text("utf-8")


# --- log ----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["call", "meeting", "proposal", "message", "visit", "other", "CALL"])
def test_log_kinds(folder, kind):
    path = folder.contact("wang", "name: Wang\n")
    result = folder.run("log", "wang", kind, "--date", "2026-11-20")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Logged {kind.lower()} for Wang on 2026-11-20\n"
    assert (
        path.read_text("utf-8")
        == f"name: Wang\nactivities:\n  - {{date: 2026-11-20, kind: {kind.lower()}}}\n"
    )


@pytest.mark.parametrize("outcome", ["no-answer", "connected", "meeting-set", "meeting_set"])
def test_log_call_outcomes(folder, outcome):
    path = folder.contact("wang", "name: Wang\n")
    result = folder.run("log", "wang", "call", "--outcome", outcome)
    assert result.exit_code == 0, result.output
    canonical = outcome.replace("_", "-")
    assert path.read_text("utf-8").endswith(f"  - {{date: 2026-11-23, kind: call, outcome: {canonical}}}\n")


def test_log_meeting_set_suggests_the_move(folder):
    folder.contact("wang", "name: Wang\n")
    result = folder.run("log", "wang", "call", "--outcome", "meeting-set")
    assert "Next: pipetrack move wang first-meeting --first-meeting YYYY-MM-DD" in result.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["lunch"], "KIND: 'lunch' is not one of call, meeting, proposal, message, visit, other"),
        (["meeting", "--outcome", "connected"], "--outcome is for calls (no-answer, connected, meeting-set)"),
        (
            ["call", "--outcome", "maybe"],
            "--outcome: 'maybe' is not one of no-answer, connected, meeting-set",
        ),
        (["call", "--date", "someday"], "--date: 'someday' is not a date (YYYY-MM-DD)"),
    ],
)
def test_log_refuses_bad_input(folder, args, message):
    folder.contact("wang", "name: Wang\n")
    before = folder.snapshot()
    result = folder.run("log", "wang", *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert folder.snapshot() == before


def test_log_unknown_contact(folder):
    folder.contact("wang", "name: Wang Wei\n")
    result = folder.run("log", "wang w", "call")
    assert result.exit_code == 0  # an unambiguous beginning of a name is accepted
    result = folder.run("log", "zhao", "call")
    assert result.exit_code == 2
    assert "no contact 'zhao'" in result.stderr


# --- move ------------------------------------------------------------------------------------

NO_SIGNING_DATE = """\
name: Wang Wei
stage: 25%
first_meeting: 2026-11-01
criteria:
  right_person: true
  plan_fits: true
  budget: 1500
  next_step: review the formal proposal
history:
  - {date: 2026-11-01, stage: 25%}
"""


def test_move_refuses_50_without_a_signing_date(folder):
    path = folder.contact("wang", NO_SIGNING_DATE)
    result = folder.run("move", "wang", "50%")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "error: Wang Wei cannot be at 50%: the timing criterion (criteria.signing_date): "
        "no signing date set; record it with:\n"
        "  pipetrack set wang criteria.signing_date=YYYY-MM-DD\n"
    )
    assert path.read_text("utf-8") == NO_SIGNING_DATE
    no_traceback(result)


def test_move_succeeds_once_the_signing_date_is_added(folder):
    path = folder.contact(
        "wang", NO_SIGNING_DATE.replace("  next_step:", "  signing_date: 2026-11-28\n  next_step:")
    )
    result = folder.run("move", "wang", "50%")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Moved Wang Wei: 25% → 50% on 2026-11-23\n"
    assert result.stderr == ""
    text = path.read_text("utf-8")
    assert "\nstage: 50%\n" in text and text.endswith("  - {date: 2026-11-23, stage: 50%}\n")


def test_move_refuses_a_signing_date_beyond_the_cycle(folder):
    path = folder.contact(
        "wang", NO_SIGNING_DATE.replace("  next_step:", "  signing_date: 2026-11-30\n  next_step:")
    )
    result = folder.run("move", "wang", "50%")
    assert result.exit_code == 1
    assert (
        "the timing criterion (criteria.signing_date): signing date 2026-11-30 is 29 days after the first "
        "meeting, beyond the 28-day sales cycle"
    ) in result.stderr
    assert "signing_date: 2026-11-30" in path.read_text("utf-8") and "stage: 25%" in path.read_text("utf-8")


def test_move_force_moves_and_says_so(folder):
    path = folder.contact("wang", NO_SIGNING_DATE)
    result = folder.run("move", "wang", "50%", "--force")
    assert result.exit_code == 0
    assert result.stdout == "Moved Wang Wei: 25% → 50% on 2026-11-23\n"
    assert result.stderr == (
        "warning: forced to 50% although the evidence lacks: the timing criterion "
        "(criteria.signing_date): no signing date set\n"
    )
    assert (
        path.read_text("utf-8")
        == NO_SIGNING_DATE.replace("stage: 25%\n", "stage: 50%\n") + "  - {date: 2026-11-23, stage: 50%}\n"
    )


def test_move_90_needs_signed_and_paid(folder):
    folder.contact(
        "wang", NO_SIGNING_DATE.replace("  next_step:", "  signing_date: 2026-11-28\n  next_step:")
    )
    result = folder.run("move", "wang", "90")
    assert result.exit_code == 1
    assert "no signed date (signed); no paid date (paid)" in result.stderr


def test_move_by_chinese_name(folder):
    path = folder.contact(slugify("王经理"), "name: 王经理\nstage: opportunity\n")
    result = folder.run("move", "王经理", "约定初次见面", "--first-meeting", "2026-11-25")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Moved 王经理: opportunity → first-meeting on 2026-11-23\n"
    text = path.read_text("utf-8")
    assert "stage: first-meeting\n" in text and "first_meeting: 2026-11-25\n" in text
    assert "  - {date: 2026-11-23, stage: first-meeting}\n" in text


def test_move_to_first_meeting_held_last_week_is_dated_at_the_meeting(folder):
    """Entered late: the stage was set by the meeting day at the latest, so this week's funnel does
    not count a new prospect that came last week; --date still wins."""
    path = folder.contact("wang", "name: Wang\nstage: opportunity\n")
    result = folder.run("move", "wang", "fm", "--first-meeting", "2026-11-18")
    assert result.stdout == "Moved Wang: opportunity → first-meeting on 2026-11-18\n"
    assert path.read_text("utf-8").endswith("history:\n  - {date: 2026-11-18, stage: first-meeting}\n")
    other = folder.contact("li", "name: Li\nstage: opportunity\n")
    folder.run("move", "li", "fm", "--first-meeting", "2026-11-18", "--date", "2026-11-20")
    assert other.read_text("utf-8").endswith("  - {date: 2026-11-20, stage: first-meeting}\n")


def test_move_lost_with_a_reason(folder):
    path = folder.contact("wang", "name: Wang\nstage: 25%\nfirst_meeting: 2026-11-01\n")
    result = folder.run("move", "wang", "退出", "--reason", "chose a competitor")
    assert result.exit_code == 0, result.output
    assert path.read_text("utf-8") == (
        "name: Wang\nstage: lost\nfirst_meeting: 2026-11-01\n"
        "lost_reason: chose a competitor\n"
        "history:\n  - {date: 2026-11-23, stage: lost}\n"
    )


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["wang", "fifty"], 2, "STAGE: 'fifty' is not a stage"),
        (["zhao", "25"], 2, "no contact 'zhao'"),
        (["wang", "25", "--date", "2026-13-01"], 2, "--date: '2026-13-01' is not a date"),
    ],
)
def test_move_bad_input(folder, args, code, message):
    folder.contact("wang", "name: Wang\n")
    before = folder.snapshot()
    result = folder.run("move", *args)
    assert result.exit_code == code
    assert message in result.stderr
    assert folder.snapshot() == before


def test_ambiguous_name_asks_for_the_id(folder):
    folder.contact("wang-a", "name: Wang\n")
    folder.contact("wang-b", "name: wang\n")
    result = folder.run("move", "Wang", "lost")
    assert result.exit_code == 2
    assert "'Wang' matches several contacts: wang-a (Wang), wang-b (wang); use the id" in result.stderr


# --- show -----------------------------------------------------------------------------------------

SHOWN = """\
name: Wang Wei
account: huanan
stage: 25%
first_meeting: 2026-11-01
next_meeting: 2026-11-25T10:00
criteria:
  right_person: true
  plan_fits: no
  budget: 1500
  next_step: review the formal proposal
activities:
  - {date: 2026-11-01, kind: meeting, note: met at his shop}
"""


def test_show_prints_the_criteria_and_the_cycle(folder):
    folder.account("huanan", "name: 华南印刷\n")
    folder.contact("wang", SHOWN)
    result = folder.run("show", "wang")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Wang Wei" in out and "华南印刷" in out
    assert "2026-11-01  22 / 28 days" in out
    rows = {
        m.group(2).strip(): m.group(1)
        for m in re.finditer(
            r"([✓✗])\s+(right person|plan fits|budget|timing|"
            r"next step)",
            out,
        )
    }
    assert rows == {"right person": "✓", "plan fits": "✗", "budget": "✓", "timing": "✗", "next step": "✓"}
    assert "no signing date set" in out and "1500" in out
    assert "2026-11-25T10:00" in out
    assert "met at his shop" in out


def test_show_marks_stale(folder):
    folder.contact("wang", SHOWN)
    result = folder.run("show", "wang", today="2026-12-05")
    assert "2026-11-01  34 / 28 days" in result.stdout
    assert "stale" in result.stdout


def test_show_json(folder):
    folder.account("huanan", "name: 华南印刷\n")
    folder.contact("wang", SHOWN)
    result = folder.run("show", "Wang Wei", "--format", "json")
    assert result.exit_code == 0, result.output
    view = json.loads(result.stdout)
    assert view["id"] == "wang" and view["account_name"] == "华南印刷"
    assert (view["stage"], view["supported_stage"], view["supported"]) == ("25%", "25%", True)
    assert (view["first_meeting"], view["days_since_first_meeting"], view["sales_cycle_days"]) == (
        "2026-11-01",
        22,
        28,
    )
    assert view["stale"] is False
    assert view["next_meeting"] == "2026-11-25T10:00"
    assert [(c["criterion"], c["holds"]) for c in view["criteria"]] == [
        ("right_person", True),
        ("plan_fits", False),
        ("budget", True),
        ("timing", False),
        ("next_step", True),
    ]
    assert view["activities"] == [
        {"date": "2026-11-01", "kind": "meeting", "outcome": None, "note": "met at his shop"}
    ]


def test_show_unsupported_stage_says_what_is_missing(folder):
    folder.contact("wang", SHOWN.replace("stage: 25%", "stage: 50%"))
    view = json.loads(folder.run("show", "wang", "--format", "json").stdout)
    assert (view["stage"], view["supported_stage"], view["supported"]) == ("50%", "25%", False)
    assert view["missing"] == [
        "the plan fits criterion (criteria.plan_fits): the plan is not confirmed to fit the need",
        "the timing criterion (criteria.signing_date): no signing date set",
    ]
    assert "evidence supports: 25%" in folder.run("show", "wang").stdout


def test_show_and_review_give_their_reasons_in_chinese(folder):
    """--lang zh: the reasons, yes/no evidence and activity kinds are Chinese; names and notes
    are not translated."""
    folder.contact("wang", SHOWN.replace("stage: 25%", "stage: 50%"))
    view = json.loads(folder.run("--lang", "zh", "show", "wang", "--format", "json").stdout)
    assert view["missing"] == [
        "计划符合客户需要 (criteria.plan_fits): 方案尚未确认符合需求",
        "合适的时间 (criteria.signing_date): 没有签约日期",
    ]
    assert [c["reason"] for c in view["criteria"] if not c["holds"]] == [
        "方案尚未确认符合需求",
        "没有签约日期",
    ]
    out = folder.run("--lang", "zh", "show", "wang").stdout
    assert "没有签约日期" in out and "会面" in out and "met at his shop" in out and "criterion" not in out
    review = folder.run("--lang", "zh", "review").stdout
    assert "方案尚未确认符合需求" in review and "criterion" not in review


def test_show_escapes_markup_in_names(folder):
    folder.contact("acme", "name: Acme [bold]x[/bold]\nnotes: '[red]keep[/red]'\n")
    out = folder.run("show", "acme").stdout
    assert "Acme [bold]x[/bold]" in out and "[red]keep[/red]" in out


# --- check ------------------------------------------------------------------------------------------

BROKEN = "name: Broken\nstage: 25%\n  bad: [\n"
BAD_DATE = "name: Bad Date\nstage: opportunity\nphone: '123'\ncreated: 2026-02-30\n"
BAD_STAGE = "name: Bad Stage\n\n# a comment\nstage: fifty\n"
GOOD = "name: Good\nstage: first-meeting\nfirst_meeting: 2026-11-25\n"


def test_check_reports_broken_yaml_and_unknown_stage_with_lines(folder, monkeypatch):
    monkeypatch.chdir(folder.root)
    folder.contact("broken", BROKEN)
    folder.contact("bad-stage", BAD_STAGE)
    folder.contact("good", GOOD)
    before = folder.snapshot()
    result = folder.run("check")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "contacts/bad-stage.yaml:4: stage: 'fifty' is not a stage (opportunity, first-meeting, 25%, 50%, "
        "90%, "
        "closed, lost)",
        "contacts/broken.yaml:3: YAML syntax error: mapping values are not allowed in this context",
    ]
    assert "3 files checked: 2 error(s), 0 warning(s)" in result.stderr  # the two broken ones too
    assert folder.snapshot() == before
    no_traceback(result)


def test_check_reports_broken_yaml_wrong_date_and_unknown_stage(folder, monkeypatch):
    monkeypatch.chdir(folder.root)
    folder.contact("broken", BROKEN)
    folder.contact("bad-date", BAD_DATE)
    folder.contact("bad-stage", BAD_STAGE)
    folder.contact("good", GOOD)
    before = folder.snapshot()
    result = folder.run("check")
    no_traceback(result)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "contacts/bad-date.yaml:4: created: '2026-02-30' is not a valid date (YYYY-MM-DD)",
        "contacts/bad-stage.yaml:4: stage: 'fifty' is not a stage (opportunity, first-meeting, 25%, 50%, "
        "90%, "
        "closed, lost)",
        "contacts/broken.yaml:3: YAML syntax error: mapping values are not allowed in this context",
    ]
    assert "4 files checked: 3 error(s), 0 warning(s)" in result.stderr
    assert folder.snapshot() == before


@pytest.mark.parametrize(
    "command", [("show", "bad-date"), ("move", "bad-date", "lost"), ("log", "bad-date", "call")]
)
def test_a_wrong_date_is_a_one_line_error_for_every_command(folder, monkeypatch, command):
    monkeypatch.chdir(folder.root)
    folder.contact("bad-date", BAD_DATE)
    before = folder.snapshot()
    result = folder.run(*command)
    no_traceback(result)
    assert result.exit_code == 2
    assert "contacts/bad-date.yaml:4: created: '2026-02-30' is not a valid date (YYYY-MM-DD)" in result.stderr
    assert folder.snapshot() == before


def test_check_cross_file_problems(folder, monkeypatch):
    monkeypatch.chdir(folder.root)
    folder.account("huanan", "name: 华南印刷\n")
    folder.contact("a", "name: A\naccount: huanen\n")
    folder.contact("b", "name: B\nstage: 50%\nfirst_meeting: 2026-11-01\nnext_meeting: 2026-11-30\n")
    folder.contact("c", "name: C\ncreated: 2026-11-10\nsigned: 2026-11-01\n")
    folder.contact("d", "name: a\nstage: lost\n")
    result = folder.run("check")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "contacts/a.yaml:2: account: no account 'huanen' in accounts/; did you mean `huanan`?"
    assert lines[1].startswith(
        "contacts/b.yaml:2: stage: 50% is not supported by the evidence (supports 25%): "
        "the right person criterion"
    )
    assert lines[2] == "contacts/c.yaml:3: signed: 2026-11-01 is before created 2026-11-10"
    assert lines[3:] == [
        "contacts/d.yaml:1: warning: name: same name as contact `a`; use the id to tell them apart",
        "contacts/d.yaml:2: warning: stage: lost without a lost_reason",
    ]
    assert "5 files checked: 3 error(s), 2 warning(s)" in result.stderr


def test_check_summary_and_unreadable_warning_follow_the_language(folder, monkeypatch):
    monkeypatch.chdir(folder.root)
    folder.contact("good", "name: 好\nstage: opportunity\n")
    for i in range(7):
        folder.contact(f"bad{i}", "name: [unclosed\n")
    checked = folder.run("--lang", "zh", "check")
    assert checked.exit_code == 1
    assert checked.stderr.strip() == "已检查 8 个文件: 7 个错误,0 个警告"
    shown = ", ".join(f"contacts/bad{i}.yaml" for i in range(5))
    warned = folder.run("--lang", "zh", "pipeline").stderr.strip()
    assert warned == f"warning: 7 个文件无法读取,已略过: {shown} 等另外 2 个 (运行 `pipetrack check` 查看)"
    warned = folder.run("pipeline").stderr.strip()
    assert warned == (
        f"warning: 7 file(s) could not be read and are left out: {shown} and 2 more (run `pipetrack check`)"
    )


def test_check_warns_about_typo_keys_without_failing(folder, monkeypatch):
    monkeypatch.chdir(folder.root)
    path = folder.contact(
        "wang",
        """
        name: Wang
        stage: 25%
        first_meeting: 2026-11-01
        signing_dat: 2026-12-01
        budget: 1500
        criteria:
          signing_dat: 2026-11-20
        profle:
          attitude: 2
        mood: sunny
        next_meeting: 2026-11-30
        """,
    )
    before = path.read_bytes()
    result = folder.run("check")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "contacts/wang.yaml:4: warning: signing_dat: unknown key; did you mean `criteria.signing_date`?",
        "contacts/wang.yaml:5: warning: budget: unknown key here; `budget` belongs under `criteria:`",
        "contacts/wang.yaml:7: warning: criteria.signing_dat: unknown key; did you mean "
        "`criteria.signing_date`?",
        "contacts/wang.yaml:8: warning: profle: unknown key; did you mean `profile`?",
    ]
    assert "1 files checked: 0 error(s), 4 warning(s)" in result.stderr
    assert path.read_bytes() == before


def test_check_only_the_files_given(folder, monkeypatch):
    monkeypatch.chdir(folder.root)
    folder.contact("broken", BROKEN)
    folder.contact("good", GOOD)
    assert folder.run("check", "contacts/good.yaml").exit_code == 0
    assert folder.run("check", "contacts/broken.yaml").exit_code == 1


def test_reading_commands_skip_a_broken_file_and_say_so(folder, monkeypatch):
    monkeypatch.chdir(folder.root)
    folder.contact("broken", BROKEN)
    folder.contact("good", GOOD)
    result = folder.run("show", "good")
    assert result.exit_code == 0
    assert (
        "1 file(s) could not be read and are left out: contacts/broken.yaml (run `pipetrack check`)"
        in result.stderr
    )


# --- the data folder, --version, --help ------------------------------------------------------------------


def test_missing_data_folder_suggests_init(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("check")
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: no pipetrack folder here: no pipetrack.yaml in {tmp_path} or its parents; "
        "pass --data DIR, set PIPETRACK_DATA, or create one with `pipetrack init DIR`\n"
    )
    result = invoke("--data", str(tmp_path / "nope"), "show", "x")
    assert result.exit_code == 2
    assert f"create one with `pipetrack init {tmp_path / 'nope'}`" in result.stderr
    result = invoke("--data", str(tmp_path), "check")
    assert result.exit_code == 2
    assert (
        f"{tmp_path} is not a pipetrack folder (no pipetrack.yaml); create one with `pipetrack init"
        in result.stderr
    )


def test_data_folder_from_env_and_from_a_parent(folder, monkeypatch, tmp_path):
    folder.contact("wang", "name: Wang\n")
    monkeypatch.setenv("PIPETRACK_DATA", str(folder.root))
    monkeypatch.chdir(tmp_path)
    assert invoke("--today", "2026-11-23", "show", "wang").exit_code == 0
    monkeypatch.delenv("PIPETRACK_DATA")
    (folder.root / "contacts" / "deep").mkdir()
    monkeypatch.chdir(folder.root / "contacts" / "deep")
    assert invoke("--today", "2026-11-23", "show", "wang").exit_code == 0


def test_bad_today_is_a_usage_error(folder):
    folder.contact("x", "name: X\n")
    result = folder.run("show", "x", today="2026-02-30")
    assert result.exit_code == 2
    assert "--today: '2026-02-30' is not a date (YYYY-MM-DD)" in result.stderr


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout == f"pipetrack {__version__}\n"


def command_paths() -> list[tuple[str, ...]]:
    def walk(cmd, path):
        yield path
        for name, sub in sorted(getattr(cmd, "commands", {}).items()):
            yield from walk(sub, (*path, name))

    return list(walk(typer.main.get_command(app), ()))


def test_the_command_tree_has_the_foundation_commands():
    paths = set(command_paths())
    assert {
        ("init",),
        ("add",),
        ("add", "contact"),
        ("add", "account"),
        ("log",),
        ("move",),
        ("show",),
        ("check",),
    } <= paths


@pytest.mark.parametrize("path", command_paths(), ids=lambda p: " ".join(p) or "pipetrack")
def test_every_command_has_help_ending_with_an_example(path):
    cmd = typer.main.get_command(app)
    for name in path:
        cmd = cmd.commands[name]
    assert cmd.epilog and cmd.epilog.startswith("Example"), f"{' '.join(path)}: no epilog='Example: ...'"
    assert "pipetrack" in cmd.epilog
    result = invoke(*path, "--help")
    assert result.exit_code == 0, result.output
    assert flat(result.stdout).endswith(flat(cmd.epilog))  # shown, and last
    assert cmd.help or cmd.short_help, f"{' '.join(path)} has no help text"
    short = invoke(*path, "-h")
    assert short.exit_code == 0 and short.stdout == result.stdout


@pytest.mark.parametrize("path", [p for p in command_paths() if p], ids=" ".join)
def test_help_paragraphs_wrap_to_the_terminal(path):
    """No ragged help text: a paragraph's line is only short where the paragraph ends."""
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "60", "TERMINAL_WIDTH": "60"})
    lines = result.stdout.splitlines()
    prose = lines[: next(i for i, line in enumerate(lines) if line.startswith("╭"))]
    for line, after in itertools.pairwise(prose):
        if line.strip() and after.strip():
            assert len(line.rstrip()) > 40, f"{' '.join(path)}: ragged help line {line!r} before {after!r}"


def test_check_warns_about_a_negative_guide_and_a_past_purchase_date(folder):
    folder.account(
        "acme",
        """
        name: Acme
        tier: gold
        opportunity:
          purchase_date: 2026-11-01
        """,
    )
    folder.contact(
        "x",
        """
        name: X
        account: acme
        profile:
          supporter: coach
          attitude: -2
        """,
    )
    result = folder.run("check")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert any(
        line.endswith(
            "accounts/acme.yaml:4: warning: opportunity.purchase_date: 2026-11-01 has passed; "
            "update the five questions"
        )
        for line in lines
    ), lines
    assert any(
        line.endswith(
            "contacts/x.yaml:4: warning: profile.supporter: coach with attitude -2: a guide "
            "supports you; check the attitude or the supporter kind"
        )
        for line in lines
    ), lines


def test_a_contact_kept_as_yml_is_shown_checked_and_edited_in_place(folder, monkeypatch):
    """load lists .yml files too; every command finds them by id, and writes go
    to that file (no .yaml twin appears)."""
    monkeypatch.chdir(folder.root)
    path = folder.root / "contacts" / "kim.yml"
    path.write_text("name: Kim\nstage: opportunity\n", encoding="utf-8")
    assert folder.run("show", "kim").exit_code == 0
    checked = folder.run("check")
    assert (checked.exit_code, checked.stdout, checked.stderr.strip()) == (
        0,
        "",
        "1 files checked: 0 error(s), 0 warning(s)",
    )
    assert folder.run("log", "kim", "call", "--date", "2026-11-20").exit_code == 0
    assert path.read_text(encoding="utf-8") == (
        "name: Kim\nstage: opportunity\nactivities:\n  - {date: 2026-11-20, kind: call}\n"
    )
    assert sorted(p.name for p in (folder.root / "contacts").iterdir()) == ["kim.yml"]
    added = folder.run("add", "contact", "Kim Again", "--id", "kim")
    assert added.exit_code == 2 and "contacts/kim.yml exists already" in added.stderr
