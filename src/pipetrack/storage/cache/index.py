"""The folder's index: one SQLite file, ``<data>/.pipetrack-cache/index.sqlite``.

Per data file a row of ``files`` with the file's key (size, mtime_ns,
ctime_ns, inode, taken before it was read) and what a warm run needs of it: a
contact's slim facts (``facts``, see cache.facts), or the pickled model of an
account, a project or a contact that cannot be slim (``record``, through the
cache's allow-list pickler). Beside it the tables a person can query
(``pipetrack query``): ``contacts``, ``accounts``, ``projects``,
``activities``, ``history`` (columns in the README). A warm run stats every
file and reads ``files`` once; a changed file costs its rows, replaced in one
transaction; a cold load writes every row in one transaction.

Never stale, as the pickled cache was:

* a row is used only when its file's key is the same now;
* a file changed within ``RACY_NS`` of the write ("racily clean") gets a row
  with size -1: it is in the tables, and parsed again next time;
* the index is tied to an identity (``meta``: pipetrack, index format,
  pydantic and Python versions, the settings' bytes, the cache folder's device
  and inode): any difference, a corrupt or foreign file, and it is rebuilt
  from scratch into a temp file (with the writer's pid in its name) renamed
  over it;
* only a regular file in a real cache folder is opened (never a link), and
  nothing is read or written when the cache folder is a link.

Writers are serialised by SQLite's own lock; a writer that cannot get it in
a moment skips the update (it is a cache: the next run writes it).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pipetrack.storage import fs
from pipetrack.storage.cache import codec, facts
from pipetrack.storage.cache.codec import Key
from pipetrack.storage.fs import CACHE_DIR

INDEX_FILE = "index.sqlite"
#: Bumped whenever a table changes (part of the identity).
SCHEMA = 1
#: How long a writer waits for another one's transaction (seconds).
BUSY_S = 1.0

#: The tables a person can query, their columns in order (README: Query the folder).
TABLES: dict[str, tuple[str, ...]] = {
    "contacts": (
        "id",
        "file",
        "name",
        "account",
        "owner",
        "title",
        "phone",
        "email",
        "source",
        "created",
        "stage",
        "first_meeting",
        "next_meeting",
        "signed",
        "paid",
        "value",
        "paid_amount",
        "lost_reason",
        "signing_date",
        "next_step",
        "notes",
    ),
    "accounts": (
        "id",
        "file",
        "name",
        "tier",
        "industry",
        "size",
        "share_of_wallet",
        "buying_step",
        "notes",
    ),
    "projects": (
        "id",
        "file",
        "name",
        "account",
        "owner",
        "stage",
        "value",
        "created",
        "need",
        "purchase_date",
        "candidate_rank",
        "next_step",
        "next_meeting",
        "lost_reason",
        "notes",
    ),
    "activities": ("file", "contact", "project", "date", "kind", "outcome", "note"),
    "history": ("file", "contact", "project", "date", "stage", "note"),
}

_SCHEMA_SQL = (
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT)",
    "CREATE TABLE files(path TEXT PRIMARY KEY, kind TEXT NOT NULL, size INTEGER, mtime_ns INTEGER,"
    " ctime_ns INTEGER, ino INTEGER, facts BLOB, record BLOB)",
    *(f"CREATE TABLE {name}({', '.join(cols)})" for name, cols in TABLES.items()),
    *(f"CREATE INDEX {name}_file ON {name}(file)" for name in TABLES),
)

#: A row of ``files`` as a load reads it: key, slim facts, pickled record.
Row = tuple[Key, bytes | None, bytes | None]


def _text(value: Any) -> Any:
    """A value as a cell: dates as ISO text, numbers and texts as they are."""
    if value is None or isinstance(value, (int, float, str)):
        return value if not isinstance(value, bool) else int(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _cells(record: Any, columns: tuple[str, ...], rel: str) -> tuple:
    row = []
    for col in columns:
        if col == "file":
            row.append(rel)
        elif col in ("signing_date",):
            row.append(_text(record.criteria.signing_date))
        elif col == "next_step" and hasattr(record, "criteria"):
            row.append(_text(record.criteria.next_step))
        else:
            row.append(_text(getattr(record, col, None)))
    return tuple(row)


def table_rows(kind: str, rel: str, record: Any) -> Iterator[tuple[str, tuple]]:
    """The rows of the queryable tables for one record: ``(table, cells)``."""
    yield kind, _cells(record, TABLES[kind], rel)
    owner = (record.id, None) if kind == "contacts" else (None, record.id)
    if kind == "accounts":
        return
    for a in record.activities:
        yield "activities", (rel, *owner, a.date.isoformat(), a.kind, a.outcome, a.note)
    for h in record.history:
        yield "history", (rel, *owner, h.date.isoformat(), str(h.stage), h.note)


class Index:
    """The index of one data folder: read with :meth:`rows`, update with :meth:`save`."""

    def __init__(self, root: Path, settings: bytes):
        self.folder = Path(root) / CACHE_DIR
        self.path = self.folder / INDEX_FILE
        self.identity = {
            **codec.identity(settings, self.folder),
            "index": SCHEMA,
            "facts": facts.VERSION,
        }
        #: the rows read, by ``kind/name``; None when the index was missing or unusable
        self.rows: dict[str, Row] | None = None

    # reading

    def _connect(self, mode: str) -> sqlite3.Connection | None:
        """A connection to the index file when it is a regular file in a real cache folder."""
        try:
            before = os.lstat(self.path)
        except OSError:
            return None
        if not stat.S_ISREG(before.st_mode):
            return None
        from urllib.parse import quote

        con = sqlite3.connect(f"file:{quote(str(self.path))}?mode={mode}", uri=True, timeout=BUSY_S)
        after = os.lstat(self.path)
        if (after.st_dev, after.st_ino) != (before.st_dev, before.st_ino):
            con.close()  # replaced by something else while we opened it
            return None
        return con

    def _matches(self, con: sqlite3.Connection) -> bool:
        found = dict(con.execute("SELECT key, value FROM meta"))
        return found.get("identity") == json.dumps(self.identity, sort_keys=True)

    def read(self, full: bool = False) -> dict[str, Row]:
        """Every row of ``files`` (``record`` only where there are no facts, unless ``full``)."""
        self.rows = None
        if self.identity.get("folder") is None:
            return {}
        try:
            con = self._connect("ro")
            if con is None:
                return {}
            with contextlib.closing(con):
                if not self._matches(con):
                    return {}
                column = "record" if full else "CASE WHEN facts IS NULL THEN record END"
                found = con.execute(
                    f"SELECT path, size, mtime_ns, ctime_ns, ino, facts, {column} FROM files"
                ).fetchall()
        except sqlite3.Error:
            return {}
        self.rows = {r[0]: ((r[1], r[2], r[3], r[4]), r[5], r[6]) for r in found}
        return self.rows

    # writing

    def save(self, changed: Iterable[tuple[str, str, Key, Any]], seen: set[str]) -> None:
        """Store the records parsed this run (``(rel, kind, key, record)``) and drop the
        rows of files no longer listed; a no-op on a warm run. Failures are silent."""
        cutoff = codec._now() - codec.RACY_NS
        old = self.rows or {}
        rows, changed = [], list(changed)
        for rel, kind, key, record in changed:
            row = _file_row(rel, kind, key, record, cutoff)
            if old.get(rel) != (row[2:6], row[6], row[7]):  # (a racily clean file parsed again, the same)
                rows.append(row)
        dead = [rel for rel in old if rel not in seen]
        if self.rows is not None and not rows and not dead:
            return
        written = {row[0] for row in rows}
        changed = [c for c in changed if c[0] in written]
        with contextlib.suppress(Exception):
            if self.rows is None:
                self._rebuild(rows, changed)
            else:
                self._update(rows, changed, dead)

    def _rebuild(self, rows: list[tuple], changed: list[tuple[str, str, Key, Any]]) -> None:
        folder_id = codec.made_folder(self.folder)
        if folder_id is None:
            return  # a link (or a file) where the cache folder should be: never written through
        self.identity["folder"] = folder_id
        fs.remove_dead_temps(self.folder)
        fd, tmp = fs.temp_beside(self.path)
        os.close(fd)
        os.chmod(tmp, 0o644)  # (as every cache file: mkstemp makes it 0600)
        try:
            con = sqlite3.connect(tmp, isolation_level=None)
            with contextlib.closing(con):
                con.execute("PRAGMA journal_mode=OFF")  # a new file: on failure it is thrown away
                con.execute("BEGIN")
                for sql in _SCHEMA_SQL:
                    con.execute(sql)
                con.execute(
                    "INSERT INTO meta VALUES ('identity', ?)", (json.dumps(self.identity, sort_keys=True),)
                )
                self._insert(con, rows, changed)
                con.execute("COMMIT")
            os.replace(tmp, self.path)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)

    def _update(self, rows: list[tuple], changed: list[tuple[str, str, Key, Any]], dead: list[str]) -> None:
        con = self._connect("rw")
        if con is None:
            return
        con.isolation_level = None
        with contextlib.closing(con):
            con.execute("BEGIN IMMEDIATE")
            if not self._matches(con):  # rebuilt by another run since we read it
                con.execute("ROLLBACK")
                return
            gone = [(rel,) for rel in dead] + [(r[0],) for r in rows]
            con.executemany("DELETE FROM files WHERE path = ?", gone)
            for name in TABLES:
                con.executemany(f"DELETE FROM {name} WHERE file = ?", gone)
            self._insert(con, rows, changed)
            con.execute("COMMIT")

    @staticmethod
    def _insert(con: sqlite3.Connection, rows: list[tuple], changed: list[tuple[str, str, Key, Any]]) -> None:
        con.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        by_table: dict[str, list[tuple]] = {name: [] for name in TABLES}
        for rel, kind, _key, record in changed:
            for table, cells in table_rows(kind, rel, record):
                by_table[table].append(cells)
        for name, found in by_table.items():
            if found:
                marks = ", ".join("?" * len(TABLES[name]))
                con.executemany(f"INSERT INTO {name} VALUES ({marks})", found)


def _file_row(rel: str, kind: str, key: Key, record: Any, cutoff: int) -> tuple:
    """A row of ``files``; a racily clean file's size is -1, so it never matches."""
    size = key[0] if key[1] < cutoff and key[2] < cutoff else -1
    blob = facts.encode(record) if kind == "contacts" else None
    pickled = codec.dump_one(record) if blob is None else None
    return (rel, kind, size, key[1], key[2], key[3], blob, pickled)


# --- pipetrack query -------------------------------------------------------------


class QueryError(Exception):
    """A query refused or failed: ``code`` (``writes``, ``bad_sql``, ``no_index``) and SQLite's words."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(detail)
        self.code = code
        self.detail = detail


#: What a query may do: read tables and call functions, nothing else (no ATTACH,
#: no PRAGMA, no writes, no new tables); the file is opened read-only besides.
_READ_ONLY = {
    sqlite3.SQLITE_SELECT,
    sqlite3.SQLITE_READ,
    sqlite3.SQLITE_FUNCTION,
    sqlite3.SQLITE_RECURSIVE,
}


def _authorize(action: int, *_args: Any) -> int:
    return sqlite3.SQLITE_OK if action in _READ_ONLY else sqlite3.SQLITE_DENY


def query(root: Path, settings: bytes, sql: str, today: str) -> tuple[list[str], list[tuple]]:
    """The column names and rows of one read-only SQL statement over the folder's index
    (refresh the index first: load the folder); SQL's ``today()`` is ``today`` (ISO text,
    so ``--today`` holds in a query too). Raises QueryError."""
    index = Index(root, settings)
    con = index._connect("ro") if index.identity.get("folder") is not None else None
    if con is None:
        raise QueryError("no_index")
    with contextlib.closing(con):
        if not index._matches(con):
            raise QueryError("no_index")
        con.create_function("today", 0, lambda: today, deterministic=True)
        con.set_authorizer(_authorize)
        try:
            cursor = con.execute(sql)
            rows = cursor.fetchall()
        except sqlite3.DatabaseError as exc:
            detail = str(exc)
            refused = "not authorized" in detail or "authorization denied" in detail
            raise QueryError("writes" if refused else "bad_sql", detail) from None
        except (sqlite3.Warning, sqlite3.ProgrammingError, ValueError, OverflowError) as exc:
            raise QueryError("bad_sql", str(exc)) from None
        if cursor.description is None:  # (a statement that returns nothing is not a query)
            raise QueryError("writes", "not a SELECT")
        return [d[0] for d in cursor.description], rows
