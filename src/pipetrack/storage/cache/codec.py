"""The cache's file format: a pickle codec that cannot run code, and the files' identity.

Format: a magic line, a header dict (the identity: the cache folder's device
and inode, pipetrack, cache format, pydantic and Python versions, a hash of
``pipetrack.yaml``; plus the file's own fields), then the body as dict chunks ended by None. Read with an
allow-list unpickler: only pipetrack's models, ``datetime`` types and a rebuild
function can be named, so a planted cache file cannot run code. Models are
stored as their instance state and rebuilt without re-validation, about twice
as fast as pydantic's own pickling and ~20x faster than parsing the YAML again
(see bench/README.md for the measurements).

Modules of this package read ``codec._now``, ``codec.RACY_NS`` and
``codec.file_key`` at call time, so a test can change them in one place.
"""

from __future__ import annotations

import contextlib
import datetime
import enum
import hashlib
import os
import pickle
import stat
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, Any

from pipetrack import __version__
from pipetrack.storage.fs import atomic_write, open_regular, remove_dead_temps

FORMAT = 3  # 2: the body is a sequence of dict chunks ended by None; 3: rebuilt by cache.codec
MAGIC = b"pipetrack-cache\n"
#: Files changed this close to the cache write are not cached (racily clean).
RACY_NS = 2_000_000_000

#: (size, mtime_ns, ctime_ns, inode) of a file, taken before reading it.
Key = tuple[int, int, int, int]
#: A cache file's header: its identity and its own fields (token, base, keys).
Header = dict[str, Any]


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


def settings_bytes(root: Path) -> bytes:
    """The bytes of ``pipetrack.yaml`` and of the folder's own method files (part of every
    cache file's identity: a method file decides which stage words a contact file may hold)."""
    from pipetrack.storage.methods import folder_bytes

    try:
        with open(Path(root) / "pipetrack.yaml", "rb") as fh:
            data = fh.read()
    except OSError:
        data = b""
    own = folder_bytes(root)
    return data + b"\0methods\0" + own if own else data


def folder_id(folder: Path) -> str | None:
    """The cache folder's device and inode when it is a real folder: never a link
    (a teammate may commit a link named .pipetrack-cache), nor anything else."""
    try:
        st = os.lstat(folder)
    except OSError:
        return None
    return f"{st.st_dev}:{st.st_ino}" if stat.S_ISDIR(st.st_mode) else None


def made_folder(folder: Path) -> str | None:
    """Create the cache folder if needed; its :func:`folder_id`, or None when it
    must not be written (a link, a file, or it cannot be made)."""
    with contextlib.suppress(OSError):
        folder.mkdir(exist_ok=True)
    return folder_id(folder)


def identity(settings: bytes, folder: Path) -> Header:
    """What a cache file must match to be used at all. The cache folder's inode
    is in it: a cache file that came from elsewhere (force-added to git and
    pulled into this clone) was written in another folder and is ignored, and
    a link in the cache's place has no identity, so nothing is read through it."""
    import pydantic

    return {
        "folder": folder_id(folder),
        "format": FORMAT,
        "pipetrack": __version__,
        "pydantic": pydantic.VERSION,
        "python": f"{sys.implementation.name}-{sys.version_info[0]}.{sys.version_info[1]}",
        "settings": hashlib.sha256(settings).hexdigest(),
    }


# --- rebuilding models without re-validation --------------------------------

_new = object.__new__
_set = object.__setattr__


def _rebuild(cls: type, state: dict, extra: dict | None, fields_set: set) -> Any:
    # The same four slots pydantic's own __setstate__ restores, without the
    # per-object Python call chain of copyreg.__newobj__ + __setstate__.
    obj: Any = _new(cls)
    _set(obj, "__dict__", state)
    _set(obj, "__pydantic_extra__", extra)
    _set(obj, "__pydantic_fields_set__", fields_set)
    _set(obj, "__pydantic_private__", None)
    return obj


#: The modules whose records a cache may hold; the projects module is imported only
#: when a cache names one of its classes (a folder without projects never imports it).
MODEL_MODULES = ("pipetrack.domain.models", "pipetrack.domain.projects")


def _models(module_name: str = MODEL_MODULES[0]) -> dict[tuple[str, str], type]:
    """The classes of one model module a cache may name, by (module, name)."""
    import importlib

    from pipetrack.domain import models

    module = importlib.import_module(module_name)
    return {
        (module_name, name): obj
        for name, obj in vars(module).items()
        if isinstance(obj, type)
        and obj.__module__ == module_name
        and (issubclass(obj, models.Record) or obj in (models.Stage, models.DealFacts, models.HistoryFact))
    }


_SHARED = (str, datetime.date, datetime.datetime)


class Pickler(pickle.Pickler):
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


class Unpickler(pickle.Unpickler):
    """Names only what a cache of ours can hold; anything else is a foreign file."""

    _allowed: dict[tuple[str, str], Any] | None = None

    def find_class(self, module: str, name: str) -> Any:
        allowed = Unpickler._allowed
        if allowed is None:
            allowed = dict(_models())
            allowed[(__name__, "_rebuild")] = _rebuild
            for n in ("date", "datetime", "time", "timedelta", "timezone"):
                allowed[("datetime", n)] = getattr(datetime, n)
            allowed[("builtins", "set")] = set
            allowed[("builtins", "frozenset")] = frozenset
            Unpickler._allowed = allowed
        if (module, name) not in allowed and module in MODEL_MODULES[1:]:
            allowed.update(_models(module))
        try:
            return allowed[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a pipetrack cache") from None


#: Records per pickle of a cache file: the pickler remembers every object of a
#: dump until it ends (a 50k folder's single dump held ~250 MB at its peak).
CHUNK = 2000


def dumps(header: Header, body: Mapping[str, Any]) -> Callable[[IO[bytes]], None]:
    """A cache file's contents, written straight into the file: the header,
    then ``body`` as dicts of at most CHUNK items, then None."""

    def write(fh: IO[bytes]) -> None:
        fh.write(MAGIC)
        pickle.dump(header, fh, protocol=5)
        pickler = Pickler(fh, protocol=5)  # its shared texts and sets carry over from chunk to chunk
        items = list(body.items())
        for start in range(0, len(items), CHUNK):
            pickler.dump(dict(items[start : start + CHUNK]))
            pickler.clear_memo()
        pickler.dump(None)

    return write


def read_cache_file(path: Path, ident: Header, body: bool = True) -> tuple[Header, Any] | None:
    """``(header, entries)`` of a cache file of this identity (entries None without
    ``body``: a header costs no more than its own bytes); None for anything else."""
    if ident.get("folder") is None:  # no cache folder, or a link where it should be
        return None
    fh = open_regular(path)  # streamed: no second copy in memory
    if fh is None:
        return None
    try:
        with fh:
            if fh.read(len(MAGIC)) != MAGIC:
                return None
            header = Unpickler(fh).load()
            if not isinstance(header, dict) or {k: header.get(k) for k in ident} != ident:
                return None
            if not body:
                return header, None
            entries: dict = {}
            while (chunk := Unpickler(fh).load()) is not None:
                if not isinstance(chunk, dict):
                    return None
                entries.update(chunk)
    except Exception:  # a corrupt, truncated or foreign file is simply not a cache
        return None
    return header, entries


def write_cache_file(path: Path, header: Header, body: Mapping[str, Any]) -> None:
    """Replace a cache file atomically (raises OSError; callers treat it as best effort)."""
    remove_dead_temps(path.parent)  # a cache write killed before its rename
    atomic_write(path, dumps(header, body))


def dump_one(value: Any) -> bytes:
    """One value as bytes (a journal entry, a pool worker's results)."""
    import io

    buf = io.BytesIO()
    Pickler(buf, protocol=5).dump(value)
    return buf.getvalue()


def load_one(data: bytes) -> Any:
    """The value of :func:`dump_one`'s bytes, through the allow-list."""
    import io

    return Unpickler(io.BytesIO(data)).load()
