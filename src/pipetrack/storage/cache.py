"""The record cache: validated contacts and accounts, reused while their files are unchanged.

A warm run only stats files. Each cached record is keyed by its file's path
relative to the data folder and ``(size, mtime_ns, ctime_ns, inode)`` taken
*before* the file was read; a record is served only when the file's key is the
same now. The cache as a whole is tied to the pipetrack version, the cache
format, the pydantic and Python versions and the bytes of ``pipetrack.yaml``:
any difference and it is ignored and rebuilt.

Never stale:

* a file whose mtime or ctime is within ``RACY_NS`` of the moment the cache is
  written is not stored ("racily clean", as git does): an edit in the same
  timestamp tick could keep its key, so such a file is parsed again next time;
* deleted, renamed and new files are found by listing the folder every run;
  only files that exist are looked up;
* a corrupt, truncated, foreign or unreadable cache is ignored (and rebuilt),
  never a traceback.

Layout (``<data>/.pipetrack-cache/``, git-ignored by ``pipetrack init``):
``records.pickle`` holds every record of the last full write; ``delta.pickle``
holds the records that changed since, so that one edited file costs a small
write, not the whole folder. Both are replaced atomically. The delta names the
base it extends; a delta of another base is ignored.

The deal list (``deals.pickle``): the closed contacts of the last full load
with a fingerprint of every file's key, so ``show`` and ``move`` get the sales
cycle from a stat of the folder instead of a load. ``deals.journal`` records
pipetrack's own writes since (old key, new key, hash of the bytes written, the
contact's deal entry); anything else that changed a file sends the next
one-contact command to a full load, which starts a new deal list.

Format: pickle, read with an allow-list unpickler (only pipetrack's models,
``datetime`` types and a rebuild function can be named, so a planted cache file
cannot run code). Models are stored as their instance state and rebuilt without
re-validation, about twice as fast as pydantic's own pickling and ~20x faster
than parsing the YAML again (see bench/README.md for the measurements).
"""

from __future__ import annotations

import contextlib
import datetime
import enum
import gc
import hashlib
import io
import os
import pickle
import secrets
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pipetrack import __version__

FORMAT = 2  # 2: the body is a sequence of dict chunks ended by None
CACHE_DIR = ".pipetrack-cache"
BASE_FILE = "records.pickle"
DELTA_FILE = "delta.pickle"
#: The closed deals of a folder whose files have all settled: the sales cycle
#: for the one-contact commands (show, move) without loading every record.
DEALS_FILE = "deals.pickle"
#: pipetrack's own writes since the deal list was saved (move, log, add, review
#: --apply), so the next one-contact command need not load the whole folder.
JOURNAL_FILE = "deals.journal"
#: A longer journal is ignored (the next full load starts a new deal list).
JOURNAL_MAX = 1000
MAGIC = b"pipetrack-cache\n"
#: Files changed this close to the cache write are not cached (racily clean).
RACY_NS = 2_000_000_000
#: The delta is folded into a new base when it holds more than this many
#: records, or more than this share of the base.
DELTA_MAX = 200
DELTA_SHARE = 0.1

#: (size, mtime_ns, ctime_ns, inode) of a file, taken before reading it.
Key = tuple[int, int, int, int]


def _now() -> int:
    """Wall-clock nanoseconds (a seam for tests: "the cache is written later")."""
    return time.time_ns()


def file_key(entry: os.DirEntry | Path) -> Key | None:
    """The key of a file, following symlinks (of the link itself when it leads
    nowhere); None when it cannot be stat'ed at all."""
    try:
        st = entry.stat()
    except OSError:
        try:
            st = entry.stat(follow_symlinks=False) if isinstance(entry, os.DirEntry) else entry.lstat()
        except OSError:
            return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


@contextlib.contextmanager
def gc_paused(freeze: bool = False) -> Iterator[None]:
    """Pause the cyclic garbage collector while building many objects.

    Loading a folder allocates hundreds of thousands of objects and no cycles;
    the collector's repeated passes over them cost ~20% of a cold load. With
    ``freeze``, what exists at the end is moved out of the collector's sight
    for good (``gc.freeze``): the records live as long as the command, and the
    first collections after a load would otherwise walk all of them again
    (measured: the reports of a 10k folder ran in 0.4 s instead of 0.7 s).
    Objects are still freed when no longer referenced.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
        if freeze:
            gc.freeze()
    finally:
        if was:
            gc.enable()


# --- rebuilding models without re-validation --------------------------------

_new = object.__new__
_set = object.__setattr__


def _rebuild(cls: type, state: dict, extra: dict | None, fields_set: set) -> Any:
    # The same four slots pydantic's own __setstate__ restores, without the
    # per-object Python call chain of copyreg.__newobj__ + __setstate__.
    obj = _new(cls)
    _set(obj, "__dict__", state)
    _set(obj, "__pydantic_extra__", extra)
    _set(obj, "__pydantic_fields_set__", fields_set)
    _set(obj, "__pydantic_private__", None)
    return obj


def _models() -> dict[str, type]:
    from pipetrack.domain import models

    return {
        name: obj
        for name, obj in vars(models).items()
        if isinstance(obj, type)
        and (issubclass(obj, models.Record) or obj in (models.Stage, models.DealFacts, models.HistoryFact))
    }


_SHARED = (str, datetime.date, datetime.datetime)


class _Pickler(pickle.Pickler):
    """Pickles models as their slots; equal texts, dates and fields-sets are stored once.

    Sharing them (the pickle memo then refers back to the first) makes a
    loaded record ~35% smaller and faster to load: a 14-name fields-set alone
    is 728 bytes, and most records have the same ones. Records pickled or
    loaded from the cache therefore share those sets (the pickled ones are
    changed in place to the shared copies): treat records as read-only
    (pipetrack changes files through ``Store.edit``, never by assigning to a
    record).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._canon: dict[Any, Any] = {}

    def reducer_override(self, obj: Any) -> Any:
        fields_set = getattr(obj, "__pydantic_fields_set__", None)
        if fields_set is None or getattr(obj, "__pydantic_private__", None) is not None:
            if isinstance(obj, enum.Enum):
                # By value, as Python 3.11.7 and later do: earlier 3.11 releases
                # pickle a member as getattr(cls, name), which the loader refuses.
                return type(obj), (obj._value_,)
            return NotImplemented
        canon = self._canon
        # In place: the record in memory shares them too, and no copy of its
        # state lives on in the pickle memo until the dump ends (a 50k-folder
        # cache write held ~350 MB of such copies).
        state = obj.__dict__
        for k, v in state.items():
            if type(v) in _SHARED:
                first = canon.setdefault(v, v)  # a date never equals a datetime or a text
                if first is not v:
                    state[k] = first
        names = frozenset(fields_set)
        shared = canon.get(names)
        if shared is None:
            shared = canon[names] = set(fields_set)
        if shared is not fields_set:
            _set(obj, "__pydantic_fields_set__", shared)
        return _rebuild, (type(obj), state, obj.__pydantic_extra__, shared)


class _Unpickler(pickle.Unpickler):
    """Names only what a cache of ours can hold; anything else is a foreign file."""

    _allowed: dict[tuple[str, str], Any] | None = None

    def find_class(self, module: str, name: str) -> Any:
        allowed = _Unpickler._allowed
        if allowed is None:
            allowed = {("pipetrack.domain.models", n): cls for n, cls in _models().items()}
            allowed[(__name__, "_rebuild")] = _rebuild
            for n in ("date", "datetime", "time", "timedelta", "timezone"):
                allowed[("datetime", n)] = getattr(datetime, n)
            allowed[("builtins", "set")] = set
            allowed[("builtins", "frozenset")] = frozenset
            _Unpickler._allowed = allowed
        try:
            return allowed[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a pipetrack cache") from None


#: Records per pickle of a cache file: the pickler remembers every object of a
#: dump until it ends (a 50k folder's single dump held ~250 MB at its peak).
CHUNK = 2000


def _dumps(header: dict, body: dict) -> Callable[[Any], None]:
    """A cache file's contents, written straight into the file: the header,
    then ``body`` as dicts of at most CHUNK items, then None."""

    def write(fh: Any) -> None:
        fh.write(MAGIC)
        pickle.dump(header, fh, protocol=5)
        pickler = _Pickler(fh, protocol=5)  # its shared texts and sets carry over from chunk to chunk
        items = list(body.items())
        for start in range(0, len(items), CHUNK):
            pickler.dump(dict(items[start : start + CHUNK]))
            pickler.clear_memo()
        pickler.dump(None)

    return write


# --- the cache ----------------------------------------------------------------


def _identity(settings_bytes: bytes) -> dict[str, Any]:
    """What a cache must match to be used at all."""
    import pydantic

    return {
        "format": FORMAT,
        "pipetrack": __version__,
        "pydantic": pydantic.VERSION,
        "python": f"{sys.implementation.name}-{sys.version_info[0]}.{sys.version_info[1]}",
        "settings": hashlib.sha256(settings_bytes).hexdigest(),
    }


class RecordCache:
    """The records of one data folder as of the last run; see the module docstring.

    ``entries`` maps a path relative to the data folder (``contacts/x.yaml``)
    to ``(key, record)``. Look records up with :meth:`get`, report parsed files
    with :meth:`put`, and call :meth:`save` once at the end.
    """

    def __init__(self, root: Path, settings_bytes: bytes):
        self.folder = Path(root) / CACHE_DIR
        self.identity = _identity(settings_bytes)
        self.entries: dict[str, tuple[Key, Any]] = {}
        self.base: dict[str, tuple[Key, Any]] = {}
        self.base_token: str | None = None
        self.delta: dict[str, tuple[Key, Any]] = {}
        self.fresh: dict[str, tuple[Key, Any]] = {}
        self.seen: set[str] = set()
        self._read()

    # reading

    def _read_file(self, name: str) -> tuple[dict, Any] | None:
        return _read_cache_file(self.folder / name, self.identity)

    def _read(self) -> None:
        base = self._read_file(BASE_FILE)
        if base is None:
            return
        header, entries = base
        self.base_token = header.get("token")
        self.base = self.entries = entries
        delta = self._read_file(DELTA_FILE)
        if delta is not None and delta[0].get("base") == self.base_token:
            self.delta = delta[1]
            self.entries = {**entries, **delta[1]}

    def get(self, rel: str, key: Key | None, model: type | None = None) -> Any | None:
        """The cached record of a file whose key is unchanged (and of ``model``), else None."""
        self.seen.add(rel)
        hit = self.entries.get(rel)
        if key is None or type(hit) is not tuple or len(hit) != 2 or hit[0] != key:
            return None
        return hit[1] if model is None or type(hit[1]) is model else None

    def put(self, rel: str, key: Key | None, record: Any) -> None:
        """A record parsed this run from a file that had ``key`` before it was read."""
        if key is not None:
            self.fresh[rel] = (key, record)

    # writing

    def save(self) -> None:
        """Store what changed; a no-op on a warm run. Failures are silent (it is a cache)."""
        cutoff = _now() - RACY_NS
        fresh = {rel: v for rel, v in self.fresh.items() if v[0][1] < cutoff and v[0][2] < cutoff}
        dead = sum(rel not in self.seen for rel in self.base)
        limit = max(DELTA_MAX, DELTA_SHARE * len(self.base))
        if not fresh and dead <= limit:
            return  # deleted files' entries are harmless: only existing files are looked up
        delta = {**{r: v for r, v in self.delta.items() if r in self.seen}, **fresh}
        try:
            self.folder.mkdir(exist_ok=True)
            if self.base_token is not None and len(delta) <= limit and dead <= limit:
                _write(self.folder / DELTA_FILE, _dumps({**self.identity, "base": self.base_token}, delta))
            else:
                live = {rel: v for rel, v in self.entries.items() if rel in self.seen}
                header = {**self.identity, "token": secrets.token_hex(8)}
                _write(self.folder / BASE_FILE, _dumps(header, {**live, **fresh}))
                with contextlib.suppress(OSError):
                    os.unlink(self.folder / DELTA_FILE)
        except Exception:
            pass


def _read_cache_file(path: Path, identity: dict[str, Any], body: bool = True) -> tuple[dict, Any] | None:
    """``(header, entries)`` of a cache file of this identity (entries None without
    ``body``: a header costs no more than its own bytes); None for anything else."""
    try:
        fh = open(path, "rb")  # noqa: SIM115 - streamed: no second copy in memory
    except OSError:
        return None
    try:
        with fh:
            if fh.read(len(MAGIC)) != MAGIC:
                return None
            header = _Unpickler(fh).load()
            if not isinstance(header, dict) or {k: header.get(k) for k in identity} != identity:
                return None
            if not body:
                return header, None
            entries: dict = {}
            while (chunk := _Unpickler(fh).load()) is not None:
                if not isinstance(chunk, dict):
                    return None
                entries.update(chunk)
    except Exception:  # a corrupt, truncated or foreign file is simply not a cache
        return None
    return header, entries


def _keys_digest(keys: dict[str, Key | None]) -> str:
    """One fingerprint of every file's name and key, so the deal list stays small
    to read: sha256 of the names, then Python's hash of the keys (integers hash
    the same in every process, unlike text). ~9 ms for 11,000 files."""
    names = sorted(keys)
    unknown = (-1, -1, -1, -1)
    digest = hashlib.sha256("\0".join(names).encode("utf-8", "surrogateescape"))  # any file name
    digest.update(hash(tuple([keys[name] or unknown for name in names])).to_bytes(8, "little", signed=True))
    return digest.hexdigest()


def save_deals(
    root: Path,
    settings_bytes: bytes,
    keys: dict[str, Key | None],
    closed: Callable[[], list],
    read: dict[str, bytes | None],
    bad: list[str],
) -> None:
    """Remember the closed deals with a fingerprint of the key of every file.

    An unchanged listing of keys later proves the deals are still the same,
    except for a file changed within RACY_NS of now ("racily clean": an edit in
    the same timestamp tick could keep its key): for those, the hash of the
    bytes parsed (``read``: sha256 by file, of this load's parses) is kept and
    checked. ``bad`` names the files that could not be read (for the warning
    of a one-contact command). A new deal list starts an empty journal (see
    :func:`note_write`).
    """
    cutoff = _now() - RACY_NS
    racy = {rel: read.get(rel) for rel, k in keys.items() if k is None or k[1] >= cutoff or k[2] >= cutoff}
    if any(k is None for k in keys.values()) or None in racy.values():
        return
    folder = Path(root) / CACHE_DIR
    identity = _identity(settings_bytes)
    with contextlib.suppress(Exception):  # a cache that cannot be written is just not used
        digest = _keys_digest(keys)
        old = _read_cache_file(folder / DEALS_FILE, identity, body=False)  # a warm run reads no deals
        if (
            old is not None
            and old[0].get("keys") == digest
            and old[0].get("token")
            and not racy
            and not old[0].get("racy")
            and not (folder / JOURNAL_FILE).exists()
        ):
            return
        folder.mkdir(exist_ok=True)
        header = {**identity, "token": secrets.token_hex(8), "keys": digest, "racy": bool(racy)}
        _write(folder / DEALS_FILE, _dumps(header, {"closed": closed(), "racy": racy, "bad": bad}))
        with contextlib.suppress(FileNotFoundError):
            os.unlink(folder / JOURNAL_FILE)


def note_write(root: Path, rel: str, old: Key | None, new: Key | None, data: bytes, deal: Any) -> None:
    """Journal one of pipetrack's own writes (under the store's lock): the file's
    key before and after, a hash of the bytes written and, for a contact, its
    entry in the deal list (None when it is not a deal). Best effort: without a
    journal entry the next one-contact command loads the whole folder."""
    folder = Path(root) / CACHE_DIR
    # only onto a deal list of this pipetrack: another's writes are its business
    found = _read_cache_file(folder / DEALS_FILE, _identity(settings_bytes(root)), body=False)
    if found is None or new is None or not isinstance(found[0].get("token"), str):
        return
    header = found[0]
    entry = {
        "base": header["token"],
        "rel": rel,
        "old": old,
        "new": new,
        "sha": hashlib.sha256(data).digest(),
        "deal": deal,
    }
    buf = io.BytesIO()
    _Pickler(buf, protocol=5).dump(entry)
    blob = buf.getvalue()
    flags = (
        os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    )
    with contextlib.suppress(OSError):
        fd = os.open(folder / JOURNAL_FILE, flags, 0o644)
        try:
            os.write(fd, len(blob).to_bytes(4, "little") + blob)  # one append: a torn one spoils the journal
        finally:
            os.close(fd)


def _read_journal(path: Path, token: str) -> list[dict] | None:
    """The journal entries written on the deal list ``token``; None when it cannot be trusted."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        return []
    except OSError:
        return None
    entries, pos = [], 0
    try:
        while pos < len(data):
            size = int.from_bytes(data[pos : pos + 4], "little")
            if pos + 4 + size > len(data):
                return None  # a torn append
            entry = _Unpickler(io.BytesIO(data[pos + 4 : pos + 4 + size])).load()
            pos += 4 + size
            if not isinstance(entry, dict):
                return None
            if entry.get("base") == token:
                entries.append(entry)
            if len(entries) > JOURNAL_MAX:
                return None
    except Exception:
        return None
    return entries


def load_deals(
    root: Path, settings_bytes: bytes, keys: dict[str, Key | None]
) -> tuple[list, list[str]] | None:
    """The closed deals saved by the last full load, with pipetrack's own writes
    since (the journal) applied, and the files it could not read, if no file has
    changed otherwise; else None (also for anything malformed: it is a cache).

    A journaled file must still have the key it had after the write and the
    bytes written (a hash), so an edit in the same timestamp tick is seen too.
    """
    try:
        return _load_deals(Path(root), settings_bytes, keys)
    except Exception:
        return None


def _is_key(value: Any) -> bool:
    return value is None or (type(value) is tuple and len(value) == 4 and all(type(n) is int for n in value))


def _load_deals(
    root: Path, settings_bytes: bytes, keys: dict[str, Key | None]
) -> tuple[list, list[str]] | None:
    from pipetrack.domain.models import DealFacts

    folder = root / CACHE_DIR
    found = _read_cache_file(folder / DEALS_FILE, _identity(settings_bytes))
    if found is None:
        return None
    header, payload = found
    closed, racy, bad = payload.get("closed"), payload.get("racy") or {}, payload.get("bad") or []
    if (
        not isinstance(closed, list)
        or not all(isinstance(c, DealFacts) for c in closed)
        or not isinstance(racy, dict)
        or not isinstance(bad, list)
        or not all(isinstance(b, str) for b in bad)
    ):
        return None
    journal = _read_journal(folder / JOURNAL_FILE, header.get("token")) if header.get("token") else []
    if journal is None:
        return None
    first: dict[str, Key | None] = {}
    last: dict[str, dict] = {}
    for entry in journal:
        rel = entry.get("rel")
        if (
            not isinstance(rel, str)
            or rel not in keys
            or not _is_key(entry.get("old"))
            or not _is_key(entry.get("new"))
            or not isinstance(entry.get("sha"), bytes)
            or not (entry.get("deal") is None or isinstance(entry["deal"], DealFacts))
        ):
            return None
        if rel in last:
            if last[rel]["new"] != entry["old"]:
                return None  # changed by someone else between two writes of ours
        else:
            first[rel] = entry["old"]
        last[rel] = entry
    expected = dict(keys)
    for rel, entry in last.items():
        if keys.get(rel) != entry["new"]:
            return None
        stem = rel.rsplit(".", 1)[0]
        if any(other in keys for other in (f"{stem}.yaml", f"{stem}.yml") if other != rel):
            return None  # a twin file with the same id: a full load reports it
        if hashlib.sha256((root / rel).read_bytes()).digest() != entry["sha"]:
            return None
        if first[rel] is None:
            del expected[rel]
        else:
            expected[rel] = first[rel]
    if header.get("keys") != _keys_digest(expected):
        return None
    for rel, digest in racy.items():
        if rel not in last and hashlib.sha256((root / rel).read_bytes()).digest() != digest:
            return None  # (a journaled file's bytes were checked against the journal's hash)
    # the contacts written since, by id (their file may be a .yml)
    written = {
        os.path.splitext(rel)[0].split("/", 1)[1]: entry
        for rel, entry in last.items()
        if rel.startswith("contacts/")
    }
    closed = [c for c in closed if c.id not in written]
    closed += [entry["deal"] for entry in written.values() if entry["deal"] is not None]
    return closed, [b for b in bad if b not in last]  # a file we wrote since was readable


def _write(path: Path, data: Callable[[Any], None]) -> None:
    from pipetrack.storage.store import atomic_write

    atomic_write(path, data)


# --- the cold path: parsing many files ------------------------------------------

#: From this many files to parse, use a process per core (measured: 1.7x on 2
#: cores for 4,000 files; below ~1,000 the pool's start-up eats the gain).
POOL_MIN = 1000
#: From this many files to parse (about a second of work), show progress.
PROGRESS_MIN = 1000
#: Set by the CLI on a terminal: ``progress(total)`` returns a context manager
#: yielding ``advance(n)``. The store never imports Rich itself.
progress: Any = None

#: One file to parse: (kind, path, display path, id).
Job = tuple[str, str, str, str]
#: A parsed file: (record or None, the parsed mapping, problems, sha256 of the bytes read).
Parsed = tuple[Any, Any, list, bytes | None]


def parse_many(store: Any, jobs: list[Job], keep_raw: bool = False) -> list[Parsed]:
    """Parse and validate files: ``(record, mapping, problems, sha256)`` per job, in order.

    Many files are split over a process per core (fork only: a spawned
    interpreter would re-import everything); any failure of the pool falls
    back to parsing here.
    """
    if not jobs:
        return []
    bar = (
        progress(len(jobs))
        if progress is not None and len(jobs) >= PROGRESS_MIN
        else contextlib.nullcontext()
    )
    with bar as advance:
        workers = min(os.cpu_count() or 1, 8)
        if len(jobs) >= POOL_MIN and workers > 1 and sys.platform == "linux":
            try:
                return _parse_in_pool(store, jobs, workers, advance, keep_raw)
            except Exception:
                pass
        out = []
        for i, job in enumerate(jobs):
            out.append(_parse_job(store, job))
            if advance is not None and i % 100 == 99:
                advance(100)
        return out


def _parse_job(store: Any, job: Job) -> Parsed:
    from pipetrack.domain.errors import DataError, NotFoundError, Problem
    from pipetrack.storage.store import _model

    kind, path, rel, stem = job
    digest = None
    try:
        data = store.read_bytes(Path(path))
        digest = hashlib.sha256(data).digest()
        record, mapping = store._parse_file(_model(kind), data, rel, stem)
    except DataError as exc:
        return None, None, list(getattr(exc, "more", None) or [exc.problem]), digest
    except NotFoundError:  # a link to nothing, or removed since the listing
        return None, None, [Problem(rel, None, "does not exist (a broken link?)")], digest
    return record, mapping, [], digest


_pool_store: Any = None
_pool_keep_raw = False


def _parse_chunk(jobs: list[Job]) -> bytes:
    gc.disable()
    results = [_parse_job(_pool_store, job) for job in jobs]
    if not _pool_keep_raw:
        results = [(record, None, problems, digest) for record, _, problems, digest in results]
    buf = io.BytesIO()
    _Pickler(buf, protocol=5).dump(results)
    return buf.getvalue()


def _parse_in_pool(store: Any, jobs: list[Job], workers: int, advance: Any, keep_raw: bool) -> list[Parsed]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _pool_store, _pool_keep_raw
    _pool_store, _pool_keep_raw = store, keep_raw  # inherited by the forked workers
    size = max(50, min(500, len(jobs) // (workers * 4)))
    chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    out: list[Parsed] = []
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            for chunk, data in zip(chunks, pool.map(_parse_chunk, chunks)):
                out.extend(pickle.loads(data))
                if advance is not None:
                    advance(len(chunk))
    finally:
        _pool_store = None
    return out


def settings_bytes(root: Path) -> bytes:
    try:
        with open(Path(root) / "pipetrack.yaml", "rb") as fh:
            return fh.read()
    except OSError:
        return b""


def clear(root: Path) -> None:
    """Remove the cache files (the folder and its lock file stay)."""
    for name in (BASE_FILE, DELTA_FILE):
        with contextlib.suppress(OSError):
            os.unlink(Path(root) / CACHE_DIR / name)
