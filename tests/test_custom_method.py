"""A folder's own contact method (``methods/inbound.yaml``, settings ``methods: {contacts:
inbound}``) with move, check, review and pipeline; a folder's override of the shipped
Prospect Management System; broken method files."""

from __future__ import annotations

import json
import textwrap

import pytest
import yaml

from pipetrack.storage.methods import read_shipped

INBOUND = """\
# An inbound-lead process: a lead comes in, is qualified, sees a demo, buys.
id: inbound
kind: contacts
label: {en: Inbound leads, zh: 来访线索}
stages:
  - id: new
    label: {en: new, zh: 新线索}
    aliases: [lead]
  - id: qualified
    label: {en: qualified, zh: 已确认}
    weight: 0.2
    days: 14
    gate:
      - {key: budget, check: number, field: criteria.budget, allow_true: true, code: no_budget}
      - {key: right_person, check: fact, field: criteria.right_person, code: no_decider}
  - id: demo
    label: {en: demo, zh: 演示}
    weight: {setting: weights.p50}
    days: 21
    gate:
      - {key: demo, check: count, field: activities, where: {kind: [meeting, visit]}, past: true,
         code: no_demo}
  - id: won
    label: {en: won, zh: 赢单}
    weight: 1
    gate:
      - {key: signed, check: date_past, field: signed, code: no_date, params: {key: signed},
         codes: {future: date_future}, rename: {date: when}}
  - id: lost
    label: {en: lost, zh: 流失}
won: won
lost: lost
stale: {rule: days_in_stage}
reasons:
  no_budget: {en: no budget discussed yet (criteria.budget), zh: 还没有谈预算 (criteria.budget)}
  no_demo: {en: no demo held yet (a meeting or visit), zh: 还没有演示 (会面或拜访)}
"""

TODAY = "2026-12-01"


@pytest.fixture
def inbound(folder):
    (folder.root / "methods").mkdir()
    (folder.root / "methods" / "inbound.yaml").write_text(INBOUND, encoding="utf-8")
    settings = folder.root / "pipetrack.yaml"
    settings.write_text(settings.read_text() + "methods: {contacts: inbound}\n", encoding="utf-8")
    folder.contact(
        "ann",
        """
        name: Ann Lee
        owner: li-na
        created: 2026-11-01
        stage: new
        value: 10000
        history:
          - {date: 2026-11-01, stage: new}
        """,
    )
    folder.contact(
        "bo",
        """
        name: 王波
        owner: li-na
        created: 2026-11-01
        stage: 已确认
        value: 20000
        criteria: {budget: 20000, right_person: true}
        history:
          - {date: 2026-11-01, stage: new}
          - {date: 2026-11-05, stage: qualified}
        """,
    )
    folder.contact(
        "cy",
        """
        name: Cy Chen
        owner: li-na
        created: 2026-11-01
        stage: demo
        value: 30000
        criteria: {budget: true, right_person: true}
        history:
          - {date: 2026-11-01, stage: new}
          - {date: 2026-11-25, stage: demo}
        """,
    )
    folder.contact(
        "dee",
        """
        name: Dee Wu
        owner: li-na
        created: 2026-10-01
        stage: won
        value: 50000
        signed: 2026-11-30
        criteria: {budget: 50000, right_person: true}
        activities:
          - {date: 2026-11-10, kind: meeting}
        history:
          - {date: 2026-10-01, stage: new}
          - {date: 2026-11-30, stage: won}
        """,
    )
    return folder


def run(folder, *args, today=TODAY):
    return folder.run(*args, today=today)


# --- pipeline: the method's stages are the columns ------------------------------------


def test_pipeline_has_a_row_per_stage_of_the_method(inbound):
    result = run(inbound, "pipeline")
    assert result.exit_code == 0, result.output
    # (each line as shown: the table pads its lines with spaces)
    # (each line as shown: the table pads its lines with spaces)
    assert [line.rstrip() for line in result.output.splitlines()] == [
        line.rstrip()
        for line in textwrap.dedent(
            """\
        my sales cycle: 28 days   period: 2026-11-30 – 2026-12-06 (2026-W49)

        Pipeline — the weekly action tool

          stage        count   weighted (CNY)   contacts
         ────────────────────────────────────────────────
          new              1                0   Ann Lee
          qualified   1 (1!)            4,000   王波 !
          demo             1           15,000   Cy Chen
          won              1           50,000   Dee Wu

          total          2 *           19,000

        * total: open (past the first stage, not won yet); ! = stale
        """
        ).splitlines()
    ]


def test_pipeline_json_and_chinese_labels(inbound):
    rep = json.loads(run(inbound, "pipeline", "--format", "json").output)
    got = [(s["stage"], s["count"], s["stale"], s["weighted_value"]) for s in rep["stages"]]
    assert got == [("new", 1, 0, 0), ("qualified", 1, 1, 4000), ("demo", 1, 0, 15000), ("won", 1, 0, 50000)]
    assert (rep["prospects"], rep["weighted_total"], rep["closed_value"], rep["shape"]) == (
        2,
        19000,
        50000,
        None,
    )
    zh = inbound.run("--lang", "zh", "pipeline", today=TODAY).output
    assert "新线索" in zh and "已确认" in zh and "赢单" in zh and "opportunity" not in zh


# --- move: the method's stages and gates ----------------------------------------------


def test_move_refuses_a_stage_whose_evidence_is_missing_naming_it(inbound):
    before = inbound.snapshot()
    result = run(inbound, "move", "ann", "qualified")
    assert result.exit_code == 1
    assert result.output == (
        "error: Ann Lee cannot be at qualified: no budget discussed yet (criteria.budget); not dealing "
        "with the decision maker yet (add the evidence, or use --force)\n"
    )
    zh = inbound.run("--lang", "zh", "move", "ann", "已确认", today=TODAY)
    assert "还没有谈预算 (criteria.budget)" in zh.output and "已确认" in zh.output
    assert inbound.snapshot() == before


def test_move_to_a_stage_of_another_method_names_this_methods_stages(inbound):
    result = run(inbound, "move", "ann", "25%")
    assert result.exit_code == 2
    assert result.output == "error: STAGE: '25%' is not a stage (new, qualified, demo, won, lost)\n"


def test_move_with_the_evidence_writes_the_stage_and_history(inbound):
    path = inbound.root / "contacts" / "ann.yaml"
    path.write_text(path.read_text() + "criteria: {budget: 8000, right_person: true}\n", encoding="utf-8")
    result = run(inbound, "move", "ann", "qualified")
    assert result.exit_code == 0, result.output
    assert result.output == "Moved Ann Lee: new → qualified on 2026-12-01\n"
    text = path.read_text()
    assert "stage: qualified\n" in text
    assert text.endswith(
        "  - {date: 2026-12-01, stage: qualified}\ncriteria: {budget: 8000, right_person: true}\n"
    )
    # demo needs a meeting or visit held: a future one does not count
    refused = run(inbound, "move", "ann", "demo")
    assert refused.exit_code == 1 and "no demo held yet (a meeting or visit)" in refused.output
    assert run(inbound, "move", "ann", "lost", "--reason", "no budget after all").exit_code == 0
    assert "lost_reason: no budget after all\n" in path.read_text()


# --- check and review: evidence against the method's stages ------------------------------


def test_check_flags_a_stage_the_evidence_does_not_support(inbound):
    result = run(inbound, "check")
    assert result.exit_code == 1
    first, last = result.output.splitlines()
    assert first == (
        f"{inbound.root}/contacts/cy.yaml:4: stage: demo is not supported by the evidence "
        "(supports qualified): no demo held yet (a meeting or visit)"
    )
    assert last == "4 files checked: 1 error(s), 0 warning(s)"


def test_review_lists_stale_and_unsupported_and_applies_the_method_s_moves(inbound):
    rep = json.loads(run(inbound, "review", "--format", "json").output)
    assert [(s["id"], s["stage"], s["move_to"]) for s in rep["stale"]] == [("bo", "qualified", "new")]
    assert [(s["id"], s["recorded"], s["supported"]) for s in rep["unsupported"]] == [
        ("cy", "demo", "qualified")
    ]
    assert rep["unsupported"][0]["missing_codes"] == [
        {"key": "demo", "code": "no_demo", "params": {"found": 0, "min": 1}}
    ]
    assert (rep["method"], rep["send_back_to"], rep["to_apply"]) == ("inbound", "new", 1)
    table = run(inbound, "review").output
    assert "stale: send back to new" in table and "past cooling-off" not in table
    applied = run(inbound, "review", "--apply")
    assert applied.exit_code == 0, applied.output
    assert "stage: new\n" in (inbound.root / "contacts" / "bo.yaml").read_text()


# --- loading: the method file and the cache -------------------------------------------


def test_a_stage_no_method_knows_is_a_line_naming_the_file(inbound):
    inbound.contact("eve", "name: Eve\nstage: 50%\n")
    result = run(inbound, "check")
    assert result.exit_code == 1
    assert (
        "contacts/eve.yaml:2: stage: '50%' is not a stage (new, qualified, demo, won, lost)\n"
        in result.output
    )


def test_a_changed_method_file_revalidates_cached_contacts(inbound):
    assert run(inbound, "pipeline").exit_code == 0  # the cache now holds the records
    method = inbound.root / "methods" / "inbound.yaml"
    renamed = method.read_text().replace("{en: qualified, zh: 已确认}", "{en: sales-qualified, zh: 合格}")
    method.write_text(renamed, encoding="utf-8")
    result = run(inbound, "check")
    assert (
        "contacts/bo.yaml:4: stage: '已确认' is not a stage (new, qualified, demo, won, lost)"
        in result.output
    )


@pytest.mark.parametrize(
    "change,message",
    [
        (
            ("check: count", "check: counted"),
            "methods/inbound.yaml: stages[2].gate[0].check: 'counted' is not",
        ),
        (
            ("won: won\n", "won: closed\n"),
            "methods/inbound.yaml: won: 'closed' is not a stage of this method",
        ),
        (("id: inbound", "id: outbound"), "methods/inbound.yaml: id: 'outbound' differs from the file name"),
        (("  - id: lost", "  - id: [lost"), "methods/inbound.yaml:"),
    ],
)
def test_a_broken_method_file_is_one_line_and_exit_2(inbound, change, message):
    method = inbound.root / "methods" / "inbound.yaml"
    method.write_text(method.read_text().replace(*change), encoding="utf-8")
    for command in ("pipeline", "move ann qualified", "check"):
        result = run(inbound, *command.split())
        assert result.exit_code == 2, (command, result.output)
        assert result.output.startswith(f"error: {inbound.root}/{message}"), (command, result.output)
        assert len(result.output.strip().splitlines()) == 1


def test_settings_naming_no_method_is_one_line(folder):
    settings = folder.root / "pipetrack.yaml"
    settings.write_text(settings.read_text() + "methods: {contacts: outbound}\n", encoding="utf-8")
    result = folder.run("pipeline")
    assert result.exit_code == 2
    assert result.output.startswith("error: pipetrack.yaml: methods: no method 'outbound' (known: ")


# --- a folder's own pms.yaml -----------------------------------------------------------


def test_a_folder_may_override_the_pms_labels_and_weights_but_not_its_stages(folder):
    doc, _ = read_shipped("pms")
    doc["stages"][2]["label"] = {"en": "met", "zh": "已见面"}
    doc["stages"][2]["weight"] = 0.3
    (folder.root / "methods").mkdir()
    own = folder.root / "methods" / "pms.yaml"
    own.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    folder.contact(
        "wang", "name: 王经理\nstage: 25%\nfirst_meeting: 2026-11-16\nnext_meeting: 2026-11-30\nvalue: 1000\n"
    )
    rep = json.loads(folder.run("pipeline", "--format", "json").output)
    assert [s["weighted_value"] for s in rep["stages"] if s["stage"] == "25%"] == [300]
    assert "  met " in folder.run("pipeline").output
    assert "已见面" in folder.run("--lang", "zh", "pipeline").output
    doc["stages"][4]["id"] = "95%"
    own.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    result = folder.run("pipeline")
    assert result.exit_code == 2
    assert result.output == (
        f"error: {own}: stages: the Prospect Management System keeps its stage ids "
        "(opportunity, first-meeting, 25%, 50%, 90%, closed, lost)\n"
    )


# --- the rest of the commands under another method ----------------------------------


@pytest.mark.parametrize("command", ["funnel", "team", "plan", "report weekly"])
def test_the_prospect_management_system_s_own_reports_say_so(inbound, command):
    result = run(inbound, *command.split())
    assert result.exit_code == 2
    assert result.output == (
        f"error: {command}: a report of the Prospect Management System; this folder's contacts "
        "follow the method 'inbound' (pipetrack.yaml methods.contacts): use pipeline, review or check\n"
    )


def test_add_show_and_list_under_the_method(inbound):
    added = run(inbound, "add", "contact", "Fay Zhou")
    assert added.exit_code == 0, added.output
    text = (inbound.root / "contacts" / "fay-zhou.yaml").read_text()
    assert "stage: new\n" in text and "  - {date: 2026-12-01, stage: new}\n" in text
    refused = run(inbound, "add", "contact", "Gus", "--stage", "demo")
    assert refused.exit_code == 1 and "no budget discussed yet" in refused.output
    view = json.loads(run(inbound, "show", "cy", "--format", "json").output)
    assert (view["stage"], view["supported_stage"], view["supported"]) == ("demo", "qualified", False)
    assert view["criteria"] == [] and view["weighted_value"] == 15000
    listed = json.loads(run(inbound, "list", "--format", "json").output)
    assert [(r["id"], r["stage"]) for r in listed] == [
        ("ann", "new"),
        ("bo", "qualified"),
        ("cy", "demo"),
        ("dee", "won"),
        ("fay-zhou", "new"),
    ]
