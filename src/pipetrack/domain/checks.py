"""Folder-wide validation: a list of small check functions with one signature.

Each check takes the loaded folder and a ``CheckContext`` and yields
``Finding``s; ``run_checks`` turns them into ``path:line: message`` problems.
Schema errors (types, enums, dates) come from the loader; these checks look
across fields and files.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from pipetrack.domain import rules
from pipetrack.domain.errors import Problem
from pipetrack.domain.models import (
    ACCOUNT_KEYS,
    CONTACT_KEYS,
    CRITERIA_KEYS,
    PROFILE_KEYS,
    Stage,
)


@dataclass(frozen=True)
class CheckContext:
    settings: Any
    cycle_days: int
    today: date


@dataclass(frozen=True)
class Finding:
    kind: str  # contacts | accounts
    id: str
    loc: tuple[str | int, ...]
    message: str
    severity: str = "error"


def check_account_refs(folder: Any, ctx: CheckContext) -> Iterator[Finding]:
    for c in folder.contacts.values():
        if c.account and c.account not in folder.accounts:
            hint = difflib.get_close_matches(c.account, list(folder.accounts), n=1)
            extra = f"; did you mean `{hint[0]}`?" if hint else ""
            yield Finding(
                "contacts", c.id, ("account",), f"account: no account {c.account!r} in accounts/{extra}"
            )


def check_supported_stage(folder: Any, ctx: CheckContext) -> Iterator[Finding]:
    for c in folder.contacts.values():
        supported = rules.supported_stage(c, ctx.settings, ctx.cycle_days, ctx.today)
        if c.stage.rank > supported.rank:
            missing = rules.requirements(c, c.stage, ctx.settings, ctx.cycle_days, ctx.today)
            why = "; ".join(m.message for m in missing)
            yield Finding(
                "contacts",
                c.id,
                ("stage",),
                f"stage: {c.stage} is not supported by the evidence (supports {supported}): {why}",
            )


def check_dates(folder: Any, ctx: CheckContext) -> Iterator[Finding]:
    for c in folder.contacts.values():
        if c.created and c.signed and c.signed < c.created:
            yield Finding("contacts", c.id, ("signed",), f"signed: {c.signed} is before created {c.created}")
        if c.signed and c.paid and c.paid < c.signed:
            yield Finding(
                "contacts", c.id, ("paid",), f"paid: {c.paid} is before signed {c.signed}", "warning"
            )
        if c.created and c.first_meeting and c.first_meeting < c.created:
            yield Finding(
                "contacts",
                c.id,
                ("first_meeting",),
                f"first_meeting: {c.first_meeting} is before created {c.created}",
                "warning",
            )
        if c.stage is Stage.LOST and not c.lost_reason:
            yield Finding("contacts", c.id, ("stage",), "stage: lost without a lost_reason", "warning")


def check_duplicate_names(folder: Any, ctx: CheckContext) -> Iterator[Finding]:
    seen: dict[str, str] = {}
    for c in sorted(folder.contacts.values(), key=lambda c: c.id):
        key = c.name.strip().casefold()
        if key in seen:
            yield Finding(
                "contacts",
                c.id,
                ("name",),
                f"name: same name as contact `{seen[key]}`; use the id to tell them apart",
                "warning",
            )
        else:
            seen[key] = c.id


#: Blocks of a contact file and the keys they hold.
NESTED_KEYS = {"criteria": CRITERIA_KEYS, "profile": PROFILE_KEYS}


def check_key_typos(folder: Any, ctx: CheckContext) -> Iterator[Finding]:
    """Unknown keys are kept, but one that looks like a known key is probably a typo.

    A contact's top-level key is also compared with the keys of its blocks, so
    ``signing_date:`` written at the top level (where it counts for nothing) is
    pointed to ``criteria:``.
    """
    for kind, records, known in (
        ("contacts", folder.contacts, CONTACT_KEYS),
        ("accounts", folder.accounts, ACCOUNT_KEYS),
    ):
        for record in records.values():
            nested = NESTED_KEYS if kind == "contacts" else {}
            yield from _typos(kind, record.id, (), record.model_extra or {}, known, nested)
            if kind == "contacts":
                yield from _typos(
                    kind, record.id, ("criteria",), record.criteria.model_extra or {}, CRITERIA_KEYS
                )
                yield from _typos(
                    kind, record.id, ("profile",), record.profile.model_extra or {}, PROFILE_KEYS
                )


def _typos(
    kind: str,
    rid: str,
    where: tuple,
    extra: dict,
    known: Iterable[str],
    nested: dict[str, frozenset[str]] | None = None,
) -> Iterator[Finding]:
    for key in extra:
        name = ".".join((*where, key))
        match = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.75)
        if match:
            yield Finding(
                kind,
                rid,
                (*where, key),
                f"{name}: unknown key; did you mean `{'.'.join((*where, match[0]))}`?",
                "warning",
            )
            continue
        for block, keys in (nested or {}).items():
            if key in keys:
                yield Finding(
                    kind,
                    rid,
                    (*where, key),
                    f"{name}: unknown key here; `{key}` belongs under `{block}:`",
                    "warning",
                )
                break
            match = difflib.get_close_matches(key, sorted(keys), n=1, cutoff=0.75)
            if match:
                yield Finding(
                    kind,
                    rid,
                    (*where, key),
                    f"{name}: unknown key; did you mean `{block}.{match[0]}`?",
                    "warning",
                )
                break


def check_guides_support(folder: Any, ctx: CheckContext) -> Iterator[Finding]:
    """A guide (insider, sponsor, coach) rated below 0 contradicts the account map."""
    for c in folder.contacts.values():
        p = c.profile
        if p.supporter and p.attitude is not None and p.attitude < 0:
            yield Finding(
                "contacts",
                c.id,
                ("profile", "supporter"),
                f"profile.supporter: {p.supporter} with attitude {p.attitude}: a guide supports you; "
                "check the attitude or the supporter kind",
                "warning",
            )


def check_purchase_date(folder: Any, ctx: CheckContext) -> Iterator[Finding]:
    """A purchase date in the past means the five questions need a new answer."""
    for a in folder.accounts.values():
        when = a.opportunity.purchase_date
        if when is not None and when < ctx.today:
            yield Finding(
                "accounts",
                a.id,
                ("opportunity", "purchase_date"),
                f"opportunity.purchase_date: {when} has passed; update the five questions",
                "warning",
            )


CHECKS: list[Callable[[Any, CheckContext], Iterable[Finding]]] = [
    check_account_refs,
    check_supported_stage,
    check_dates,
    check_duplicate_names,
    check_key_typos,
    check_guides_support,
    check_purchase_date,
]


def run_checks(
    folder: Any, ctx: CheckContext, locate: Callable[[str, str, tuple], tuple[str, int | None]]
) -> list[Problem]:
    """Every finding of every check, as problems with their file and line."""
    problems = []
    for check in CHECKS:
        for f in check(folder, ctx):
            path, line = locate(f.kind, f.id, f.loc)
            problems.append(Problem(path, line, f.message, f.severity))
    return problems
