"""Round-trip edits of one YAML document (ruamel's ``CommentedMap``).

The operations a write makes to a contact or account file, so that each one
changes only its own lines: comments, key order, quoting and unknown keys stay
as the user wrote them. They act on a document in memory; ``Store.edit_record``
reads it under the lock, applies them, validates the result and writes it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from pipetrack.storage import yamlio

#: A round-trip document or list (ruamel's CommentedMap / CommentedSeq): the
#: YAML boundary, typed loosely on purpose.
Doc = Any


def take_trailing_lines(seq: Doc) -> str | None:
    """Comment lines after a list's last item (a blank line, `# notes below`):
    detach them, so an appended item goes above them, not below.
    Returns the detached text ("\\n…") or None."""
    if not seq:
        return None
    last = len(seq) - 1
    holders = []
    tokens = seq.ca.items.get(last)
    if tokens and tokens[0] is not None:
        holders.append((tokens, 0))
    item = seq[last]
    if isinstance(item, dict) and item and hasattr(item, "ca"):
        key = list(item)[-1]
        tokens = item.ca.items.get(key)
        if tokens and len(tokens) > 2 and tokens[2] is not None:
            holders.append((tokens, 2))
    for tokens, i in holders:
        head, newline, rest = tokens[i].value.partition("\n")
        if rest:
            tokens[i].value = head + newline
            return "\n" + rest
    return None


def append_entry(doc: Doc, key: str, entry: Mapping[str, Any], before: Sequence[str] = ()) -> None:
    """Append a flow-style entry (``{date: …, kind: …}``) to the list under
    ``key``, above any comment lines that end the list; a missing list is
    created before the first of the keys ``before`` that the file has (else at
    the end)."""
    from ruamel.yaml.comments import CommentedSeq
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    item = yamlio.flow_map(dict(entry))
    if isinstance(doc.get(key), list):
        seq: Doc = doc[key]
        trailing = take_trailing_lines(seq)
        seq.append(item)
        if trailing is not None:
            seq.ca.items[len(seq) - 1] = [CommentToken(trailing, CommentMark(0), None), None, None, None]
        return
    new = CommentedSeq([item])
    if key in doc:
        doc[key] = new
    else:
        insert_before(doc, before, key, new)


def insert_before(doc: Doc, keys: Sequence[str], key: str, value: Any) -> None:
    """Add ``key`` before the first of ``keys`` the document has, else at the end."""
    present = list(doc.keys())
    at = next((present.index(k) for k in keys if k in present), None)
    if at is None:
        doc[key] = value
    else:
        doc.insert(at, key, value)


def insert_after(doc: Doc, after: str, key: str, value: Any) -> None:
    """Add ``key`` right after ``after`` (at the end when there is no ``after``)."""
    present = list(doc.keys())
    doc.insert(present.index(after) + 1 if after in present else len(present), key, value)


def set_field(doc: Doc, key: str, value: Any, after: str | None = None) -> None:
    """Set ``key``: in place when the file has it, else after ``after`` (or at the end)."""
    if key in doc or after is None:
        doc[key] = value
    else:
        insert_after(doc, after, key, value)


def unset_field(doc: Doc, key: str) -> bool:
    """Remove ``key`` (and the comment on its line); whether it was there."""
    if key not in doc:
        return False
    del doc[key]
    return True


def set_stage(doc: Doc, stage: str, day: date) -> None:
    """Record a stage change: the `stage` key and a `history` entry for the day."""
    doc["stage"] = stage
    append_entry(doc, "history", {"date": day, "stage": stage}, ("activities", "notes"))


def new_document(fields: Mapping[str, Any]) -> Doc:
    """A new file's document: ``fields`` in order."""
    from ruamel.yaml.comments import CommentedMap

    return CommentedMap(fields)


def new_list(entries: Sequence[Mapping[str, Any]]) -> Doc:
    """A block list of flow-style entries (a new file's `history`)."""
    from ruamel.yaml.comments import CommentedSeq

    return CommentedSeq([yamlio.flow_map(dict(e)) for e in entries])
