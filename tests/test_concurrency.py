"""Concurrent writers lose nothing: the folder lock (flock on
.pipetrack-cache/lock) plus a re-read of the file under the lock."""

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
    (folder.root / ".pipetrack-cache").mkdir()
    os.symlink(target, folder.root / ".pipetrack-cache" / "lock")
    folder.contact("wang", BASE)
    result = folder.run("log", "wang", "call")
    assert result.exit_code == 2
    assert "cannot create the lock file" in result.stderr
    assert target.read_text() == "keep"
