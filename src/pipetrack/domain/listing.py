"""`list`: contacts and accounts as rows, filtered and sorted. Pure: no I/O, no clock.

A row is a flat dict whose keys are the column names: the JSON keys, the CSV
headers and the names ``--sort`` and ``--columns`` take, one contract.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pipetrack.domain import rules
from pipetrack.domain.models import Account, Contact, Stage, parse_stage

#: Every column of a contact row, in display order.
CONTACT_COLUMNS = (
    "id",
    "name",
    "account",
    "owner",
    "stage",
    "title",
    "phone",
    "email",
    "source",
    "created",
    "first_meeting",
    "next_meeting",
    "signing_date",
    "value",
    "stale",
    "last_activity",
)
#: What the table shows unless --columns says otherwise: fits 80 columns; the
#: account too from 100 on.
CONTACT_DEFAULT = ("id", "name", "owner", "stage", "next_meeting", "value")
CONTACT_DEFAULT_WIDE = ("id", "name", "account", "owner", "stage", "next_meeting", "value")

ACCOUNT_COLUMNS = ("id", "name", "tier", "industry", "size", "contacts", "prospects", "owners")
ACCOUNT_DEFAULT = ("id", "name", "tier", "contacts", "prospects", "owners")
ACCOUNT_DEFAULT_WIDE = ACCOUNT_COLUMNS


def stage_filter(specs: Iterable[str]) -> frozenset[Stage]:
    """Stages from values like ``25%``, ``fm``, and ranges ``25%..90%``, ``..50%``, ``50%..``.

    A range runs in method order (opportunity to closed) and leaves out lost.
    Raises ValueError naming the bad value.
    """
    wanted: set[Stage] = set()
    for spec in specs:
        for part in (p.strip() for p in spec.split(",")):
            if not part:
                continue
            if ".." in part:
                low_text, high_text = part.split("..", 1)
                low = parse_stage(low_text) if low_text.strip() else Stage.OPPORTUNITY
                high = parse_stage(high_text) if high_text.strip() else Stage.CLOSED
                if Stage.LOST in (low, high):
                    raise ValueError(f"{part!r}: lost is not in a range; name it alone")
                if low.rank > high.rank:
                    raise ValueError(f"{part!r} runs backwards; write {high}..{low}")
                wanted |= {s for s in Stage if s is not Stage.LOST and low.rank <= s.rank <= high.rank}
            else:
                wanted.add(parse_stage(part))
    return frozenset(wanted)


def fold(text: str) -> str:
    """Text as --grep compares it: NFKC, case-folded (full-width and Chinese too)."""
    return unicodedata.normalize("NFKC", text).casefold()


def _contact_text(c: Contact) -> str:
    parts = [c.name, c.notes or "", c.title or ""]
    parts += [a.note for a in c.activities if a.note]
    parts += [h.note for h in c.history if h.note]
    return fold("\n".join(parts))


@dataclass(frozen=True)
class ContactFilter:
    stages: frozenset[Stage] = frozenset()
    owner: str | None = None
    account: str | None = None
    #: account ids whose tier was asked for (None: no tier filter)
    tier_accounts: frozenset[str] | None = None
    stale: bool | None = None
    due: tuple[date, date] | None = None
    since: date | None = None
    until: date | None = None
    grep: str | None = None


def _due_within(c: Contact, start: date, end: date) -> bool:
    days = (c.next_meeting_date, c.criteria.signing_date)
    return any(d is not None and start <= d <= end for d in days)


def _matches(c: Contact, f: ContactFilter, stale: bool) -> bool:
    checks = (
        not f.stages or c.stage in f.stages,
        f.owner is None or c.owner == f.owner,
        f.account is None or c.account == f.account,
        f.tier_accounts is None or c.account in f.tier_accounts,
        f.stale is None or stale == f.stale,
        f.due is None or _due_within(c, *f.due),
        f.since is None or (c.created is not None and c.created >= f.since),
        f.until is None or (c.created is not None and c.created <= f.until),
    )
    return all(checks) and (not f.grep or fold(f.grep) in _contact_text(c))


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat(timespec="minutes") if isinstance(value, datetime) else value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def contact_row(c: Contact, stale: bool) -> dict[str, Any]:
    last = max((a.date for a in c.activities), default=None)
    row = {
        "id": c.id,
        "name": c.name,
        "account": c.account,
        "owner": c.owner,
        "stage": str(c.stage),
        "title": c.title,
        "phone": c.phone,
        "email": c.email,
        "source": c.source,
        "created": c.created,
        "first_meeting": c.first_meeting,
        "next_meeting": c.next_meeting,
        "signing_date": c.criteria.signing_date,
        "value": c.value,
        "stale": stale,
        "last_activity": last,
    }
    return {k: _plain(v) for k, v in row.items()}


def list_contacts(
    contacts: Iterable[Contact], f: ContactFilter, cycle_days: int, today: date
) -> list[dict[str, Any]]:
    """The rows of the contacts that pass every filter, by id."""
    rows = []
    for c in contacts:
        stale = rules.is_stale(c, cycle_days, today)
        if _matches(c, f, stale):
            rows.append(contact_row(c, stale))
    rows.sort(key=lambda r: r["id"])
    return rows


def account_rows(
    accounts: Iterable[Account],
    contacts: Iterable[Contact],
    owner: str | None = None,
    tier: str | None = None,
    grep: str | None = None,
) -> list[dict[str, Any]]:
    """One row per account: its contacts, prospects and their owners; by id.

    With ``owner``: the accounts where that owner has a contact."""
    people: dict[str, list[Contact]] = {}
    for c in contacts:
        if c.account:
            people.setdefault(c.account, []).append(c)
    rows: list[dict[str, Any]] = []
    needle = fold(grep) if grep else None
    for a in accounts:
        mine = people.get(a.id, [])
        if owner is not None and not any(c.owner == owner for c in mine):
            continue
        if tier is not None and a.tier != tier:
            continue
        if needle and needle not in fold(f"{a.name}\n{a.industry or ''}\n{a.notes or ''}"):
            continue
        rows.append(
            {
                "id": a.id,
                "name": a.name,
                "tier": a.tier,
                "industry": a.industry,
                "size": a.size,
                "contacts": len(mine),
                "prospects": sum(isinstance(c.stage, Stage) and c.stage.is_prospect for c in mine),
                "owners": ", ".join(sorted({c.owner for c in mine if c.owner})) or None,
            }
        )
    rows.sort(key=lambda r: r["id"])
    return rows


_STAGE_ORDER = {s.value: s.rank for s in Stage}


def sort_rows(rows: list[dict[str, Any]], column: str, reverse: bool = False) -> list[dict[str, Any]]:
    """Rows by one column (stages in method order, text case-folded); blanks last either way."""

    def key(row: dict[str, Any]) -> Any:  # str, int or float: one kind per column
        value = row.get(column)
        if column == "stage" and isinstance(value, str):
            return _STAGE_ORDER.get(value, -1)
        if isinstance(value, str):
            return fold(value)
        return value

    filled = [r for r in rows if r.get(column) is not None]
    blank = [r for r in rows if r.get(column) is None]
    try:
        filled.sort(key=key, reverse=reverse)
    except TypeError:  # a column mixing dates and datetimes, say: compare as text
        filled.sort(key=lambda r: str(r[column]), reverse=reverse)
    return filled + blank
