"""The project-sales rules over project records: pure functions of (project, method, today).

They return codes and parameters, never text: the stage a project is at and since when,
whether it has stalled (days in stage per the method), its weighted value, the
buying-group rules of the course, the go/no-go checkpoints and the candidate rank.
The gates themselves are the method's (``domain/method.py`` evaluates them).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from pipetrack.domain.projects import CHECKPOINTS, KI_KINDS, Member, Project


class StageLike(Protocol):
    id: str
    days: int | None


class MethodLike(Protocol):
    """What these rules read of a method (domain/method.py's ``Method`` is one)."""

    @property
    def won(self) -> str: ...

    @property
    def lost(self) -> str: ...

    @property
    def stages(self) -> Sequence[Any]: ...

    def stage(self, word: str) -> Any: ...

    def rank(self, stage_id: str) -> int: ...


# --- stage and time ------------------------------------------------------------------


def stage_id(project: Project, method: MethodLike) -> str | None:
    """The id of the project's stage (it may be written as an alias); None when unknown."""
    return word_stage(project.stage, method)


#: Stage words already looked up, per method (``id(method)`` → (method, word → stage id)):
#: a board of a thousand projects asks for the same few words many times.
_WORDS: dict[int, tuple[Any, dict[str, str | None]]] = {}


def word_stage(word: str, method: MethodLike) -> str | None:
    """The stage id a word (id, alias or label) names in ``method``; None when none."""
    found = _WORDS.get(id(method))
    if found is None or found[0] is not method:
        found = _WORDS[id(method)] = (method, {})
    known = found[1]
    if word not in known:
        try:
            known[word] = str(method.stage(word).id)
        except ValueError:
            known[word] = None
    return known[word]


def is_open(stage: str | None, method: MethodLike) -> bool:
    """Neither won nor lost (an unknown stage counts as open: it is still being worked)."""
    return stage not in (method.won, method.lost)


def stage_since(project: Project, method: MethodLike) -> date | None:
    """The day the project reached its current stage: the first history entry of the last
    run of entries at that stage, else ``created``."""
    current = stage_id(project, method)
    since = None
    for entry in project.history:
        since = (since or entry.date) if word_stage(entry.stage, method) == current else None
    return since or project.created


def days_in_stage(project: Project, method: MethodLike, today: date) -> int | None:
    since = stage_since(project, method)
    return None if since is None else max(0, (today - since).days)


def stall_limit(project: Project, method: MethodLike) -> int | None:
    """The days the method allows at the project's stage (None: no limit, or won/lost)."""
    current = stage_id(project, method)
    if current is None or not is_open(current, method):
        return None
    days = method.stage(current).days
    return int(days) if days else None


def is_stalled(project: Project, method: MethodLike, today: date) -> bool:
    """Longer in its stage than the method's days for it (the stall rule ``days_in_stage``)."""
    limit = stall_limit(project, method)
    days = days_in_stage(project, method, today)
    return limit is not None and days is not None and days > limit


def stage_weight(stage: str | None, method: MethodLike, settings: Any = None) -> float:
    """The weight of a stage for the weighted value (a number, or ``{setting: name}``)."""
    if stage is None:
        return 0.0
    weight = method.stage(stage).weight
    if isinstance(weight, Mapping):
        weight = getattr(settings, str(weight.get("setting")), 0)
    return float(weight or 0)


def weighted_value(project: Project, method: MethodLike, settings: Any = None) -> float:
    return float(project.value or 0) * stage_weight(stage_id(project, method), method, settings)


# --- the buying group ---------------------------------------------------------------


@dataclass(frozen=True)
class Risk:
    """A buying-group rule the project breaks: ``code`` with ``params``; ``loc`` is the
    key path in the file (for check's line numbers)."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)
    loc: tuple[str | int, ...] = ("buying_group",)


#: Circles a sponsor must be in (power or influence); an insider is at least a watcher.
SPONSOR_CIRCLES = frozenset({"political", "core"})
#: Attitude from which a member counts as won (for us).
WON_ATTITUDE = 1


def technical_lead_won(project: Project) -> bool:
    """Some technical recommender of the buying group is for us (attitude +1 or more)."""
    return any(m.role == "technical" and (m.attitude or 0) >= WON_ATTITUDE for m in project.buying_group)


def _past(project: Project, method: MethodLike, stage: str, *, inclusive: bool) -> bool:
    """The project (open) is beyond ``stage`` (or at it, ``inclusive``); False when the
    method has no such stage."""
    current = stage_id(project, method)
    if current is None or not is_open(current, method):
        return False
    try:
        target = method.rank(str(method.stage(stage).id))
    except ValueError:
        return False
    here = method.rank(current)
    return here >= target if inclusive else here > target


def _member_risks(index: int, member: Member) -> Iterator[Risk]:
    loc = ("buying_group", index)
    who = {"contact": member.contact}
    if member.supporter == "sponsor" and member.circle and member.circle not in SPONSOR_CIRCLES:
        yield Risk("sponsor_outside_circle", {**who, "circle": member.circle}, (*loc, "circle"))
    if member.supporter == "insider" and member.circle == "unaware":
        yield Risk("insider_unaware", who, (*loc, "circle"))
    if member.role in ("decider", "technical") and member.attitude is not None and member.attitude < 0:
        code = "decider_opposed" if member.role == "decider" else "technical_opposed"
        yield Risk(code, {**who, "attitude": member.attitude}, (*loc, "attitude"))


def buying_group_risks(project: Project, method: MethodLike) -> list[Risk]:
    """The course's buying-group rules, in this order: per member, a sponsor outside the
    political/core circle, an insider who is unaware, a decision maker or technical
    recommender against us; then, for an open project, no decision maker mapped (past
    qualified), no insider or coach past initial contact, the technical lead not won by
    technical breakthrough."""
    risks = [r for i, m in enumerate(project.buying_group) for r in _member_risks(i, m)]
    group = project.buying_group
    if _past(project, method, "qualified", inclusive=False) and not any(m.role == "decider" for m in group):
        risks.append(Risk("no_decider"))
    if _past(project, method, "initial-contact", inclusive=False) and not any(
        m.supporter in ("insider", "coach") for m in group
    ):
        risks.append(Risk("no_insider_or_coach_yet"))
    if _past(project, method, "technical-breakthrough", inclusive=True) and not technical_lead_won(project):
        risks.append(Risk("technical_lead_not_won"))
    return risks


def has_insider(project: Project) -> bool:
    return any(m.supporter == "insider" for m in project.buying_group)


# --- the information chain, the checkpoints, the candidate rank --------------------------


def key_info(project: Project) -> dict[str, bool]:
    """Each kind of the information chain: known or not."""
    return {kind: getattr(project.ki, kind) is True or _text(getattr(project.ki, kind)) for kind in KI_KINDS}


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


@dataclass(frozen=True)
class Question:
    id: str
    en: str
    zh: str


@dataclass(frozen=True)
class CheckpointDef:
    id: str  # early | middle | late
    stages: tuple[str, ...]
    questions: tuple[Question, ...]


def parse_checkpoints(raw: Any, source: str) -> tuple[CheckpointDef, ...]:
    """The ``checkpoints`` block of a method file (ValueError naming the source and key)."""
    if raw is None:
        return ()
    if not isinstance(raw, Mapping):
        raise ValueError(f"{source}: checkpoints: must be a mapping of early, middle, late")
    found = []
    for cid, block in raw.items():
        where = f"{source}: checkpoints.{cid}"
        if cid not in CHECKPOINTS or not isinstance(block, Mapping):
            raise ValueError(f"{where}: must be one of {', '.join(CHECKPOINTS)}, each a mapping")
        questions = []
        for q in block.get("questions") or []:
            if not isinstance(q, Mapping) or not q.get("id"):
                raise ValueError(f"{where}.questions: each question needs an id (and en, zh)")
            questions.append(
                Question(str(q["id"]), str(q.get("en") or q["id"]), str(q.get("zh") or q.get("en")))
            )
        stages = tuple(str(s) for s in block.get("stages") or ())
        found.append(CheckpointDef(str(cid), stages, tuple(questions)))
    return tuple(sorted(found, key=lambda c: CHECKPOINTS.index(c.id)))


@dataclass(frozen=True)
class CheckpointResult:
    id: str
    current: bool  # the checkpoint of the project's stage
    answers: dict[str, bool | None]  # question id → yes / no / unanswered
    verdict: str  # go | no_go | open


def go_no_go(project: Project, method: MethodLike, defs: Sequence[CheckpointDef]) -> list[CheckpointResult]:
    """Each checkpoint's answers and verdict: ``go`` when every question is answered yes,
    ``no_go`` when one is answered no, else ``open``."""
    current = stage_id(project, method)
    out = []
    for cp in defs:
        given = project.checkpoints.get(cp.id, {})
        answers = {q.id: given.get(q.id) for q in cp.questions}
        values = list(answers.values())
        verdict = "no_go" if False in values else "go" if values and all(values) else "open"
        out.append(CheckpointResult(cp.id, current in cp.stages, answers, verdict))
    return out


def candidate_position(rank: int | None) -> str:
    """Where we stand in the client's mind: first, second, behind (third or later),
    not_shortlisted (0) or unknown."""
    if rank is None:
        return "unknown"
    return {0: "not_shortlisted", 1: "first", 2: "second"}.get(rank, "behind")


def tender_due(project: Project, today: date, days: int) -> date | None:
    """The tender deadline when it lies from today up to ``days`` ahead (open projects' deadlines)."""
    deadline = project.tender.deadline_date
    if deadline is None or not 0 <= (deadline - today).days <= days:
        return None
    return deadline
