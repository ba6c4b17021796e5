"""Output files (`--out`): a regular file or a new path, replaced atomically.

A symbolic link, a device (/dev/full), a FIFO or a folder at the path is
refused: the atomic rename would put a regular file in its place (the link,
device or pipe gone), which is never what the user meant."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from pipetrack.domain.errors import UsageError

_KINDS = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def write_out(path: Path, data: bytes, option: str = "--out") -> None:
    """Write ``data`` to ``path`` (atomically) if it is a regular file or does not exist."""
    from pipetrack.storage.fs import atomic_write

    shown = os.fspath(path)
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise UsageError(f"{option}: cannot write {shown!r}: {exc.strerror}") from None
    if mode is not None and not stat.S_ISREG(mode):
        kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
        raise UsageError(f"{option}: {shown!r} is {kind}; give a regular file or a new path")
    if not path.parent.is_dir():
        raise UsageError(f"{option}: folder {os.fspath(path.parent)!r} does not exist")
    try:
        atomic_write(path, data)
    except OSError as exc:
        raise UsageError(f"{option}: cannot write {shown!r}: {exc.strerror}") from None
