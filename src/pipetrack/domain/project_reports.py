"""Report data of project sales: the board (`projects`), one project (`project X`) and the
projects section of the review and the weekly report. Pure: codes, ids and numbers, no
text; the keys are the JSON contract of docs/json-projects.md."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, TypedDict

from pipetrack.domain import method as M
from pipetrack.domain import project_rules as R
from pipetrack.domain.projects import Project

if TYPE_CHECKING:
    from pipetrack.domain.method import Method
    from pipetrack.domain.models import Settings


class BoardFacts(TypedDict):
    """What the board and `project X` both show of a project (dates as dates: the JSON writes
    them ISO)."""

    id: str
    name: str
    account: str | None
    owner: str | None
    stage: str
    value: float | None
    weighted_value: float | None
    days_in_stage: int | None
    stall_limit: int | None
    stalled: bool
    next_step: str | None
    next_meeting: date | None


class BoardRow(BoardFacts):
    """A project on the board."""

    tender_deadline: date | None
    gaps: list[str]
    gap_keys: list[str]
    risks: list[str]


class BoardStage(TypedDict):
    stage: str
    count: int
    value: float | None
    weighted_value: float | None


class BoardTotals(TypedDict):
    open_count: int
    open_value: float | None
    weighted_value: float | None
    stalled: int


class Board(TypedDict):
    as_of: date
    currency: str | None
    method: str
    owner: str | None
    account: str | None
    projects: list[BoardRow]
    stages: list[BoardStage]
    totals: BoardTotals


class ProjectItem(TypedDict, total=False):
    """A project on a list of the review's projects part (``stage_name`` added in words by the CLI)."""

    id: str
    name: str
    stage: str
    days_in_stage: int | None
    stall_limit: int | None
    deadline: date
    days_left: int
    owner: str | None
    stage_name: str


class ReviewPart(TypedDict):
    window_days: int
    stalled: list[ProjectItem]
    tenders: list[ProjectItem]
    no_insider: list[ProjectItem]


class AccountProjects(TypedDict):
    account: str
    open_projects: int
    open_value: float | None
    weighted_value: float | None


def plain_amount(value: float | None) -> float | None:
    if value is None:
        return None
    value = float(value)
    return int(value) if value.is_integer() else round(value, 2)


def next_stage(method: Method, stage: str | None) -> str | None:
    """The stage after ``stage`` on the way to the won end (None at the ends)."""
    if stage is None or not R.is_open(stage, method):
        return None
    ladder = [s.id for s in method.ladder]
    at = ladder.index(stage)
    return ladder[at + 1] if at + 1 < len(ladder) else None


def gaps(project: Project, method: Method, today: date, settings: Settings) -> list[M.Missing]:
    """What the project lacks for its next stage (and any earlier one)."""
    target = next_stage(method, R.stage_id(project, method))
    if target is None:
        return []
    return M.requirements(method, project, target, today=today, cycle_days=0, settings=settings)


def board_row(project: Project, method: Method, today: date, settings: Settings) -> BoardRow:
    stage = R.stage_id(project, method)
    lacking = gaps(project, method, today, settings)
    return {
        "id": project.id,
        "name": project.name,
        "account": project.account,
        "owner": project.owner,
        "stage": stage or project.stage,
        "value": plain_amount(project.value),
        "weighted_value": plain_amount(R.weighted_value(project, method, settings)) if stage else 0,
        "days_in_stage": R.days_in_stage(project, method, today),
        "stall_limit": R.stall_limit(project, method),
        "stalled": R.is_stalled(project, method, today),
        "next_step": project.next_step,
        "next_meeting": project.next_meeting,
        "tender_deadline": project.tender.deadline,
        "gaps": [m.code for m in lacking],
        "gap_keys": [m.key for m in lacking],
        "risks": [r.code for r in R.buying_group_risks(project, method)],
    }


def select(
    projects: Iterable[Project], owner: str | None = None, account: str | None = None
) -> list[Project]:
    return [
        p
        for p in projects
        if (owner is None or p.owner == owner) and (account is None or p.account == account)
    ]


def board(
    projects: Iterable[Project],
    method: Method,
    settings: Settings,
    today: date,
    owner: str | None = None,
    account: str | None = None,
) -> Board:
    """The board: each project (by stage in method order, then value, largest first) and each
    stage's count, value and weighted value; the totals count open projects only."""
    chosen = select(projects, owner, account)
    order = {s.id: i for i, s in enumerate(method.stages)}
    rows = [board_row(p, method, today, settings) for p in chosen]
    rows.sort(key=lambda r: (order.get(r["stage"], len(order)), -(r["value"] or 0), r["id"]))
    stages: list[BoardStage] = []
    for s in method.stages:
        here = [r for r in rows if r["stage"] == s.id]
        stages.append(
            {
                "stage": s.id,
                "count": len(here),
                "value": plain_amount(sum(r["value"] or 0 for r in here)),
                "weighted_value": plain_amount(sum(r["weighted_value"] or 0 for r in here)),
            }
        )
    open_rows = [r for r in rows if R.is_open(r["stage"], method)]
    return {
        "as_of": today,
        "currency": getattr(settings, "currency", None),
        "method": method.id,
        "owner": owner,
        "account": account,
        "projects": rows,
        "stages": stages,
        "totals": {
            "open_count": len(open_rows),
            "open_value": plain_amount(sum(r["value"] or 0 for r in open_rows)),
            "weighted_value": plain_amount(sum(r["weighted_value"] or 0 for r in open_rows)),
            "stalled": sum(r["stalled"] for r in open_rows),
        },
    }


# --- the review and the weekly report ---------------------------------------------------


def review_section(
    projects: Iterable[Project], method: Method, today: date, days: int = 14, owner: str | None = None
) -> ReviewPart:
    """Stalled open projects, tender deadlines from today up to ``days`` ahead, and open
    projects without an insider: each a list of ``{id, name, …}``."""
    chosen = [p for p in select(projects, owner) if R.is_open(R.stage_id(p, method), method)]
    chosen.sort(key=lambda p: p.id)
    stalled: list[ProjectItem] = [
        {
            "id": p.id,
            "name": p.name,
            "stage": R.stage_id(p, method) or p.stage,
            "days_in_stage": R.days_in_stage(p, method, today),
            "stall_limit": R.stall_limit(p, method),
        }
        for p in chosen
        if R.is_stalled(p, method, today)
    ]
    due = sorted((d, p.id, p) for p in chosen if (d := R.tender_due(p, today, days)) is not None)
    tenders: list[ProjectItem] = [
        {
            "id": p.id,
            "name": p.name,
            "stage": R.stage_id(p, method) or p.stage,
            "deadline": d,
            "days_left": (d - today).days,
        }
        for d, _, p in due
    ]
    no_insider: list[ProjectItem] = [
        {"id": p.id, "name": p.name, "stage": R.stage_id(p, method) or p.stage, "owner": p.owner}
        for p in chosen
        if not R.has_insider(p)
    ]
    return {"window_days": days, "stalled": stalled, "tenders": tenders, "no_insider": no_insider}


def accounts_projects(
    projects: Iterable[Project], method: Method, account_ids: Sequence[str]
) -> list[AccountProjects]:
    """For each account listed (in that order) that has open projects: their count and value."""
    found: dict[str, list[Project]] = {}
    for p in projects:
        if p.account and R.is_open(R.stage_id(p, method), method):
            found.setdefault(p.account, []).append(p)
    return [
        {
            "account": a,
            "open_projects": len(found[a]),
            "open_value": plain_amount(sum(float(p.value or 0) for p in found[a])),
            "weighted_value": plain_amount(sum(R.weighted_value(p, method) for p in found[a])),
        }
        for a in account_ids
        if a in found
    ]
