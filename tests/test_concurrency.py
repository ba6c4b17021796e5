"""Concurrent writers lose nothing: the folder lock (flock on
<data>/.pipetrack.lock) plus a re-read of the file under the lock, and every
decision that depends on the file made on the re-read file."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

from pipetrack.storage import yamlio
from pipetrack.storage.store import Store

N = 8
BASE = "name: Wang   # the buyer\nstage: opportunity\nactivities:\n  - {date: 2026-11-01, kind: call}\n"


def cli(root: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "pipetrack", "--data", str(root), "--today", "2026-11-23", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(procs: list[subprocess.Popen]) -> None:
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err


def test_parallel_logs_on_one_contact_keep_every_entry(folder):
    path = folder.contact("wang", BASE)
    finish([cli(folder.root, "log", "wang", "call", "--note", f"writer {i}") for i in range(N)])
    activities = yamlio.load_mapping(path.read_bytes(), "contacts/wang.yaml")["activities"]
    assert len(activities) == N + 1
    assert sorted(a.get("note", "") for a in activities[1:]) == sorted(f"writer {i}" for i in range(N))
    assert path.read_text("utf-8").startswith(BASE)  # the old lines and the comment are untouched


def test_parallel_log_and_move_lose_nothing(folder):
    folder.contact("wang", BASE)
    procs = [cli(folder.root, "log", "wang", "call", "--note", f"writer {i}") for i in range(3)]
    procs.append(
        cli(folder.root, "move", "wang", "lost", "--reason", "went with a competitor", "--date", "2026-11-22")
    )
    finish(procs)
    record = Store(folder.root).load_one("contacts", "wang")
    assert len(record.activities) == 4
    assert record.stage.value == "lost"
    assert record.lost_reason == "went with a competitor"
    assert [(h.date.isoformat(), h.stage.value) for h in record.history] == [("2026-11-22", "lost")]


def test_edit_rereads_the_file_under_the_lock(folder):
    """A writer that waited for the lock applies its change to what the
    holder wrote, not to what was there when it started waiting."""
    path = folder.contact("wang", BASE)
    store = Store(folder.root)
    holder_in = threading.Event()
    release = threading.Event()

    def hold_lock_and_write() -> None:
        with store.lock():
            holder_in.set()
            release.wait(10)
            # a write by another process while the waiter is blocked on the lock
            path.write_text(BASE + "  - {date: 2026-11-02, kind: meeting}\n", "utf-8")

    holder = threading.Thread(target=hold_lock_and_write)
    holder.start()
    assert holder_in.wait(10)
    # flock locks belong to the open file, so a second open in this process waits like another process would.
    waiter = threading.Thread(
        target=lambda: Store(folder.root).edit(
            "contacts",
            "wang",
            lambda doc: doc["activities"].append(
                yamlio.flow_map({"date": date(2026, 11, 3), "kind": "visit"})
            ),
        )
    )
    waiter.start()
    time.sleep(0.2)
    assert waiter.is_alive()  # blocked on the lock
    release.set()
    holder.join(10)
    waiter.join(10)
    assert path.read_text("utf-8") == (
        BASE + "  - {date: 2026-11-02, kind: meeting}\n  - {date: 2026-11-03, kind: visit}\n"
    )


def test_the_lock_refuses_a_link_planted_for_it(folder, tmp_path):
    target = tmp_path / "elsewhere"
    target.write_text("keep")
    os.symlink(target, folder.root / ".pipetrack.lock")
    path = folder.contact("wang", BASE)
    result = folder.run("log", "wang", "call")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and result.stderr.endswith(
        "/.pipetrack.lock: cannot open the lock file (it is a symbolic link)\n"
    )
    assert target.read_text() == "keep" and path.read_text("utf-8") == BASE


# --- issue 15: the lock outside the cache, decisions inside the lock --------------------------


def test_parallel_logs_while_the_cache_folder_is_deleted_keep_every_entry(folder):
    """The README says the cache may be deleted any time: the lock must not live in it
    (with the lock in .pipetrack-cache/, 9 of 12 writers said yes and 3 entries landed)."""
    import shutil

    path = folder.contact("wang", BASE)
    cache = folder.root / ".pipetrack-cache"
    stop = threading.Event()

    def delete_the_cache() -> None:
        while not stop.is_set():
            shutil.rmtree(cache, ignore_errors=True)
            time.sleep(0.001)

    deleter = threading.Thread(target=delete_the_cache)
    deleter.start()
    try:
        finish([cli(folder.root, "log", "wang", "call", "--note", f"writer {i}") for i in range(12)])
    finally:
        stop.set()
        deleter.join()
    activities = yamlio.load_mapping(path.read_bytes(), "contacts/wang.yaml")["activities"]
    assert sorted(a.get("note", "") for a in activities[1:]) == sorted(f"writer {i}" for i in range(12))


def test_the_lock_file_is_in_the_data_folder_only_while_held_and_git_ignored(folder, tmp_path):
    from typer.testing import CliRunner

    from pipetrack.cli.main import app

    folder.contact("wang", BASE)
    with Store(folder.root).lock():
        assert (folder.root / ".pipetrack.lock").is_file()
    assert not (folder.root / ".pipetrack.lock").exists()  # held only while writing
    assert folder.run("log", "wang", "call").exit_code == 0
    assert not (folder.root / ".pipetrack.lock").exists()
    assert not (folder.root / ".pipetrack-cache" / "lock").exists()
    made = tmp_path / "new"
    assert CliRunner().invoke(app, ["init", str(made)]).exit_code == 0
    assert {".pipetrack-cache", ".pipetrack.lock"} <= set((made / ".gitignore").read_text().splitlines())


def test_holders_of_the_lock_never_overlap_though_each_removes_the_file(folder):
    """Each holder removes the lock file before unlocking; a waiter blocked on the
    removed file must take the lock again on the new one, or two would write at once."""
    inside, overlaps, rounds = [0], [], []

    def writer() -> None:
        for _ in range(15):
            with Store(folder.root).lock():
                inside[0] += 1
                if inside[0] != 1:
                    overlaps.append(inside[0])
                time.sleep(0.0005)
                rounds.append(1)
                inside[0] -= 1

    threads = [threading.Thread(target=writer) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert overlaps == [] and len(rounds) == 90
    assert not (folder.root / ".pipetrack.lock").exists()


def test_six_simultaneous_moves_to_lost_record_one_move(folder):
    path = folder.contact("amy-zhou", "name: Amy Zhou\nstage: 25%\nfirst_meeting: 2026-11-02\n")
    procs = [cli(folder.root, "move", "amy-zhou", "lost") for _ in range(6)]
    outs = [proc.communicate(timeout=120) for proc in procs]
    assert [proc.returncode for proc in procs] == [0] * 6, outs
    history = yamlio.load_mapping(path.read_bytes(), "contacts/amy-zhou.yaml")["history"]
    assert [(h["date"].isoformat(), h["stage"]) for h in history] == [("2026-11-23", "lost")]
    said = sorted("Moved" in out for out, _ in outs)
    assert said == [False] * 5 + [True], outs  # the other five say it is lost already


def test_two_simultaneous_adds_of_one_name_get_two_ids_as_one_after_the_other_would(folder):
    finish([cli(folder.root, "add", "contact", "Amy Zhou") for _ in range(2)])
    assert sorted(p.name for p in (folder.root / "contacts").iterdir()) == [
        "amy-zhou-2.yaml",
        "amy-zhou.yaml",
    ]
