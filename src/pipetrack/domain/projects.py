"""Project records (``projects/<id>.yaml``): one budgeted purchase inside one account.

A project is sold under the project-sales method (``methods/project.yaml``): it moves
through stages whose gates read its evidence, its buying group and its tender and
contract facts. Keys are English, values any language; unknown keys are kept. Chinese
words of the method (决策者, 核心圈, 内线, 公开招标 …) are accepted for the coded fields.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, field_validator

from pipetrack.domain.models import (
    Activity,
    Day,
    ListField,
    Moment,
    NonNegative,
    Record,
    YesNoEvidence,
    _budget,
    _yes_no,
)

#: The buying group's roles (参与购买者的角色): decision maker, technical recommender,
#: influencer (listened to, not a formal member), user.
ProjectRole = Literal["decider", "technical", "influencer", "user"]
ROLES: tuple[str, ...] = ProjectRole.__args__  # type: ignore[attr-defined]
#: Power circles (客户人员权力分类), weakest first: unaware, watcher, political, core.
Circle = Literal["unaware", "watcher", "political", "core"]
CIRCLES: tuple[str, ...] = Circle.__args__  # type: ignore[attr-defined]
#: Supporters (支持者): insider (内线), sponsor (赞助者), coach (教练).
ProjectSupporter = Literal["insider", "sponsor", "coach"]
SUPPORTERS: tuple[str, ...] = ProjectSupporter.__args__  # type: ignore[attr-defined]
#: The client's four decision steps (决策过程).
ClientStep = Literal["define-need", "feasibility", "evaluate", "decide"]
CLIENT_STEPS: tuple[str, ...] = ClientStep.__args__  # type: ignore[attr-defined]
#: Tender forms: public tender (公开招标), invited (邀标), negotiated (议标).
TenderForm = Literal["public", "invited", "negotiated"]
TENDER_FORMS: tuple[str, ...] = TenderForm.__args__  # type: ignore[attr-defined]
#: The five kinds of purchase information of the information chain (信息链).
KI_KINDS = ("buying_group", "need", "budget", "process", "competition")
#: Our side of a project (项目经理, 销售代表, 技术顾问, 客户经理).
TEAM_ROLES = ("sales", "technical", "project_manager", "account_manager")
#: The three go/no-go checkpoints of project control, in order.
CHECKPOINTS = ("early", "middle", "late")

_ZH: dict[str, str] = {
    "决策者": "decider",
    "技术推荐者": "technical",
    "影响者": "influencer",
    "使用者": "user",
    "用户": "user",
    "不明所以的人": "unaware",
    "不明所以": "unaware",
    "看着事情发生的人": "watcher",
    "旁观者": "watcher",
    "能让事情发生的人": "political",
    "政治圈": "political",
    "掌控结果的人": "core",
    "核心圈": "core",
    "内线": "insider",
    "线人": "insider",
    "赞助者": "sponsor",
    "教练": "coach",
    "确定需求": "define-need",
    "研究可行性": "feasibility",
    "评估最佳选择": "evaluate",
    "决策和购买": "decide",
    "公开招标": "public",
    "邀标": "invited",
    "议标": "negotiated",
}


def _code(value: Any) -> Any:
    """A coded value from its key, a Chinese term, or the key with `_`/` ` for `-`."""
    if not isinstance(value, str):
        return value
    word = value.strip()
    if word in _ZH:
        return _ZH[word]
    key = word.casefold().replace("_", "-").replace(" ", "-")
    return {"technical-recommender": "technical", "decision-maker": "decider"}.get(key, key)


Coded = BeforeValidator(_code)
Attitude = Annotated[int, Field(ge=-4, le=4)]


def _empty(value: Any) -> Any:
    return {} if value is None else value


class Member(Record):
    """One person of the client's buying group (参与购买者)."""

    contact: Annotated[str, Field(min_length=1)]
    role: Annotated[ProjectRole | None, Coded] = None
    circle: Annotated[Circle | None, Coded] = None
    supporter: Annotated[ProjectSupporter | None, Coded] = None
    #: how much the person's voice counts in the decision (a team's own scale, e.g. 1-5)
    weight: Annotated[float, Field(ge=0, le=100)] | None = None
    #: attitude to us, −4 (against) … +4 (for)
    attitude: Attitude | None = None
    #: attitude to each competitor, by the competitor's name
    attitude_to: dict[str, Attitude] = Field(default_factory=dict)
    #: what the person buys on (price, delivery, service …)
    criteria: Annotated[list[str], ListField] = Field(default_factory=list)

    @field_validator("attitude_to", mode="before")
    @classmethod
    def _empty_block(cls, value: Any) -> Any:
        return _empty(value)


class Team(Record):
    """Our side: sales rep, technical consultant, project manager, account manager."""

    sales: str | None = None
    technical: str | None = None
    project_manager: str | None = None
    account_manager: str | None = None


class KeyInfo(Record):
    """The information chain: which of the five kinds of purchase information we know."""

    buying_group: YesNoEvidence = None
    need: YesNoEvidence = None
    budget: YesNoEvidence = None
    process: YesNoEvidence = None
    competition: YesNoEvidence = None


class Evidence(Record):
    """The facts the stage gates read that are not in the buying group or the tender."""

    org_chart: YesNoEvidence = None
    step_deciders: YesNoEvidence = None
    our_terms_in_tender: YesNoEvidence = None
    rival_blocked: YesNoEvidence = None
    qualified_to_bid: YesNoEvidence = None
    commercial_terms: YesNoEvidence = None


class Tender(Record):
    """The tender: its form, when we had the documents, the deadline, our bid."""

    form: Annotated[TenderForm | None, Coded] = None
    documents: Day | None = None
    deadline: Moment | Day | None = None
    bid_submitted: Day | None = None

    @property
    def deadline_date(self) -> date | None:
        d = self.deadline
        return d.date() if isinstance(d, datetime) else d


class Contract(Record):
    """Contract signed: the formal contract and the technical agreement (dates)."""

    signed: Day | None = None
    technical_agreement: Day | None = None


class ProjectHistory(Record):
    date: Day
    stage: str
    note: str | None = None


def _answers(value: Any) -> Any:
    if value is None:
        return {}
    if isinstance(value, dict):
        return {k: _empty(v) for k, v in value.items()}
    return value


Answer = Annotated[bool | None, BeforeValidator(_yes_no)]


class Project(Record):
    """One project file, ``projects/<id>.yaml``."""

    # Set by the loader from the file name; never read from or written to the file.
    id: str = Field(default="", exclude=True)

    name: Annotated[str, Field(min_length=1)]
    account: str | None = None
    owner: str | None = None
    team: Team = Field(default_factory=Team)
    value: NonNegative | None = None
    #: a stage of the folder's project method (its id or an alias)
    stage: Annotated[str, Field(min_length=1)] = "qualified"
    created: Day | None = None
    history: Annotated[list[ProjectHistory], ListField] = Field(default_factory=list)
    need: str | None = None
    budget: Annotated[bool | NonNegative | str | None, BeforeValidator(_budget)] = None
    purchase_date: Day | None = None
    buying_group: Annotated[list[Member], ListField] = Field(default_factory=list)
    ki: KeyInfo = Field(default_factory=KeyInfo)
    evidence: Evidence = Field(default_factory=Evidence)
    tender: Tender = Field(default_factory=Tender)
    client_step: Annotated[ClientStep | None, Coded] = None
    contract: Contract = Field(default_factory=Contract)
    competitors: Annotated[list[Any], ListField] = Field(default_factory=list)
    #: where we stand in the client's mind: 1 first, 2 second …, 0 not shortlisted
    candidate_rank: Annotated[int, Field(ge=0, le=99)] | None = None
    #: go/no-go answers by checkpoint (early, middle, late) and question id
    checkpoints: dict[str, dict[str, Answer]] = Field(default_factory=dict)
    next_step: str | None = None
    next_meeting: Moment | Day | None = None
    activities: Annotated[list[Activity], ListField] = Field(default_factory=list)
    lost_reason: str | None = None
    notes: str | None = None

    @field_validator("team", "ki", "evidence", "tender", "contract", mode="before")
    @classmethod
    def _empty_block(cls, value: Any) -> Any:
        return _empty(value)

    @field_validator("checkpoints", mode="before")
    @classmethod
    def _checkpoints(cls, value: Any) -> Any:
        return _answers(value)

    @field_validator("stage", mode="before")
    @classmethod
    def _stage(cls, value: Any) -> Any:
        return value.strip() if isinstance(value, str) else value

    @property
    def next_meeting_date(self) -> date | None:
        nm = self.next_meeting
        return nm.date() if isinstance(nm, datetime) else nm


#: Keys each block of a project knows; used to suggest fixes for typos of them.
PROJECT_KEYS = frozenset(Project.model_fields) - {"id"}
MEMBER_KEYS = frozenset(Member.model_fields)
PROJECT_BLOCKS: dict[str, frozenset[str]] = {
    "team": frozenset(Team.model_fields),
    "ki": frozenset(KeyInfo.model_fields),
    "evidence": frozenset(Evidence.model_fields),
    "tender": frozenset(Tender.model_fields),
    "contract": frozenset(Contract.model_fields),
}
