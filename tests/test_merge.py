"""The field-aware three-way merge of contact and account files (pipetrack.storage.merge)."""

from __future__ import annotations

import textwrap

import pytest
from typer.testing import CliRunner

from pipetrack.cli.main import app
from pipetrack.storage.merge import merge_bytes


def y(text: str) -> bytes:
    return textwrap.dedent(text).lstrip("\n").encode("utf-8")


BASE = y("""
    # Met at the trade fair; prefers WeChat.
    name: 王经理
    account: acme
    owner: li-na
    stage: 25%            # met once
    first_meeting: 2026-11-02
    criteria:
      right_person: true
    profile:
      roles: [decider]
    history:
      - {date: 2026-10-20, stage: opportunity}
      - {date: 2026-11-02, stage: 25%}
    activities:
      - {date: 2026-10-25, kind: call, outcome: meeting-set}
      - {date: 2026-11-02, kind: meeting}
    notes: |
      Likes facts.
      Two shops in Guangzhou.
      Decides with his wife.
    """)


def edit(data: bytes, *pairs: tuple[str, str]) -> bytes:
    text = data.decode("utf-8")
    for old, new in pairs:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text.encode("utf-8")


def test_different_fields_and_activities_on_each_side_all_survive():
    ours = edit(
        BASE,
        ("  right_person: true\n", "  right_person: true\n  budget: 1500\n"),
        (
            "  - {date: 2026-11-02, kind: meeting}\n",
            "  - {date: 2026-11-02, kind: meeting}\n  - {date: 2026-11-10, kind: call, outcome: connected}\n",
        ),
    )
    theirs = edit(
        BASE,
        ("owner: li-na\n", "owner: li-na\ntitle: Owner   # from his card\n"),
        (
            "  - {date: 2026-11-02, kind: meeting}\n",
            "  - {date: 2026-11-02, kind: meeting}\n  - {date: 2026-11-06, kind: message, note: sent "
            "prices}\n",
        ),
    )
    result = merge_bytes(BASE, ours, theirs, "contacts/wang.yaml")
    assert result.clean and result.conflicts == []
    assert result.data == y("""
        # Met at the trade fair; prefers WeChat.
        name: 王经理
        account: acme
        owner: li-na
        title: Owner   # from his card
        stage: 25%            # met once
        first_meeting: 2026-11-02
        criteria:
          right_person: true
          budget: 1500
        profile:
          roles: [decider]
        history:
          - {date: 2026-10-20, stage: opportunity}
          - {date: 2026-11-02, stage: 25%}
        activities:
          - {date: 2026-10-25, kind: call, outcome: meeting-set}
          - {date: 2026-11-02, kind: meeting}
          - {date: 2026-11-06, kind: message, note: sent prices}
          - {date: 2026-11-10, kind: call, outcome: connected}
        notes: |
          Likes facts.
          Two shops in Guangzhou.
          Decides with his wife.
        """)


def test_the_same_activity_logged_on_both_sides_appears_once_and_history_is_a_union():
    both = "  - {date: 2026-11-09, kind: call, outcome: no-answer}\n"
    ours = edit(
        BASE,
        ("  - {date: 2026-11-02, kind: meeting}\n", "  - {date: 2026-11-02, kind: meeting}\n" + both),
        (
            "  - {date: 2026-11-02, stage: 25%}\n",
            "  - {date: 2026-11-02, stage: 25%}\n  - {date: 2026-11-12, stage: 50%}\n",
        ),
        ("stage: 25% ", "stage: 50% "),
    )
    theirs = edit(
        BASE,
        (
            "  - {date: 2026-11-02, kind: meeting}\n",
            "  - {date: 2026-11-02, kind: meeting}\n  - {date: 2026-11-01, kind: other}\n" + both,
        ),
        (
            "  - {date: 2026-10-20, stage: opportunity}\n",
            "  - {date: 2026-10-20, stage: opportunity}\n  - {date: 2026-10-24, stage: first-meeting}\n",
        ),
    )
    result = merge_bytes(BASE, ours, theirs)
    assert result.conflicts == []
    text = result.data.decode()
    assert text.count("2026-11-09") == 1
    assert "stage: 50%            # met once\n" in text
    assert (
        "history:\n"
        "  - {date: 2026-10-20, stage: opportunity}\n"
        "  - {date: 2026-10-24, stage: first-meeting}\n"
        "  - {date: 2026-11-02, stage: 25%}\n"
        "  - {date: 2026-11-12, stage: 50%}\n"
        "activities:\n"
        "  - {date: 2026-10-25, kind: call, outcome: meeting-set}\n"
        "  - {date: 2026-11-01, kind: other}\n"
        "  - {date: 2026-11-02, kind: meeting}\n"
        "  - {date: 2026-11-09, kind: call, outcome: no-answer}\n"
        "notes: |\n"
    ) in text


def test_an_entry_removed_on_one_side_stays_removed_and_a_corrected_entry_is_not_doubled():
    ours = edit(
        BASE,
        ("  - {date: 2026-10-25, kind: call, outcome: meeting-set}\n", ""),
        (
            "  - {date: 2026-11-02, kind: meeting}\n",
            "  - {date: 2026-11-02, kind: meeting}\n  - {date: 2026-11-20, kind: visit}\n",
        ),
    )
    theirs = edit(
        BASE,
        (
            "  - {date: 2026-11-02, kind: meeting}\n",
            "  - {date: 2026-11-02, kind: meeting, note: at his shop}\n",
        ),
    )
    result = merge_bytes(BASE, ours, theirs)
    assert result.conflicts == []
    assert result.data.decode().split("activities:\n")[1].split("notes:")[0] == (
        "  - {date: 2026-11-02, kind: meeting, note: at his shop}\n  - {date: 2026-11-20, kind: visit}\n"
    )


@pytest.mark.parametrize("remover", ["ours", "theirs"])
def test_one_side_removes_an_entry_the_other_adds_again_the_added_copy_stays_once(remover):
    """Both changes happen: the base's copy goes, the new identical one stays (one copy,
    not none and not two)."""
    meeting = "  - {date: 2026-11-02, kind: meeting}\n"
    removed = edit(BASE, (meeting, ""))
    added = edit(BASE, (meeting + "notes:", meeting + meeting + "notes:"))
    ours, theirs = (removed, added) if remover == "ours" else (added, removed)
    result = merge_bytes(BASE, ours, theirs)
    assert result.conflicts == []
    assert result.data.decode().count("{date: 2026-11-02, kind: meeting}") == 1


def test_calls_repeated_on_purpose_keep_their_count():
    call = "  - {date: 2026-11-09, kind: call, outcome: no-answer}\n"
    base = edit(
        BASE,
        ("  - {date: 2026-11-02, kind: meeting}\n", "  - {date: 2026-11-02, kind: meeting}\n" + call * 2),
    )
    ours = edit(base, (call * 2, call * 3))
    theirs = edit(base, (call * 2, call * 2 + "  - {date: 2026-11-11, kind: visit}\n"))
    text = merge_bytes(base, ours, theirs).data.decode()
    assert text.split("activities:\n")[1].split("notes:")[0] == (
        "  - {date: 2026-10-25, kind: call, outcome: meeting-set}\n"
        "  - {date: 2026-11-02, kind: meeting}\n" + call * 3 + "  - {date: 2026-11-11, kind: visit}\n"
    )


def test_lists_of_words_are_joined_and_notes_edited_on_different_lines_merge():
    ours = edit(
        BASE,
        ("roles: [decider]", "roles: [decider, evaluator]"),
        ("Likes facts.", "Likes facts and figures."),
    )
    theirs = edit(
        BASE, ("roles: [decider]", "roles: [decider, user]"), ("his wife.", "his wife and his son.")
    )
    result = merge_bytes(BASE, ours, theirs)
    assert result.conflicts == []
    text = result.data.decode()
    assert "  roles: [decider, evaluator, user]\n" in text
    assert text.endswith(
        "notes: |\n  Likes facts and figures.\n  Two shops in Guangzhou.\n"
        "  Decides with his wife and his son.\n"
    )


def test_a_stage_set_differently_on_both_sides_is_a_conflict_on_that_line_only():
    ours = edit(
        BASE,
        ("stage: 25% ", "stage: 50% "),
        (
            "  - {date: 2026-11-02, kind: meeting}\n",
            "  - {date: 2026-11-02, kind: meeting}\n  - {date: 2026-11-10, kind: call}\n",
        ),
    )
    theirs = edit(BASE, ("stage: 25% ", "stage: lost"), ("owner: li-na", "owner: wang-wei"))
    result = merge_bytes(BASE, ours, theirs, "contacts/wang.yaml")
    assert not result.clean
    assert [(c.field, c.ours, c.theirs, c.line) for c in result.conflicts] == [("stage", "50%", "lost", 5)]
    assert result.data == y("""
        # Met at the trade fair; prefers WeChat.
        name: 王经理
        account: acme
        owner: wang-wei
        <<<<<<< ours
        stage: 50%            # met once
        =======
        stage: lost           # met once
        >>>>>>> theirs
        first_meeting: 2026-11-02
        criteria:
          right_person: true
        profile:
          roles: [decider]
        history:
          - {date: 2026-10-20, stage: opportunity}
          - {date: 2026-11-02, stage: 25%}
        activities:
          - {date: 2026-10-25, kind: call, outcome: meeting-set}
          - {date: 2026-11-02, kind: meeting}
          - {date: 2026-11-10, kind: call}
        notes: |
          Likes facts.
          Two shops in Guangzhou.
          Decides with his wife.
        """)


def test_a_nested_conflict_and_a_changed_or_removed_field_are_marked_separately():
    ours = edit(
        BASE,
        ("  right_person: true\n", "  right_person: true\n  budget: 1500\n"),
        ("first_meeting: 2026-11-02\n", ""),
    )
    theirs = edit(
        BASE,
        ("  right_person: true\n", "  right_person: true\n  budget: 2000\n"),
        ("first_meeting: 2026-11-02", "first_meeting: 2026-11-03"),
    )
    result = merge_bytes(BASE, ours, theirs)
    assert [(c.field, c.line) for c in result.conflicts] == [("first_meeting", 6), ("criteria.budget", 12)]
    text = result.data.decode()
    assert (
        "stage: 25%            # met once\n"
        "<<<<<<< ours\n=======\nfirst_meeting: 2026-11-03\n>>>>>>> theirs\n"
        "criteria:\n  right_person: true\n"
        "<<<<<<< ours\n  budget: 1500\n=======\n  budget: 2000\n>>>>>>> theirs\n"
        "profile:\n"
    ) in text


def test_both_sides_adding_the_same_new_file_merge_against_an_empty_base():
    ours = y("name: Li\nphone: '1'\nactivities:\n  - {date: 2026-11-01, kind: call}\n")
    theirs = y("name: Li\nemail: li@x.cn\nactivities:\n  - {date: 2026-11-02, kind: visit}\n")
    result = merge_bytes(b"", ours, theirs)
    assert result.data == y("""
        name: Li
        phone: '1'
        email: li@x.cn
        activities:
          - {date: 2026-11-01, kind: call}
          - {date: 2026-11-02, kind: visit}
        """)


def test_crlf_and_bom_of_ours_are_kept():
    base = b"\xef\xbb\xbfname: A\r\nstage: 25%\r\n"
    ours = b"\xef\xbb\xbfname: A\r\nstage: 25%\r\nphone: '1'\r\n"
    theirs = b"\xef\xbb\xbfname: A\r\ntitle: CEO\r\nstage: 25%\r\n"
    assert (
        merge_bytes(base, ours, theirs).data
        == b"\xef\xbb\xbfname: A\r\ntitle: CEO\r\nstage: 25%\r\nphone: '1'\r\n"
    )


def test_an_account_merges_questions_and_lists_field_by_field():
    base = y("""
        name: Acme
        tier: gold
        opportunity:
          budget: 200000
        competitors:
          - {name: Y, strengths: price}
        """)
    ours = edit(
        base, ("tier: gold", "tier: platinum"), ("  budget: 200000\n", "  budget: 200000\n  fit: true\n")
    )
    theirs = edit(
        base,
        ("  budget: 200000\n", "  budget: 200000\n  can_win: unknown\n"),
        ("  - {name: Y, strengths: price}\n", "  - {name: Y, strengths: price}\n  - {name: Z}\n"),
    )
    assert merge_bytes(base, ours, theirs).data == y("""
        name: Acme
        tier: platinum
        opportunity:
          budget: 200000
          fit: true
          can_win: unknown
        competitors:
          - {name: Y, strengths: price}
          - {name: Z}
        """)


def test_a_side_that_cannot_be_parsed_falls_back_to_a_line_merge():
    ours = edit(BASE, ("owner: li-na", "owner: li-na\n  bad: indent"))
    theirs = edit(BASE, ("account: acme", "account: acme-ltd"))
    result = merge_bytes(BASE, ours, theirs, "contacts/wang.yaml")
    assert result.fallback is not None and result.fallback.startswith("contacts/wang.yaml:")
    assert result.clean  # the lines did not overlap
    assert result.data == edit(ours, ("account: acme", "account: acme-ltd"))


@pytest.mark.parametrize("same", ["ours", "theirs"])
def test_one_side_unchanged_gives_the_other_byte_for_byte(same):
    changed = edit(BASE, ("owner: li-na", "owner:    li-na   # spacing kept"))
    ours, theirs = (BASE, changed) if same == "ours" else (changed, BASE)
    assert merge_bytes(BASE, ours, theirs).data == changed


def test_merge_file_command_writes_ours_and_exits_1_on_a_conflict(tmp_path):
    paths = {}
    for name, data in (
        ("o", BASE),
        ("a", edit(BASE, ("stage: 25% ", "stage: 50% "))),
        ("b", edit(BASE, ("stage: 25% ", "stage: 90% "))),
    ):
        paths[name] = tmp_path / name
        paths[name].write_bytes(data)
    result = CliRunner().invoke(
        app, ["merge-file", str(paths["o"]), str(paths["a"]), str(paths["b"]), "contacts/wang.yaml"]
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "CONFLICT (pipetrack): contacts/wang.yaml:5: stage: 50% (ours) vs 90% (theirs); "
        "edit the file, then git add it\n"
    )
    assert paths["a"].read_bytes().decode().count("<<<<<<< ours\nstage: 50% ") == 1
    assert paths["o"].read_bytes() == BASE


def test_merge_file_command_exits_0_on_a_clean_merge(tmp_path):
    for name, data in (
        ("o", BASE),
        ("a", edit(BASE, ("stage: 25% ", "stage: 50% "))),
        ("b", edit(BASE, ("owner: li-na", "owner: wang-wei"))),
    ):
        (tmp_path / name).write_bytes(data)
    result = CliRunner().invoke(app, ["merge-file", *(str(tmp_path / n) for n in "oab")])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert (tmp_path / "a").read_bytes() == edit(
        BASE, ("stage: 25% ", "stage: 50% "), ("owner: li-na", "owner: wang-wei")
    )


def test_merge_file_command_names_a_missing_file(tmp_path):
    result = CliRunner().invoke(
        app, ["merge-file", str(tmp_path / "nope"), str(tmp_path / "a"), str(tmp_path / "b")]
    )
    assert result.exit_code == 2
    assert "merge-file: cannot read or write" in result.stderr and "nope" in result.stderr
    assert "Traceback" not in result.stderr
