"""Reading a method file's mapping into a :class:`~pipetrack.domain.method.Method`.

Every mistake is one ValueError line naming the file and the key
(``methods/inbound.yaml: stages[2].gate[0].check: 'dat' is not a check kind …``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pipetrack.domain.method import (
    CHECK_KINDS,
    KINDS,
    STALE_RULES,
    Check,
    Method,
    StageDef,
    Stale,
    group_rules,
    normalize,
)


class _Where:
    """Where a value sits in a method file, for one-line messages (``stages[2].gate[0].code``)."""

    def __init__(self, source: str, path: str = ""):
        self.source, self.path = source, path

    def at(self, key: str | int) -> _Where:
        part = f"[{key}]" if isinstance(key, int) else (f".{key}" if self.path else key)
        return _Where(self.source, self.path + part)

    def error(self, what: str) -> ValueError:
        return ValueError(f"{self.source}: {self.path or 'file'}: {what}")


def _mapping(value: Any, where: _Where) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise where.error(f"expected keys under it, found {value!r}")
    return value


def _text(doc: Mapping[str, Any], key: str, where: _Where, default: str | None = None) -> str:
    value = doc.get(key, default)
    if value is None:
        raise where.at(key).error("is required")
    if isinstance(value, bool) or not isinstance(value, (str, int, float)) or not str(value).strip():
        raise where.at(key).error(f"expected a text, found {value!r}")
    return str(value)


def _known(doc: Mapping[str, Any], keys: frozenset[str], where: _Where) -> None:
    for key in doc:
        if key not in keys:
            raise where.at(str(key)).error(f"unknown key (known: {', '.join(sorted(keys))})")


def _int(value: Any, where: _Where, low: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise where.error(f"expected a whole number of at least {low}, found {value!r}")
    return value


_CHECK_KEYS = frozenset(
    {"key", "check", "field", "code", "params", "codes", "rename", "allow_true", "days", "from", "unless"}
    | {"min", "where", "after", "past", "of", "rule", "wrap"}
)
_NEEDS_FIELD = frozenset({"fact", "text", "number", "date", "date_past", "within", "elapsed", "count"})


def _days_value(value: Any, where: _Where) -> int | str:
    if isinstance(value, Mapping) and set(value) == {"setting"}:
        return _text(value, "setting", where)
    if value == "cycle":
        return "cycle"
    return _int(value, where)


def _pairs(doc: Mapping[str, Any], key: str, where: _Where) -> tuple[tuple[str, Any], ...]:
    value = doc.get(key) or {}
    return tuple((str(k), v) for k, v in _mapping(value, where.at(key)).items())


def _members(doc: Mapping[str, Any], kind: str, key: str, where: _Where) -> tuple[Check, ...]:
    """The checks an ``any`` or ``all`` combines (``of:``)."""
    if kind not in ("any", "all"):
        return ()
    members = doc.get("of")
    if not isinstance(members, list) or not members:
        raise where.at("of").error("expected a list of checks")
    return tuple(
        _check(m, where.at("of").at(i), inner=kind == "any", parent_key=key) for i, m in enumerate(members)
    )


def _required(doc: Mapping[str, Any], kind: str, rule: str, where: _Where) -> None:
    """The keys a kind needs: a known rule (group), days (within, elapsed), from (within)."""
    if kind == "group" and rule not in group_rules():
        known = ", ".join(group_rules()) or "none registered"
        raise where.at("rule").error(f"{rule!r} is not a buying-group rule ({known})")
    if kind in ("within", "elapsed") and doc.get("days") is None:
        raise where.at("days").error("is required")
    if kind == "within" and not doc.get("from"):
        raise where.at("from").error("is required")


def _check(doc: Any, where: _Where, *, inner: bool = False, parent_key: str = "") -> Check:
    doc = _mapping(doc, where)
    _known(doc, _CHECK_KEYS, where)
    kind = _text(doc, "check", where)
    if kind not in CHECK_KINDS:
        raise where.at("check").error(f"{kind!r} is not a check kind ({', '.join(CHECK_KINDS)})")
    fld = str(doc.get("field") or "")
    if kind in _NEEDS_FIELD and not fld:
        raise where.at("field").error("is required")
    key = str(doc.get("key") or parent_key or fld)
    if not key:
        raise where.at("key").error("is required")
    needs_code = not inner and kind != "all"
    code = _text(doc, "code", where) if needs_code else str(doc.get("code") or "")
    rule = str(doc.get("rule") or "")
    _required(doc, kind, rule, where)
    where_ = tuple((k, tuple(v) if isinstance(v, list) else (v,)) for k, v in _pairs(doc, "where", where))
    days = doc.get("days")
    return Check(
        key=key,
        kind=kind,
        field=fld,
        code=code,
        params=_pairs(doc, "params", where),
        codes=tuple((k, str(v)) for k, v in _pairs(doc, "codes", where)),
        rename=tuple((k, str(v)) for k, v in _pairs(doc, "rename", where)),
        allow_true=bool(doc.get("allow_true", False)),
        days=None if days is None else _days_value(days, where.at("days")),
        source=str(doc.get("from") or ""),
        unless=str(doc.get("unless") or ""),
        min=_int(doc.get("min", 1), where.at("min")),
        where=where_,
        after=str(doc.get("after") or ""),
        past=bool(doc.get("past", False)),
        of=_members(doc, kind, key, where),
        rule=rule,
        wrap=str(doc.get("wrap") or ""),
    )


def _labels(doc: Mapping[str, Any], where: _Where, fallback: str) -> tuple[str, str]:
    value = doc.get("label", fallback)
    if isinstance(value, Mapping):
        en = _text(value, "en", where.at("label"), fallback)
        return en, str(value.get("zh") or en)
    return _text(doc, "label", where, fallback), str(value)


_STAGE_KEYS = frozenset({"id", "label", "aliases", "weight", "days", "gate"})


def _stage(doc: Any, where: _Where) -> StageDef:
    doc = _mapping(doc, where)
    _known(doc, _STAGE_KEYS, where)
    sid = _text(doc, "id", where)
    en, zh = _labels(doc, where, sid)
    aliases = doc.get("aliases") or []
    if not isinstance(aliases, list):
        raise where.at("aliases").error(f"expected a list, found {aliases!r}")
    weight: float | str = 0.0
    raw = doc.get("weight", 0)
    if isinstance(raw, Mapping):
        weight = _text(raw, "setting", where.at("weight"))
    elif isinstance(raw, (int, float)) and not isinstance(raw, bool) and 0 <= raw <= 1:
        weight = float(raw)
    else:
        raise where.at("weight").error(f"expected a share from 0 to 1 or {{setting: NAME}}, found {raw!r}")
    gate = doc.get("gate") or []
    if not isinstance(gate, list):
        raise where.at("gate").error(f"expected a list of checks, found {gate!r}")
    return StageDef(
        id=sid,
        label_en=en,
        label_zh=zh,
        aliases=tuple(str(a) for a in aliases),
        weight=weight,
        days=None if doc.get("days") is None else _int(doc["days"], where.at("days"), 1),
        gate=tuple(_check(c, where.at("gate").at(i)) for i, c in enumerate(gate)),
    )


_METHOD_KEYS = frozenset({"id", "kind", "label", "stages", "won", "lost", "stale", "reasons", "checkpoints"})


def _stale(doc: Mapping[str, Any], ids: tuple[str, ...], where: _Where) -> Stale:
    value = doc.get("stale")
    if value is None:
        return Stale()
    where = where.at("stale")
    value = _mapping(value, where)
    _known(value, frozenset({"rule", "field", "stages"}), where)
    rule = _text(value, "rule", where)
    if rule not in STALE_RULES:
        raise where.at("rule").error(f"{rule!r} is not a stale rule ({', '.join(STALE_RULES)})")
    stages = tuple(str(s) for s in value.get("stages") or ())
    for i, s in enumerate(stages):
        if s not in ids:
            raise where.at("stages").at(i).error(f"{s!r} is not a stage of this method ({', '.join(ids)})")
    if rule == "cycle_since" and not value.get("field"):
        raise where.at("field").error("is required")
    return Stale(rule, str(value.get("field") or ""), stages)


def parse_method(doc: Any, source: str, default_id: str = "") -> Method:
    """A method from a method file's mapping; ValueError with one line naming ``source``
    and the key when the file is wrong."""
    where = _Where(source)
    doc = _mapping(doc, where)
    _known(doc, _METHOD_KEYS, where)
    mid = _text(doc, "id", where, default_id or None)
    kind = _text(doc, "kind", where, "contacts")
    if kind not in KINDS:
        raise where.at("kind").error(f"{kind!r} is not one of: {', '.join(KINDS)}")
    en, zh = _labels(doc, where, mid)
    raw = doc.get("stages")
    if not isinstance(raw, list) or len(raw) < 2:
        raise where.at("stages").error("expected a list of at least two stages")
    stages = tuple(_stage(s, where.at("stages").at(i)) for i, s in enumerate(raw))
    ids = tuple(s.id for s in stages)
    for i, s in enumerate(stages):
        if s.id in ids[:i]:
            raise where.at("stages").at(i).at("id").error(f"{s.id!r} is there twice")
    lost = _text(doc, "lost", where)
    won = _text(doc, "won", where, next((i for i in reversed(ids) if i != lost), ids[-1]))
    for key, value in (("won", won), ("lost", lost)):
        if value not in ids:
            raise where.at(key).error(f"{value!r} is not a stage of this method ({', '.join(ids)})")
    if won == lost:
        raise where.at("lost").error("the lost end cannot be the won end")
    seen: dict[str, str] = {}
    for i, s in enumerate(stages):
        for word in (s.id, s.label_en, s.label_zh, *s.aliases):
            other = seen.setdefault(normalize(word), s.id)
            if other != s.id:
                raise where.at("stages").at(i).error(f"{word!r} names stage {other!r} too")
    ladder = [s.id for s in stages if s.id != lost]
    if ladder[-1] != won:
        raise where.at("won").error(f"must be the last stage before the lost end ({ladder[-1]!r})")
    return Method(mid, kind, en, zh, stages, won, lost, _stale(doc, ids, where), _reasons(doc, where))


def _reasons(doc: Mapping[str, Any], where: _Where) -> tuple[tuple[str, str, str], ...]:
    """``reasons: {code: {en: …, zh: …}}``: the sentences of the method's own codes."""
    value = doc.get("reasons")
    if value is None:
        return ()
    where = where.at("reasons")
    out = []
    for code, says in _mapping(value, where).items():
        at = where.at(str(code))
        says = _mapping(says, at)
        _known(says, frozenset({"en", "zh"}), at)
        out.append((str(code), _text(says, "en", at), str(says.get("zh") or "")))
    return tuple(out)


# --- the shipped methods -------------------------------------------------------

#: ``reader(name) -> (mapping, source)``: the shipped method file ``name`` (set by
#: pipetrack.storage, which is the layer that reads files).
_reader: Callable[[str], tuple[Any, str]] | None = None
_builtin: dict[str, Method] = {}


def set_reader(reader: Callable[[str], tuple[Any, str]]) -> None:
    global _reader
    _reader = reader


def builtin(name: str = "pms") -> Method:
    """A method shipped with pipetrack, parsed once per process."""
    found = _builtin.get(name)
    if found is None:
        if _reader is None:
            raise RuntimeError("the shipped methods are read by pipetrack.storage; import it first")
        doc, source = _reader(name)
        found = _builtin[name] = parse_method(doc, source, name)
    return found
