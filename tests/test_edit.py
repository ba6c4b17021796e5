"""pipetrack edit with a scripted $EDITOR: valid, invalid then fixed, invalid then abort,
file changed meanwhile; add contact --edit."""

from __future__ import annotations

import shlex
import sys
import textwrap

import pytest

WANG = "name: Wang Wei   # the buyer\nstage: 25%\nfirst_meeting: 2026-11-10\nnext_meeting: 2026-11-30\n"


def scripted_editor(tmp_path, monkeypatch, *versions: str, also: tuple[str, str] | None = None) -> None:
    """$EDITOR that writes ``versions[n]`` on its n-th run (and, with ``also``, writes
    text into another file, as a colleague saving meanwhile)."""
    script = tmp_path / "editor.py"
    counter = tmp_path / "runs"
    script.write_text(
        textwrap.dedent(
            f"""
            import sys, pathlib
            counter = pathlib.Path({str(counter)!r})
            n = int(counter.read_text()) if counter.exists() else 0
            counter.write_text(str(n + 1))
            versions = {list(versions)!r}
            pathlib.Path(sys.argv[1]).write_text(versions[min(n, len(versions) - 1)], encoding="utf-8")
            also = {also!r}
            if also:
                pathlib.Path(also[0]).write_text(also[1], encoding="utf-8")
            """
        ),
        encoding="utf-8",
    )
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}")


def runs(tmp_path) -> int:
    return int((tmp_path / "runs").read_text())


def test_a_valid_edit_is_written(folder, tmp_path, monkeypatch):
    path = folder.contact("wang", WANG)
    new = WANG.replace("stage: 25%", "stage: 25%\ntitle: 总经理")
    scripted_editor(tmp_path, monkeypatch, new)
    result = folder.run("edit", "wang")
    assert result.exit_code == 0, result.output
    assert path.read_text("utf-8") == new
    assert folder.run("undo").exit_code == 0
    assert path.read_text("utf-8") == WANG


def test_invalid_then_fixed(folder, tmp_path, monkeypatch):
    path = folder.contact("wang", WANG)
    bad = WANG.replace("stage: 25%", "stage: fifty")
    good = WANG + "phone: '138'\n"
    scripted_editor(tmp_path, monkeypatch, bad, good)
    result = folder.run("edit", "wang", input="y\n")
    assert result.exit_code == 0, result.output
    assert "contacts/wang.yaml:2: stage: 'fifty' is not a stage" in result.stderr
    assert "Edit again?" in result.stderr
    assert runs(tmp_path) == 2
    assert path.read_text("utf-8") == good


def test_invalid_then_abort_writes_nothing(folder, tmp_path, monkeypatch):
    path = folder.contact("wang", WANG)
    before = folder.snapshot()
    scripted_editor(tmp_path, monkeypatch, WANG.replace("first_meeting: 2026-11-10", "first_meeting: soon"))
    result = folder.run("edit", "wang", input="n\n")
    assert result.exit_code == 1
    assert "contacts/wang.yaml:3: first_meeting: 'soon' is not a valid date (YYYY-MM-DD)" in result.stderr
    assert "aborted; nothing was written" in result.stderr
    assert folder.snapshot() == before
    assert path.read_text("utf-8") == WANG
    assert folder.run("history").stdout == "nothing to undo\n"


def test_a_rule_error_counts_as_check_counts_it(folder, tmp_path, monkeypatch):
    folder.contact("wang", WANG)
    before = folder.snapshot()
    scripted_editor(tmp_path, monkeypatch, WANG.replace("25%", "90%"))
    result = folder.run("edit", "wang", input="n\n")
    assert result.exit_code == 1
    assert "contacts/wang.yaml:2: stage: 90% is not supported by the evidence" in result.stderr
    assert folder.snapshot() == before


def test_saving_unchanged_writes_nothing(folder, tmp_path, monkeypatch):
    folder.contact("wang", WANG)
    scripted_editor(tmp_path, monkeypatch, WANG)
    result = folder.run("edit", "wang")
    assert result.exit_code == 0
    assert "no changes; nothing was written" in result.stdout
    assert folder.run("history").stdout == "nothing to undo\n"


def test_file_changed_meanwhile_is_refused_and_the_copy_kept(folder, tmp_path, monkeypatch):
    path = folder.contact("wang", WANG)
    theirs = WANG + "notes: a colleague's note\n"
    mine = WANG + "title: boss\n"
    scripted_editor(tmp_path, monkeypatch, mine, also=(str(path), theirs))
    result = folder.run("edit", "wang")
    assert result.exit_code == 2
    assert "contacts/wang.yaml: changed while you were editing it; nothing was written" in result.stderr
    assert path.read_text("utf-8") == theirs
    kept = result.stderr.rsplit("your edit is kept in ", 1)[1].strip()
    with open(kept, encoding="utf-8") as fh:
        assert fh.read() == mine


def test_add_contact_edit_opens_the_new_file_first(folder, tmp_path, monkeypatch):
    scripted_editor(tmp_path, monkeypatch, "name: Li Na\ntitle: buyer\nstage: opportunity\n")
    result = folder.run("add", "contact", "Li Na", "--edit")
    assert result.exit_code == 0, result.output
    assert (folder.root / "contacts" / "li-na.yaml").read_text("utf-8") == (
        "name: Li Na\ntitle: buyer\nstage: opportunity\n"
    )


@pytest.mark.parametrize("answer", ["n\n", ""])
def test_add_contact_edit_abort_creates_nothing(folder, tmp_path, monkeypatch, answer):
    scripted_editor(tmp_path, monkeypatch, "title: no name\n")
    result = folder.run("add", "contact", "Li Na", "--edit", input=answer)
    assert result.exit_code == 1
    assert "name: is required" in result.stderr
    assert not list((folder.root / "contacts").iterdir())
