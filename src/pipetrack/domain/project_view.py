"""Report data of one project (`project X`): facts, buying group and its map, information
chain, gates, go/no-go, standing, risks and next moves. Pure: codes, ids and numbers, no
text; the keys are the JSON contract of docs/json-projects.md."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, TypedDict

from pipetrack.domain import method as M
from pipetrack.domain import project_rules as R
from pipetrack.domain.project_reports import BoardFacts, BoardRow, board_row, gaps, next_stage, plain_amount
from pipetrack.domain.projects import CIRCLES, KI_KINDS, ROLES, SUPPORTERS, TEAM_ROLES, Project

if TYPE_CHECKING:
    from pipetrack.domain.method import Method
    from pipetrack.domain.models import Settings


class RivalAttitude(TypedDict):
    competitor: str
    attitude: int


class GroupMember(TypedDict):
    """One person of the buying group, with the name the folder knows them by."""

    contact: str
    name: str
    role: str | None
    circle: str | None
    supporter: str | None
    weight: float | None
    attitude: int | None
    attitude_to: list[RivalAttitude]
    criteria: list[str]


class MapMember(TypedDict):
    contact: str
    supporter: str | None


class MapCell(TypedDict):
    """The members at one role × power circle (None: not recorded)."""

    role: str | None
    circle: str | None
    members: list[MapMember]


class GateCheck(TypedDict):
    stage: str
    key: str
    ok: bool
    code: str


class KnownInfo(TypedDict):
    known: list[str]
    missing: list[str]


class Answer(TypedDict):
    question: str
    answer: bool | None


class Checkpoint(TypedDict):
    id: str
    current: bool
    verdict: str
    answers: list[Answer]


class Candidate(TypedDict):
    rank: int | None
    position: str


class TenderFacts(TypedDict):
    form: str | None
    documents: date | None
    deadline: date | datetime | None
    bid_submitted: date | None
    days_to_deadline: int | None


class ContractFacts(TypedDict):
    signed: date | None
    technical_agreement: date | None


class RiskItem(TypedDict):
    code: str
    contact: str | None
    circle: str | None
    attitude: int | None


class NextMove(TypedDict):
    key: str
    code: str
    command: str | None


class Standing(TypedDict):
    """Where we stand: the candidate rank, the tender and the contract."""

    candidate: Candidate
    tender: TenderFacts
    contract: ContractFacts


class ProjectView(BoardFacts, Standing):
    as_of: date
    currency: str | None
    supported_stage: str | None
    next_stage: str | None
    team: dict[str, str | None]
    need: str | None
    budget: bool | float | str | None
    purchase_date: date | None
    client_step: str | None
    buying_group: list[GroupMember]
    map: list[MapCell]
    supporters: dict[str, list[str]]
    key_info: KnownInfo
    gates: list[GateCheck]
    checkpoints: list[Checkpoint]
    risks: list[RiskItem]
    next_moves: list[NextMove]
    competitors: list[str]
    lost_reason: str | None


def _members(project: Project, names: dict[str, str]) -> list[GroupMember]:
    return [
        {
            "contact": m.contact,
            "name": names.get(m.contact, m.contact),
            "role": m.role,
            "circle": m.circle,
            "supporter": m.supporter,
            "weight": plain_amount(m.weight),
            "attitude": m.attitude,
            "attitude_to": [{"competitor": k, "attitude": v} for k, v in m.attitude_to.items()],
            "criteria": list(m.criteria),
        }
        for m in project.buying_group
    ]


def group_map(project: Project) -> list[MapCell]:
    """The buying group by role × power circle (roles and circles in the method's order;
    members without a role or circle under null), each cell's members with their supporter type."""
    cells: dict[tuple[str | None, str | None], list[MapMember]] = {}
    for m in project.buying_group:
        cells.setdefault((m.role, m.circle), []).append({"contact": m.contact, "supporter": m.supporter})
    roles: list[str | None] = [*ROLES, None]
    circles: list[str | None] = [*reversed(CIRCLES), None]
    return [
        {"role": role, "circle": circle, "members": cells[(role, circle)]}
        for role in roles
        for circle in circles
        if (role, circle) in cells
    ]


def gate_checks(project: Project, method: Method, today: date, settings: Settings) -> list[GateCheck]:
    """Every check of every stage's gate: held or not (with its code)."""
    out: list[GateCheck] = []
    for stage in method.ladder:
        for check in stage.gate:
            missing = M.evaluate(check, project, today=today, cycle_days=0, settings=settings)
            code = check.code if missing is None else missing.code
            out.append({"stage": stage.id, "key": check.key, "ok": missing is None, "code": code})
    return out


def _tender(project: Project, today: date) -> TenderFacts:
    t = project.tender
    deadline = t.deadline_date
    return {
        "form": t.form,
        "documents": t.documents,
        "deadline": t.deadline,
        "bid_submitted": t.bid_submitted,
        "days_to_deadline": None if deadline is None else (deadline - today).days,
    }


def _board_facts(row: BoardRow) -> BoardFacts:
    return {
        "id": row["id"],
        "name": row["name"],
        "account": row["account"],
        "owner": row["owner"],
        "stage": row["stage"],
        "value": row["value"],
        "weighted_value": row["weighted_value"],
        "days_in_stage": row["days_in_stage"],
        "stall_limit": row["stall_limit"],
        "stalled": row["stalled"],
        "next_step": row["next_step"],
        "next_meeting": row["next_meeting"],
    }


def view(
    project: Project,
    method: Method,
    checkpoints: Sequence[R.CheckpointDef],
    settings: Settings,
    today: date,
    names: dict[str, str] | None = None,
    commands: Callable[[str], str | None] | None = None,
) -> ProjectView:
    """One project: facts, buying group and map, information chain, gates, go/no-go, standing,
    risks and next moves; ``names``: contact names by id; ``commands(key)``: what records a gap."""
    names = names or {}
    known = R.key_info(project)
    stage = R.stage_id(project, method)
    supported = (
        M.supported_stage(method, project, today=today, cycle_days=0, settings=settings) if stage else None
    )
    budget = project.budget
    return {
        **_board_facts(board_row(project, method, today, settings)),
        "as_of": today,
        "currency": getattr(settings, "currency", None),
        "supported_stage": supported,
        "next_stage": next_stage(method, stage),
        "team": {role: getattr(project.team, role) for role in TEAM_ROLES},
        "need": project.need,
        "budget": plain_amount(budget) if isinstance(budget, (int, float)) else budget,
        "purchase_date": project.purchase_date,
        "client_step": project.client_step,
        "buying_group": _members(project, names),
        "map": group_map(project),
        "supporters": {
            kind: [m.contact for m in project.buying_group if m.supporter == kind] for kind in SUPPORTERS
        },
        "key_info": {
            "known": [k for k in KI_KINDS if known[k]],
            "missing": [k for k in KI_KINDS if not known[k]],
        },
        "gates": gate_checks(project, method, today, settings),
        "checkpoints": _checkpoints(project, method, checkpoints),
        **_standing(project, today),
        "risks": _risks(project, method),
        "next_moves": [
            {"key": m.key, "code": m.code, "command": commands(m.key) if commands else None}
            for m in gaps(project, method, today, settings)
        ],
        "competitors": list(project.competitors),
        "lost_reason": project.lost_reason,
    }


def _standing(project: Project, today: date) -> Standing:
    return {
        "candidate": {
            "rank": project.candidate_rank,
            "position": R.candidate_position(project.candidate_rank),
        },
        "tender": _tender(project, today),
        "contract": {
            "signed": project.contract.signed,
            "technical_agreement": project.contract.technical_agreement,
        },
    }


def _checkpoints(
    project: Project, method: Method, checkpoints: Sequence[R.CheckpointDef]
) -> list[Checkpoint]:
    """Go or no-go at each checkpoint: which questions are answered, and the verdict."""
    return [
        {
            "id": c.id,
            "current": c.current,
            "verdict": c.verdict,
            "answers": [{"question": q, "answer": a} for q, a in c.answers.items()],
        }
        for c in R.go_no_go(project, method, checkpoints)
    ]


def _risks(project: Project, method: Method) -> list[RiskItem]:
    """The buying group's risks: each rule's code with the member it is about."""
    return [
        {
            "code": r.code,
            "contact": r.params.get("contact"),
            "circle": r.params.get("circle"),
            "attitude": r.params.get("attitude"),
        }
        for r in R.buying_group_risks(project, method)
    ]
