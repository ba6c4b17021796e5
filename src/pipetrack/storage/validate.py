"""Validation of one file's data against its model, with readable messages and lines.

pydantic's errors become one plain message per wrong field (``stage: 'fifty' is
not a stage …``), each with the line of its key in the file, and a ``load.<kind>`` code
with the values it names, which pipetrack.text.loading says in Chinese.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from pipetrack.domain.errors import CodedValueError, DataError, Problem, UsageError

if TYPE_CHECKING:
    from pipetrack.domain.models import Record

M = TypeVar("M", bound="Record")

_PREFERRED = ("missing", "literal_error", "value_error", "date", "datetime", "greater", "less", "too_short")


Described = tuple[str, str, dict[str, Any]]  # the English message, its code, its params


def _readable(errors: Sequence[Mapping[str, Any]], data: Any) -> list[tuple[tuple, Described]]:
    """pydantic errors → one plain message per field that is wrong."""
    grouped: dict[tuple, list[Mapping[str, Any]]] = {}
    for err in errors:
        loc: list[Any] = []
        node = data
        for part in err["loc"]:
            if (isinstance(node, dict) and part in node) or (
                isinstance(node, list) and isinstance(part, int) and part < len(node)
            ):
                node = node[part]
            elif err["type"] == "missing" and isinstance(part, str) and loc[-1:] != [part]:
                loc.append(part)
                break
            else:
                break
            loc.append(part)
        grouped.setdefault(tuple(loc), []).append(err)
    out: list[tuple[tuple, Described]] = []
    for where, errs in grouped.items():
        best = min(
            errs,
            key=lambda e: next(
                (i for i, p in enumerate(_PREFERRED) if e["type"].startswith(p)), len(_PREFERRED)
            ),
        )
        out.append((where, _message(best, where)))
    return out


def _short(number: int) -> str:
    """A huge number as a person can read it on one line (401 digits are not)."""
    text = str(number)
    return text if len(text) <= 20 else f"{text[:6]}… ({len(text)} digits)"


_BOUNDS = {
    "greater_than_equal": "at least",
    "greater_than": "more than",
    "less_than_equal": "at most",
    "less_than": "less than",
}
#: what a wrong-type error expected, by the start of pydantic's error type
_EXPECTED = (
    ("finite_number", "finite_number"),
    ("int", "integer"),
    ("float", "number"),
    ("string", "text"),
    ("bool", "boolean"),
)


def _message(err: Mapping[str, Any], loc: tuple) -> Described:
    """The English message of one error, and its code and params (``name`` always among them)."""
    name = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in loc).replace(".[", "[") or "file"
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    shown = repr(value) if isinstance(value, str) else _short(value) if isinstance(value, int) else str(value)
    if kind == "missing":
        return f"{name}: is required", "required", {"name": name}
    if kind == "literal_error":
        allowed = ctx.get("expected", "").replace("'", "")
        return (
            f"{name}: {shown} is not one of: {allowed}",
            "not_one_of",
            {"name": name, "value": shown, "allowed": allowed},
        )
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"{name}: {shown} is not a valid date (YYYY-MM-DD)", "bad_date", {"name": name, "value": shown}
    if kind.startswith(("greater", "less")):
        bound = _BOUNDS.get(kind, "within")
        limit = next(iter(ctx.values()), "")
        params = {"name": name, "value": shown, "bound": bound.replace(" ", "_"), "limit": limit}
        return f"{name}: {shown} is out of range (must be {bound} {limit})", "out_of_range", params
    if kind == "value_error":
        detail = err["msg"].removeprefix("Value error, ")
        cause = ctx.get("error")
        if isinstance(cause, CodedValueError):
            return f"{name}: {detail}", cause.code, {"name": name, **cause.params}
        return f"{name}: {detail}", "value_error", {"name": name, "detail": detail}
    if kind == "string_too_short":
        return f"{name}: must not be empty", "empty_text", {"name": name}
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return (
            f"{name}: expected keys under it, found {shown}",
            "expected_keys",
            {"name": name, "value": shown},
        )
    if kind == "list_type":
        return f"{name}: expected a list, found {shown}", "expected_list", {"name": name, "value": shown}
    expected = next((what for start, what in _EXPECTED if kind.startswith(start)), "other")
    message = f"{name}: {shown} has the wrong type ({err['msg'].lower()})"
    return message, "wrong_type", {"name": name, "value": shown, "expected": expected}


def validate(
    model: type[M],
    data: dict[str, Any],
    *,
    rel: str,
    record_id: str,
    source: bytes | None = None,
    context: dict[str, Any] | None = None,
) -> M:
    """Validate one file's data; raise DataError naming the line of the first bad field.
    ``context`` carries the folder's contact method when it is not the shipped one."""
    from pydantic import ValidationError

    try:
        obj = model.model_validate(data, context=context)
    except ValidationError as exc:
        problems = _readable(exc.errors(include_url=False), data)
        lines = _lines_for([loc for loc, _ in problems], source, rel)
        found = [
            Problem(rel, line, msg, code=f"load.{code}", params=params)
            for (_, (msg, code, params)), line in zip(problems, lines, strict=True)
        ]
        first = found[0]
        raise DataError(rel, first.line, first.message, found, first.code, **first.params) from None
    obj.id = record_id  # type: ignore[attr-defined]  # Settings has no id; contacts and accounts do
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


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def refuse_control_chars(doc: Any, before: bytes | None) -> None:
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
