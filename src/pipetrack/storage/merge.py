"""A field-aware three-way merge of one contact or account file, for git.

git hands a merge driver three versions of a file: the common ancestor (O),
ours (A, where the result goes) and theirs (B). A line merge conflicts as soon
as both sides touch neighbouring lines — two reps logging a call each is enough.
This merge works on the round-trip documents instead, key by key:

* a key changed on one side only takes that side's value;
* a key changed on both sides to the same value is fine;
* mappings (criteria, profile, opportunity) are merged key by key;
* lists (activities, history, roles, competitors …) are merged entry by entry:
  what either side added is kept, what one side removed is removed, an entry
  both sides added appears once; entries with a ``date`` go in date order;
* a multi-line text (notes) changed on both sides is merged line by line;
* anything else changed on both sides is a conflict: the file is written with
  git conflict markers around just that field's lines (``check`` reports them
  as "unresolved git merge conflict in PATH:LINE").

Ours is the document that is edited, so its comments, key order and quoting
survive; a key that only theirs added is placed after its neighbour there.
Files that cannot be parsed (a conflict left from before, a syntax error) fall
back to git's own line merge.
"""

from __future__ import annotations

import difflib
import json
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pipetrack.domain.errors import DataError
from pipetrack.storage import yamlio

MISSING: Any = type("Missing", (), {"__repr__": lambda self: "<missing>"})()
OURS_LABEL = "ours"
THEIRS_LABEL = "theirs"


@dataclass
class Conflict:
    """A field both sides set to different values."""

    loc: tuple[str, ...]
    ours: Any
    theirs: Any
    line: int | None = None  # of the ``<<<<<<<`` marker in the written file

    @property
    def field(self) -> str:
        return ".".join(self.loc)


@dataclass
class MergeResult:
    data: bytes
    conflicts: list[Conflict] = field(default_factory=list)
    #: set when the files could not be parsed and git's line merge was used
    fallback: str | None = None

    @property
    def clean(self) -> bool:
        return not self.conflicts and not (self.fallback and _has_markers(self.data))


def _has_markers(data: bytes) -> bool:
    return yamlio.conflict_line(data) is not None


# --- comparing values ----------------------------------------------------------


def _json_default(value: Any) -> str:
    if isinstance(value, (date, datetime)):
        return f"{type(value).__name__}:{value.isoformat()}"
    return f"{type(value).__name__}:{value}"


def _key(value: Any) -> str:
    """A canonical form of a value: equal data, equal key (key order and style ignored)."""
    if value is MISSING:
        return "<missing>"
    return json.dumps(value, sort_keys=True, default=_json_default, ensure_ascii=False)


def _same(x: Any, y: Any) -> bool:
    return _key(x) == _key(y)


def _date_of(item: Any) -> str | None:
    if isinstance(item, dict) and item.get("date") is not None:
        value = item["date"]
        return value.isoformat() if isinstance(value, (date, datetime)) else str(value)
    return None


# --- the merge of documents ----------------------------------------------------


class _Merger:
    def __init__(self) -> None:
        self.conflicts: list[Conflict] = []

    def mapping(self, o: Any, a: Any, b: Any, loc: tuple[str, ...]) -> None:
        """Merge ``b`` into ``a`` (edited in place) against the ancestor ``o``."""
        o = o if isinstance(o, dict) else {}
        keys = list(a.keys())
        for k in b:
            if k not in a:
                keys.append(k)
        for k in o:
            if k not in keys:
                keys.append(k)
        for k in keys:
            ov, av, bv = o.get(k, MISSING), a.get(k, MISSING), b.get(k, MISSING)
            if _same(av, bv) or _same(bv, ov):
                continue  # the same on both sides, or only ours changed it
            if _same(av, ov):
                self._take_theirs(o, a, b, k, bv)
                continue
            merged = self.both_changed(ov, av, bv, (*loc, str(k)))
            if merged is not MISSING:
                a[k] = merged

    def both_changed(self, o: Any, a: Any, b: Any, loc: tuple[str, ...]) -> Any:
        """A value changed differently on both sides: merged, or MISSING after
        recording a conflict (ours stays in place meanwhile)."""
        if isinstance(a, dict) and isinstance(b, dict) and (o is MISSING or o is None or isinstance(o, dict)):
            self.mapping(o, a, b, loc)
            return a
        if isinstance(a, list) and isinstance(b, list) and (o is MISSING or o is None or isinstance(o, list)):
            return merge_list(o if isinstance(o, list) else [], a, b)
        if (
            isinstance(a, str)
            and isinstance(b, str)
            and "\n" in a + b
            and isinstance(o, (str, type(MISSING)))
        ):
            text = merge_text(o if isinstance(o, str) else "", a, b)
            if text is not None:
                return _like(a, text)
        self.conflicts.append(Conflict(loc, a, b))
        return MISSING

    @staticmethod
    def _take_theirs(o: Any, a: Any, b: Any, k: Any, bv: Any) -> None:
        if bv is MISSING:
            del a[k]
            return
        if k in a:
            a[k] = bv
        else:
            a.insert(_position(a, b, o, k), k, bv)
        comment = getattr(b, "ca", None) and b.ca.items.get(k)
        if comment and hasattr(a, "ca"):
            a.ca.items[k] = comment


def _position(a: Any, b: Any, o: Any, k: Any) -> int:
    """Where a key only theirs has goes in ours: after the key before it on their
    side, and after any keys ours added there."""
    b_keys = list(b.keys())
    keys = list(a.keys())
    at = 0
    for prev in reversed(b_keys[: b_keys.index(k)] if k in b_keys else b_keys):
        if prev in keys:
            at = keys.index(prev) + 1
            break
    while at < len(keys) and keys[at] not in b and keys[at] not in o:
        at += 1
    return at


def _like(original: Any, text: str) -> Any:
    """``text`` in the scalar style of ``original`` (a ``|`` block stays a block)."""
    cls = type(original)
    if cls is str:
        return text
    try:
        return cls(text)
    except TypeError:
        return text


def merge_list(o: list, a: list, b: list) -> list:
    """Three-way merge of a list as a multiset, edited in ``a`` (kept in its order).

    Per distinct entry: what either side added is kept, what a side removed
    is removed, and an entry both sides added counts once (the same call logged
    on two branches is one call). Entries repeated on purpose — two unanswered
    calls on one day — keep their count. An entry with a date goes after the
    last entry dated no later than it, so a list in date order stays so.
    """
    co, ca, cb = Counter(map(_key, o)), Counter(map(_key, a)), Counter(map(_key, b))
    target = {}
    for k in ca.keys() | cb.keys():
        da, db = ca[k] - co[k], cb[k] - co[k]
        if da >= 0 and db >= 0:
            target[k] = co[k] + max(da, db)
        elif da <= 0 and db <= 0:
            target[k] = co[k] + min(da, db)
        else:
            target[k] = max(0, co[k] + da + db)
    have: Counter = Counter()
    i = 0
    while i < len(a):
        k = _key(a[i])
        if have[k] < target[k]:
            have[k] += 1
            i += 1
        else:
            del a[i]
    for item in b:
        k = _key(item)
        if have[k] >= target[k]:
            continue
        have[k] += 1
        when = _date_of(item)
        at = len(a)
        if when is not None:
            at = 0
            for idx, existing in enumerate(a):
                other = _date_of(existing)
                if other is None or other <= when:
                    at = idx + 1
        if at == len(a):
            a.append(item)
        else:
            a.insert(at, item)
    return a


def merge_text(o: str, a: str, b: str) -> str | None:
    """A line merge of a multi-line text (notes) by ``git merge-file``; None on conflict."""
    with tempfile.TemporaryDirectory(prefix="pipetrack-merge-") as tmp:
        paths = []
        for name, text in (("a", a), ("o", o), ("b", b)):
            path = Path(tmp) / name
            path.write_text(text, encoding="utf-8")
            paths.append(str(path))
        try:
            proc = subprocess.run(["git", "merge-file", "-p", *paths], capture_output=True, check=False)
        except OSError:
            return None
    if proc.returncode != 0:
        return None
    return proc.stdout.decode("utf-8")


# --- conflict markers ------------------------------------------------------------


def _set_at(doc: Any, loc: tuple[str, ...], value: Any, theirs: Any, base: Any) -> None:
    node, source, origin = doc, theirs, base
    for part in loc[:-1]:
        node = node[part]
        source = source.get(part, {}) if isinstance(source, dict) else {}
        origin = origin.get(part, {}) if isinstance(origin, dict) else {}
    k = loc[-1]
    if value is MISSING:
        node.pop(k, None)
    elif k in node:
        node[k] = value
    else:
        node.insert(_position(node, source if isinstance(source, dict) else {}, origin, k), k, value)


def _with_markers(ours_text: str, theirs_text: str, conflicts: list[Conflict]) -> str:
    """Ours' text, with each block of lines theirs has differently set off by markers."""
    ours_lines = ours_text.splitlines(keepends=True)
    theirs_lines = theirs_text.splitlines(keepends=True)
    out: list[str] = []
    hunks: list[tuple[int, int, int, int, int]] = []  # marker line, ours i1, i2, theirs j1, j2
    matcher = difflib.SequenceMatcher(a=ours_lines, b=theirs_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(ours_lines[i1:i2])
            continue
        hunks.append((len(out) + 1, i1, i2, j1, j2))
        out.append(f"{'<' * 7} {OURS_LABEL}\n")
        out.extend(ours_lines[i1:i2])
        out.append(f"{'=' * 7}\n")
        out.extend(theirs_lines[j1:j2])
        out.append(f"{'>' * 7} {THEIRS_LABEL}\n")
    ours_doc = _reparse(ours_text)
    theirs_doc = _reparse(theirs_text)
    for conflict in conflicts:
        # the first hunk that ends after the field's key line (in ours, else in theirs):
        # a one-line field is the hunk; a text block's hunk starts below its key
        at = _line_of(ours_doc, conflict.loc)
        side = 1
        if at is None:
            at, side = _line_of(theirs_doc, conflict.loc), 3
        for hunk in hunks:
            if at is not None and max(hunk[side + 1], hunk[side] + 1) > at:
                conflict.line = hunk[0]
                break
        else:
            conflict.line = hunks[0][0] if hunks else None
    return "".join(out)


def _reparse(text: str) -> Any:
    try:
        return yamlio.load_roundtrip(text.encode("utf-8"), "")[0]
    except DataError:
        return None


def _line_of(doc: Any, loc: tuple[str, ...]) -> int | None:
    """0-based line of the key at ``loc``, when the document has that key."""
    node = doc
    for part in loc[:-1]:
        node = node.get(part) if isinstance(node, dict) else None
    if not isinstance(node, dict) or loc[-1] not in node:
        return None
    found: Any = node  # a round-trip mapping: it carries line and column
    return found.lc.key(loc[-1])[0]


# --- entry points -------------------------------------------------------------------


def merge_bytes(base: bytes, ours: bytes, theirs: bytes, path: str = "file") -> MergeResult:
    """Merge three versions of one YAML file; never raises on bad data."""
    if ours == theirs or base == theirs:
        return MergeResult(ours)
    if base == ours:
        return MergeResult(theirs)
    try:
        o_doc = yamlio.load_roundtrip(base, path)[0] if base.strip() else {}
        a_doc, fmt = yamlio.load_roundtrip(ours, path)
        b_doc, _ = yamlio.load_roundtrip(theirs, path)
    except DataError as exc:
        return _line_merge(base, ours, theirs, str(exc), path)
    merger = _Merger()
    merger.mapping(o_doc, a_doc, b_doc, ())
    if not merger.conflicts:
        return MergeResult(yamlio.dump_roundtrip(a_doc, fmt))
    # Ours' text holds ours' value of each conflicting field; theirs' text the same
    # document with theirs' values; the lines that differ get the markers.
    ours_text = yamlio.dump_roundtrip(a_doc).decode("utf-8")
    for conflict in merger.conflicts:
        _set_at(a_doc, conflict.loc, conflict.theirs, b_doc, o_doc)
    theirs_text = yamlio.dump_roundtrip(a_doc).decode("utf-8")
    text = _with_markers(ours_text, theirs_text, merger.conflicts)
    merger.conflicts.sort(key=lambda c: c.line or 0)
    return MergeResult(yamlio.join_format(text, fmt), merger.conflicts)


def _line_merge(base: bytes, ours: bytes, theirs: bytes, why: str, path: str) -> MergeResult:
    """git's own line merge, for files the field-aware merge cannot read."""
    with tempfile.TemporaryDirectory(prefix="pipetrack-merge-") as tmp:
        paths = []
        for name, data in (("ours", ours), ("base", base), ("theirs", theirs)):
            p = Path(tmp) / name
            p.write_bytes(data)
            paths.append(str(p))
        proc = subprocess.run(
            ["git", "merge-file", "-p", "-L", OURS_LABEL, "-L", "base", "-L", THEIRS_LABEL, *paths],
            capture_output=True,
            check=False,
        )
    if proc.returncode < 0 or proc.returncode > 127:
        raise DataError(path, None, f"git merge-file failed: {proc.stderr.decode(errors='replace').strip()}")
    return MergeResult(proc.stdout, fallback=why)


def describe(value: Any) -> str:
    if value is MISSING:
        return "(removed)"
    if isinstance(value, (dict, list)):
        text = json.dumps(yamlio.to_plain(value), ensure_ascii=False, default=str)
        return text if len(text) <= 60 else text[:57] + "..."
    return str(value)


def merge_file(base: Path, ours: Path, theirs: Path, shown: str) -> tuple[MergeResult, list[str]]:
    """The merge driver's work: merge into ``ours`` (written atomically in place).

    Returns the result and the lines to tell the user.
    """
    data = [p.read_bytes() for p in (base, ours, theirs)]
    result = merge_bytes(data[0], data[1], data[2], path=shown)
    if result.data != data[1]:
        from pipetrack.storage.fs import atomic_write

        atomic_write(ours, result.data)
    lines = []
    if result.fallback:
        state = "conflicts remain" if _has_markers(result.data) else "merged"
        lines.append(f"{shown}: merged line by line ({state}): {result.fallback}")
    for c in result.conflicts:
        where = f"{shown}:{c.line}" if c.line else shown
        lines.append(
            f"CONFLICT (pipetrack): {where}: {c.field}: {describe(c.ours)} (ours) "
            f"vs {describe(c.theirs)} (theirs); edit the file, then git add it"
        )
    return result, lines
