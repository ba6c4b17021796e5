"""The contact rhythm of every client, for `review` and `agenda` (README: Key accounts).

A *client* is an account (all its contacts together, as `account` shows its rhythm) or a
contact with no account (on its own; a lost one is out of the process and has none). Its
class and due day are :func:`pipetrack.domain.intel.rhythm`'s: the last activity with any of
its people up to today, plus ``settings.rhythm_days`` of its class (prospect, interested,
closed). A client with no activity logged yet has no last contact to reckon from and is
not listed. Pure: ``today`` is an argument.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TypedDict

from pipetrack.domain.intel import rhythm
from pipetrack.domain.models import Account, Contact, Settings, Stage

#: A client's contact rhythm as a row (``class`` is a keyword: the functional form).
ClientRhythm = TypedDict(
    "ClientRhythm",
    {
        "kind": str,
        "id": str,
        "name": str,
        "owners": list[str],
        "class": str,
        "days": int,
        "last_contact": str,
        "due": str,
        "days_overdue": int,
    },
)


@dataclass(frozen=True)
class Client:
    """An account with its contacts, or a contact with no account."""

    kind: str  # "account" or "contact"
    id: str
    name: str
    people: tuple[Contact, ...]

    @property
    def owners(self) -> list[str]:
        return sorted({c.owner for c in self.people if c.owner})


def clients(contacts: Iterable[Contact], accounts: Mapping[str, Account] | None = None) -> list[Client]:
    """The clients the contacts make up: one per account named (its name from ``accounts``,
    else its id), one per contact with no account that is not lost; ordered by id."""
    by_account: dict[str, list[Contact]] = {}
    alone: list[Client] = []
    for c in contacts:
        if c.account:
            by_account.setdefault(c.account, []).append(c)
        elif c.stage is not Stage.LOST:
            alone.append(Client("contact", c.id, c.name, (c,)))
    known = accounts or {}
    grouped = [
        Client("account", aid, known[aid].name if aid in known else aid, tuple(sorted(people, key=_id)))
        for aid, people in by_account.items()
    ]
    return sorted([*grouped, *alone], key=lambda k: (k.id, k.kind))


def _id(c: Contact) -> str:
    return c.id


def client_rhythm(client: Client, settings: Settings, today: date) -> ClientRhythm | None:
    """The client's rhythm as a row (None with no activity logged): ``kind``, ``id``, ``name``,
    ``owners``, ``class``, ``days``, ``last_contact``, ``due`` and ``days_overdue`` (today − due,
    0 or less when not overdue)."""
    r = rhythm(list(client.people), settings, today)
    if r["last_contact"] is None:
        return None
    return {
        "kind": client.kind,
        "id": client.id,
        "name": client.name,
        "owners": client.owners,
        "class": r["class"],
        "days": r["days"],
        "last_contact": r["last_contact"],
        "due": r["due"],
        "days_overdue": (today - date.fromisoformat(r["due"])).days,
    }


def rhythms(
    contacts: Iterable[Contact],
    settings: Settings,
    today: date,
    owner: str | None = None,
    accounts: Mapping[str, Account] | None = None,
) -> list[ClientRhythm]:
    """Every client's rhythm row (with ``owner``: the clients where one of its contacts is
    that owner's), ordered by id."""
    rows: list[ClientRhythm] = []
    for client in clients(contacts, accounts):
        if owner is not None and owner not in client.owners:
            continue
        row = client_rhythm(client, settings, today)
        if row is not None:
            rows.append(row)
    return rows


def overdue(
    contacts: Iterable[Contact],
    settings: Settings,
    today: date,
    owner: str | None = None,
    accounts: Mapping[str, Account] | None = None,
) -> list[ClientRhythm]:
    """The clients whose next contact was due before today, the longest overdue first."""
    late = [r for r in rhythms(contacts, settings, today, owner, accounts) if r["days_overdue"] > 0]
    return sorted(late, key=lambda r: (-r["days_overdue"], r["id"]))


def due_by(
    contacts: Iterable[Contact],
    settings: Settings,
    today: date,
    end: date,
    owner: str | None = None,
    accounts: Mapping[str, Account] | None = None,
) -> list[ClientRhythm]:
    """The clients due for contact on or before ``end`` (those overdue included)."""
    return [
        r for r in rhythms(contacts, settings, today, owner, accounts) if date.fromisoformat(r["due"]) <= end
    ]
