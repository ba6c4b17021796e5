"""Folder-wide validation: a list of small check functions with one signature.

Each check takes the loaded folder and a ``CheckContext`` and yields
``Finding``s; ``run_checks`` turns them into ``path:line: message`` problems.
Schema errors (types, enums, dates) come from the loader; these checks look
across fields and files.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from pipetrack.domain import rules
from pipetrack.domain.errors import Problem
from pipetrack.domain.models import (
    ACCOUNT_KEYS,
    CONTACT_KEYS,
    CRITERIA_KEYS,
    PROFILE_KEYS,
    Account,
    Contact,
    Settings,
    contacts_method,
)


class Records(Protocol):
    """What the checks read of a loaded folder (``storage.folder.Folder`` is one)."""

    @property
    def contacts(self) -> Mapping[str, Contact]: ...

    @property
    def accounts(self) -> Mapping[str, Account]: ...


@dataclass(frozen=True)
class CheckContext:
    settings: Settings
    cycle_days: int
    today: date


@dataclass(frozen=True)
class Finding:
    kind: str  # contacts | accounts
    id: str
    loc: tuple[str | int, ...]
    code: str  # a key of pipetrack.text's check.* messages
    params: dict[str, Any]
    severity: str = "error"


def check_account_refs(folder: Records, ctx: CheckContext) -> Iterator[Finding]:
    for c in folder.contacts.values():
        if c.account and c.account not in folder.accounts:
            hint = difflib.get_close_matches(c.account, list(folder.accounts), n=1)
            code, params = ("no_account_hint", {"hint": hint[0]}) if hint else ("no_account", {})
            yield Finding("contacts", c.id, ("account",), code, {"account": c.account, **params})


def check_supported_stage(folder: Records, ctx: CheckContext) -> Iterator[Finding]:
    rank = contacts_method(ctx.settings).rank
    for c in folder.contacts.values():
        supported = rules.supported_stage(c, ctx.settings, ctx.cycle_days, ctx.today)
        if rank(c.stage) > rank(supported):
            missing = rules.requirements(c, c.stage, ctx.settings, ctx.cycle_days, ctx.today)
            why = [(m.code, m.params) for m in missing]
            params = {"stage": str(c.stage), "supported": str(supported), "missing": why}
            yield Finding("contacts", c.id, ("stage",), "unsupported_stage", params)


def check_dates(folder: Records, ctx: CheckContext) -> Iterator[Finding]:
    lost = contacts_method(ctx.settings).lost
    for c in folder.contacts.values():
        if c.created and c.signed and c.signed < c.created:
            params = {"signed": c.signed, "created": c.created}
            yield Finding("contacts", c.id, ("signed",), "signed_before_created", params)
        if c.signed and c.paid and c.paid < c.signed:
            params = {"paid": c.paid, "signed": c.signed}
            yield Finding("contacts", c.id, ("paid",), "paid_before_signed", params, "warning")
        if c.created and c.first_meeting and c.first_meeting < c.created:
            params = {"first_meeting": c.first_meeting, "created": c.created}
            yield Finding("contacts", c.id, ("first_meeting",), "first_before_created", params, "warning")
        if c.stage == lost and not c.lost_reason:
            yield Finding("contacts", c.id, ("stage",), "lost_no_reason", {}, "warning")


def check_duplicate_names(folder: Records, ctx: CheckContext) -> Iterator[Finding]:
    seen: dict[str, str] = {}
    for c in sorted(folder.contacts.values(), key=lambda c: c.id):
        key = c.name.strip().casefold()
        if key in seen:
            yield Finding("contacts", c.id, ("name",), "same_name", {"other": seen[key]}, "warning")
        else:
            seen[key] = c.id


#: Blocks of a contact file and the keys they hold.
NESTED_KEYS = {"criteria": CRITERIA_KEYS, "profile": PROFILE_KEYS}


def check_key_typos(folder: Records, ctx: CheckContext) -> Iterator[Finding]:
    """Unknown keys are kept, but one that looks like a known key is probably a typo.

    A contact's top-level key is also compared with the keys of its blocks, so
    ``signing_date:`` written at the top level (where it counts for nothing) is
    pointed to ``criteria:``.
    """
    for c in folder.contacts.values():
        yield from _typos("contacts", c.id, (), c.model_extra or {}, CONTACT_KEYS, NESTED_KEYS)
        yield from _typos("contacts", c.id, ("criteria",), c.criteria.model_extra or {}, CRITERIA_KEYS)
        yield from _typos("contacts", c.id, ("profile",), c.profile.model_extra or {}, PROFILE_KEYS)
    for a in folder.accounts.values():
        yield from _typos("accounts", a.id, (), a.model_extra or {}, ACCOUNT_KEYS, {})


#: Above this many unknown keys in one mapping, check says so once instead of looking
#: for a typo in each (150,000 keys took 26 s).
MAX_TYPO_KEYS = 200


def _typos(
    kind: str,
    rid: str,
    where: tuple,
    extra: dict,
    known: Iterable[str],
    nested: dict[str, frozenset[str]] | None = None,
) -> Iterator[Finding]:
    if len(extra) > MAX_TYPO_KEYS:  # a generated file, not typos: one line, not a hint per key
        params = {"under": f"{'.'.join(where)}: " if where else "", "count": len(extra)}
        yield Finding(kind, rid, where, "many_unknown_keys", params, "warning")
        return
    known = sorted(known)
    for key in extra:
        name = ".".join((*where, key))
        match = difflib.get_close_matches(key, known, n=1, cutoff=0.75)
        if match:
            params = {"name": name, "suggestion": ".".join((*where, match[0]))}
            yield Finding(kind, rid, (*where, key), "key_typo", params, "warning")
            continue
        for block, keys in (nested or {}).items():
            if key in keys:
                params = {"name": name, "key": key, "block": block}
                yield Finding(kind, rid, (*where, key), "key_misplaced", params, "warning")
                break
            match = difflib.get_close_matches(key, sorted(keys), n=1, cutoff=0.75)
            if match:
                params = {"name": name, "suggestion": f"{block}.{match[0]}"}
                yield Finding(kind, rid, (*where, key), "key_typo", params, "warning")
                break


def check_guides_support(folder: Records, ctx: CheckContext) -> Iterator[Finding]:
    """A guide (insider, sponsor, coach) rated below 0 contradicts the account map."""
    for c in folder.contacts.values():
        p = c.profile
        if p.supporter and p.attitude is not None and p.attitude < 0:
            params = {"supporter": p.supporter, "attitude": p.attitude}
            yield Finding("contacts", c.id, ("profile", "supporter"), "guide_against", params, "warning")


def check_decision_maker(folder: Records, ctx: CheckContext) -> Iterator[Finding]:
    """A first meeting is agreed with a decision maker: right_person false at first-meeting or beyond."""
    for c in folder.contacts.values():
        if rules.not_with_decider(c):
            yield Finding(
                "contacts",
                c.id,
                ("criteria", "right_person"),
                "not_decider",
                {"stage": c.stage.value},
                "warning",
            )


def check_purchase_date(folder: Records, ctx: CheckContext) -> Iterator[Finding]:
    """A purchase date in the past means the five questions need a new answer."""
    for a in folder.accounts.values():
        when = a.opportunity.purchase_date
        if when is not None and when < ctx.today:
            loc = ("opportunity", "purchase_date")
            yield Finding("accounts", a.id, loc, "purchase_passed", {"when": when}, "warning")


CHECKS: list[Callable[[Records, CheckContext], Iterable[Finding]]] = [
    check_account_refs,
    check_supported_stage,
    check_dates,
    check_duplicate_names,
    check_key_typos,
    check_guides_support,
    check_decision_maker,
    check_purchase_date,
]


def run_checks(
    folder: Records, ctx: CheckContext, locate: Callable[[str, str, tuple], tuple[str, int | None]]
) -> list[Problem]:
    """Every finding of every check, as problems with their file and line."""
    problems = []
    for check in CHECKS:
        for f in check(folder, ctx):
            path, line = locate(f.kind, f.id, f.loc)
            problems.append(Problem(path, line, "", f.severity, f.code, f.params))
    return problems
