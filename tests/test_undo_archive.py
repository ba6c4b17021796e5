"""undo, history and archive: every pipetrack write can be put back, byte for byte."""

from __future__ import annotations

from pipetrack.domain.errors import DataError
from pipetrack.storage.store import Store

# a 90% deal past its cooling-off (closes on review --apply) and a stale 25% (goes back)
DEAL = """\
name: Deal   # keep this comment
stage: 90%
created: 2026-09-01
first_meeting: 2026-09-05
criteria: {right_person: true, plan_fits: true, budget: 1000, signing_date: 2026-10-01, next_step: go}
signed: 2026-10-01
paid: 2026-10-02
value: 1000
history:
  - {date: 2026-09-05, stage: 90%}
"""
STALE = """\
name: Stale
stage: 25%
first_meeting: 2026-08-01
history:
  - {date: 2026-08-01, stage: 25%}
"""


def test_undo_after_review_apply_restores_every_file_byte_for_byte(folder):
    folder.contact("deal", DEAL)
    folder.contact("stale", STALE)
    before = folder.snapshot()
    applied = folder.run("review", "--apply")
    assert applied.exit_code == 0, applied.output
    assert folder.snapshot() != before
    listed = folder.run("history")
    assert listed.stdout.count("\n") == 1  # review --apply is one operation
    assert "review --apply" in listed.stdout
    assert "contacts/deal.yaml" in listed.stdout and "contacts/stale.yaml" in listed.stdout
    result = folder.run("undo")
    assert result.exit_code == 0, result.output
    assert folder.snapshot() == before
    assert folder.run("history").stdout == "nothing to undo\n"
    assert folder.run("undo").stderr == "error: nothing to undo\n"


def test_undo_refuses_and_changes_nothing_after_someone_else_edited_the_file(folder):
    folder.contact("deal", DEAL)
    path = folder.contact("stale", STALE)
    assert folder.run("review", "--apply").exit_code == 0
    path.write_text(path.read_text("utf-8") + "notes: called back\n", encoding="utf-8")
    edited = folder.snapshot()
    result = folder.run("undo")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: contacts/stale.yaml: was changed after `pipetrack")
    assert result.stderr.endswith("undo would lose that, so nothing was undone\n")
    assert folder.snapshot() == edited
    assert "review --apply" in folder.run("undo", "--list").stdout  # still there


def test_undo_n_reverts_several_commands_newest_first(folder):
    path = folder.contact("a", "name: A\n")
    original = path.read_bytes()
    assert folder.run("set", "a", "title=CEO").exit_code == 0
    assert folder.run("log", "a", "call").exit_code == 0
    assert folder.run("add", "contact", "B").exit_code == 0
    assert (folder.root / "contacts" / "b.yaml").exists()
    result = folder.run("undo", "3")
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == original
    assert not (folder.root / "contacts" / "b.yaml").exists()
    assert result.stdout.splitlines()[0].startswith("Undid #3 `pipetrack add contact B`")


def test_archive_takes_a_contact_out_of_every_report_and_back(folder):
    folder.contact("deal", DEAL)
    path = folder.contact("stale", STALE)
    text = path.read_bytes()
    result = folder.run("archive", "stale")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Archived stale: ")
    assert result.stdout.endswith(
        "contacts/stale.yaml → " + str(folder.root / "archive/contacts/stale.yaml") + "\n"
    )
    assert not path.exists()
    assert (folder.root / "archive" / "contacts" / "stale.yaml").read_bytes() == text
    assert "Stale" not in folder.run("pipeline", "--all").stdout
    assert folder.run("check").exit_code == 0
    assert folder.run("unarchive", "stale").exit_code == 0
    assert path.read_bytes() == text
    assert not (folder.root / "archive" / "contacts" / "stale.yaml").exists()
    # and undo puts back what unarchive did, then what archive did
    assert folder.run("undo").exit_code == 0
    assert not path.exists()
    assert folder.run("undo").exit_code == 0
    assert path.read_bytes() == text


def test_unarchive_refuses_when_the_id_was_taken_meanwhile(folder):
    folder.contact("x", "name: X\n")
    assert folder.run("archive", "x").exit_code == 0
    folder.contact("x", "name: Another X\n")
    before = folder.snapshot()
    result = folder.run("unarchive", "x")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert result.stderr.endswith("contacts/x.yaml exists already; nothing was moved\n")
    assert folder.snapshot() == before


def test_the_journal_is_bounded(folder):
    store = Store(folder.root)
    folder.contact("a", "name: A\n")
    for i in range(60):
        store.edit("contacts", "a", lambda doc, i=i: doc.__setitem__("title", f"t{i}"))
        store._operation = None  # each edit its own operation, as separate commands are
    assert len(store.undo_journal().operations()) == 50
    # undoing 50 operations walks back 50 edits, no further
    store.undo(50)
    assert "title: t9\n" in (folder.root / "contacts" / "a.yaml").read_text("utf-8")
    try:
        store.undo(1)
    except DataError:
        raise AssertionError("nothing left should be a usage error, not a data error") from None
    except Exception as exc:
        assert str(exc) == "nothing to undo"


def test_a_tampered_journal_entry_is_never_followed(folder, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("mine\n", encoding="utf-8")
    undo_dir = folder.root / ".pipetrack-cache" / "undo"
    undo_dir.mkdir(parents=True)
    entry = (
        '{"format": 1, "seq": 1, "command": "x", "when": "", '
        '"files": [{"path": "../outside.txt", "before": null, "after": null}]}'
    )
    (undo_dir / "00000001.json").write_text(entry, encoding="utf-8")
    result = folder.run("undo")
    assert result.stderr == "error: nothing to undo\n"
    assert outside.read_text("utf-8") == "mine\n"
