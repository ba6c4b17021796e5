"""The undo journal: what each pipetrack command wrote, so `pipetrack undo` can put it back.

One command is one operation (``set`` with three keys, a whole ``review
--apply``, an ``archive``): ``<data>/.pipetrack-cache/undo/<seq>.json`` holds,
for every file it wrote, the bytes the file had before (none when the command
created it) and a hash of the bytes it wrote (none when it removed the file).
An operation is undone only while every one of its files still holds exactly
what pipetrack wrote; otherwise the undo is refused and names the file.

The journal lives in the cache folder (git-ignored, local to this clone) and
keeps the last :data:`KEEP` operations, so its cost does not grow with the
folder. Deleting the cache forgets what can be undone, nothing else.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipetrack.domain.errors import DataError, UsageError
from pipetrack.storage.fs import open_regular

UNDO_DIR = "undo"
KEEP = 50
FORMAT = 1


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class FileChange:
    """One file of an operation: its bytes before, and the hash of what was written."""

    rel: str  # path from the data folder, with '/'
    before: bytes | None  # None: the file did not exist
    after: str | None  # sha256 of the bytes written; None: the file was removed

    def as_json(self) -> dict[str, Any]:
        return {
            "path": self.rel,
            "before": None if self.before is None else base64.b64encode(self.before).decode("ascii"),
            "after": self.after,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FileChange:
        rel = str(data["path"])
        if rel.startswith("/") or "\\" in rel or any(part in ("", ".", "..") for part in rel.split("/")):
            raise ValueError("not a path inside the data folder")  # a tampered entry: never followed
        before = data["before"]
        return cls(str(data["path"]), None if before is None else base64.b64decode(before), data["after"])


@dataclass
class Operation:
    seq: int
    command: str
    when: str
    files: list[FileChange] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "seq": self.seq,
            "command": self.command,
            "when": self.when,
            "files": [f.as_json() for f in self.files],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Operation:
        if data.get("format") != FORMAT:
            raise ValueError("unknown format")
        return cls(
            int(data["seq"]),
            str(data["command"]),
            str(data["when"]),
            [FileChange.from_json(f) for f in data["files"]],
        )


class Journal:
    """The undo journal of one data folder. Call its writing methods holding the folder lock."""

    def __init__(self, root: Path, cache_dir: str):
        self.root = Path(root)
        self.folder = self.root / cache_dir / UNDO_DIR

    def _path(self, seq: int) -> Path:
        return self.folder / f"{seq:08d}.json"

    def _linked(self) -> bool:
        """The journal's folder, or the cache folder it is in, is a link (one a
        teammate committed, say): never read from nor written through it."""
        return self.folder.parent.is_symlink() or self.folder.is_symlink()

    def _seqs(self) -> list[int]:
        if self._linked():
            return []
        try:
            names = os.listdir(self.folder)
        except OSError:
            return []
        return sorted(int(n[:-5]) for n in names if n.endswith(".json") and n[:-5].isdigit())

    def operations(self) -> list[Operation]:
        """The operations that can be undone, oldest first (unreadable entries are skipped)."""
        found = []
        for seq in self._seqs():
            try:
                fh = open_regular(self._path(seq))  # a link or a pipe is not an entry of ours
                if fh is None:
                    continue
                with fh:
                    found.append(Operation.from_json(json.loads(fh.read())))
            except (OSError, ValueError, KeyError, TypeError):
                continue
        return found

    def begin(self, command: str, when: str) -> Operation:
        seqs = self._seqs()
        op = Operation((seqs[-1] + 1) if seqs else 1, command, when)
        for old in seqs[: max(0, len(seqs) + 1 - KEEP)]:
            with contextlib.suppress(OSError):
                self._path(old).unlink()
        return op

    def note(self, op: Operation, rel: str, before: bytes | None, after: bytes | None) -> None:
        """Add one write to ``op`` and save it (a file written twice keeps its first before)."""
        self.note_many(op, [(rel, before, after)])

    def note_many(self, op: Operation, writes: list[tuple[str, bytes | None, bytes | None]]) -> None:
        """Add writes ``(rel, before, after)`` to ``op`` and save it once (an import's files)."""
        known = {change.rel: change for change in op.files}
        for rel, before, after in writes:
            sha = None if after is None else digest(after)
            if rel in known:
                known[rel].after = sha
            else:
                known[rel] = FileChange(rel, before, sha)
                op.files.append(known[rel])
        from pipetrack.storage.fs import atomic_write

        with contextlib.suppress(OSError):  # best effort: the write itself has happened
            if self._linked():
                return  # pipetrack does not write through links
            self.folder.mkdir(parents=True, exist_ok=True)
            if self._linked():
                return
            atomic_write(self._path(op.seq), json.dumps(op.as_json(), ensure_ascii=False).encode())

    def plan(
        self, count: int, read: Callable[[str], bytes | None]
    ) -> tuple[list[Operation], dict[str, bytes | None]]:
        """The last ``count`` operations and what each of their files goes back to.

        Refuses (DataError naming the file) when a file no longer holds what
        pipetrack wrote: someone edited it since, and undoing would lose that.
        """
        ops = self.operations()
        if not ops:
            raise UsageError("nothing to undo")
        if count < 1:
            raise UsageError("undo: N must be at least 1")
        if count > len(ops):
            raise UsageError(f"only {len(ops)} operation(s) can be undone (pipetrack history lists them)")
        chosen = ops[-count:][::-1]  # newest first
        state: dict[str, bytes | None] = {}
        for op in chosen:
            for change in op.files:
                now = state[change.rel] if change.rel in state else read(change.rel)
                held = None if now is None else digest(now)
                if held != change.after:
                    why = (
                        "was removed"
                        if now is None
                        else "was created again"
                        if change.after is None
                        else "was changed"
                    )
                    raise DataError(
                        change.rel,
                        None,
                        f"{why} after `{op.command}` wrote it; undo would lose that, so nothing was undone",
                    )
                state[change.rel] = change.before
        return chosen, state

    def forget(self, ops: list[Operation]) -> None:
        for op in ops:
            with contextlib.suppress(OSError):
                self._path(op.seq).unlink()
