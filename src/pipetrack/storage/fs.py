"""File-system primitives: atomic replace, the write lock, temp clean-up, bounded reads.

Everything here works on paths and bytes; it knows nothing of YAML, models or
the cache's contents, so the store and the cache both build on it.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from pipetrack.domain.errors import DataError, NotFoundError

#: pipetrack's local cache folder inside a data folder (git-ignored; safe to delete).
CACHE_DIR = ".pipetrack-cache"

#: What atomic_write writes: bytes, or a function that writes into the open file.
Content = bytes | Callable[[BinaryIO], None]


def temp_beside(path: Path) -> tuple[int, str]:
    """A new temp file beside ``path``: ``.<name>.<pid>.<random>.tmp``, open (fd, path).
    The writer's pid is in the name, so the next run removes the temp files of a
    writer that was killed (see remove_if_dead)."""
    return tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp")


def atomic_write(path: Path, data: Content) -> None:
    """Write ``data`` to ``path`` so a crash leaves the old file or the new one:
    a temp file beside it, fsync, rename, fsync of the folder."""
    mode = None
    with contextlib.suppress(FileNotFoundError):
        mode = path.stat().st_mode & 0o777
    fd, tmp = temp_beside(path)
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


def remove_stale_temps(path: Path) -> None:
    """Delete ``.<name>.*.tmp`` beside ``path``: what a killed ``atomic_write`` left.

    Only safe holding the lock (no other writer between its temp file and its
    rename). The loader never reads them (their names start with a dot); this
    only keeps them from piling up.
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


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` runs (on this machine)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process
    return True


_TEMP = re.compile(r"^\..+\.(\d+)\.[A-Za-z0-9_]+\.tmp$")


def remove_if_dead(entry: os.DirEntry) -> None:
    """Delete ``entry`` if it is a temp file of :func:`atomic_write` whose writer is dead."""
    match = _TEMP.match(entry.name)
    if match and int(match[1]) != os.getpid() and not pid_alive(int(match[1])):
        with contextlib.suppress(OSError):
            if entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)


def remove_dead_temps(folder: Path) -> None:
    """Delete the temp files in ``folder`` left by killed writers (see remove_if_dead)."""
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if entry.name.endswith(".tmp"):
                remove_if_dead(entry)


def open_lock_file(path: Path) -> BinaryIO:
    """Open (creating) a lock file, never through a symbolic link (raises OSError)."""
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    return open(os.open(path, flags, 0o644), "r+b")


def acquire(path: Path) -> BinaryIO:
    """Take an exclusive lock across processes on the file ``path``, creating it;
    give it back with :func:`release` (raises OSError; ELOOP when ``path`` is a
    symbolic link).

    The file exists only while it is held: the holder removes it before
    unlocking, so a refused write leaves nothing behind. A waiter that gets the
    lock on a file that was removed or replaced meanwhile (by that holder, or by
    a person) holds a lock nobody else will see, so it takes it again on the
    file that is there now: only who holds the lock on the file at ``path`` goes on.
    """
    while True:
        fh = open_lock_file(path)
        _lock_file(fh)
        try:
            now = os.stat(path, follow_symlinks=False)
            held = os.fstat(fh.fileno())
            if (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino):
                return fh
        except FileNotFoundError:
            pass
        _unlock_file(fh)
        fh.close()


def release(fh: BinaryIO, path: Path) -> None:
    """Give back a lock taken by :func:`acquire` on ``path``."""
    with fh:
        with contextlib.suppress(OSError):
            os.unlink(path)  # before unlocking: a waiter then sees it gone and locks a new one
        _unlock_file(fh)


def ensure_lines(path: Path, head: str, wanted: tuple[str, ...]) -> str | None:
    """Append to a text file (``.gitignore``, ``.gitattributes``) those of the
    ``wanted`` lines it lacks, under ``head`` (a comment line) unless the file
    has it already; the user's own lines stay. Returns ``"created"``,
    ``"updated"`` or None when nothing was missing (raises OSError)."""
    current = path.read_text("utf-8") if path.exists() else ""
    have = {line.strip() for line in current.splitlines()}
    missing = [line for line in wanted if line not in have]
    if not missing:
        return None
    block = "".join(f"{line}\n" for line in ([head] if head not in have else []) + missing)
    sep = "" if not current or current.endswith("\n") else "\n"
    atomic_write(path, (current + sep + block).encode("utf-8"))
    return "updated" if current else "created"


def open_regular(path: Path) -> BinaryIO | None:
    """``path`` open for reading if it is a regular file and not a link (a cache
    or journal file pointing at /dev/stdin, or a pipe, must not hang a command); else None.
    The caller closes it."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        return None
    return open(fd, "rb")


def read_limited(path: Path, rel: str, limit: int) -> bytes:
    """A data file's bytes, at most one byte past ``limit`` (a 50 MB file costs
    ``limit``); DataError/NotFoundError naming ``rel`` for what cannot be read."""
    try:
        # O_NONBLOCK: a named pipe planted as a .yaml must not hang the reader.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        with open(fd, "rb") as fh:
            mode = os.fstat(fd).st_mode
            if not stat.S_ISREG(mode):
                folder = stat.S_ISDIR(mode)
                raise DataError(
                    rel,
                    None,
                    "is a folder, not a file" if folder else "is not a regular file",
                    code="load.is_folder" if folder else "load.not_regular",
                )
            return fh.read(limit + 1)
    except FileNotFoundError:
        raise NotFoundError(f"{rel} does not exist") from None
    except IsADirectoryError:
        raise DataError(rel, None, "is a folder, not a file", code="load.is_folder") from None
    except PermissionError:
        raise DataError(rel, None, "cannot be read (permission denied)", code="load.permission") from None
    except OSError as exc:
        raise DataError(
            rel, None, f"cannot be read ({exc.strerror})", code="load.unreadable", why=exc.strerror
        ) from None


try:
    import fcntl

    def _lock_file(fh: BinaryIO) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)

    def _unlock_file(fh: BinaryIO) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)

except ImportError:  # Windows
    import msvcrt

    def _lock_file(fh: BinaryIO) -> None:
        fh.seek(0)
        while True:
            try:
                msvcrt.locking(fh.fileno(), msvcrt.LK_LOCK, 1)  # type: ignore[attr-defined]
                return
            except OSError:
                continue

    def _unlock_file(fh: BinaryIO) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
