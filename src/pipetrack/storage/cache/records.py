"""The record cache: validated contacts and accounts, reused while their files are unchanged.

A warm run only stats files. Each cached record is keyed by its file's path
relative to the data folder and ``(size, mtime_ns, ctime_ns, inode)`` taken
*before* the file was read; a record is served only when the file's key is the
same now. The cache as a whole is tied to its identity (see ``codec``): any
difference and it is ignored and rebuilt.

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
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path
from typing import Any

from pipetrack.storage.cache import codec
from pipetrack.storage.cache.codec import Key
from pipetrack.storage.fs import CACHE_DIR

BASE_FILE = "records.pickle"
DELTA_FILE = "delta.pickle"
#: The delta is folded into a new base when it holds more than this many
#: records, or more than this share of the base.
DELTA_MAX = 200
DELTA_SHARE = 0.1

#: A cached record with the key its file had before it was read.
Entry = tuple[Key, Any]


class RecordCache:
    """The records of one data folder as of the last run; see the module docstring.

    ``entries`` maps a path relative to the data folder (``contacts/x.yaml``)
    to ``(key, record)``. Look records up with :meth:`get`, report parsed files
    with :meth:`put`, and call :meth:`save` once at the end.
    """

    def __init__(self, root: Path, settings: bytes):
        self.folder = Path(root) / CACHE_DIR
        self.identity = codec.identity(settings, self.folder)
        self.entries: dict[str, Entry] = {}
        self.base: dict[str, Entry] = {}
        self.base_token: str | None = None
        self.delta: dict[str, Entry] = {}
        self.fresh: dict[str, Entry] = {}
        self.seen: set[str] = set()
        self._read()

    # reading

    def _read_file(self, name: str) -> tuple[codec.Header, Any] | None:
        return codec.read_cache_file(self.folder / name, self.identity)

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
        cutoff = codec._now() - codec.RACY_NS
        fresh = {rel: v for rel, v in self.fresh.items() if v[0][1] < cutoff and v[0][2] < cutoff}
        dead = sum(rel not in self.seen for rel in self.base)
        limit = max(DELTA_MAX, DELTA_SHARE * len(self.base))
        if not fresh and dead <= limit:
            return  # deleted files' entries are harmless: only existing files are looked up
        delta = {**{r: v for r, v in self.delta.items() if r in self.seen}, **fresh}
        try:
            self.identity["folder"] = codec.made_folder(self.folder)
            if self.identity["folder"] is None:
                return  # a link (or a file) where the cache folder should be: never written through
            if self.base_token is not None and len(delta) <= limit and dead <= limit:
                codec.write_cache_file(
                    self.folder / DELTA_FILE, {**self.identity, "base": self.base_token}, delta
                )
            else:
                live = {rel: v for rel, v in self.entries.items() if rel in self.seen}
                header = {**self.identity, "token": secrets.token_hex(8)}
                codec.write_cache_file(self.folder / BASE_FILE, header, {**live, **fresh})
                with contextlib.suppress(OSError):
                    os.unlink(self.folder / DELTA_FILE)
        except Exception:
            pass
