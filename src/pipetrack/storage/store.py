"""The only code that touches the data folder: find it, load it, write to it.

Reads go through the fast safe parser (and, for big folders, the cache);
writes re-read the one file under the folder lock, edit it with the round-trip
parser and replace it atomically, so comments, key order and unknown keys
survive and no writer loses another's change.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pipetrack.domain.errors import DataError, NotFoundError, Problem, UsageError
from pipetrack.domain.ids import is_valid_id

SETTINGS_FILE = "pipetrack.yaml"
CACHE_DIR = ".pipetrack-cache"
ARCHIVE_DIR = "archive"
KINDS = ("contacts", "accounts")
GITIGNORE = f"# pipetrack's local cache: rebuilt from the YAML files, never commit it\n{CACHE_DIR}/\n"

R = TypeVar("R")


def find_root(explicit: str | Path | None, cwd: Path) -> Path:
    """The data folder: ``--data``/``$PIPETRACK_DATA``, else the nearest parent with settings."""
    if explicit:
        root = Path(explicit).expanduser()
        if not root.is_dir():
            raise NotFoundError(f"data folder {root} does not exist; create one with `pipetrack init {root}`")
        if not (root / SETTINGS_FILE).is_file():
            raise NotFoundError(
                f"{root} is not a pipetrack folder (no {SETTINGS_FILE}); create one with `pipetrack init {root}`"
            )
        return root
    for folder in (cwd, *cwd.parents):
        if (folder / SETTINGS_FILE).is_file():
            return folder
    raise NotFoundError(
        f"no pipetrack folder here: no {SETTINGS_FILE} in {cwd} or its parents; "
        "pass --data DIR, set PIPETRACK_DATA, or create one with `pipetrack init DIR`"
    )


@dataclass
class Folder:
    """Everything loaded from a data folder, with the problems met on the way."""

    root: Path
    settings: Any
    accounts: dict[str, Any] = field(default_factory=dict)
    contacts: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: relative path → raw parsed mapping, kept only when asked (for `check`)
    raw: dict[str, dict[str, Any]] = field(default_factory=dict)


# --- validation --------------------------------------------------------------

_PREFERRED = ("missing", "literal_error", "value_error", "date", "datetime", "greater", "less", "too_short")


def _readable(errors: list[dict[str, Any]], data: Any) -> list[tuple[tuple, str]]:
    """pydantic errors → one plain message per field that is wrong."""
    grouped: dict[tuple, list[dict[str, Any]]] = {}
    for err in errors:
        loc: list[Any] = []
        node = data
        for part in err["loc"]:
            if (isinstance(node, dict) and part in node) or (
                isinstance(node, list) and isinstance(part, int) and part < len(node)
            ):
                node = node[part]
            elif err["type"] == "missing" and isinstance(part, str) and not loc[-1:] == [part]:
                loc.append(part)
                break
            else:
                break
            loc.append(part)
        grouped.setdefault(tuple(loc), []).append(err)
    out = []
    for loc, errs in grouped.items():
        best = min(
            errs,
            key=lambda e: next(
                (i for i, p in enumerate(_PREFERRED) if e["type"].startswith(p)), len(_PREFERRED)
            ),
        )
        out.append((loc, _message(best, loc)))
    return out


def _message(err: dict[str, Any], loc: tuple) -> str:
    name = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in loc).replace(".[", "[") or "file"
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    shown = repr(value) if isinstance(value, str) else str(value)
    if kind == "missing":
        return f"{name}: is required"
    if kind == "literal_error":
        allowed = ctx.get("expected", "").replace("'", "")
        return f"{name}: {shown} is not one of: {allowed}"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"{name}: {shown} is not a valid date (YYYY-MM-DD)"
    if kind.startswith(("greater", "less")):
        bound = {
            "greater_than_equal": "at least",
            "greater_than": "more than",
            "less_than_equal": "at most",
            "less_than": "less than",
        }.get(kind, "within")
        limit = next(iter(ctx.values()), "")
        return f"{name}: {shown} is out of range (must be {bound} {limit})"
    if kind == "value_error":
        return f"{name}: {err['msg'].removeprefix('Value error, ')}"
    if kind == "string_too_short":
        return f"{name}: must not be empty"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"{name}: expected keys under it, found {shown}"
    if kind == "list_type":
        return f"{name}: expected a list, found {shown}"
    return f"{name}: {shown} has the wrong type ({err['msg'].lower()})"


def validate(
    model: type, data: dict[str, Any], *, rel: str, record_id: str, source: bytes | None = None
) -> Any:
    """Validate one file's data; raise DataError naming the line of the first bad field."""
    from pydantic import ValidationError

    try:
        obj = model.model_validate(data)
    except ValidationError as exc:
        problems = _readable(exc.errors(include_url=False), data)
        lines = _lines_for([loc for loc, _ in problems], source, rel)
        first = problems[0]
        err = DataError(rel, lines[0], first[1])
        err.more = [Problem(rel, line, msg) for (_, msg), line in zip(problems, lines)]  # type: ignore[attr-defined]
        raise err from None
    obj.id = record_id
    return obj


def _lines_for(locs: list[tuple], source: bytes | None, rel: str) -> list[int | None]:
    from pipetrack.storage import yamlio

    if source is None:
        return [None] * len(locs)
    try:
        node = yamlio.compose(source, rel)
    except DataError:
        return [None] * len(locs)
    return [yamlio.node_line(node, loc) if loc else 1 for loc in locs]


# --- the store ---------------------------------------------------------------


class Store:
    """A data folder on disk."""

    def __init__(self, root: Path, cwd: Path | None = None):
        self.root = Path(root)
        self._real_root = self.root.resolve()
        self.cwd = cwd or Path.cwd()
        self._docs: dict[Path, Any] = {}
        self._links: dict[str, bool] = {}
        #: what the undo journal calls this invocation's writes (the CLI sets both)
        self.command = "pipetrack"
        self.when = ""
        self._operation: Any = None

    # paths

    def display(self, path: Path) -> str:
        """A path as a person (and an editor) wants it in a message."""
        rel = os.path.relpath(path, self.cwd)
        return str(path) if rel.startswith("..") else rel

    def path(self, kind: str, record_id: str) -> Path:
        if kind not in KINDS:
            raise UsageError(f"unknown kind {kind!r}")
        if not is_valid_id(record_id):
            raise UsageError(
                f"{record_id!r} is not a valid id (lowercase letters, digits and '-', at most 64 characters)"
            )
        path = self.root / kind / f"{record_id}.yaml"
        if not os.path.lexists(path):  # a folder may keep some files as .yml: load lists those too
            other = path.with_suffix(".yml")
            if os.path.lexists(other):
                return other
        return path

    def exists(self, kind: str, record_id: str) -> bool:
        return is_valid_id(record_id) and self.path(kind, record_id).is_file()

    def _escapes(self, entry: os.DirEntry) -> bool:
        """A listed file that is, or lies in a folder that is, a link to outside the folder."""
        if not entry.is_symlink() and not self._linked_dir(os.path.dirname(entry.path)):
            return False
        return not self._inside(Path(entry.path))

    def _linked_dir(self, folder: str) -> bool:
        linked = self._links.get(folder)
        if linked is None:
            linked = self._links[folder] = os.path.islink(folder)
        return linked

    def ids(self, kind: str) -> list[str]:
        """The ids of one kind, from file names alone (no parsing)."""
        return sorted(stem for stem, _ in self._files(kind))

    def _files(self, kind: str) -> Iterator[tuple[str, os.DirEntry]]:
        folder = self.root / kind
        try:
            entries = list(os.scandir(folder))
        except FileNotFoundError:
            return
        for entry in entries:
            name = entry.name
            if name.startswith(".") or not name.endswith((".yaml", ".yml")):
                continue
            yield name.rsplit(".", 1)[0], entry

    # reading

    def read_bytes(self, path: Path) -> bytes:
        """A file's bytes, at most one byte past the size limit (a 50 MB file costs 2 MB)."""
        rel = self.display(path)
        try:
            # O_NONBLOCK: a named pipe planted as a .yaml must not hang the reader.
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
            with open(fd, "rb") as fh:
                mode = os.fstat(fd).st_mode
                if not stat.S_ISREG(mode):
                    raise DataError(
                        rel,
                        None,
                        "is a folder, not a file" if stat.S_ISDIR(mode) else "is not a regular file",
                    )
                data = fh.read(_yaml_limit() + 1)
        except FileNotFoundError:
            raise NotFoundError(f"{rel} does not exist") from None
        except IsADirectoryError:
            raise DataError(rel, None, "is a folder, not a file") from None
        except PermissionError:
            raise DataError(rel, None, "cannot be read (permission denied)") from None
        except OSError as exc:
            raise DataError(rel, None, f"cannot be read ({exc.strerror})") from None
        return data

    def load_settings(self) -> Any:
        from pipetrack.domain.models import Settings
        from pipetrack.storage import yamlio

        path = self.root / SETTINGS_FILE
        rel = self.display(path)
        data = self.read_bytes(path)
        if not data.strip():
            return Settings()
        mapping = yamlio.load_mapping(data, rel)
        return validate(Settings, mapping, rel=rel, record_id="", source=data)

    def load_one(self, kind: str, record_id: str) -> Any:
        """One contact or account, parsed and validated (raises DataError)."""
        from pipetrack.storage import yamlio

        path = self.path(kind, record_id)
        if not path.is_file():
            raise NotFoundError(f"no {kind[:-1]} {record_id!r} ({self.display(path)} does not exist)")
        rel = self.display(path)
        if (path.is_symlink() or path.parent.is_symlink()) and not self._inside(path):
            raise DataError(rel, None, "symbolic link to outside the data folder; ignored")
        data = self.read_bytes(path)
        return validate(
            _model(kind), yamlio.load_mapping(data, rel), rel=rel, record_id=record_id, source=data
        )

    def load(self, *, keep_raw: bool = False, use_cache: bool = True) -> Folder:
        """Load the whole folder. Bad files become problems; the rest still loads.

        Unchanged files come from the record cache (pipetrack.storage.cache) unless
        ``use_cache`` is false; ``keep_raw`` needs every file parsed, so it
        reads none from the cache (it still refreshes it).
        """
        from pipetrack.storage.cache import (
            RecordCache,
            file_key,
            gc_paused,
            parse_many,
            save_deals,
            settings_bytes,
        )

        folder = Folder(root=self.root, settings=self.load_settings())
        with gc_paused(freeze=True):
            cache = RecordCache(self.root, settings_bytes(self.root)) if use_cache else None
            listed = {kind: sorted(self._files(kind), key=lambda f: (f[0], f[1].name)) for kind in KINDS}
            # First the files that need parsing (all at once: many go to a process pool) …
            keys: dict[str, Any] = {}
            found: dict[str, Any] = {}
            hits: set[str] = set()
            jobs = []
            for kind in KINDS:
                model = _model(kind)
                for stem, entry in listed[kind]:
                    name = f"{kind}/{entry.name}"
                    key = keys[name] = file_key(entry) if cache else None  # before reading
                    if not is_valid_id(stem) or self._escapes(entry):
                        continue
                    record = cache.get(name, key, model) if cache and not keep_raw else None
                    if record is not None:
                        found[name] = (record, None, [], None)
                        hits.add(name)
                    else:
                        jobs.append((kind, entry.path, self.display(Path(entry.path)), stem))
            for (kind, path, _, _), result in zip(jobs, parse_many(self, jobs, keep_raw)):
                found[f"{kind}/{os.path.basename(path)}"] = result
            # … then the folder, in file-name order, as if read one by one.
            bad: list[str] = []
            for kind in KINDS:
                target = getattr(folder, kind)
                for stem, entry in listed[kind]:
                    name = f"{kind}/{entry.name}"
                    result = found.get(name)
                    if result is None or stem in target:
                        if not is_valid_id(stem):
                            why = f"file name {stem!r} is not a valid id (lowercase a-z, 0-9 and '-')"
                        elif stem in target:
                            why = f"duplicate id {stem!r}: another file has the same name"
                        else:
                            why = "symbolic link to outside the data folder; ignored"
                        folder.problems.append(Problem(self.display(Path(entry.path)), None, why))
                        bad.append(name)
                        continue
                    record, mapping, problems, _ = result
                    if problems:
                        folder.problems.extend(problems)
                        bad.append(name)
                        continue
                    if cache and name not in hits:
                        cache.put(name, keys[name], record)
                    if keep_raw:
                        folder.raw[self.display(Path(entry.path))] = mapping
                    target[stem] = record
            if cache:
                cache.save()
                read = {name: result[3] for name, result in found.items()}  # (None for cache hits)
                save_deals(
                    self.root,
                    settings_bytes(self.root),
                    keys,
                    lambda: _closed(folder.contacts.values()),
                    read,
                    bad,
                )
        return folder

    def file_keys(self) -> dict[str, Any]:
        """The cache key of every data file ``load`` would read, by ``kind/name`` (stats only)."""
        from pipetrack.storage.cache import file_key

        return {f"{kind}/{entry.name}": file_key(entry) for kind in KINDS for _, entry in self._files(kind)}

    def closed_deals(self) -> tuple[list, list[str]] | None:
        """The closed contacts as of the last full load and the files it could not
        read (display paths), when no file changed since (the sales cycle for
        one-contact commands); None when a full load is needed."""
        from pipetrack.storage.cache import load_deals, settings_bytes

        found = load_deals(self.root, settings_bytes(self.root), self.file_keys())
        if found is None:
            return None
        deals, bad = found
        return deals, [self.display(self.root / name) for name in bad]

    def _parse_file(self, model: type, data: bytes, rel: str, stem: str) -> tuple[Any, dict[str, Any]]:
        """One file of ``load``, parsed and validated (raises DataError)."""
        from pipetrack.storage import yamlio

        mapping = yamlio.load_mapping(data, rel)
        return validate(model, mapping, rel=rel, record_id=stem, source=data), mapping

    def locate(self, kind: str, record_id: str, loc: tuple) -> tuple[str, int | None]:
        """The display path and line of a key in one file (parsed again, on demand)."""
        from pipetrack.storage import yamlio

        path = self.path(kind, record_id)
        rel = self.display(path)
        node = self._docs.get(path)
        if node is None:
            try:
                node = yamlio.compose(self.read_bytes(path), rel)
            except DataError:
                return rel, None
            self._docs[path] = node
        return rel, yamlio.node_line(node, loc) if loc else 1

    # writing

    def _inside(self, path: Path) -> bool:
        try:
            return path.resolve().is_relative_to(self._real_root)
        except OSError:
            return False

    def _guard_write(self, path: Path) -> None:
        rel = self.display(path)
        if path.is_symlink():
            raise DataError(rel, None, "is a symbolic link; pipetrack does not write through links")
        if path.parent.is_symlink() or not path.parent.resolve().is_relative_to(self._real_root):
            raise DataError(rel, None, "lies outside the data folder; refusing to write")
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            return
        except OSError as exc:
            raise DataError(rel, None, f"cannot be written ({exc.strerror}); nothing was changed") from None
        # The mode bits, not just access(): root may write anything, but a file
        # someone marked read-only is meant to stay as it is.
        if not mode & 0o222 or not os.access(path, os.W_OK):
            raise DataError(rel, None, "is read-only; nothing was changed")

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """The folder's write lock: one writer at a time, across processes."""
        cache = self.root / CACHE_DIR
        try:
            cache.mkdir(exist_ok=True)
            if cache.is_symlink():
                raise DataError(
                    self.display(cache), None, "is a symbolic link; pipetrack does not write through links"
                )
            flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
            fh = open(os.open(cache / "lock", flags, 0o644), "r+b")
        except OSError as exc:
            raise DataError(
                self.display(cache), None, f"cannot create the lock file ({exc.strerror})"
            ) from None
        with fh:
            _lock_file(fh)
            try:
                yield
            finally:
                _unlock_file(fh)

    def write_bytes(self, path: Path, data: bytes) -> None:
        """Replace a file atomically: temp file beside it, fsync, rename, fsync folder.

        Call it holding ``lock()``: temp files of ``path`` left by a writer that
        was killed are removed first, which is only safe when no other writer
        can be between its temp file and its rename.
        """
        self._guard_write(path)
        remove_stale_temps(path)
        try:
            atomic_write(path, data)
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise DataError(
                self.display(path), None, f"cannot be written ({reason}); nothing was changed"
            ) from None

    def create(self, kind: str, record_id: str, doc: Any) -> Path:
        """Write a new file; refuse to replace one that exists."""
        from pipetrack.storage import yamlio

        path = self.path(kind, record_id)
        _refuse_control_chars(doc, None)
        data = yamlio.dump_roundtrip(doc)
        rel = self.display(path)
        record = validate(
            _model(kind), yamlio.load_mapping(data, rel), rel=rel, record_id=record_id, source=data
        )
        with self.lock():
            path.parent.mkdir(exist_ok=True)
            if path.exists() or path.is_symlink():
                raise UsageError(f"{rel} exists already; choose another --id")
            self.write_bytes(path, data)
            self._journal(kind, path, None, data, record)
            self._note_undo(path, None, data)
        return path

    def edit(self, kind: str, record_id: str, change: Callable[[Any], R]) -> tuple[R, Any]:
        """Re-read one file under the lock, apply ``change`` to its round-trip
        document, validate the result and write it back atomically.

        Returns ``change``'s result and the validated record. When ``change``
        raises, or the result is not valid, the file is left untouched.
        """
        from pipetrack.storage import yamlio

        path = self.path(kind, record_id)
        rel = self.display(path)
        self._guard_write(path)
        with self.lock():
            data = self.read_bytes(path)  # again, under the lock: another writer may just have changed it
            doc, fmt = yamlio.load_roundtrip(data, rel)  # refuses all that a read refuses
            result = change(doc)
            _refuse_control_chars(doc, data)
            new = yamlio.dump_roundtrip(doc, fmt)
            record = validate(
                _model(kind), yamlio.load_mapping(new, rel), rel=rel, record_id=record_id, source=new
            )
            if new != data:
                from pipetrack.storage.cache import file_key

                before = file_key(path)
                self.write_bytes(path, new)
                self._journal(kind, path, before, new, record)
                self._note_undo(path, data, new)
        return result, record

    # undo, archive

    def _rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def undo_journal(self) -> Any:
        from pipetrack.storage.undo import Journal

        return Journal(self.root, CACHE_DIR)

    def _note_undo(self, path: Path, before: bytes | None, after: bytes | None) -> None:
        """Record one write of this invocation in the undo journal (hold the lock)."""
        self.note_undo([(path, before, after)])

    def note_undo(self, writes: list[tuple[Path, bytes | None, bytes | None]]) -> None:
        """Record writes ``(path, bytes before or None, bytes after or None)`` in the undo
        journal, hold the lock. Every write of one Store (one command) is one operation."""
        if not writes:
            return
        journal = self.undo_journal()
        if self._operation is None:
            self._operation = journal.begin(self.command, self.when)
        journal.note_many(self._operation, [(self._rel(p), b, a) for p, b, a in writes])

    def _read_rel(self, rel: str) -> bytes | None:
        path = self.root / rel
        if not os.path.lexists(path):
            return None
        return self.read_bytes(path)

    def undo(self, count: int) -> list[Any]:
        """Put back what the last ``count`` operations wrote, newest first; all or nothing.

        Returns the operations undone. Refuses (DataError naming the file) when
        a file no longer holds what pipetrack wrote.
        """
        journal = self.undo_journal()
        with self.lock():
            ops, state = journal.plan(count, self._read_rel)
            for rel in state:
                self._guard_write(self.root / rel)
            for rel, data in state.items():
                path = self.root / rel
                if data is None:
                    try:
                        path.unlink()
                    except FileNotFoundError:
                        pass
                    except OSError as exc:
                        raise DataError(rel, None, f"cannot be removed ({exc.strerror})") from None
                else:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    self.write_bytes(path, data)
            journal.forget(ops)
        return ops

    def archive_path(self, kind: str, record_id: str) -> Path:
        return self.root / ARCHIVE_DIR / self.path(kind, record_id).relative_to(self.root)

    def archived_ids(self, kind: str = "contacts") -> list[str]:
        """The ids in ``archive/<kind>/``, from file names alone."""
        folder = self.root / ARCHIVE_DIR / kind
        try:
            names = os.listdir(folder)
        except OSError:
            return []
        return sorted(
            n.rsplit(".", 1)[0] for n in names if n.endswith((".yaml", ".yml")) and not n.startswith(".")
        )

    def load_archived(self, kind: str = "contacts") -> dict[str, Any]:
        """The archived records (for `list --archived`); unreadable ones are left out."""
        from pipetrack.storage import yamlio

        found = {}
        for record_id in self.archived_ids(kind):
            path = self.root / ARCHIVE_DIR / kind / f"{record_id}.yaml"
            if not path.is_file():
                path = path.with_suffix(".yml")
            rel = self.display(path)
            try:
                data = self.read_bytes(path)
                found[record_id] = validate(
                    _model(kind), yamlio.load_mapping(data, rel), rel=rel, record_id=record_id, source=data
                )
            except DataError:
                continue
        return found

    def move_file(self, source: Path, target: Path) -> None:
        """Move one data file (archive, unarchive) under the lock: write the target
        atomically, then remove the source; refuses to replace a file."""
        with self.lock():
            self._guard_write(source)
            self._guard_write(target)
            data = self.read_bytes(source)
            if os.path.lexists(target):
                raise UsageError(f"{self.display(target)} exists already; nothing was moved")
            target.parent.mkdir(parents=True, exist_ok=True)
            self.write_bytes(target, data)
            try:
                source.unlink()
            except OSError as exc:
                with contextlib.suppress(OSError):
                    target.unlink()
                raise DataError(self.display(source), None, f"cannot be moved ({exc.strerror})") from None
            self._note_undo(source, data, None)
            self._note_undo(target, None, data)

    def _journal(self, kind: str, path: Path, before: Any, data: bytes, record: Any) -> None:
        """Tell the deal list about a write of ours (see cache.note_write)."""
        from pipetrack.storage.cache import file_key, note_write

        deal = _deal(record) if kind == "contacts" else None
        note_write(self.root, f"{kind}/{path.name}", before, file_key(path), data, deal)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _refuse_control_chars(doc: Any, before: bytes | None) -> None:
    """Refuse new text with NUL or other invisible control characters (a name
    pasted with a stray byte): it would be written escaped and shown garbled."""
    from pipetrack.storage import yamlio

    def strings(value: Any) -> Iterator[str]:
        if isinstance(value, dict):
            for k, v in value.items():
                yield str(k)
                yield from strings(v)
        elif isinstance(value, list):
            for v in value:
                yield from strings(v)
        elif isinstance(value, str):
            yield value

    bad = [text for text in strings(yamlio.to_plain(doc)) if _CONTROL.search(text)]
    if not bad:
        return
    if before is not None:  # what the file had already is the user's own business
        old = set(strings(yamlio.load_mapping(before, "")))
        bad = [text for text in bad if text not in old]
    if bad:
        raise UsageError(f"{bad[0]!r} contains a control character (such as NUL); nothing was written")


def _deal(contact: Any) -> Any:
    """A contact that is, or was, closed, as the sales cycle reads it
    (rules.closed_on: the closed history entries, the stage and dates);
    None for any other contact."""
    from pipetrack.domain.models import DealFacts, HistoryFact, Stage

    closed = tuple(HistoryFact(h.date, h.stage) for h in contact.history if h.stage is Stage.CLOSED)
    if contact.stage is not Stage.CLOSED and not closed:
        return None
    return DealFacts(
        contact.id,
        contact.name,
        contact.owner,
        contact.value,
        contact.created,
        contact.signed,
        contact.paid,
        contact.stage,
        closed,
    )


def _closed(contacts: Any) -> list:
    """The deal list of a folder: :func:`_deal` of each contact that is one."""
    return [d for d in map(_deal, contacts) if d is not None]


def _model(kind: str) -> type:
    from pipetrack.domain.models import Account, Contact

    return Contact if kind == "contacts" else Account


def _yaml_limit() -> int:
    from pipetrack.storage.yamlio import MAX_FILE_BYTES

    return MAX_FILE_BYTES


def remove_stale_temps(path: Path) -> None:
    """Delete ``.<name>.*.tmp`` beside ``path``: what a killed ``atomic_write`` left.

    The loader never reads them (their names start with a dot); this only
    keeps them from piling up.
    """
    prefix = f".{path.name}."
    with contextlib.suppress(OSError):
        for entry in os.scandir(path.parent):
            if (
                entry.name.startswith(prefix)
                and entry.name.endswith(".tmp")
                and entry.is_file(follow_symlinks=False)
            ):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def atomic_write(path: Path, data: bytes | Callable[[Any], None]) -> None:
    """Write ``data`` (bytes, or a function that writes into the open file) to
    ``path`` so a crash leaves the old file or the new one."""
    mode = None
    with contextlib.suppress(FileNotFoundError):
        mode = path.stat().st_mode & 0o777
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            if callable(data):
                data(fh)
            else:
                fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode if mode is not None else 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


try:
    import fcntl

    def _lock_file(fh: Any) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)

    def _unlock_file(fh: Any) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)

except ImportError:  # Windows
    import msvcrt

    def _lock_file(fh: Any) -> None:
        fh.seek(0)
        while True:
            try:
                msvcrt.locking(fh.fileno(), msvcrt.LK_LOCK, 1)
                return
            except OSError:
                continue

    def _unlock_file(fh: Any) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
