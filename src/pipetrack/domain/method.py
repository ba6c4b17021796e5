"""A sales method as data: its stages, the evidence each needs, its weights and stale rule.

A method file (``pipetrack/methods/*.yaml`` shipped, a folder's ``methods/*.yaml``)
is read by the storage layer; :func:`pipetrack.domain.methodfile.parse_method` turns its mapping into a
:class:`Method`, and the functions here judge a record against it: pure functions
of (record, settings, today) returning :class:`Missing` codes, never text (README:
Methods as data). Records are read by attribute along dotted paths
(``criteria.signing_date``), so a contact and a project are judged alike.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from pipetrack.domain.errors import CodedValueError

KINDS = ("contacts", "projects")
CHECK_KINDS = (
    *("fact", "text", "number", "date", "date_past", "within", "elapsed", "count", "any", "all", "group"),
)
STALE_RULES = ("none", "cycle_since", "days_in_stage")


@dataclass(frozen=True)
class Missing:
    """Something a stage needs that the record's evidence lacks (``code`` and
    ``params``, put into words by pipetrack.text.reason)."""

    key: str
    code: str
    params: dict[str, Any] | None = None


@dataclass(frozen=True)
class Check:
    """One piece of evidence a stage needs (README: Methods as data, the check kinds)."""

    key: str
    kind: str
    field: str = ""
    code: str = ""
    #: fixed parameters of the reason (``{key: signed}``)
    params: tuple[tuple[str, Any], ...] = ()
    #: other codes by failure: ``future`` (date_past), ``from`` / ``before`` / ``beyond`` (within)
    codes: tuple[tuple[str, str], ...] = ()
    #: the names the reason's sentence uses for the values the check finds (``{date: when}``)
    rename: tuple[tuple[str, str], ...] = ()
    #: number: ``true`` or a note holds too (a budget discussed without an amount)
    allow_true: bool = False
    #: within / elapsed: a number, ``cycle`` (the sales cycle) or ``setting:<path>``
    days: int | str | None = None
    #: within: the date the days run from
    source: str = ""
    #: within: holds anyway once this date is set and on or before today
    unless: str = ""
    #: count: how many members must match, each ``where`` key one of its values
    min: int = 1
    where: tuple[tuple[str, tuple[Any, ...]], ...] = ()
    #: count: only members dated after this field of the record / on or before today
    after: str = ""
    past: bool = False
    #: any / all: the checks it combines
    of: tuple[Check, ...] = ()
    #: group: the name of a rule in code (register_group_rule)
    rule: str = ""
    #: report the failure as this code, the check's own reason nested as ``why``
    wrap: str = ""

    def code_for(self, why: str) -> str:
        return dict(self.codes).get(why, self.code)


@dataclass(frozen=True)
class StageDef:
    id: str
    label_en: str
    label_zh: str
    aliases: tuple[str, ...] = ()
    #: weighted value: a share, or the settings path that holds it
    weight: float | str = 0.0
    #: days_in_stage stale rule: stale after this many days in the stage
    days: int | None = None
    gate: tuple[Check, ...] = ()

    def label(self, lang: str) -> str:
        return self.label_zh if lang == "zh" and self.label_zh else self.label_en


@dataclass(frozen=True)
class Stale:
    """When a record is stale: ``cycle_since`` (``field`` more than one sales cycle ago,
    at one of ``stages``), ``days_in_stage`` (longer than the stage's ``days``) or ``none``."""

    rule: str = "none"
    field: str = ""
    stages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Method:
    id: str
    kind: str
    label_en: str
    label_zh: str
    stages: tuple[StageDef, ...]
    won: str
    lost: str
    stale: Stale = Stale()
    #: the sentences of the method's own reason codes: (code, en, zh)
    reasons: tuple[tuple[str, str, str], ...] = ()
    _index: dict[str, StageDef] = field(default_factory=dict, compare=False, repr=False)
    _rank: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    _by_id: dict[str, StageDef] = field(default_factory=dict, compare=False, repr=False)
    _ladder: tuple[StageDef, ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_ladder", tuple(s for s in self.stages if s.id != self.lost))
        for i, s in enumerate(self._ladder):
            self._rank[s.id] = i
        self._rank[self.lost] = -1
        for s in self.stages:
            self._by_id[s.id] = s
            for word in (s.id, s.label_en, s.label_zh, *s.aliases):
                if word:
                    self._index.setdefault(normalize(word), s)

    @property
    def ladder(self) -> tuple[StageDef, ...]:
        """The stages a record climbs through, in order (all but the lost end)."""
        return self._ladder

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.stages)

    @property
    def choices(self) -> str:
        return ", ".join(self.ids)

    def label(self, lang: str) -> str:
        return self.label_zh if lang == "zh" and self.label_zh else self.label_en

    def find(self, word: object) -> StageDef | None:
        """The stage named by an id, alias or label (any case, full-width forms), else None."""
        if isinstance(word, bool) or not isinstance(word, (str, int, float)):
            return None
        if isinstance(word, float) and word.is_integer():
            word = int(word)
        return self._index.get(normalize(str(word)))

    def stage(self, word: object) -> StageDef:
        """The stage named by ``word``; ValueError naming the choices when none is."""
        found = self.find(word)
        if found is None:
            if isinstance(word, float) and word.is_integer():
                word = int(word)
            plain = isinstance(word, (str, int, float)) and not isinstance(word, bool)
            shown = repr(str(word)) if plain else repr(word)
            raise CodedValueError(
                "not_a_stage", f"{shown} is not a stage ({self.choices})", value=shown, choices=self.choices
            )
        return found

    def reason(self, code: str, lang: str) -> str | None:
        """The sentence of one of the method's own reason codes (``reasons:`` in its file)."""
        for known, en, zh in self.reasons:
            if known == code:
                return zh if lang == "zh" and zh else en
        return None

    def by_id(self, stage_id: str) -> StageDef | None:
        return self._by_id.get(stage_id)

    def rank(self, stage_id: str) -> int:
        """Position on the way to the won end; the lost end is -1."""
        return self._rank[stage_id]

    def weight(self, stage_id: str, settings: object) -> float:
        """The stage's share of a record's value in the weighted pipeline."""
        found = self._by_id.get(stage_id)
        if found is None:
            return 0.0
        w = found.weight
        return float(lookup(settings, w)) if isinstance(w, str) else float(w)


def normalize(word: str) -> str:
    """How stage words are compared: NFKC (full-width ２５％ is 25%), trimmed, case-folded."""
    return unicodedata.normalize("NFKC", word).strip().casefold()


# --- reading records -----------------------------------------------------------


def lookup(obj: object, path: str) -> Any:
    """The value at a dotted path of a record (attributes, or keys of a dict); None when absent."""
    for part in path.split("."):
        if obj is None:
            return None
        obj = obj.get(part) if isinstance(obj, dict) else getattr(obj, part, None)
    return obj


def present(value: object) -> bool:
    """Evidence that holds: ``true``, a non-empty text or list, any other value set."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, tuple, dict)):
        return bool(value)
    return value is not None


def _day(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


# --- judging evidence ----------------------------------------------------------

#: ``rule(record, check, today) -> bool | Missing | None``: True or None when it holds, a
#: Missing (or False: the check's own code) when not. Registered by name.
GroupRule = Callable[[object, Check, date], "bool | Missing | None"]
_GROUP_RULES: dict[str, GroupRule] = {}


def register_group_rule(name: str, rule: GroupRule) -> None:
    """Make a rule in code available to method files as ``{check: group, rule: name}``."""
    _GROUP_RULES[name] = rule


def group_rules() -> tuple[str, ...]:
    return tuple(sorted(_GROUP_RULES))


@dataclass(frozen=True)
class _Ctx:
    today: date
    cycle_days: int
    settings: object


def _days(check: Check, ctx: _Ctx) -> int:
    d = check.days
    if d == "cycle":
        return ctx.cycle_days
    if isinstance(d, str):
        return int(lookup(ctx.settings, d))
    return int(d or 0)


def _fail(check: Check, why: str = "", found: dict[str, Any] | None = None) -> Missing:
    params = dict(check.params)
    names = dict(check.rename)
    for name, value in (found or {}).items():
        params[names.get(name, name)] = value
    code = check.code_for(why) if why else check.code
    if check.wrap:
        inner = (code, params or None)
        return Missing(check.key, check.wrap, {"key": check.key, "field": check.field, "why": inner})
    return Missing(check.key, code, params or None)


def _number_holds(value: Any, allow_true: bool) -> bool:
    if isinstance(value, (bool, str)):
        return allow_true and present(value)
    return isinstance(value, (int, float)) and value > 0


def _within(check: Check, record: object, ctx: _Ctx) -> Missing | None:
    when = _day(lookup(record, check.field))
    done = _day(lookup(record, check.unless)) if check.unless else None
    if done is not None and done <= ctx.today:
        return None
    if when is None:
        return _fail(check)
    start = _day(lookup(record, check.source))
    if start is None:
        return _fail(check, "from")
    days, limit = (when - start).days, _days(check, ctx)
    if 0 <= days <= limit:
        return None
    if days < 0:
        return _fail(check, "before", {"date": when, "from": start})
    return _fail(check, "beyond", {"date": when, "days": days, "limit": limit})


def _count(check: Check, record: object, ctx: _Ctx) -> Missing | None:
    members = lookup(record, check.field) or ()
    after = _day(lookup(record, check.after)) if check.after else None
    if check.after and after is None:
        found = 0
    else:
        found = 0
        for m in members:
            if any(lookup(m, k) not in allowed for k, allowed in check.where):
                continue
            day = _day(lookup(m, "date"))
            if after is not None and (day is None or day <= after):
                continue
            if check.past and (day is None or day > ctx.today):
                continue
            found += 1
    return None if found >= check.min else _fail(check, "", {"found": found, "min": check.min})


def _group(check: Check, record: object, ctx: _Ctx) -> Missing | None:
    result = _GROUP_RULES[check.rule](record, check, ctx.today)
    if result is None or result is True:
        return None
    return result if isinstance(result, Missing) else _fail(check)


def _evaluate(check: Check, record: object, ctx: _Ctx) -> Missing | None:
    kind = check.kind
    if kind == "any":
        return None if any(_evaluate(c, record, ctx) is None for c in check.of) else _fail(check)
    if kind == "all":  # the first member that fails, in its own words
        return next((m for m in (_evaluate(c, record, ctx) for c in check.of) if m is not None), None)
    if kind == "within":
        return _within(check, record, ctx)
    if kind == "count":
        return _count(check, record, ctx)
    if kind == "group":
        return _group(check, record, ctx)
    return _value(check, lookup(record, check.field), ctx)


def _value(check: Check, value: Any, ctx: _Ctx) -> Missing | None:
    """The kinds that judge one value: fact, text, number, date, date_past, elapsed."""
    kind = check.kind
    if kind == "fact":
        return None if present(value) else _fail(check)
    if kind == "text":
        return None if isinstance(value, str) and value.strip() else _fail(check)
    if kind == "number":
        return None if _number_holds(value, check.allow_true) else _fail(check)
    day = _day(value)
    if kind == "date":
        return None if day is not None else _fail(check)
    if kind == "date_past":
        if day is None:
            return _fail(check)
        return None if day <= ctx.today else _fail(check, "future", {"date": day})
    # elapsed: a set date, on or before today, plus the days (an unset or future date is
    # the business of the checks before it)
    if day is None or day > ctx.today:
        return None
    ends = day + timedelta(days=_days(check, ctx))
    return None if ends <= ctx.today else _fail(check, "", {"until": ends})


def evaluate(
    check: Check, record: object, *, today: date, cycle_days: int, settings: object
) -> Missing | None:
    """Does ``record`` hold the evidence of ``check``? None when it does, else what is missing."""
    return _evaluate(check, record, _Ctx(today, cycle_days, settings))


def walk(checks: tuple[Check, ...]) -> Iterator[Check]:
    """Every check of a gate, those inside ``any``/``all`` too."""
    for check in checks:
        yield check
        yield from walk(check.of)


def first_holding(
    check: Check, record: object, *, today: date, cycle_days: int, settings: object
) -> str | None:
    """The key of the first member of an ``any`` check that holds (which evidence it found)."""
    ctx = _Ctx(today, cycle_days, settings)
    return next((c.key for c in check.of if _evaluate(c, record, ctx) is None), None)


def gaps(
    method: Method, record: object, upto: str, *, today: date, cycle_days: int, settings: object
) -> Iterator[tuple[StageDef, Missing]]:
    """What the evidence lacks, each with the first stage that needs it, in ladder order up
    to ``upto``. Each piece of evidence is reported once, at the first stage that needs it
    (a later check of the same key is skipped): a caller that wants the first gap stops there."""
    ctx = _Ctx(today, cycle_days, settings)
    seen: set[str] = set()
    last = method.rank(upto)
    for stage in method.ladder[: last + 1]:
        for check in stage.gate:
            missing = _evaluate(check, record, ctx)
            if missing is not None and missing.key not in seen:
                seen.add(missing.key)
                yield stage, missing


def requirements(
    method: Method, record: object, stage_id: str, *, today: date, cycle_days: int, settings: object
) -> list[Missing]:
    """What the evidence lacks for ``stage_id`` and every stage before it; empty when it
    supports it (the lost end needs nothing: it is a decision)."""
    if stage_id == method.lost:
        return []
    found = gaps(method, record, stage_id, today=today, cycle_days=cycle_days, settings=settings)
    return [m for _, m in found]


def supported_stage(method: Method, record: object, *, today: date, cycle_days: int, settings: object) -> str:
    """The furthest stage the evidence supports (a record at the lost end stays there)."""
    stage = str(lookup(record, "stage"))
    if stage == method.lost:
        return method.lost
    ladder = method.ladder
    found = gaps(method, record, method.won, today=today, cycle_days=cycle_days, settings=settings)
    for needed_by, _ in found:
        return ladder[max(0, ladder.index(needed_by) - 1)].id
    return method.won


def entered(record: object, stage_id: str) -> date | None:
    """The day the record entered ``stage_id``: its last history entry there, else ``created``."""
    history = lookup(record, "history") or ()
    days = [_day(lookup(h, "date")) for h in history if str(lookup(h, "stage")) == stage_id]
    known = [d for d in days if d is not None]
    return max(known) if known else _day(lookup(record, "created"))


def is_stale(
    method: Method, record: object, *, today: date, cycle_days: int, stage: str | None = None
) -> bool:
    """The method's stale rule (README: Methods as data)."""
    stage = stage if stage is not None else str(lookup(record, "stage"))
    rule = method.stale
    if rule.rule == "cycle_since":
        if stage not in rule.stages:
            return False
        since = _day(lookup(record, rule.field))
        return since is not None and (today - since).days > cycle_days
    if rule.rule == "days_in_stage":
        found, day = method.by_id(stage), entered(record, stage)
        limit = found.days if found is not None else None
        return limit is not None and day is not None and (today - day).days > limit
    return False
