"""The write operations of a rep's day: set and unset fields, edit a file, archive, undo.

Typed, no printing: the CLI (``cli/daily_write.py``) turns what is typed into
calls here and prints the results. Every write goes through the store's one
locked, atomic, comment-keeping edit, so each is one undoable operation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipetrack.domain import fields as F
from pipetrack.domain.errors import DataError, NotFoundError, Problem, UsageError
from pipetrack.domain.models import Contact

if TYPE_CHECKING:
    from pipetrack.storage.store import Store
    from pipetrack.storage.undo import Operation


@dataclass(frozen=True)
class Assignment:
    field: F.Field
    value: Any  # None: unset

    @property
    def shown(self) -> str:
        v = self.value
        if isinstance(v, (date, datetime)):
            return v.isoformat(timespec="minutes") if isinstance(v, datetime) else v.isoformat()
        if isinstance(v, bool):
            return "yes" if v else "no"
        if isinstance(v, list):
            return ", ".join(map(str, v))
        return str(v)


def parse_assignments(kind: str, pairs: Sequence[str], today: date) -> list[Assignment]:
    """``KEY=VALUE`` texts → checked assignments (one-line UsageError naming the key)."""
    from pipetrack.storage.folder import model_for as _model

    out: list[Assignment] = []
    for pair in pairs:
        key, sep, text = pair.partition("=")
        if not sep:
            raise UsageError(
                f"{pair!r}: use KEY=VALUE (e.g. criteria.budget=50000); to remove a key: unset",
                "key_value",
                pair=pair,
            )
        field = F.resolve_key(kind, key)
        value = F.coerce(field, text, today)
        if isinstance(value, datetime):
            F.validate_value(_model(kind), field, value)
            value = value.strftime("%Y-%m-%dT%H:%M")  # written as a person types it
        else:
            F.validate_value(_model(kind), field, value)
        if field.key == "name" and not str(value).strip():
            raise UsageError("name: must not be empty", "bad_value", key="name", value="")
        if any(a.field.key == field.key for a in out):
            raise UsageError(f"{field.key}: given twice", "given_twice", key=field.key)
        out.append(Assignment(field, value))
    return out


def parse_unset(kind: str, keys: Sequence[str]) -> list[Assignment]:
    out: list[Assignment] = []
    for key in keys:
        field = F.resolve_key(kind, key)
        if field.key == "name":
            raise UsageError("name: is required and cannot be unset", "name_required")
        if all(a.field.key != field.key for a in out):
            out.append(Assignment(field, None))
    return out


def _apply(doc: Any, assignment: Assignment, model: Any) -> bool:
    """Set (or remove) one field in a round-trip document; True when it changed."""
    from ruamel.yaml.comments import CommentedMap

    path = assignment.field.path
    node = doc
    for depth, part in enumerate(path[:-1]):
        child = node.get(part)
        if not isinstance(child, dict):
            if assignment.value is None:
                return False
            child = CommentedMap()
            _insert(node, part, child, _order(model, path[:depth]))
        node = child
    last = path[-1]
    if assignment.value is None:
        if last not in node:
            return False
        del node[last]
        if len(path) > 1 and not node:  # an emptied block goes too
            del doc[path[0]]
        return True
    value = assignment.value
    if isinstance(value, list):
        from ruamel.yaml.comments import CommentedSeq

        seq = CommentedSeq(value)
        seq.fa.set_flow_style()
        value = seq
    if last in node and node[last] == assignment.value:
        return False
    if last in node:
        node[last] = value
    else:
        _insert(node, last, value, _order(model, path[:-1]))
    return True


def _insert(node: Any, key: str, value: Any, order: Sequence[str]) -> None:
    """A new key goes where the model lists it: right after the last key the model
    lists before it, else before the first one it lists after it, else at the end
    (keys the model does not know stay where they are)."""
    keys = list(node)
    rank = {k: i for i, k in enumerate(order)}
    mine = rank.get(key, len(order))
    earlier = [i for i, k in enumerate(keys) if rank.get(k, mine) < mine]
    at = earlier[-1] + 1 if earlier else next((i for i, k in enumerate(keys) if rank.get(k, -1) > mine), None)
    if at is None:
        node[key] = value
    else:
        node.insert(at, key, value)


def _order(model: Any, path: tuple[str, ...]) -> list[str]:
    """The field order of the block at ``path`` of ``model``."""
    for part in path:
        model = model.model_fields[part].annotation
        if not hasattr(model, "model_fields"):  # a free mapping (a project's checkpoints)
            return []
    return list(model.model_fields)


def set_fields(
    store: Store, kind: str, record_id: str, assignments: list[Assignment]
) -> tuple[list[str], Any]:
    """Apply assignments to one file (one locked atomic edit); the keys that changed, and the record."""

    from pipetrack.storage.folder import model_for as _model

    model = _model(kind)

    def change(doc: Any) -> list[str]:
        return [a.field.key for a in assignments if _apply(doc, a, model)]

    return store.edit(kind, record_id, change)


# --- edit ------------------------------------------------------------------


def problems_in(
    store: Store, kind: str, record_id: str, data: bytes, rel: str, today: date, cycle_days: int
) -> list[Problem]:
    """What `check` would say about ``data`` as the file ``rel``: schema errors
    (all of them, with lines), then the checks that look at one record."""
    from pipetrack.domain import checks
    from pipetrack.storage import yamlio
    from pipetrack.storage.folder import Folder
    from pipetrack.storage.folder import model_for as _model
    from pipetrack.storage.validate import validate

    try:
        record = validate(
            _model(kind), yamlio.load_mapping(data, rel), rel=rel, record_id=record_id, source=data
        )
    except DataError as exc:
        return list(getattr(exc, "more", None) or [exc.problem])

    class _Accounts(dict):  # the folder's accounts, by file name only
        def __contains__(self, key: object) -> bool:
            return isinstance(key, str) and store.exists("accounts", key)

    settings = store.load_settings()
    contacts = {record_id: record} if isinstance(record, Contact) else {}
    folder = Folder(store.root, settings, contacts=contacts)
    folder.accounts = _Accounts({record_id: record} if kind == "accounts" else {})
    ctx = checks.CheckContext(settings, cycle_days, today)
    node = yamlio.compose(data, rel)

    def locate(_kind: str, _id: str, loc: tuple) -> tuple[str, int | None]:
        return rel, yamlio.node_line(node, loc) if loc else 1

    return checks.run_checks(folder, ctx, locate)


def write_edited(store: Store, kind: str, record_id: str, original: bytes | None, edited: bytes) -> Path:
    """Write an edited copy under the lock, only if the file still holds ``original``
    (None: a new file, which must not exist). Raises DataError when it changed."""
    path = store.path(kind, record_id)
    rel = store.display(path)
    with store.lock():
        store._guard_write(path)
        now = store._read_rel(store._rel(path))
        if now != original:
            raise DataError(
                rel, None, "changed while you were editing it" if original is not None else "exists already"
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        store.write_bytes(path, edited)
        store._note_undo(path, original, edited)
    return path


# --- archive -------------------------------------------------------------------


def archive(store: Store, record_id: str) -> tuple[Path, Path]:
    source = store.path("contacts", record_id)
    if not source.is_file():
        raise NotFoundError(
            f"no contact {record_id!r} ({store.display(source)} does not exist)",
            "not_found_file",
            ref=record_id,
            path=store.display(source),
        )
    target = store.archive_path("contacts", record_id)
    store.move_file(source, target)
    return source, target


def unarchive(store: Store, record_id: str) -> tuple[Path, Path]:
    target = store.path("contacts", record_id)
    source = store.archive_path("contacts", record_id)
    if not source.is_file():
        shown = ", ".join(store.archived_ids()[:8]) or "none"
        raise NotFoundError(
            f"no archived contact {record_id!r} (archived: {shown})",
            "not_found_archived",
            ref=record_id,
            shown=shown if shown != "none" else "—",
        )
    if target.exists():
        raise UsageError(
            f"{store.display(target)} exists already; nothing was moved",
            "exists_already",
            path=store.display(target),
        )
    store.move_file(source, target.with_suffix(source.suffix))
    return source, target


def history(store: Store) -> list[Operation]:
    """The operations `undo` can revert, newest first."""
    return store.undo_journal().operations()[::-1]
