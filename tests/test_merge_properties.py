"""Property test of the merge driver: random two-sided edits of one contact.

Each side adds activities and history entries, removes some of the base's
entries, and sets some fields; the merge must keep every entry either side
added exactly once, drop what a side removed, keep each one-sided field
change, and report a conflict exactly for the fields both sides set to
different values. 500 examples in CI (PIPETRACK_MERGE_EXAMPLES changes it).
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipetrack.storage import yamlio
from pipetrack.storage.merge import merge_bytes

EXAMPLES = int(os.environ.get("PIPETRACK_MERGE_EXAMPLES", "500"))
START = date(2026, 10, 1)

BASE = """\
name: 王经理
owner: li-na
stage: 25%            # met once
title: Owner
value: 1200
criteria:
  right_person: true
  budget: 1000
history:
  - {date: 2026-11-02, stage: 25%}
activities:
  - {date: 2026-10-25, kind: call, outcome: meeting-set}
  - {date: 2026-11-02, kind: meeting}
  - {date: 2026-11-03, kind: message, note: sent prices}
notes: Likes facts.
"""

# field path → the values a side may set it to (few, so both sides often pick the same);
# one pick more than there are values removes the field
FIELDS: dict[tuple[str, ...], list[Any]] = {
    ("owner",): ["li-na", "wang-wei", "zhang-san"],
    ("stage",): ["25%", "50%", "lost"],
    ("title",): ["Owner", "CEO", "总经理"],
    ("value",): [1200, 1500, 9000],
    ("phone",): ["138 0000 0000", "139 1111 1111"],
    ("criteria", "budget"): [1000, 2000, 3000],
    ("criteria", "plan_fits"): [True, False],
    ("notes",): ["Likes facts.", "Prefers WeChat.", "两家店"],
}
KINDS = ["call", "meeting", "message", "visit"]


def _day(n: int) -> date:
    return START + timedelta(days=n)


activity = st.builds(
    lambda n, kind, note: {"date": _day(n), "kind": kind, **({"note": note} if note else {})},
    st.integers(0, 60),
    st.sampled_from(KINDS),
    st.sampled_from(["", "new", "价格", "follow-up"]),
)
side = st.fixed_dictionaries(
    {
        "sets": st.dictionaries(st.sampled_from(list(FIELDS)), st.integers(0, 3), max_size=4),
        "adds": st.lists(activity, max_size=3),
        "removes": st.sets(st.integers(0, 2), max_size=2),
        # a base activity whose note the side corrects (ignored when it removes it)
        "corrects": st.dictionaries(st.integers(0, 2), st.sampled_from(["called back", "回电"]), max_size=2),
        "history": st.lists(st.integers(0, 60), max_size=2),
    }
)


def _key(entry: dict) -> tuple:
    return tuple(sorted((k, str(v)) for k, v in entry.items()))


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _entry(entry: dict) -> str:
    return "{" + ", ".join(f"{k}: {_scalar(v)}" for k, v in entry.items()) + "}"


def _apply(edits: dict[str, Any], shared: list[dict]) -> bytes:
    """One side's file, edited as text the way a person or `pipetrack log` would."""
    lines = BASE.splitlines(keepends=True)
    for loc, pick in edits["sets"].items():
        values = FIELDS[loc]
        indent = "  " * (len(loc) - 1)
        new = f"{indent}{loc[-1]}: {_scalar(values[pick % len(values)])}\n"
        at = next((i for i, line in enumerate(lines) if line.startswith(f"{indent}{loc[-1]}:")), None)
        if pick == 3:
            if at is not None:
                del lines[at]
        elif at is not None:
            lines[at] = new
        else:  # a key the base lacks: under its parent, or after the title
            parent = f"{loc[-2]}:\n" if len(loc) > 1 else "name:"
            lines.insert(next(i for i, line in enumerate(lines) if line.startswith(parent)) + 1, new)
    first = lines.index("activities:\n") + 1
    for i, note in edits["corrects"].items():
        entry = yamlio.load_mapping(lines[first + i][4:].encode("utf-8"), "entry")
        lines[first + i] = f"  - {_entry({**entry, 'note': note})}\n"
    for i in sorted(edits["removes"], reverse=True):
        del lines[first + i]
    end = first + 3 - len(edits["removes"])
    lines[end:end] = [f"  - {_entry(e)}\n" for e in [*shared, *edits["adds"]]]
    end = lines.index("activities:\n")
    lines[end:end] = [f"  - {_entry({'date': _day(n), 'stage': '50%'})}\n" for n in edits["history"]]
    return "".join(lines).encode("utf-8")


def _get(mapping: dict, loc: tuple[str, ...]) -> Any:
    node: Any = mapping
    for part in loc:
        node = node.get(part, "<missing>") if isinstance(node, dict) else "<missing>"
    return node


NO_EDIT: dict[str, Any] = {"sets": {}, "adds": [], "removes": set(), "corrects": {}, "history": []}
#: the base's meeting of 2026-11-02, as a side adds it again
SAME_MEETING = {"date": _day(32), "kind": "meeting"}


# derandomize: CI runs the same 500 cases every time; the examples run first, every time.
@example(ours={**NO_EDIT, "removes": {1}}, theirs={**NO_EDIT, "adds": [SAME_MEETING]}, shared=[])
@example(ours={**NO_EDIT, "adds": [SAME_MEETING]}, theirs={**NO_EDIT, "removes": {1}}, shared=[])
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(ours=side, theirs=side, shared=st.lists(activity, max_size=2))
def test_a_random_two_sided_merge_keeps_every_change_and_conflicts_only_on_a_field_set_twice(
    ours, theirs, shared
):
    base = yamlio.load_mapping(BASE.encode("utf-8"), "base")
    a_bytes, b_bytes = _apply(ours, shared), _apply(theirs, shared)
    a, b = yamlio.load_mapping(a_bytes, "ours"), yamlio.load_mapping(b_bytes, "theirs")

    result = merge_bytes(BASE.encode("utf-8"), a_bytes, b_bytes, "contacts/wang.yaml")

    def changed(side: dict, loc: tuple[str, ...]) -> bool:
        return _get(side, loc) != _get(base, loc)

    expected_conflicts = {
        ".".join(loc)
        for loc in FIELDS
        if changed(a, loc) and changed(b, loc) and _get(a, loc) != _get(b, loc)
    }
    assert result.fallback is None
    assert {c.field for c in result.conflicts} == expected_conflicts
    if expected_conflicts:
        assert not result.clean
        return
    assert result.clean
    merged = yamlio.load_mapping(result.data, "merged")
    for loc in FIELDS:
        want = _get(a, loc) if changed(a, loc) else _get(b, loc)
        assert _get(merged, loc) == want, loc

    # activities: the base's, less what either side removed, plus what either side added, each once
    def counted(entries: list[dict]) -> dict[tuple, int]:
        out: dict[tuple, int] = {}
        for e in entries:
            out[_key(e)] = out.get(_key(e), 0) + 1
        return out

    co, ca, cb = counted(base["activities"]), counted(a["activities"]), counted(b["activities"])
    want_counts = {}
    for k in co.keys() | ca.keys() | cb.keys():
        da, db = ca.get(k, 0) - co.get(k, 0), cb.get(k, 0) - co.get(k, 0)
        # an entry both sides added counts once, one both removed is gone once; when one side
        # removes the base's copy and the other adds an identical one, both changes happen:
        # the added copy stays (a random run found this case; the test expected none)
        if da >= 0 and db >= 0:
            n = co.get(k, 0) + max(da, db)
        elif da <= 0 and db <= 0:
            n = co.get(k, 0) + min(da, db)
        else:
            n = max(0, co.get(k, 0) + da + db)
        if n:
            want_counts[k] = n
    assert counted(merged["activities"]) == want_counts
    history = {_key(h) for h in merged["history"]}
    assert history == {_key(h) for h in [*a["history"], *b["history"]]}
    # dated entries stay in date order when both sides kept theirs in order
    for seq, sides in (("activities", (a, b)), ("history", (a, b))):
        if all(s[seq] == sorted(s[seq], key=lambda e: e["date"]) for s in sides):
            days = [e["date"] for e in merged[seq]]
            assert days == sorted(days), seq
