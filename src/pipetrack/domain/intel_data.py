"""The shapes of the account intelligence reports (`accounts`), as typed data: the JSON
contract of docs/json-accounts.md, checked by mypy wherever a renderer reads a key."""

from __future__ import annotations

from typing import NotRequired, TypedDict

from pipetrack.domain.project_reports import AccountProjects


class Flag(TypedDict):
    account: str
    flag: str


class Pareto(TypedDict):
    """The 80/20 cut: the fewest accounts that bring 80% of the closed value, the top 20%."""

    total: float
    top80: list[str]
    top80_value: float
    top20: list[str]
    flags: list[Flag]


class AccountRow(TypedDict):
    """One account of `accounts` (docs/json-accounts.md)."""

    id: str
    name: str
    tier: str | None
    contacts: int
    best_stage: str | None
    open_weighted_value: float
    closed_value: float
    share_of_wallet: float | None
    depth: str
    gaps: int
    gap_keys: list[str]
    verdict: str
    top80: NotRequired[bool]
    top20: NotRequired[bool]


class AccountsReport(TypedDict):
    as_of: str
    owner: str | None
    currency: str
    accounts: list[AccountRow]
    closed_total: float
    top80: list[str]
    top80_value: float
    top20: list[str]
    flags: list[Flag]
    projects: NotRequired[list[AccountProjects]]  # (a folder with projects)
