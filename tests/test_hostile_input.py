"""Hostile and broken input: every bad file is one line naming the file and the
line, exit 2 (1 from `check`), no traceback, no file changed, and the other
files still load (read-only commands warn, listing the bad files)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

from pipetrack.domain.errors import DataError
from pipetrack.storage import yamlio
from pipetrack.storage.store import Store

GOOD = "name: Good One\nstage: opportunity\n"

BILLION_LAUGHS = (
    b"name: x\n"
    b"a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    b"b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    b"d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    b"e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
)

# id → (file bytes, the exact problem line: `path:line: message`)
BROKEN = {
    "syntax": (
        b"name: A\nstage: [25%, 50%\n",
        "contacts/syntax.yaml:3: YAML syntax error: did not find expected ',' or ']'",
    ),
    "tab": (
        b"name: A\nprofile:\n\tattitude: 2\n",
        "contacts/tab.yaml:3: tab used for indentation; indent with spaces",
    ),
    "utf8": (
        b"name: A\nnotes: caf\xe9\n",
        "contacts/utf8.yaml:2: not valid UTF-8 (byte 0xe9); save the file as UTF-8",
    ),
    "empty": (b"", "contacts/empty.yaml: file is empty (expected keys such as `name:`)"),
    "blank": (
        b"\n  \n# only a comment\n",
        "contacts/blank.yaml: file is empty (expected keys such as `name:`)",
    ),
    "a-list": (b"- name: A\n", "contacts/a-list.yaml:1: expected a mapping of keys (name: …), found a list"),
    "scalar": (
        b"just some text\n",
        "contacts/scalar.yaml:1: expected a mapping of keys (name: …), found a single value (str)",
    ),
    "conflict": (
        b"name: A\n<<<<<<< HEAD\nstage: 25%\n=======\nstage: 50%\n>>>>>>> theirs\n",
        "contacts/conflict.yaml:2: unresolved git merge conflict in contacts/conflict.yaml:2",
    ),
    "wrong-type": (
        b"name: [A, B]\n",
        "contacts/wrong-type.yaml:1: name: ['A', 'B'] has the wrong type (input should be a valid string)",
    ),
    "feb-30": (
        b"name: A\ncreated: 2026-02-30\n",
        "contacts/feb-30.yaml:2: created: '2026-02-30' is not a valid date (YYYY-MM-DD)",
    ),
    "stage": (
        b"name: A\nstage: fifty\n",
        "contacts/stage.yaml:2: stage: 'fifty' is not a stage (opportunity, first-meeting, 25%, 50%, 90%, "
        "closed, lost)",
    ),
    "attitude": (
        b"name: A\nprofile:\n  attitude: 9\n",
        "contacts/attitude.yaml:3: profile.attitude: 9 is out of range (must be at most 4)",
    ),
    "negative": (
        b"name: A\nvalue: -5\n",
        "contacts/negative.yaml:2: value: -5 is out of range (must be at least 0)",
    ),
    "python-tag": (
        b"name: !!python/object/apply:os.system ['touch /tmp/pwned']\n",
        "contacts/python-tag.yaml:1: YAML tag !!python/object/apply:os.system is not allowed (plain values "
        "only)",
    ),
    "binary-tag": (
        b"name: !!binary aGVsbG8=\n",
        "contacts/binary-tag.yaml:1: YAML tag !!binary is not allowed (plain values only)",
    ),
    "bomb": (BILLION_LAUGHS, "contacts/bomb.yaml:2: anchors and aliases (&name, *name) are not allowed"),
    "dup-key": (
        b"name: A\nstage: 25%\nname: B\n",
        "contacts/dup-key.yaml:3: duplicate key 'name' (first on line 1)",
    ),
    "nul-byte": (b"name: A\x00B\n", "contacts/nul-byte.yaml:1: contains a NUL character"),
    "huge-int": (
        b"name: A\nvalue: " + b"9" * 5000 + b"\n",
        "contacts/huge-int.yaml:2: number with 5000 digits is too long",
    ),
    "flow-deep": (
        b"name: " + b"[" * 100_000 + b"]" * 100_000 + b"\n",
        "contacts/flow-deep.yaml:1: nested more than 50 levels deep",
    ),
    "dash-deep": (
        b"name: A\nk:\n  " + b"- " * 100_000 + b"x\n",
        "contacts/dash-deep.yaml:3: nested more than 50 levels deep",
    ),
    "indent-deep": (
        b"".join(b" " * i + b"k:\n" for i in range(1500)),
        "contacts/indent-deep.yaml:51: nested more than 50 levels deep",
    ),
}


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the folder but the cache, by relative path."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".pipetrack-cache" not in p.parts
    }


def no_traceback(result) -> None:
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_file_is_one_line_and_the_rest_still_loads(folder, monkeypatch, name):
    data, problem = BROKEN[name]
    monkeypatch.chdir(folder.root)
    folder.contact("good", GOOD)
    (folder.root / "contacts" / f"{name}.yaml").write_bytes(data)
    before = snapshot(folder.root)

    shown = folder.run("show", name)
    no_traceback(shown)
    assert shown.exit_code == 2
    assert shown.stderr.splitlines()[-1] == f"error: {problem}"

    checked = folder.run("check")
    no_traceback(checked)
    assert checked.exit_code == 1
    assert checked.stdout.splitlines() == [problem]

    other = folder.run("show", "good", "--format", "json")
    no_traceback(other)
    assert other.exit_code == 0
    assert '"name": "Good One"' in other.stdout
    assert other.stderr.strip() == (
        f"warning: 1 file(s) could not be read and are left out: contacts/{name}.yaml (run `pipetrack check`)"
    )

    logged = folder.run("log", name, "call")
    no_traceback(logged)
    assert logged.exit_code == 2
    assert logged.stderr.splitlines()[-1] == f"error: {problem}"
    assert snapshot(folder.root) == before


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_refusal_is_quick(folder, name):
    data, problem = BROKEN[name]
    (folder.root / "contacts" / f"{name}.yaml").write_bytes(data)
    store = Store(folder.root, cwd=folder.root)
    start = time.perf_counter()
    with pytest.raises(DataError) as caught:
        store.load_one("contacts", name)
    assert time.perf_counter() - start < 1.0
    assert str(caught.value) == problem


@pytest.mark.parametrize(
    "text",
    [
        "name: A\nk:\n  " + "- " * 30_000 + "x\n",  # libyaml's C composer overflowed its stack on this
        "name: " + "[" * 100_000 + "]" * 100_000 + "\n",
        "".join(" " * i + "k:\n" for i in range(1500)),
        "? " * 30_000 + "x\n",
    ],
    ids=["block-sequences", "flow-brackets", "indented-maps", "complex-keys"],
)
# (short ids: pytest puts the test's id in PYTEST_CURRENT_TEST, and an id made
# of the text itself outgrows what the kernel lets a child process inherit)
def test_deep_nesting_never_crashes_the_process(tmp_path, text):
    # A real process: a segfault must fail this test, not take pytest down.
    root = tmp_path / "data"
    (root / "contacts").mkdir(parents=True)
    (root / "pipetrack.yaml").write_text("owner: li-na\n")
    (root / "contacts" / "deep.yaml").write_text(text)
    done = subprocess.run(
        [sys.executable, "-m", "pipetrack", "--data", str(root), "--today", "2026-11-23", "check"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1, done.stderr
    assert "nested more than 50 levels deep" in done.stdout


def test_nesting_a_person_writes_still_loads():
    data = ("name: A\nk:\n  " + "- " * 45 + "x\nnotes: '" + "[" * 80 + "'\n").encode()
    mapping = yamlio.load_mapping(data, "contacts/a.yaml")
    assert mapping["notes"] == "[" * 80  # brackets inside a string are not nesting


def test_a_50_mb_file_is_refused_quickly_with_bounded_memory(folder, monkeypatch):
    monkeypatch.chdir(folder.root)
    folder.contact("good", GOOD)
    big = folder.root / "contacts" / "big.yaml"
    with open(big, "wb") as fh:
        fh.write(b"name: A\nnotes: ")
        chunk = b"x" * 2**20
        for _ in range(50):
            fh.write(chunk)
    tracemalloc.start()
    start = time.perf_counter()
    loaded = Store(folder.root, cwd=folder.root).load(use_cache=False)
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert elapsed < 2.0
    assert peak < 10 * 2**20  # the store reads at most 2 MB + 1 byte of it
    assert [str(p) for p in loaded.problems] == [
        "contacts/big.yaml: file is too large (more than 2 MB); is it a data file?"
    ]
    assert list(loaded.contacts) == ["good"]


# --- BOM and CRLF: read correctly, kept on write ---------------------------------------------

WINDOWS_TEXT = (
    "name: 王经理   # from the trade fair\n"
    "stage: opportunity\n"
    "activities:\n"
    "  - {date: 2026-11-01, kind: call}\n"
)


@pytest.mark.parametrize("bom, crlf", [(True, True), (False, True), (True, False)])
def test_bom_and_crlf_are_read_and_kept(folder, monkeypatch, bom, crlf):
    monkeypatch.chdir(folder.root)
    eol = "\r\n" if crlf else "\n"
    prefix = b"\xef\xbb\xbf" if bom else b""
    path = folder.root / "contacts" / "wang.yaml"
    path.write_bytes(prefix + WINDOWS_TEXT.replace("\n", eol).encode("utf-8"))

    shown = folder.run("show", "wang", "--format", "json")
    assert shown.exit_code == 0, shown.stderr
    assert '"name": "王经理"' in shown.stdout
    assert folder.run("check").exit_code == 0

    assert folder.run("log", "wang", "call", "--date", "2026-11-20").exit_code == 0
    moved = folder.run("move", "wang", "lost", "--date", "2026-11-21", "--reason", "budget cut")
    assert moved.exit_code == 0, moved.stderr
    expected = (
        "name: 王经理   # from the trade fair\n"
        "stage: lost\n"
        "history:\n"
        "  - {date: 2026-11-21, stage: lost}\n"
        "activities:\n"
        "  - {date: 2026-11-01, kind: call}\n"
        "  - {date: 2026-11-20, kind: call}\n"
        "lost_reason: budget cut\n"
    )
    assert path.read_bytes() == prefix + expected.replace("\n", eol).encode("utf-8")


# --- ids and names ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad_id",
    [
        "../evil",
        "a/b",
        "/tmp/evil",
        "a\x00b",
        "x" * 65,
        "con",
        "CON",
        "nul",
        "com1",
        "Upper",
        "-x",
        "x-",
        ".hidden",
        "a b",
        "",
        "..",
        "a\\b",
    ],
)
def test_add_refuses_unsafe_ids(folder, tmp_path, bad_id):
    before = sorted(p for p in tmp_path.rglob("*"))
    result = folder.run("add", "contact", "Someone", "--id", bad_id)
    no_traceback(result)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: --id: {bad_id!r} is not a valid id (lowercase a-z, 0-9 and '-', at most 64)"
    ]
    assert sorted(p for p in tmp_path.rglob("*") if ".pipetrack-cache" not in p.parts) == before


@pytest.mark.parametrize(
    "name, made_id",
    [
        ("../../etc/passwd", "etc-passwd"),
        ("con", "con-1"),
        ("LPT1", "lpt1-1"),
        ("a/b\\c", "a-b-c"),
        ("N" * 5000, "n" * 64),
    ],
)
def test_add_makes_safe_ids_from_hostile_names(folder, monkeypatch, name, made_id):
    monkeypatch.chdir(folder.root)
    result = folder.run("add", "contact", name)
    no_traceback(result)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (folder.root / "contacts").iterdir()) == [f"{made_id}.yaml"]
    shown = folder.run("show", made_id, "--format", "json")
    assert shown.exit_code == 0
    assert folder.run("check").exit_code == 0


@pytest.mark.parametrize("field_args", [("add", "contact", "a\x00b"), ("add", "contact", "bell\x07")])
def test_control_characters_are_not_written(folder, field_args):
    before = snapshot(folder.root)
    result = folder.run(*field_args)
    no_traceback(result)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: {field_args[-1]!r} contains a control character (such as NUL); nothing was written"
    ]
    assert snapshot(folder.root) == before


def test_log_refuses_a_note_with_nul(folder, monkeypatch):
    monkeypatch.chdir(folder.root)
    folder.contact("a", GOOD)
    before = snapshot(folder.root)
    result = folder.run("log", "a", "call", "--note", "hi\x00there")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "error: 'hi\\x00there' contains a control character (such as NUL); nothing was written"
    ]
    assert snapshot(folder.root) == before


@pytest.mark.parametrize("file_name", ["con.yaml", "Upper.yaml", "a b.yaml", "x" * 70 + ".yaml", "ü.yaml"])
def test_bad_file_names_in_the_folder_are_reported(folder, monkeypatch, file_name):
    monkeypatch.chdir(folder.root)
    folder.contact("good", GOOD)
    (folder.root / "contacts" / file_name).write_text(GOOD)
    stem = file_name.rsplit(".", 1)[0]
    checked = folder.run("check")
    assert checked.exit_code == 1
    assert checked.stdout.splitlines() == [
        f"contacts/{file_name}: file name {stem!r} is not a valid id (lowercase a-z, 0-9 and '-')"
    ]
    assert folder.run("show", "good").exit_code == 0


# --- links, permissions ----------------------------------------------------------------------


@pytest.fixture
def outside(tmp_path) -> Path:
    where = tmp_path / "outside"
    where.mkdir()
    (where / "secret.yaml").write_text("name: Not Yours\nstage: opportunity\n")
    return where


def test_a_link_to_outside_is_reported_and_never_written(folder, monkeypatch, outside):
    monkeypatch.chdir(folder.root)
    folder.contact("good", GOOD)
    (folder.root / "contacts" / "evil.yaml").symlink_to(outside / "secret.yaml")
    secret = (outside / "secret.yaml").read_bytes()
    message = "contacts/evil.yaml: symbolic link to outside the data folder; ignored"

    checked = folder.run("check")
    assert checked.exit_code == 1
    assert checked.stdout.splitlines() == [message]
    shown = folder.run("show", "evil")
    assert shown.exit_code == 2
    assert shown.stderr.splitlines()[-1] == f"error: {message}"
    for args in (("log", "evil", "call"), ("move", "evil", "lost", "--force")):
        result = folder.run(*args)
        no_traceback(result)
        assert result.exit_code == 2
    assert (outside / "secret.yaml").read_bytes() == secret
    assert folder.run("show", "good").exit_code == 0


def test_a_link_inside_the_folder_is_read_but_not_written_through(folder, monkeypatch):
    monkeypatch.chdir(folder.root)
    (folder.root / "people").mkdir()
    (folder.root / "people" / "a.yaml").write_text(GOOD)
    (folder.root / "contacts" / "a.yaml").symlink_to(folder.root / "people" / "a.yaml")
    assert folder.run("check").exit_code == 0
    logged = folder.run("log", "a", "call")
    assert logged.exit_code == 2
    assert logged.stderr.splitlines() == [
        "error: contacts/a.yaml: is a symbolic link; pipetrack does not write through links"
    ]
    assert (folder.root / "people" / "a.yaml").read_text() == GOOD


def test_a_contacts_folder_linked_to_outside_is_reported_and_never_written(folder, monkeypatch, outside):
    (folder.root / "contacts").rmdir()
    (folder.root / "contacts").symlink_to(outside, target_is_directory=True)
    before = snapshot(outside)
    monkeypatch.chdir(folder.root)
    checked = folder.run("check")
    assert checked.exit_code == 1
    assert checked.stdout.splitlines() == [
        "contacts/secret.yaml: symbolic link to outside the data folder; ignored"
    ]
    for args in (("log", "secret", "call"), ("add", "contact", "New Person")):
        result = folder.run(*args)
        no_traceback(result)
        assert result.exit_code == 2, args
    assert snapshot(outside) == before


def test_a_read_only_file_is_a_clear_error_and_nothing_is_lost(folder, monkeypatch):
    monkeypatch.chdir(folder.root)
    path = folder.contact("a", GOOD)
    path.chmod(0o444)
    try:
        result = folder.run("log", "a", "call")
        no_traceback(result)
        assert result.exit_code == 2
        assert result.stderr.splitlines() == ["error: contacts/a.yaml: is read-only; nothing was changed"]
        assert path.read_text() == GOOD
        assert folder.run("show", "a").exit_code == 0
    finally:
        path.chmod(0o644)


def test_a_failed_write_is_a_clear_error_and_nothing_is_lost(folder, monkeypatch):
    import errno

    from pipetrack.storage import store

    def full(path, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.chdir(folder.root)
    path = folder.contact("a", GOOD)
    monkeypatch.setattr(store, "atomic_write", full)
    result = folder.run("log", "a", "call")
    no_traceback(result)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "error: contacts/a.yaml: cannot be written (No space left on device); nothing was changed"
    ]
    assert path.read_text() == GOOD


def test_a_named_pipe_does_not_hang_the_reader(folder, monkeypatch):
    monkeypatch.chdir(folder.root)
    folder.contact("good", GOOD)
    os.mkfifo(folder.root / "contacts" / "pipe.yaml")
    checked = folder.run("check")
    assert checked.exit_code == 1
    assert checked.stdout.splitlines() == ["contacts/pipe.yaml: is not a regular file"]


@pytest.mark.parametrize(
    "note", ["?0", ":x", "- a", "[a]", "{b}", "#c", "&d", "*e", "!f", "a: b", "'", '"', "%", "@", "`"]
)
def test_a_note_of_yaml_punctuation_is_written_so_it_reads_back(folder, monkeypatch, note):
    monkeypatch.chdir(folder.root)
    folder.contact("a", GOOD)
    result = folder.run("log", "a", "call", "--note", note)
    assert result.exit_code == 0, result.stderr
    assert Store(folder.root).load_one("contacts", "a").activities[-1].note == note


# --- control characters in data never reach the terminal (issue 15, item 11) ------------

# An OSC window title with BEL, a clear screen, a C1 CSI, a backspace and a carriage return:
# YAML's double-quoted escapes put them into a name, a note or an account name.
EVIL = r'"Evil\e]0;pwned\a\e[2J\x9b1m\b\r"'
RAW = ("\x1b", "\x07", "\x9b", "\x08", "\r")


@pytest.fixture
def hostile(folder):
    folder.account("evil", f"name: {EVIL}\ntier: gold\n")
    folder.contact(
        "evil",
        f"""\
        name: {EVIL}
        account: evil
        owner: li-na
        created: 2026-10-01
        stage: 25%
        first_meeting: 2026-10-02
        history:
          - {{date: 2026-10-02, stage: 25%}}
        activities:
          - {{date: 2026-11-20, kind: call, outcome: connected, note: {EVIL}}}
        notes: {EVIL}
        """,
    )
    return folder


@pytest.mark.parametrize(
    "args",
    [
        ["pipeline"],
        ["pipeline", "--format", "csv"],
        ["pipeline", "--format", "markdown"],
        ["pipeline", "--format", "json"],
        ["show", "evil"],
        ["show", "evil", "--format", "json"],
        ["review"],
        ["review", "--format", "csv"],
        ["team", "--format", "markdown"],
        ["funnel", "--week", "2026-W47"],
        ["account", "evil"],
        ["accounts", "--format", "csv"],
        ["report", "weekly", "--format", "markdown"],
        ["report", "weekly", "--format", "html"],
        ["list"],
        ["list", "--format", "csv"],
        ["agenda", "--days", "30"],
        ["show", "Evil\x1b[2J"],  # an error message quoting what was typed
        ["pipeline", "--format", "\x1b[2J"],  # a usage error quoting what was typed
    ],
    ids=lambda a: "-".join(a).replace("\x1b[2J", "esc"),
)
def test_control_characters_in_data_are_made_visible_in_every_output(hostile, args):
    result = hostile.run(*args)
    out = result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert [c for c in RAW if c in out] == []
    if "Evil" in out and args[-1] != "Evil\x1b[2J":  # (Rich drops BEL, BS and CR itself)
        assert "Evil␛]0;pwned" in out or "Evil\\u001b]0;pwned\\u0007\\u001b[2J" in out


def test_json_keeps_the_data_exact_as_escapes(hostile):
    import json

    shown = json.loads(hostile.run("show", "evil", "--format", "json").stdout)
    assert shown["name"] == "Evil\x1b]0;pwned\x07\x1b[2J\x9b1m\x08\r"


def test_a_report_written_to_a_file_has_no_control_characters(hostile, tmp_path):
    out = tmp_path / "weekly.html"
    assert hostile.run("report", "weekly", "--format", "html", "--out", str(out)).exit_code in (0, 1)
    text = out.read_text("utf-8")
    assert [c for c in RAW if c in text] == [] and "Evil␛]0;pwned" in text


def test_the_safe_console_keeps_its_own_colours_on_a_terminal():
    import io

    from pipetrack.render.safe import SafeConsole

    buf = io.StringIO()
    SafeConsole(file=buf, force_terminal=True, color_system="standard", highlight=False).print(
        "[red]Evil\x1b[2J[/]"
    )
    assert buf.getvalue() == "\x1b[31mEvil␛[2J\x1b[0m\n"


# --- issue 15, item 12: pathological but legal files ------------------------------------------


def _big_contact(items: int, per_line: int = 1) -> str:
    one = "{date: 2026-11-01, kind: call}"
    rows = [f"  - {one}" if per_line == 1 else f"  - [{', '.join([one] * per_line)}]" for _ in range(items)]
    return "name: Big\nstage: opportunity\nactivities:\n" + "\n".join(rows) + "\n"


@pytest.mark.parametrize(
    ("text", "size"),
    [
        (_big_contact(10_000), "10,003 lines"),  # a line count: refused before any parse
        (_big_contact(400, per_line=10), "more than 10,000 values"),  # few lines, many values
    ],
    ids=["lines", "values"],
)
@pytest.mark.parametrize("command", [["log", "big", "call"], ["set", "big", "title=CEO"]], ids=lambda c: c[0])
def test_a_file_too_big_to_edit_in_time_is_refused_with_one_line(folder, text, size, command):
    path = folder.contact("big", text)
    before = path.read_bytes()
    started = time.process_time()
    result = folder.run(*command)
    spent = time.process_time() - started
    assert result.exit_code == 2, result.stdout
    assert result.stderr.count("\n") == 1 and "contacts/big.yaml" in result.stderr
    assert f"is too big to edit in time ({size}; pipetrack edits files of at most 10,000)" in result.stderr
    assert path.read_bytes() == before
    assert spent < 3  # no round-trip parse (that alone took over 10 s of CPU for 10,000 lines)


def test_a_file_just_under_the_edit_limits_is_edited(folder):
    path = folder.contact("big", _big_contact(1_900))  # 9,507 values
    assert folder.run("log", "big", "call", "--note", "the last").exit_code == 0
    assert path.read_text("utf-8").endswith("  - {date: 2026-11-23, kind: call, note: the last}\n")


def test_the_merge_driver_merges_a_file_too_big_to_edit_line_by_line():
    from pipetrack.storage.merge import merge_bytes

    base = _big_contact(10_000).encode()
    ours = base.replace(b"name: Big", b"name: Big Co")
    theirs = base + b"  - {date: 2026-11-02, kind: call}\n"
    result = merge_bytes(base, ours, theirs, "contacts/big.yaml")
    assert result.clean and "too big to edit in time" in (result.fallback or "")
    assert result.data == ours + b"  - {date: 2026-11-02, kind: call}\n"


def test_many_unknown_keys_are_one_warning_not_a_typo_hunt_per_key(folder):
    folder.contact("keys", "name: Keys\n" + "".join(f"k{i}: 1\n" for i in range(300)) + "stauts: x\n")
    result = folder.run("check")
    assert result.exit_code == 0
    assert result.stdout.endswith(
        "contacts/keys.yaml:1: warning: 301 unknown keys (pipetrack reads none of them)\n"
    )
    assert result.stdout.count("\n") == 1
    zh = folder.run("--lang", "zh", "check")
    assert "301 个未知的键 (pipetrack 不读取它们)" in zh.stdout
