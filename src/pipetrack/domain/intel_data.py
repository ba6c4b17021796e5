"""The shapes of the account intelligence reports (`accounts`), as typed data: the JSON
contract of docs/json-accounts.md, checked by mypy wherever a renderer reads a key."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NotRequired, TypedDict

if TYPE_CHECKING:
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


# --- one account (`account`) -------------------------------------------------------


class AccountContact(TypedDict):
    """A contact of the account: stage, place in the org chart, roles and attitude."""

    id: str
    name: str
    title: str | None
    owner: str | None
    stage: str
    level: str | None
    function: str | None
    roles: list[str]
    supporter: str | None
    attitude: int | None
    attitude_group: str
    personality: str | None
    relationship: str | None
    value: float | None
    weighted_value: float | None


class Listed(TypedDict):
    """A coverage gap or a next move, with the contacts it is about."""

    contacts: list[str]


class Gap(Listed):
    gap: str


class Move(Listed):
    move: str


class AttitudeMap(TypedDict):
    supporters: list[str]
    neutrals: list[str]
    opponents: list[str]
    unknown: list[str]
    moves: list[Move]


class Question(TypedDict):
    question: str
    answer: Any  # (the record's answer as YAML holds it: yes/no, an amount, a date, words)
    status: str
    key: bool


class Opportunity(TypedDict):
    """The five questions, what is unknown, and the verdict (go / not_yet)."""

    questions: list[Question]
    unknown: list[str]
    clear: bool
    near: bool
    valuable: bool
    near_days: int
    verdict: str


#: When the account is next due for contact (``class`` is a keyword: the functional form).
Rhythm = TypedDict(
    "Rhythm", {"class": str, "days": int, "last_contact": str | None, "due": str, "overdue": bool}
)


class BuyingStep(TypedDict):
    buying_step: str
    selling_step: str


class Research(TypedDict):
    question: str
    answer: Any  # (as YAML holds it)


class PersonNote(TypedDict):
    id: str
    style: str | None
    needs: list[str]
    attitude: int | None
    attitude_stated: int | None
    two_faced: bool


class AccountView(TypedDict):
    """Everything `pipetrack account` shows (docs/json-accounts.md)."""

    id: str
    name: str
    as_of: str
    currency: str
    tier: str | None
    industry: str | None
    size: int | None
    share_of_wallet: float | None
    depth: str
    best_stage: str | None
    open_weighted_value: float
    closed_value: float
    contacts: list[AccountContact]
    org_map: dict[str, Any]  # level → function → ids, and "unplaced" (keys from the method's lists)
    attitude: AttitudeMap
    gaps: list[Gap]
    opportunity: Opportunity
    buying_step: BuyingStep | None
    rhythm: Rhythm
    people: list[PersonNote]
    needs_research: list[Research]
    products_in_use: Any  # (free-form records as YAML holds them)
    competitors: Any
    notes: str | None
