"""Crash safety: a writer killed (SIGKILL) at any moment leaves every file as
the old version or the new one, never a partial file, and nothing the loader
or `check` takes for data; an interrupted `review --apply` is finished by a
rerun. Real processes, real kills."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from pipetrack.storage import yamlio
from pipetrack.storage.store import Store

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")

NOTES = "".join(f"  line {i:04d} of a long account history, kept as written\n" for i in range(200))
HEAD = "name: Big Account Contact   # a comment that must survive\nstage: opportunity\nnotes: |\n" + NOTES
ACTIVITIES = "activities:\n"


def entry(n: int) -> str:
    return f"  - {{date: 2026-11-01, kind: call, note: n{n}}}\n"


def version(k: int) -> bytes:
    """The file after k completed writes (each appends one activity)."""
    return (HEAD + ACTIVITIES + "".join(entry(i) for i in range(k + 1))).encode()


def append_call(doc) -> None:
    n = len(doc["activities"])
    doc["activities"].append(yamlio.flow_map({"date": date(2026, 11, 1), "kind": "call", "note": f"n{n}"}))


def fork_writer(root: Path) -> tuple[int, int]:
    """A child process that appends activities to contacts/a.yaml until killed.

    Forked, not spawned, so 30 kills cost no interpreter start-ups; it writes
    one byte to the pipe after its first write so the kill lands in the loop.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            os.close(read_end)
            store = Store(root)
            store.edit("contacts", "a", append_call)
            os.write(write_end, b"r")
            while True:
                store.edit("contacts", "a", append_call)
        finally:
            os._exit(1)
    os.close(write_end)
    return pid, read_end


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_sigkill_mid_write_leaves_old_or_new_file(folder, monkeypatch):
    monkeypatch.chdir(folder.root)
    path = folder.root / "contacts" / "a.yaml"
    path.write_bytes(version(0))
    Store(folder.root).edit("contacts", "a", append_call)  # imports done before forking
    rng = random.Random(4)
    kills, left_behind, last = 30, 0, 1
    started = time.monotonic()
    for _ in range(kills):
        pid, ready = fork_writer(folder.root)
        assert os.read(ready, 1) == b"r"
        os.close(ready)
        time.sleep(rng.uniform(0.0, 0.15))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL

        data = path.read_bytes()
        count = len(yamlio.load_mapping(data, "contacts/a.yaml")["activities"]) - 1
        assert data == version(count)  # a whole version: never a torn or partial file
        assert count > last  # a completed write is never undone (and each child wrote once)
        last = count
        left_behind += bool(temp_files(path.parent))
        loaded = Store(folder.root, cwd=folder.root).load(use_cache=False)
        assert list(loaded.contacts) == ["a"] and loaded.problems == []  # temp files are never data
    elapsed = time.monotonic() - started

    checked = folder.run("check")
    assert checked.exit_code == 0, checked.stdout
    assert checked.stderr.strip() == "1 files checked: 0 error(s), 0 warning(s)"
    # The next write clears what killed writers left, under the lock.
    assert folder.run("log", "a", "call", "--date", "2026-11-02").exit_code == 0
    assert temp_files(path.parent) == []
    print(f"{kills} kills in {elapsed:.1f} s, {last} writes, {left_behind} kills left a temp file behind")


# --- fault injection: review --apply killed halfway ------------------------------------------

# Runs the CLI with os.replace wrapped: SIGKILL just before (or just after) the
# n-th rename of a contact file, i.e. with a complete temp file on disk.
FAULTY_CLI = r"""
import os, signal, sys
point, n = sys.argv[1], int(sys.argv[2])
real_replace, calls = os.replace, [0]

def replace(src, dst, *args, **kwargs):
    if f"{os.sep}contacts{os.sep}" not in str(dst):
        return real_replace(src, dst, *args, **kwargs)
    calls[0] += 1
    if calls[0] == n and point == "before":
        os.kill(os.getpid(), signal.SIGKILL)
    real_replace(src, dst, *args, **kwargs)
    if calls[0] == n and point == "after":
        os.kill(os.getpid(), signal.SIGKILL)

os.replace = replace
from pipetrack.cli.main import main
sys.argv = ["pipetrack", *sys.argv[3:]]
main()
"""

STALE = """\
name: Stale {i}   # met at the fair
created: 2026-08-25
stage: 25%
first_meeting: 2026-09-01
history:
  - {{date: 2026-08-25, stage: opportunity}}
  - {{date: 2026-09-01, stage: 25%}}
"""
PAYER = """\
name: Payer
created: 2026-09-01
stage: 90%
first_meeting: 2026-09-05
signed: 2026-10-01
paid: 2026-10-02
value: 1000
criteria: {right_person: true, plan_fits: true, budget: 1000, signing_date: 2026-10-01, next_step: sign}
"""
MOVES = 13  # 12 stale contacts back to opportunity, 1 deal past cooling-off to closed


def review_folder(root: Path) -> Path:
    (root / "contacts").mkdir(parents=True)
    (root / "accounts").mkdir()
    (root / "pipetrack.yaml").write_text("owner: li-na\nsales_cycle_days: 28\ncooling_off_days: 10\n")
    for i in range(1, 13):
        (root / "contacts" / f"stale-{i:02d}.yaml").write_text(STALE.format(i=i))
    (root / "contacts" / "payer.yaml").write_text(PAYER)
    (root / "contacts" / "fresh.yaml").write_text("name: Fresh\nstage: opportunity\n")  # nothing to do
    return root


def contact_bytes(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "contacts").glob("*.yaml"))}


def review(root: Path, *fault: str) -> subprocess.CompletedProcess:
    args = ["--data", str(root), "--today", "2026-11-23", "review", "--apply"]
    if fault:
        command = [sys.executable, "-c", FAULTY_CLI, *fault, *args]
    else:
        command = [sys.executable, "-m", "pipetrack", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory) -> tuple[Path, dict[str, bytes], dict[str, bytes]]:
    """The folder before, and every file after an uninterrupted `review --apply`."""
    original = review_folder(tmp_path_factory.mktemp("review") / "original")
    before = contact_bytes(original)
    reference = tmp_path_factory.mktemp("review") / "reference"
    shutil.copytree(original, reference)
    done = review(reference)
    assert done.returncode == 0, done.stderr
    after = contact_bytes(reference)
    assert sum(before[name] != after[name] for name in before) == MOVES
    return original, before, after


@pytest.mark.parametrize(
    "point, n", [("before", 1), ("before", 7), ("after", 7), ("before", 13), ("after", 12)]
)
def test_review_apply_killed_halfway_leaves_valid_files_and_a_rerun_finishes(reviewed, tmp_path, point, n):
    original, before, after = reviewed
    root = tmp_path / "data"
    shutil.copytree(original, root)

    killed = review(root, point, str(n))
    assert killed.returncode == -signal.SIGKILL, killed.stderr

    now = contact_bytes(root)
    assert set(now) == set(before)
    assert all(now[name] in (before[name], after[name]) for name in now)  # old or new, nothing in between
    done = n - 1 if point == "before" else n
    assert sum(now[name] == after[name] != before[name] for name in now) == done
    assert len(temp_files(root / "contacts")) == (1 if point == "before" else 0)
    loaded = Store(root, cwd=root).load(use_cache=False)
    assert loaded.problems == []
    assert len(loaded.contacts) == 14

    rerun = review(root)
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout.count("Moved ") == MOVES - done
    assert contact_bytes(root) == after
    assert temp_files(root / "contacts") == []
    again = review(root)
    assert again.returncode == 0 and "Moved" not in again.stdout


# --- issue 15, item 2: a write never starts from a file that does not validate -------------

MALFORMED = {
    "activities-mapping": "name: Amy\nstage: 25%\nfirst_meeting: 2026-11-02\nactivities: {a: 1}\n",
    "history-scalar": "name: Amy\nstage: 25%\nfirst_meeting: 2026-11-02\nhistory: yes\n",
    "criteria-list": "name: Amy\nstage: 25%\nfirst_meeting: 2026-11-02\ncriteria: [1, 2]\n",
    "bad-stage": "name: Amy\nstage: fifty\n",
}


@pytest.mark.parametrize("text", MALFORMED.values(), ids=MALFORMED.keys())
@pytest.mark.parametrize(
    "command",
    [
        ["log", "amy", "call"],
        ["move", "amy", "lost"],
        ["move", "amy", "25%", "--first-meeting", "2026-11-20"],
        ["add", "contact", "Bo", "--id", "amy"],
        ["set", "amy", "title=CEO"],
        ["unset", "amy", "title"],
    ],
    ids=lambda c: "-".join(c[:2]),
)
def test_a_write_to_a_file_that_does_not_validate_is_refused_and_changes_nothing(folder, text, command):
    path = folder.contact("amy", text)
    result = folder.run(*command)
    assert result.exit_code == 2, result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr
    assert "contacts/amy.yaml" in result.stderr
    assert path.read_text("utf-8") == text
    assert sorted(p.name for p in folder.root.rglob("*") if p.is_file()) == ["amy.yaml", "pipetrack.yaml"]


# --- issue 15, item 13: nothing left behind after a kill -------------------------------------


def _dead_pid() -> int:
    proc = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    return int(proc.stdout)


def test_temp_files_of_a_killed_writer_are_removed_by_the_next_run_of_any_command(folder):
    folder.contact("wang", "name: Wang\n")
    dead = _dead_pid()
    cache = folder.root / ".pipetrack-cache"
    cache.mkdir()
    left = [
        folder.root / "contacts" / f".wang.yaml.{dead}.k1ll3d_x.tmp",  # a data write killed before its rename
        cache / f".records.{dead}.abc12345.tmp",  # a cache write killed before its rename
    ]
    live = folder.root / "contacts" / ".wang.yaml.1.inuse123.tmp"  # pid 1 runs: its writer may be busy
    for path in [*left, live]:
        path.write_text("half")
    assert folder.run("pipeline").exit_code == 0  # a read command
    assert [p.exists() for p in left] == [False, False]
    assert live.exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_parse_pool_workers_die_with_a_killed_parent(tmp_path):
    from conftest import DataFolder

    folder = DataFolder(tmp_path / "big")
    for i in range(2500):
        folder.contact(f"c{i}", f"name: C{i}\nstage: opportunity\nnotes: {'x' * 200}\n")
    parent = subprocess.Popen(
        [sys.executable, "-m", "pipetrack", "--data", str(folder.root), "--no-cache", "pipeline"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def children() -> set[int]:
        found = set()
        for task in Path(f"/proc/{parent.pid}/task").glob("*/children"):
            found |= {int(pid) for pid in task.read_text().split()}
        return found

    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while not workers and parent.poll() is None and time.monotonic() < deadline:
        workers = children()
        time.sleep(0.02)
    if not workers:
        pytest.skip("the load finished before its pool could be seen")
    time.sleep(0.2)  # the workers are set up (their initializer ran)
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 5
    alive = workers
    while alive and time.monotonic() < deadline:
        alive = {pid for pid in workers if Path(f"/proc/{pid}").exists() and "Z" not in _state(pid)}
        time.sleep(0.05)
    assert alive == set()


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"
