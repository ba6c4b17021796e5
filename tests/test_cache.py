"""The record cache: a warm load only stats files, and it never serves stale data."""

from __future__ import annotations

import datetime
import json
import os
import pickle
import time

import pytest

from pipetrack.storage import cache, fs, store, yamlio
from pipetrack.storage.cache import CACHE_DIR, DEALS_FILE, INDEX_FILE, codec, pool
from pipetrack.storage.folder import closed_deals
from pipetrack.storage.store import Store

WANG = """\
name: 王经理
account: acme
stage: 25%
first_meeting: 2026-11-02
criteria:
  right_person: true
  next_step: 看演示
history:
  - {date: 2026-11-01, stage: opportunity}
  - {date: 2026-11-02, stage: 25%}
activities:
  - {date: 2026-11-02, kind: meeting, note: 聊了十分钟}
mood: sunny    # an unknown key is kept
"""
SMITH = "name: Ann Smith\nstage: opportunity\nnext_meeting: 2026-11-25T14:00\n"
ACME = "name: Acme Printing\ntier: gold\nproducts_in_use: [{product: PBX, since: 2020-01-01}]\n"


@pytest.fixture(autouse=True)
def written_later(monkeypatch):
    """The cache is written 10 s after the test's files, so they are not racily clean."""
    real = time.time_ns
    monkeypatch.setattr(codec, "_now", lambda: real() + 10 * 10**9)


@pytest.fixture
def parses(monkeypatch):
    """Counts the files parsed with the YAML loader (a warm load parses none)."""
    calls: list[str] = []
    original = yamlio.load_mapping

    def counting(data, path):
        calls.append(os.path.basename(path))
        return original(data, path)

    monkeypatch.setattr(yamlio, "load_mapping", counting)
    return calls


@pytest.fixture
def team(folder):
    folder.contact("wang", WANG)
    folder.contact("ann-smith", SMITH)
    folder.account("acme", ACME)
    return folder


def load(folder, **kwargs):
    return Store(folder.root, cwd=folder.root).load(**kwargs)


def clear_records(folder):
    """Remove the index (the folder, its lock and the deal list stay)."""
    (folder.root / CACHE_DIR / INDEX_FILE).unlink(missing_ok=True)


def files_parsed(calls):
    return sorted(c for c in calls if c not in ("pipetrack.yaml", "pms.yaml"))


def cache_files(folder):
    """The record cache's files (the deal list beside them is tested on its own)."""
    d = folder.root / CACHE_DIR
    return sorted(p.name for p in d.iterdir() if p.name != DEALS_FILE) if d.exists() else []


# --- warm loads ---------------------------------------------------------------


def test_warm_load_parses_nothing_and_gives_equal_records(team, parses):
    cold = load(team)
    assert files_parsed(parses) == ["acme.yaml", "ann-smith.yaml", "wang.yaml"]
    assert cache_files(team) == [INDEX_FILE]
    parses.clear()
    warm = load(team, full=True)
    assert files_parsed(parses) == []
    assert list(warm.contacts) == list(cold.contacts) == ["ann-smith", "wang"]
    for kind in ("contacts", "accounts"):
        for rid, record in getattr(cold, kind).items():
            again = getattr(warm, kind)[rid]
            assert type(again) is type(record)
            assert again == record
            assert again.id == rid
            if record.model_extra:  # (a slim contact's model is validated again: all its fields set)
                assert again.model_fields_set == record.model_fields_set
            assert again.model_extra == record.model_extra
    assert warm.contacts["wang"].model_extra == {"mood": "sunny"}
    assert warm.contacts["wang"].history[1].stage.value == "25%"
    assert str(warm.accounts["acme"].products_in_use[0]["since"]) == "2020-01-01"
    assert warm.contacts["ann-smith"].next_meeting.hour == 14


def test_warm_contacts_are_slim_with_the_models_values(team, parses):
    """What the reports read: a contact without unknown keys comes back slim (no
    pydantic), field by field equal to its model; one with them stays a model."""
    from pipetrack.domain.models import Contact
    from pipetrack.domain.slim import SlimContact

    team.contact("li", WANG.replace("mood: sunny    # an unknown key is kept\n", "value: 2.5\n"))
    cold = load(team)
    parses.clear()
    warm = load(team)
    assert files_parsed(parses) == []
    assert type(warm.contacts["wang"]) is Contact  # unknown keys: the full model
    slim, model = warm.contacts["li"], cold.contacts["li"]
    assert type(slim) is SlimContact and type(model) is Contact

    def fields(value):
        kind = type(value)
        if hasattr(kind, "model_fields") or hasattr(kind, "_fields"):
            names = kind.model_fields if hasattr(kind, "model_fields") else kind._fields
            return {n: fields(getattr(value, n)) for n in names}
        return [fields(v) for v in value] if isinstance(value, list) else value

    for name in Contact.model_fields:
        assert fields(getattr(slim, name)) == fields(getattr(model, name)), name
    assert type(slim.value) is float and slim.stage is model.stage
    assert slim.activities[0].note == "聊了十分钟" and slim.criteria.next_step == "看演示"
    assert slim.next_meeting_date is None and slim.collected == 2.5 and slim.model_extra == {}
    assert warm.contacts["ann-smith"].next_meeting == datetime.datetime(2026, 11, 25, 14, 0)


def test_stages_are_cached_by_value_on_every_python(team, parses, monkeypatch):
    """Python 3.11.0-3.11.6 pickle an enum member as getattr(cls, name), which the
    cache's loader refuses: the cache pickles stages by value itself, or it would
    silently never be used on those Pythons (Debian 12's python3 is 3.11.2)."""
    from pipetrack.domain.models import Stage

    monkeypatch.setattr(Stage, "__reduce_ex__", lambda self, proto: (getattr, (type(self), self._name_)))
    load(team)
    parses.clear()
    warm = load(team)
    assert files_parsed(parses) == []
    assert warm.contacts["wang"].stage is Stage.P25
    assert [h.stage for h in warm.contacts["wang"].history] == [Stage.OPPORTUNITY, Stage.P25]


def test_cache_never_changes_the_data_files(team):
    before = team.snapshot()
    load(team)
    load(team)
    assert team.snapshot() == before


def test_a_warm_run_writes_nothing(team):
    load(team)
    base = team.root / CACHE_DIR / INDEX_FILE
    stamp = base.stat().st_mtime_ns, base.read_bytes()
    load(team)
    assert (base.stat().st_mtime_ns, base.read_bytes()) == stamp
    assert cache_files(team) == [INDEX_FILE]


def test_no_cache_neither_reads_nor_writes_it(team, parses):
    load(team, use_cache=False)
    assert cache_files(team) == []
    load(team)
    parses.clear()
    load(team, use_cache=False)
    assert files_parsed(parses) == ["acme.yaml", "ann-smith.yaml", "wang.yaml"]


def test_no_cache_parses_every_file_of_a_warm_folder(team, parses):
    load(team)
    parses.clear()
    folder = load(team, use_cache=False)
    assert files_parsed(parses) == ["acme.yaml", "ann-smith.yaml", "wang.yaml"]
    assert sorted(folder.contacts) == ["ann-smith", "wang"] and list(folder.accounts) == ["acme"]


# --- invalidation ---------------------------------------------------------------


def test_edited_file_is_parsed_again_and_its_rows_replaced(team, parses):
    load(team)
    base_bytes = (team.root / CACHE_DIR / INDEX_FILE).read_bytes()
    team.contact("wang", WANG.replace("stage: 25%\n", "stage: opportunity\n"))
    parses.clear()
    inode = (team.root / CACHE_DIR / INDEX_FILE).stat().st_ino
    folder = load(team)
    assert files_parsed(parses) == ["wang.yaml"]
    assert folder.contacts["wang"].stage.value == "opportunity"
    # one edit costs its rows, updated in place
    assert (team.root / CACHE_DIR / INDEX_FILE).read_bytes() != base_bytes
    assert (team.root / CACHE_DIR / INDEX_FILE).stat().st_ino == inode
    assert cache_files(team) == [INDEX_FILE]
    parses.clear()
    again = load(team)
    assert files_parsed(parses) == []
    assert again.contacts["wang"].stage.value == "opportunity"


def test_same_size_edit_with_the_old_mtime_restored_is_seen(team, parses):
    path = team.root / "contacts" / "wang.yaml"
    load(team)
    st = path.stat()
    path.write_text(WANG.replace("stage: 25%", "stage: 50%"), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size
    parses.clear()
    assert load(team).contacts["wang"].stage.value == "50%"  # ctime gave it away
    assert files_parsed(parses) == ["wang.yaml"]


def test_file_replaced_by_rename_is_seen(team):
    path = team.root / "contacts" / "wang.yaml"
    load(team)
    st = path.stat()
    other = team.root / "contacts" / ".wang.tmp"
    other.write_text(WANG.replace("stage: 25%", "stage: 50%"), encoding="utf-8")
    os.utime(other, ns=(st.st_atime_ns, st.st_mtime_ns))
    os.replace(other, path)
    assert load(team).contacts["wang"].stage.value == "50%"


@pytest.fixture
def coarse_clock(monkeypatch):
    """A filesystem with 1-second timestamps and no ctime, where only the racy rule can help."""

    def coarse_key(entry):
        st = entry.stat()
        return (st.st_size, st.st_mtime_ns // 10**9 * 10**9, 0, st.st_ino)

    monkeypatch.setattr(codec, "file_key", coarse_key)
    monkeypatch.setattr(codec, "_now", time.time_ns)


def _same_second_edit(team):
    """Load, then edit wang.yaml within the same timestamp tick, keeping its size."""
    path = team.root / "contacts" / "wang.yaml"
    first = load(team)
    st = path.stat()
    path.write_text(WANG.replace("stage: 25%", "stage: 50%"), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    return first, load(team)


def test_racily_clean_file_is_not_cached(team, coarse_clock):
    first, second = _same_second_edit(team)
    assert first.contacts["wang"].stage.value == "25%"
    assert second.contacts["wang"].stage.value == "50%"


def test_racy_rule_is_what_saves_us_on_a_coarse_clock(team, coarse_clock, monkeypatch):
    # The control: without the rule, the same edit would be served stale.
    monkeypatch.setattr(codec, "RACY_NS", -10 * 10**9)
    _, second = _same_second_edit(team)
    assert second.contacts["wang"].stage.value == "25%"


def test_racily_clean_file_is_cached_once_old_enough(team, parses, monkeypatch):
    import sqlite3

    monkeypatch.setattr(codec, "_now", time.time_ns)
    load(team)
    with sqlite3.connect(team.root / CACHE_DIR / INDEX_FILE) as con:  # everything was written just now:
        assert con.execute("SELECT DISTINCT size FROM files").fetchall() == [(-1,)]  # in, never served
        assert con.execute("SELECT count(*) FROM contacts").fetchone() == (2,)
    real = time.time_ns
    monkeypatch.setattr(codec, "_now", lambda: real() + 3 * 10**9)
    load(team)
    parses.clear()
    load(team)
    assert files_parsed(parses) == []


def test_deleted_file_is_gone(team):
    load(team)
    (team.root / "contacts" / "wang.yaml").unlink()
    assert list(load(team).contacts) == ["ann-smith"]


def test_renamed_file_takes_the_new_id(team):
    load(team)
    os.rename(team.root / "contacts" / "wang.yaml", team.root / "contacts" / "wang-wei.yaml")
    folder = load(team)
    assert list(folder.contacts) == ["ann-smith", "wang-wei"]
    assert folder.contacts["wang-wei"].id == "wang-wei"
    assert folder.contacts["wang-wei"].name == "王经理"


def test_new_file_is_loaded(team, parses):
    load(team)
    team.contact("zhao", "name: 赵总\n")
    parses.clear()
    folder = load(team)
    assert files_parsed(parses) == ["zhao.yaml"]
    assert list(folder.contacts) == ["ann-smith", "wang", "zhao"]


def test_changed_settings_invalidate_everything(team, parses):
    load(team)
    (team.root / "pipetrack.yaml").write_text("owner: li-na\nsales_cycle_days: 30\n", encoding="utf-8")
    parses.clear()
    load(team)
    assert files_parsed(parses) == ["acme.yaml", "ann-smith.yaml", "wang.yaml"]


def test_newer_pipetrack_version_invalidates_everything(team, parses, monkeypatch):
    load(team)
    monkeypatch.setattr(codec, "__version__", "99.0.0")
    parses.clear()
    load(team)
    assert files_parsed(parses) == ["acme.yaml", "ann-smith.yaml", "wang.yaml"]
    parses.clear()
    load(team)
    assert files_parsed(parses) == []  # rebuilt for the new version


@pytest.mark.parametrize(
    "garbage",
    [
        b"",
        b"not a cache at all",
        cache.MAGIC + b"\x80\x05truncated",
        cache.MAGIC,
        pickle.dumps({"entries": 1}),
    ],
)
def test_corrupt_cache_is_ignored_and_rebuilt(team, parses, garbage):
    load(team)
    (team.root / CACHE_DIR / INDEX_FILE).write_bytes(garbage)
    parses.clear()
    folder = load(team)
    assert files_parsed(parses) == ["acme.yaml", "ann-smith.yaml", "wang.yaml"]
    assert list(folder.contacts) == ["ann-smith", "wang"]
    parses.clear()
    load(team)
    assert files_parsed(parses) == []


def test_truncated_cache_is_ignored(team, parses):
    load(team)
    base = team.root / CACHE_DIR / INDEX_FILE
    base.write_bytes(base.read_bytes()[:4096])  # the schema page only
    parses.clear()
    assert load(team).contacts["wang"].name == "王经理"
    assert files_parsed(parses) == ["acme.yaml", "ann-smith.yaml", "wang.yaml"]


class _Planted:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_planted_cache_cannot_run_code(team, tmp_path):
    load(team)
    marker = tmp_path / "pwned"
    header = cache.identity(cache.settings_bytes(team.root), team.root / CACHE_DIR)
    header["token"] = "x"
    data = cache.MAGIC + pickle.dumps(header) + pickle.dumps({"contacts/wang.yaml": _Planted(str(marker))})
    (team.root / CACHE_DIR / INDEX_FILE).write_bytes(data)
    folder = load(team)
    assert not marker.exists()
    assert folder.contacts["wang"].name == "王经理"


@pytest.mark.parametrize("entry", [5, ("key", "record"), (None,), "path"])
def test_cache_of_the_wrong_shape_is_not_served(team, entry):
    load(team)
    path = team.root / "contacts" / "wang.yaml"
    st = path.stat()
    header = cache.identity(cache.settings_bytes(team.root), team.root / CACHE_DIR)
    header["token"] = "x"
    if entry == "path":  # the right key, but not a contact
        entry = ((st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino), datetime.date(2026, 1, 1))
    data = cache.MAGIC + pickle.dumps(header) + pickle.dumps({"contacts/wang.yaml": entry})
    (team.root / CACHE_DIR / INDEX_FILE).write_bytes(data)
    folder = load(team)
    assert folder.contacts["wang"].name == "王经理"


def test_unwritable_cache_folder_is_not_an_error(team):
    (team.root / CACHE_DIR).write_text("a file where the folder should be")
    folder = load(team)
    assert list(folder.contacts) == ["ann-smith", "wang"]


# --- problems -------------------------------------------------------------------


def test_bad_files_are_reported_on_every_run(team):
    team.contact("bad", "name: Bob\nstage: fifty\n")
    (team.root / "contacts" / "wang.yml").write_text(WANG, encoding="utf-8")
    first = load(team)
    second = load(team)
    assert (
        [str(p) for p in second.problems]
        == [str(p) for p in first.problems]
        == [
            "contacts/bad.yaml:2: stage: 'fifty' is not a stage "
            "(opportunity, first-meeting, 25%, 50%, 90%, closed, lost)",
            "contacts/wang.yml: duplicate id 'wang': another file has the same name",
        ]
    )
    assert list(second.contacts) == ["ann-smith", "wang"]


def test_file_that_turns_bad_is_reported_not_served_from_cache(team):
    load(team)
    team.contact("wang", "name: 王经理\nstage: fifty\n")
    folder = load(team)
    assert "wang" not in folder.contacts
    assert [str(p) for p in folder.problems] == [
        "contacts/wang.yaml:2: stage: 'fifty' is not a stage (opportunity, first-meeting, 25%, 50%, 90%, "
        "closed, lost)"
    ]


# --- through the CLI --------------------------------------------------------------


def _edit_in_same_tick(path, old, new):
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    assert len(old.encode()) == len(new.encode())
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_cli_check_sees_an_edit_in_the_same_second(team, coarse_clock):
    path = team.root / "contacts" / "wang.yaml"
    first = team.run("check")
    assert first.exit_code == 0, first.stderr
    assert first.stdout == ""
    _edit_in_same_tick(path, "stage: 25%\n", "stage: 2x%\n")
    second = team.run("check")
    assert second.exit_code == 1
    assert second.stdout == (
        f"{path}:3: stage: '2x%' is not a stage (opportunity, first-meeting, 25%, 50%, 90%, closed, lost)\n"
    )


def test_cli_show_sees_an_edit_in_the_same_second(team, coarse_clock):
    path = team.root / "contacts" / "wang.yaml"
    first = team.run("show", "wang", "--format", "json")
    assert first.exit_code == 0, first.stderr
    assert '"stage": "25%"' in first.stdout
    _edit_in_same_tick(path, "stage: 25%\n", "stage: fm \n")
    second = team.run("show", "wang", "--format", "json")
    assert second.exit_code == 0, second.stderr
    assert '"stage": "first-meeting"' in second.stdout


def test_cli_warm_show_and_no_cache(team):
    assert team.run("show", "wang").exit_code == 0
    assert cache_files(team) == [INDEX_FILE]
    team.contact("wang", WANG.replace("name: 王经理", "name: 王经理二"))
    warm = team.run("show", "wang", "--format", "json")
    assert warm.exit_code == 0, warm.stderr
    assert '"name": "王经理二"' in warm.stdout
    clear_records(team)
    fresh = team.run("--no-cache", "show", "wang", "--format", "json")
    assert fresh.stdout == warm.stdout
    assert cache_files(team) == []


def test_store_and_cache_share_one_cache_dir():
    assert store.CACHE_DIR is cache.CACHE_DIR is fs.CACHE_DIR


# --- the cold path ------------------------------------------------------------------


def test_process_pool_gives_the_same_folder(team, monkeypatch):
    for i in range(12):
        team.contact(
            f"c{i:02d}",
            f"name: Contact {i}\nstage: {'fifty' if i == 7 else '25%'}\nfirst_meeting: "
            f"2026-11-0{i % 9 + 1}\n",
        )
    alone = load(team, use_cache=False)
    monkeypatch.setattr(pool, "POOL_MIN", 2)
    pooled = load(team, use_cache=False)
    assert list(pooled.contacts) == list(alone.contacts)
    assert [pooled.contacts[k] == alone.contacts[k] for k in alone.contacts] == [True] * len(alone.contacts)
    assert (
        [str(p) for p in pooled.problems]
        == [str(p) for p in alone.problems]
        == [
            "contacts/c07.yaml:2: stage: 'fifty' is not a stage (opportunity, first-meeting, 25%, 50%, 90%, "
            "closed, lost)"
        ]
    )
    assert list(pooled.accounts) == list(alone.accounts) == ["acme"]
    assert len(pooled.contacts) + len(pooled.accounts) == 14  # all but the bad file


def test_progress_hook_sees_every_parsed_file(team, monkeypatch):
    import contextlib

    seen: list[tuple[str, int]] = []

    @contextlib.contextmanager
    def bar(total):
        seen.append(("total", total))
        yield lambda n: seen.append(("advance", n))

    for i in range(150):
        team.contact(f"c{i:03d}", f"name: Contact {i}\n")
    monkeypatch.setattr(pool, "PROGRESS_MIN", 100)
    load(team, progress=bar)
    assert seen == [("total", 153), ("advance", 100)]
    seen.clear()
    load(team, progress=bar)
    assert seen == []  # warm: nothing to parse, no bar


def test_bad_names_and_outside_links_are_reported_cold_and_warm(team, tmp_path):
    (team.root / "contacts" / "Bad Name.yaml").write_text("name: X\n", encoding="utf-8")
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("name: Outsider\n", encoding="utf-8")
    (team.root / "contacts" / "link.yaml").symlink_to(outside)
    (team.root / "contacts" / "inner.yaml").symlink_to(team.root / "contacts" / "wang.yaml")
    expected = [
        "contacts/Bad Name.yaml: file name 'Bad Name' is not a valid id (lowercase a-z, 0-9 and '-')",
        "contacts/link.yaml: symbolic link to outside the data folder; ignored",
    ]
    cold, warm = load(team), load(team)
    assert [str(p) for p in cold.problems] == [str(p) for p in warm.problems] == expected
    assert list(warm.contacts) == ["ann-smith", "inner", "wang"]
    assert warm.contacts["inner"].name == "王经理"


def test_copies_of_cached_records_do_not_touch_each_other(team):
    team.contact(
        "li",
        "name: 李四\naccount: acme\nstage: 25%\nfirst_meeting: 2026-11-02\ncriteria:\n  right_person: true\n"
        "history:\n  - {date: 2026-11-01, stage: opportunity}\n"
        "activities:\n  - {date: 2026-11-02, kind: meeting, note: 聊了十分钟}\nmood: rainy\n",
    )
    load(team)
    warm = load(team)
    wang, li = warm.contacts["wang"], warm.contacts["li"]
    before = set(li.model_fields_set)
    moved = wang.model_copy(update={"lost_reason": "budget cut"})
    assert moved.lost_reason == "budget cut" and wang.lost_reason is None
    assert li.model_fields_set == before
    assert "lost_reason" not in wang.model_fields_set
    assert li.model_extra == {"mood": "rainy"} and wang.model_extra == {"mood": "sunny"}


# --- the deal list for one-contact commands -------------------------------------

CLOSED = """\
name: Closed Co
stage: closed
created: 2026-09-01
first_meeting: 2026-09-05
signed: 2026-09-21
paid: 2026-09-22
value: 1000
"""


def test_deal_list_serves_the_cycle_until_any_file_changes(team):
    team.contact("done", CLOSED)
    assert Store(team.root, cwd=team.root).closed_deals() is None  # no full load yet
    load(team)
    deals, bad = Store(team.root, cwd=team.root).closed_deals()
    assert [c.id for c in deals] == ["done"] and bad == []
    team.contact("ann-smith", SMITH + "title: CEO\n")  # any edit, even of another file
    assert Store(team.root, cwd=team.root).closed_deals() is None
    load(team)
    assert [c.id for c in Store(team.root, cwd=team.root).closed_deals()[0]] == ["done"]
    (team.root / "contacts" / "done.yaml").unlink()
    assert Store(team.root, cwd=team.root).closed_deals() is None


def test_deal_list_of_racily_clean_files_checks_their_bytes(team, monkeypatch):
    """Files written just now may change again within the same timestamp tick
    and keep their key: the deal list keeps the hash of the bytes it parsed."""
    team.contact("done", CLOSED)
    monkeypatch.setattr(codec, "_now", time.time_ns)  # the files were written just now
    load(team)
    keys = Store(team.root, cwd=team.root).file_keys()
    assert [c.id for c in cache.load_deals(team.root, cache.settings_bytes(team.root), keys)[0]] == ["done"]
    path = team.root / "contacts" / "done.yaml"
    path.write_bytes(path.read_bytes().replace(b"stage: closed", b"stage: 90%   "))  # same size
    assert cache.load_deals(team.root, cache.settings_bytes(team.root), keys) is None


def test_deal_list_needs_every_racily_clean_file_parsed(team, monkeypatch):
    """A racily clean file served from the record cache has no hash of its bytes: no deal list."""
    team.contact("done", CLOSED)
    load(team)  # cached, 10 s "later"
    (team.root / CACHE_DIR / DEALS_FILE).unlink()
    monkeypatch.setattr(codec, "_now", time.time_ns)  # now the same files count as just written
    load(team)
    assert not (team.root / CACHE_DIR / DEALS_FILE).exists()


def test_show_uses_a_cycle_that_follows_an_edit_of_a_closed_deal(team):
    for i, signed in enumerate(("2026-09-21", "2026-09-21", "2026-09-21")):
        team.contact(f"done{i}", CLOSED.replace("2026-09-21", signed))
    assert json.loads(team.run("show", "wang", "--format", "json").stdout)["sales_cycle_days"] == 20
    team.contact("done0", CLOSED.replace("signed: 2026-09-21", "signed: 2026-10-11"))
    assert json.loads(team.run("show", "wang", "--format", "json").stdout)["sales_cycle_days"] == 27


# --- the journal of pipetrack's own writes ---------------------------------------


def deal_ids(folder) -> list[str] | None:
    found = Store(folder.root, cwd=folder.root).closed_deals()
    return None if found is None else sorted(c.id for c in found[0])


def test_own_writes_keep_the_deal_list_valid(team, monkeypatch):
    """move, log and add are journaled: the next show needs no full load, and its
    deal list is what a full load would give."""
    team.contact("done", CLOSED)
    load(team)
    for args in (
        ["log", "wang", "call", "--outcome", "connected"],
        ["add", "contact", "赵总", "--id", "zhao"],
        ["move", "ann-smith", "lost", "--reason", "no budget"],
        ["move", "zhao", "closed", "--date", "2026-11-20", "--force"],
    ):
        assert team.run(*args).exit_code == 0, args
        assert deal_ids(team) is not None, args
    assert deal_ids(team) == ["done", "zhao"]
    full = Store(team.root, cwd=team.root).load(use_cache=False)
    assert deal_ids(team) == sorted(c.id for c in closed_deals(full.contacts.values()))

    def no_full_load(*args, **kwargs):
        raise AssertionError("show loaded the whole folder")

    monkeypatch.setattr(Store, "load", no_full_load)
    assert team.run("show", "wang").exit_code == 0


def test_journaled_write_to_a_yml_contact_counts_its_deal_once(team):
    """A contact kept as `.yml` is the same deal before and after our write."""
    (team.root / "contacts" / "done.yml").write_text(CLOSED, encoding="utf-8")
    load(team)
    assert deal_ids(team) == ["done"]
    assert team.run("log", "done", "call").exit_code == 0
    assert deal_ids(team) == ["done"]


def test_journal_sees_an_edit_with_the_same_key(team):
    """A change right after our write, within the same timestamp tick, keeps the
    key: the hash of the bytes written tells."""
    load(team)
    assert team.run("log", "wang", "call").exit_code == 0
    keys = Store(team.root, cwd=team.root).file_keys()
    assert cache.load_deals(team.root, cache.settings_bytes(team.root), keys) == ([], [])
    path = team.root / "contacts" / "wang.yaml"
    path.write_bytes(path.read_bytes().replace(b"stage: 25%", b"stage: 50%"))
    assert cache.load_deals(team.root, cache.settings_bytes(team.root), keys) is None


def test_journal_with_a_foreign_edit_between_our_writes_is_not_used(team):
    load(team)
    assert team.run("log", "wang", "call").exit_code == 0
    team.contact("wang", WANG.replace("mood: sunny", "mood: rainy"))  # an editor, between two of our writes
    assert team.run("log", "wang", "call").exit_code == 0
    assert deal_ids(team) is None


@pytest.mark.parametrize("garbage", [b"\x10\x00", b"\x05\x00\x00\x00abcde", b"\xff\xff\xff\x00" + b"x" * 8])
def test_torn_or_foreign_journal_is_not_used(team, garbage):
    team.contact("done", CLOSED)
    load(team)
    assert team.run("log", "wang", "call").exit_code == 0
    assert deal_ids(team) == ["done"]
    with open(team.root / CACHE_DIR / cache.JOURNAL_FILE, "ab") as fh:
        fh.write(garbage)
    assert deal_ids(team) is None
    load(team)  # a full load starts a new deal list and an empty journal
    assert deal_ids(team) == ["done"] and not (team.root / CACHE_DIR / cache.JOURNAL_FILE).exists()


def test_show_from_the_deal_list_still_warns_about_unreadable_files(team):
    team.contact("done", CLOSED)
    (team.root / "contacts" / "broken.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    load(team)
    assert deal_ids(team) == ["done"]  # served without a full load …
    shown, full = team.run("show", "wang"), team.run("--no-cache", "show", "wang")
    assert shown.exit_code == full.exit_code == 0
    assert shown.stderr == full.stderr  # … with the same warning as a full load
    assert "1 file(s) could not be read and are left out:" in shown.stderr and "broken.yaml" in shown.stderr
    by_name = team.run("show", "王经理")  # a name: the folder is loaded to find it, and warns once
    assert by_name.exit_code == 0 and by_name.stderr.count("could not be read") == 1
    (team.root / "contacts" / "Bad Name.yaml").write_text("name: X\n", encoding="utf-8")
    assert deal_ids(team) is None  # any new file, even one with a bad name, needs a full load
    assert team.run("show", "wang").stderr.count("could not be read") == 1


def test_a_file_name_that_is_not_utf8_is_warned_about_never_a_traceback(team):
    team.contact("done", CLOSED)
    os.close(
        os.open(os.path.join(os.fsencode(team.root / "contacts"), b"caf\xe9.yaml"), os.O_CREAT | os.O_WRONLY)
    )
    for args in (["pipeline"], ["show", "wang"], ["show", "wang"]):
        result = team.run(*args)
        assert result.exit_code == 0 and "Traceback" not in result.stderr, (args, result.stderr)
        assert "could not be read" in result.stderr


@pytest.mark.parametrize(
    "entry",
    [
        {"base": None},
        {"rel": ["x"]},
        {
            "rel": "contacts/wang.yaml",
            "old": None,
            "new": (1, 2, 3, 4),
            "sha": b"",
            "deal": datetime.date(2026, 1, 1),
        },
    ],
)
def test_a_malformed_journal_entry_means_a_full_load_not_a_traceback(team, entry):
    team.contact("done", CLOSED)
    load(team)
    identity = cache.identity(cache.settings_bytes(team.root), team.root / CACHE_DIR)
    token = cache.read_cache_file(team.root / CACHE_DIR / DEALS_FILE, identity, body=False)[0]["token"]
    blob = pickle.dumps({**entry, "base": token})
    with open(team.root / CACHE_DIR / cache.JOURNAL_FILE, "ab") as fh:
        fh.write(len(blob).to_bytes(4, "little") + blob)
    assert deal_ids(team) is None
    shown = team.run("show", "wang")
    assert shown.exit_code == 0 and "Traceback" not in shown.stderr


def test_unreadable_list_follows_our_own_writes(team):
    team.contact("done", CLOSED)
    team.contact("zhao", "name: 赵总\nstage: opportunity\nactivities: oops\n")
    load(team)
    assert "zhao.yaml" in team.run("show", "wang").stderr
    (team.root / "contacts" / "zhao.yaml").write_text("name: 赵总\nstage: opportunity\n", encoding="utf-8")
    load(team)  # fixed by hand: a full load starts a new list
    assert team.run("log", "zhao", "call").exit_code == 0
    assert team.run("show", "wang").stderr == ""
    team.contact("li", "name: Li\n")
    (team.root / "contacts" / "li.yml").write_text("name: Li twin\n", encoding="utf-8")
    load(team)
    assert team.run("add", "contact", "Sun", "--id", "sun").exit_code == 0
    assert deal_ids(team) is not None
    (team.root / "contacts" / "sun.yml").write_text("name: Sun twin\n", encoding="utf-8")
    assert deal_ids(team) is None  # a new twin: only a full load reports it


def test_a_dangling_link_does_not_disable_the_deal_list(team):
    team.contact("done", CLOSED)
    os.symlink(team.root / "nowhere.yaml", team.root / "contacts" / "gone.yaml")
    shown = team.run("pipeline")  # one broken link never stops the rest
    assert shown.exit_code == 0 and "gone.yaml" in shown.stderr and "Traceback" not in shown.stderr
    assert deal_ids(team) == ["done"]


# --- issue 15, item 9: the cache never follows a link nor reads what is not its own ----------


def test_a_committed_link_named_like_the_cache_is_never_written_through(team, tmp_path, parses):
    """A teammate can commit a link named .pipetrack-cache: every clone would write its
    cache (and undo journal) through it, and read whatever it points at."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, team.root / CACHE_DIR)
    for _ in range(2):
        folder = load(team)
        assert sorted(folder.contacts) == ["ann-smith", "wang"]
    assert list(elsewhere.iterdir()) == []
    # nothing is cached through the link: the second load parses every file again
    assert files_parsed(parses) == sorted(["acme.yaml", "ann-smith.yaml", "wang.yaml"] * 2)
    assert team.run("log", "wang", "call").exit_code == 0  # a write: deal-list journal, undo journal
    assert team.run("undo", "--list").exit_code == 0
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize("name", [INDEX_FILE, DEALS_FILE, "undo/00000001.json"])
def test_a_cache_file_that_is_a_link_or_a_pipe_is_not_read(team, tmp_path, name):
    import subprocess
    import sys

    assert team.run("log", "wang", "call").exit_code == 0  # a cache, a deal list and an undo entry
    load(team)
    target = team.root / CACHE_DIR / name
    assert target.is_file()
    target.unlink()
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    if name == INDEX_FILE:
        os.symlink("/dev/stdin", target)
    else:
        os.mkfifo(target)
    # stdin is a pipe nobody writes to: reading it (or the fifo in the cache) would hang
    command = ["undo", "--list"] if name.startswith("undo") else ["show", "wang"]
    proc = subprocess.run(
        [sys.executable, "-m", "pipetrack", "--data", str(team.root), "--today", "2026-11-23", *command],
        stdin=open(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK), "rb"),  # noqa: SIM115
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert proc.returncode == 0, proc.stderr


def test_cache_files_that_came_from_another_folder_are_ignored(team, tmp_path):
    """A cache force-added to git and pulled into a clone: the clone's cache
    folder is another folder (its inode), so those files are not its cache."""
    import shutil

    load(team)
    clone = tmp_path / "clone"
    shutil.copytree(team.root, clone, symlinks=True)
    assert len(cache.Index(team.root, cache.settings_bytes(team.root)).read()) == 3
    assert cache.Index(clone, cache.settings_bytes(clone)).read() == {}
    theirs = cache.identity(cache.settings_bytes(clone), clone / CACHE_DIR)
    assert cache.read_cache_file(clone / CACHE_DIR / DEALS_FILE, theirs) is None
