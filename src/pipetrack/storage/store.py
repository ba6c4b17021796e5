"""The only code that touches the data folder: find it, load it, write to it.

Reads go through the fast safe parser (and, for big folders, the cache);
writes re-read the one file under the folder lock, edit it with the round-trip
parser and replace it atomically, so comments, key order and unknown keys
survive and no writer loses another's change.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pipetrack.domain.errors import DataError, NotFoundError, UsageError
from pipetrack.domain.ids import is_valid_id
from pipetrack.storage import fs
from pipetrack.storage.folder import KINDS, Folder, deal_of, model_for
from pipetrack.storage.fs import CACHE_DIR, atomic_write
from pipetrack.storage.validate import refuse_control_chars, validate

if TYPE_CHECKING:
    from pipetrack.domain.models import DealFacts
    from pipetrack.storage.cache.codec import Key
    from pipetrack.storage.cache.pool import Progress

__all__ = ["CACHE_DIR", "KINDS", "SETTINGS_FILE", "Folder", "Store", "atomic_write", "find_root", "validate"]

SETTINGS_FILE = "pipetrack.yaml"
ARCHIVE_DIR = "archive"
#: The folder's write lock: in the data folder itself, not in the cache, which may be deleted any time.
LOCK_FILE = ".pipetrack.lock"
# (no trailing slash on the cache: a committed link named .pipetrack-cache is ignored too)
GITIGNORE = (
    "# pipetrack's local cache and write lock: rebuilt and re-made, never commit them\n"
    f"{CACHE_DIR}\n{LOCK_FILE}\n"
)

R = TypeVar("R")


def find_root(explicit: str | Path | None, cwd: Path) -> Path:
    """The data folder: ``--data``/``$PIPETRACK_DATA``, else the nearest parent with settings."""
    if explicit:
        root = Path(explicit).expanduser()
        if not root.is_dir():
            raise NotFoundError(f"data folder {root} does not exist; create one with `pipetrack init {root}`")
        if not (root / SETTINGS_FILE).is_file():
            raise NotFoundError(
                f"{root} is not a pipetrack folder (no {SETTINGS_FILE}); "
                f"create one with `pipetrack init {root}`"
            )
        return root
    for folder in (cwd, *cwd.parents):
        if (folder / SETTINGS_FILE).is_file():
            return folder
    raise NotFoundError(
        f"no pipetrack folder here: no {SETTINGS_FILE} in {cwd} or its parents; "
        "pass --data DIR, set PIPETRACK_DATA, or create one with `pipetrack init DIR`"
    )


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
        #: the validation context of contact files (None: the shipped method), once settings are read
        #: how contact files validate (storage.methods.adopt), once the settings are read
        self._contacts_context: tuple[dict[str, Any] | None] | None = None

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

    def escapes(self, entry: os.DirEntry) -> bool:
        """A listed file that is, or lies in a folder that is, a link to outside the folder."""
        folder = entry.path[: len(entry.path) - len(entry.name) - 1]  # (os.path.dirname: 5 µs a file)
        if not entry.is_symlink() and not self._linked_dir(folder):
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

    def listing(self, kind: str) -> list[tuple[str, os.DirEntry]]:
        """The data files of one kind: ``(id, entry)`` for each ``.yaml``/``.yml`` (stats only)."""
        return list(self._files(kind))

    def _files(self, kind: str) -> Iterator[tuple[str, os.DirEntry]]:
        folder = self.root / kind
        try:
            entries = list(os.scandir(folder))
        except FileNotFoundError:
            return
        for entry in entries:
            name = entry.name
            if name.startswith(".") or not name.endswith((".yaml", ".yml")):
                if name.endswith(".tmp"):
                    fs.remove_if_dead(entry)  # a writer killed between its temp file and the rename
                continue
            yield name.rsplit(".", 1)[0], entry

    # reading

    def read_bytes(self, path: Path) -> bytes:
        """A file's bytes, at most one byte past the size limit (a 50 MB file costs 2 MB)."""
        from pipetrack.storage.yamlio import MAX_FILE_BYTES

        return fs.read_limited(path, self.display(path), MAX_FILE_BYTES)

    def load_settings(self) -> Any:
        from pipetrack.domain.models import Settings
        from pipetrack.storage import yamlio

        path = self.root / SETTINGS_FILE
        rel = self.display(path)
        data = self.read_bytes(path)
        if not data.strip():
            return self._adopt(Settings())
        mapping = yamlio.load_mapping(data, rel)
        return self._adopt(validate(Settings, mapping, rel=rel, record_id="", source=data))

    def _adopt(self, settings: Any) -> Any:
        from pipetrack.storage import methods

        self._contacts_context = (methods.adopt(self.root, settings, self.display),)
        return settings

    def parse(self, kind: str, data: bytes, rel: str, record_id: str) -> Any:
        """One file's bytes as its record, validated (raises DataError naming the line)."""
        from pipetrack.storage import yamlio

        return validate(
            model_for(kind),
            yamlio.load_mapping(data, rel),
            rel=rel,
            record_id=record_id,
            source=data,
            context=self.context(kind),
        )

    def context(self, kind: str) -> dict[str, Any] | None:
        """How files of ``kind`` validate: contacts by the folder's contact method."""
        if kind != "contacts":
            return None
        if self._contacts_context is None:
            self.load_settings()
        return self._contacts_context[0] if self._contacts_context else None

    def load_one(self, kind: str, record_id: str) -> Any:
        """One contact or account, parsed and validated (raises DataError)."""

        path = self.path(kind, record_id)
        if not path.is_file():
            raise NotFoundError(f"no {kind[:-1]} {record_id!r} ({self.display(path)} does not exist)")
        rel = self.display(path)
        if (path.is_symlink() or path.parent.is_symlink()) and not self._inside(path):
            raise DataError(
                rel, None, "symbolic link to outside the data folder; ignored", code="load.link_outside"
            )
        data = self.read_bytes(path)
        return self.parse(kind, data, rel, record_id)

    def load(self, *, use_cache: bool = True, progress: Progress | None = None, full: bool = False) -> Folder:
        """Load the whole folder (bad files become problems): unchanged files from the index
        (storage.cache) unless not ``use_cache``, contacts slim (domain.slim) unless ``full``;
        ``progress`` shows the parse of many files (see cache.pool.Progress)."""
        from pipetrack.storage.cache import load

        return load.load(self, use_cache, progress, full)

    def file_keys(self) -> dict[str, Key | None]:
        """The cache key of every data file ``load`` would read, by ``kind/name`` (stats only)."""
        from pipetrack.storage.cache.codec import file_key

        return {f"{kind}/{entry.name}": file_key(entry) for kind in KINDS for _, entry in self._files(kind)}

    def closed_deals(self) -> tuple[list[DealFacts], list[str]] | None:
        """The closed contacts as of the last full load and the files it could not
        read (display paths), when no file changed since (the sales cycle for
        one-contact commands); None when a full load is needed."""
        from pipetrack.storage.cache import load_deals, settings_bytes

        found = load_deals(self.root, settings_bytes(self.root), self.file_keys())
        if found is None:
            return None
        deals, bad = found
        return deals, [self.display(self.root / name) for name in bad]

    def locate(self, kind: str, record_id: str, loc: tuple) -> tuple[str, int | None]:
        """The display path and line of a key in one file (parsed again, on demand)."""
        from pipetrack.storage import yamlio

        path = self.path(kind, record_id)
        rel = self.display(path)
        if not loc:
            return rel, 1  # the file as a whole: no parse (150,000 unknown keys took 11 s more)
        node = self._docs.get(path)
        if node is None:
            try:
                node = yamlio.compose(self.read_bytes(path), rel)
            except DataError:
                return rel, None
            self._docs[path] = node
        return rel, yamlio.node_line(node, loc)

    # writing

    def _inside(self, path: Path) -> bool:
        try:
            # realpath, not resolve(): a link loop (x.yaml -> x.yaml) is a RuntimeError there;
            # here it stays a path, and reading it says "too many levels of symbolic links"
            return Path(os.path.realpath(path)).is_relative_to(self._real_root)
        except (OSError, RuntimeError):
            return False

    def _guard_write(self, path: Path) -> None:
        rel = self.display(path)
        if path.is_symlink():
            raise DataError(rel, None, "is a symbolic link; pipetrack does not write through links")
        if path.parent.is_symlink() or not Path(os.path.realpath(path.parent)).is_relative_to(
            self._real_root
        ):
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
        """The folder's write lock: one writer at a time, across processes.

        On ``<data>/.pipetrack.lock`` (see fs.acquire), not in the cache folder:
        the cache may be deleted any time, and a lock deleted with it let a
        second writer in while the first one wrote.
        """
        path = self.root / LOCK_FILE
        try:
            fh = fs.acquire(path)
        except OSError as exc:
            why = "it is a symbolic link" if exc.errno == errno.ELOOP else exc.strerror
            raise DataError(self.display(path), None, f"cannot open the lock file ({why})") from None
        try:
            yield
        finally:
            fs.release(fh, path)

    def write_bytes(self, path: Path, data: bytes) -> None:
        """Replace a file atomically: temp file beside it, fsync, rename, fsync folder.

        Call it holding ``lock()``: temp files of ``path`` left by a writer that
        was killed are removed first, which is only safe when no other writer
        can be between its temp file and its rename.
        """
        self._guard_write(path)
        fs.remove_stale_temps(path)
        try:
            atomic_write(path, data)
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise DataError(
                self.display(path), None, f"cannot be written ({reason}); nothing was changed"
            ) from None

    def create(self, kind: str, record_id: str | Callable[[Callable[[str], bool]], str], doc: Any) -> Path:
        """Write a new file; refuse to replace one that exists.

        ``record_id`` is the id, or a function that chooses one given a test of
        whether an id is taken: it is called under the lock, so two writers
        adding the same name get two ids instead of one failing.
        """
        from pipetrack.storage import yamlio

        refuse_control_chars(doc, None)
        data = yamlio.dump_roundtrip(doc)
        with self.lock():
            new_id = record_id if isinstance(record_id, str) else record_id(lambda c: self.exists(kind, c))
            path = self.path(kind, new_id)
            rel = self.display(path)
            record = self.parse(kind, data, rel, new_id)
            path.parent.mkdir(exist_ok=True)
            if path.exists() or path.is_symlink():
                raise UsageError(f"{rel} exists already; choose another --id")
            self.write_bytes(path, data)
            self._journal(kind, path, None, data, record)
            self._note_undo(path, None, data)
        return path

    def edit(self, kind: str, record_id: str, change: Callable[[Any], R]) -> tuple[R, Any]:
        """:meth:`edit_record` for a change that needs only the document."""
        return self.edit_record(kind, record_id, lambda doc, _record: change(doc))

    def edit_record(self, kind: str, record_id: str, change: Callable[[Any, Any], R]) -> tuple[R, Any]:
        """The one write primitive: under the folder lock, re-read one file,
        validate it with its model, call ``change(document, record)`` on its
        round-trip document and the record as it is now, validate the result
        and write it back atomically (comments, key order and unknown keys kept).

        Every decision that depends on the file (its current stage, whether a
        move is still due) belongs in ``change``: it sees the file as it is
        under the lock, after any other writer. Returns ``change``'s result and
        the validated new record. When the file does not validate, ``change``
        raises, or the result is not valid, the file is left untouched; when
        ``change`` leaves the document as it was, nothing is written.
        """
        from pipetrack.storage import yamlio

        path = self.path(kind, record_id)
        rel = self.display(path)
        self._guard_write(path)
        with self.lock():
            data = self.read_bytes(path)  # again, under the lock: another writer may just have changed it
            yamlio.refuse_long(data, rel)  # before any parse: a 50,000-line file is refused at once
            mapping = yamlio.load_mapping(data, rel)
            yamlio.refuse_big(mapping, rel)  # before the round-trip parse, the cost of an edit
            context = self.context(kind)
            current = validate(
                model_for(kind), mapping, rel=rel, record_id=record_id, source=data, context=context
            )
            doc, fmt = yamlio.load_roundtrip(data, rel, checked=True)
            result = change(doc, current)
            refuse_control_chars(doc, data)
            new = yamlio.dump_roundtrip(doc, fmt)
            if new == data:
                return result, current
            record = self.parse(kind, new, rel, record_id)
            from pipetrack.storage.cache.codec import file_key

            before = file_key(path)
            self.write_bytes(path, new)
            self._journal(kind, path, before, new, record)
            self._note_undo(path, data, new)
        return result, record

    # undo, archive

    def _rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def undo_journal(self) -> Any:  # (the undo Journal: named in storage/undo.py, imported lazily)
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

        found = {}
        for record_id in self.archived_ids(kind):
            path = self.root / ARCHIVE_DIR / kind / f"{record_id}.yaml"
            if not path.is_file():
                path = path.with_suffix(".yml")
            rel = self.display(path)
            try:
                data = self.read_bytes(path)
                found[record_id] = self.parse(kind, data, rel, record_id)
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
        from pipetrack.storage.cache.codec import file_key
        from pipetrack.storage.cache.deals import note_write

        deal = deal_of(record) if kind == "contacts" else None
        note_write(self.root, f"{kind}/{path.name}", before, file_key(path), data, deal)
