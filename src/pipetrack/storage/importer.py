"""Writing an import: every new account and contact file, or none.

Each file is validated as a loaded one would be before the first write. Then,
under the folder lock: every file is written to a temp file beside its place,
the data is flushed to disk once (one sync, not two fsyncs per file: 1,000
files in ~1 s instead of ~20 s), and each is linked into place, which fails
rather than replace a file someone created meanwhile. On any failure the
files this import created are removed again, so the folder is as it was.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from pipetrack.domain.errors import DataError, UsageError
from pipetrack.storage.fs import temp_beside


def _doc(fields: dict[str, Any]) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from pipetrack.storage import yamlio

    doc = CommentedMap()
    for key, value in fields.items():
        if key in ("history", "activities") and isinstance(value, list):
            doc[key] = CommentedSeq([yamlio.flow_map(dict(e)) for e in value])
        elif isinstance(value, dict):
            doc[key] = yamlio.flow_map(dict(value)) if key == "criteria" else CommentedMap(value)
        else:
            doc[key] = value
    return doc


def _rendered(store: Any, kind: str, record_id: str, fields: dict[str, Any]) -> tuple[Path, bytes]:
    from pipetrack.storage import yamlio
    from pipetrack.storage.folder import model_for as _model
    from pipetrack.storage.validate import refuse_control_chars, validate

    path = store.path(kind, record_id)
    doc = _doc(fields)
    refuse_control_chars(doc, None)
    data = yamlio.dump_roundtrip(doc)
    rel = store.display(path)
    validate(_model(kind), yamlio.load_mapping(data, rel), rel=rel, record_id=record_id, source=data)
    return path, data


def write_import(store: Any, plan: Any) -> list[str]:
    """Create the plan's files (accounts, then contacts); returns their paths as shown."""
    files = [_rendered(store, "accounts", aid, fields) for aid, fields in plan.accounts]
    files += [_rendered(store, "contacts", cid, fields) for _, cid, fields in plan.contacts]
    temps: list[str] = []
    made: list[Path] = []
    with store.lock():
        try:
            for path, data in files:
                path.parent.mkdir(exist_ok=True)
                fd, tmp = temp_beside(path)  # a killed import's are removed by the next run
                temps.append(tmp)
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                os.chmod(tmp, 0o644)
            os.sync()  # every file's data on disk before any is in place
            for (path, _), tmp in zip(files, temps, strict=True):
                if os.path.lexists(path) or os.path.lexists(path.with_suffix(".yml")):
                    shown = store.display(path)
                    message = f"{shown} exists already (created meanwhile); nothing imported"
                    raise UsageError(message, "import_exists", path=shown)
                os.link(tmp, path)
                made.append(path)
            for folder in {path.parent for path, _ in files}:
                _fsync_dir(folder)
            store.note_undo([(path, None, data) for path, data in files])  # one `undo` removes them all
        except BaseException as exc:  # a failed write, or Ctrl-C: leave the folder as it was
            for path in made:
                with contextlib.suppress(OSError):
                    path.unlink()
            if isinstance(exc, OSError):
                where = (
                    store.display(files[len(made)][0])
                    if len(made) < len(files)
                    else store.display(store.root)
                )
                raise DataError(
                    where,
                    None,
                    f"cannot be written ({exc.strerror}); nothing was imported",
                    code="load.import_write",
                    why=exc.strerror,
                ) from None
            raise
        finally:
            for tmp in temps:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
    return [store.display(p) for p in made]


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def contacts_like(store: Any, slug: str, email: str | None, phone: str | None) -> list[str]:
    """Ids of contacts that may be the same person: a file named like the name
    (``wang-jingli``, ``wang-jingli-2``), or one whose text holds the e-mail or the
    phone's last 8 digits (any separators). Reads file bytes only when an e-mail or
    phone is given; the caller loads and compares the few candidates."""
    import re

    ids = store.ids("contacts")
    named = re.compile(rf"^{re.escape(slug)}(-\d+)?$")
    found = {i for i in ids if named.match(i)}
    needles = []
    if email:
        needles.append(re.compile(re.escape(email.encode("utf-8")), re.IGNORECASE))
    digits = re.sub(r"\D", "", phone or "")[-8:]
    if len(digits) >= 5:
        needles.append(re.compile(rb"[\s-]*".join(re.escape(d.encode()) for d in digits)))
    if needles:
        for record_id in ids:
            if record_id in found:
                continue
            try:
                data = store.read_bytes(store.path("contacts", record_id))
            except Exception:  # unreadable files are check's business, not add's
                continue
            if any(n.search(data) for n in needles):
                found.add(record_id)
    return sorted(found)
