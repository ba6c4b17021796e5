"""set/unset, the commands move suggests, and the item-9 defects of the write path."""

from __future__ import annotations

import pytest

WANG = """\
name: Wang Wei   # the buyer
account: acme
owner: li-na
stage: 25%
first_meeting: 2026-11-10
custom_key: kept
history:
  - {date: 2026-11-10, stage: 25%}
notes: |
  met at the fair
"""


@pytest.fixture
def wang(folder):
    folder.account("acme", "name: Acme\n")
    return folder.contact("wang", WANG)


def test_set_records_every_kind_of_value_in_place(folder, wang):
    result = folder.run(
        "set",
        "wang",
        "criteria.right_person=yes",
        "预算=50k",
        "signing_date=fri",
        "next_step=formal proposal",
        "next_meeting=tomorrow 14:00",
        "attitude=+2",
        "profile.roles=decider, evaluator",
        "value=5万",
        "电话=+86 138 0000 0000",
    )
    assert result.exit_code == 0, result.output
    assert wang.read_text("utf-8") == (
        "name: Wang Wei   # the buyer\n"
        "account: acme\n"
        "owner: li-na\n"
        "phone: +86 138 0000 0000\n"
        "stage: 25%\n"
        "first_meeting: 2026-11-10\n"
        "next_meeting: 2026-11-24T14:00\n"
        "criteria:\n"
        "  right_person: true\n"
        "  budget: 50000\n"
        "  signing_date: 2026-11-27\n"
        "  next_step: formal proposal\n"
        "value: 50000\n"
        "profile:\n"
        "  roles: [decider, evaluator]\n"
        "  attitude: 2\n"
        "custom_key: kept\n"
        "history:\n"
        "  - {date: 2026-11-10, stage: 25%}\n"
        "notes: |\n"
        "  met at the fair\n"
    )
    assert folder.run("check").exit_code == 0


def test_set_a_budget_range_and_unset_removes_emptied_blocks(folder, wang):
    assert folder.run("set", "wang", "criteria.budget=50k-60k").exit_code == 0
    assert "  budget: 50k-60k\n" in wang.read_text("utf-8")
    result = folder.run("unset", "wang", "budget", "预算")
    assert result.exit_code == 0, result.output
    assert wang.read_text("utf-8") == WANG


@pytest.mark.parametrize(
    ("pair", "message"),
    [
        (
            "signed=tomorrow",
            "error: signed: 'tomorrow' is 2026-11-24, in the future; it must be today or earlier\n",
        ),
        ("paid=+3d", "error: paid: '+3d' is 2026-11-26, in the future; it must be today or earlier\n"),
        ("sign=2026-11-01", "error: sign: could mean criteria.signing_date, signed; type more of the key\n"),
        (
            "attitude=7",
            "error: profile.attitude: 7 is out of range (input should be less than or equal to 4)\n",
        ),
        (
            "personality=bossy",
            "error: profile.personality: 'bossy' is not one of: analytical, driver, expressive or amiable\n",
        ),
        ("email=foo", "error: email: 'foo' is not an e-mail address (name@example.com)\n"),
        ("phone=call me", "error: phone: 'call me' is not a phone number (digits, spaces, + - ( ) only)\n"),
        ("value=lots", "error: value: 'lots' is not an amount (e.g. 50000, 50k, 5万)\n"),
        ("stage=50", "error: stage: is recorded with `pipetrack move CONTACT STAGE`, not set\n"),
        ("colour=red", "error: colour: not a field of a contact (pipetrack set --help lists them)\n"),
        ("budget", "error: 'budget': use KEY=VALUE (e.g. criteria.budget=50000); to remove a key: unset\n"),
        ("account=nowhere", "error: no account 'nowhere' (an id or a name)\n"),
    ],
)
def test_set_refuses_with_one_line_and_writes_nothing(folder, wang, pair, message):
    before = folder.snapshot()
    # a good key first: nothing is written when any key is wrong
    result = folder.run("set", "wang", "notes=changed", pair)
    assert result.exit_code == 2, result.output
    assert result.stderr == message
    assert folder.snapshot() == before


def test_set_an_account_field(folder, wang):
    result = folder.run("set", "acme", "tier=gold", "行业=printing", "opportunity.can_win=no")
    assert result.exit_code == 0, result.output
    path = folder.root / "accounts" / "acme.yaml"
    assert (
        path.read_text("utf-8")
        == "name: Acme\ntier: gold\nindustry: printing\nopportunity:\n  can_win: false\n"
    )
    assert folder.run("set", "acme", "tier=copper").stderr == (
        "error: tier: 'copper' is not one of: platinum, gold or silver\n"
    )


def test_move_refusal_names_the_command_that_records_each_missing_item(folder, wang):
    result = folder.run("move", "wang", "90%")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    # first what 25% needs (a sign of further cooperation), then the five criteria, then 90%
    assert lines[0].startswith("error: Wang Wei cannot be at 90%: no sign of further cooperation")
    assert lines[1:] == [
        "  pipetrack set wang next_meeting=YYYY-MM-DDTHH:MM",
        "  pipetrack set wang criteria.right_person=yes",
        "  pipetrack set wang criteria.plan_fits=yes",
        "  pipetrack set wang criteria.budget=AMOUNT",
        "  pipetrack set wang criteria.signing_date=YYYY-MM-DD",
        '  pipetrack set wang criteria.next_step="TEXT"',
        "  pipetrack set wang signed=YYYY-MM-DD",
        "  pipetrack set wang paid=YYYY-MM-DD",
    ]


def test_move_with_a_date_before_the_first_meeting_blames_the_date(folder, wang):
    """Defect: it blamed the first meeting ('has not happened yet')."""
    before = folder.snapshot()
    result = folder.run("move", "wang", "50", "--date", "2026-10-01")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: --date: 2026-10-01 is before the first meeting on 2026-11-10; "
        "a contact reaches 50% after it\n"
    )
    assert folder.snapshot() == before


def test_move_lost_again_with_a_reason_records_the_reason(folder, wang):
    """Defect: the second move said 'nothing changed' and dropped the reason."""
    assert folder.run("move", "wang", "lost").exit_code == 0
    result = folder.run("move", "wang", "lost", "--reason", "duplicate")
    assert result.exit_code == 0, result.output
    text = wang.read_text("utf-8")
    assert "lost_reason: duplicate\n" in text
    assert text.count("stage: lost") == 2  # the stage and one history entry: no second move


def test_empty_today_is_an_error(folder, wang):
    """Defect: --today '' silently used the real date."""
    result = folder.run("pipeline", today="")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --today: an empty value is not a date (YYYY-MM-DD)")


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--email", "wang-at-acme", "error: --email: 'wang-at-acme' is not an e-mail address"),
        ("--phone", "ask reception", "error: --phone: 'ask reception' is not a phone number"),
    ],
)
def test_add_contact_checks_email_and_phone(folder, option, value, message):
    """Defect: --email/--phone accepted anything."""
    result = folder.run("add", "contact", "Li", option, value)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert not list((folder.root / "contacts").iterdir())


def test_dates_as_people_say_them_in_log_and_week(folder, wang):
    result = folder.run("log", "wang", "call", "--date", "last-fri")
    assert result.exit_code == 0, result.output
    assert "{date: 2026-11-20, kind: call}" in wang.read_text("utf-8")
    refused = folder.run("log", "wang", "call", "--date", "tomorrow")
    assert refused.exit_code == 2
    assert refused.stderr.startswith("error: --date: 'tomorrow' is 2026-11-24, in the future")
    week = folder.run("funnel", "--week", "-1", "--format", "json")
    assert week.exit_code == 0, week.output
    assert '"start": "2026-11-16"' in week.stdout


def test_messages_in_chinese(folder, wang):
    result = folder.run("--lang", "zh", "set", "wang", "right_person=yes", "预算=5万")
    assert result.exit_code == 0, result.output
    assert result.stdout == "已记录 criteria.right_person=是, criteria.budget=50000: Wang Wei (wang)\n"
    assert folder.run("--lang", "zh", "set", "wang", "预算=50000").stdout == "Wang Wei: 没有变化\n"
    undone = folder.run("--lang", "zh", "undo")
    assert undone.stdout == "已撤销 #1 `pipetrack set wang right_person=yes '预算=5万'`: contacts/wang.yaml\n"
    assert folder.run("--lang", "zh", "undo").stderr == "错误: 没有可撤销的操作\n"


def test_move_refusal_in_chinese_names_the_commands_too(folder, wang):
    result = folder.run("--lang", "zh", "move", "wang", "50%")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].endswith("; 用以下命令记录:")
    # 25% needs a sign of further cooperation first (a next meeting), then the five criteria
    assert lines[1:3] == [
        "  pipetrack set wang next_meeting=YYYY-MM-DDTHH:MM",
        "  pipetrack set wang criteria.right_person=yes",
    ]
