"""Typed records of the data folder: settings, accounts, contacts (README: The data folder).

Unknown keys are kept (``extra="allow"``) so that a round trip never drops what a
user wrote. Stage names accept the aliases of the folder's method (pipetrack/methods/pms.yaml).
"""

from __future__ import annotations

import math
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    PrivateAttr,
    ValidationInfo,
    field_validator,
)

from pipetrack.domain import slim
from pipetrack.domain.errors import CodedValueError
from pipetrack.domain.method import Method
from pipetrack.domain.methodfile import builtin
from pipetrack.domain.vocab import ZhKey


class Stage(StrEnum):
    """The stages of a prospect, in method order (README: What each stage needs)."""

    OPPORTUNITY = "opportunity"
    FIRST_MEETING = "first-meeting"
    P25 = "25%"
    P50 = "50%"
    P90 = "90%"
    CLOSED = "closed"
    LOST = "lost"

    @property
    def rank(self) -> int:
        """Position on the way to a deal; lost ranks below opportunity."""
        return _RANK[self]

    @property
    def is_prospect(self) -> bool:
        """A prospect is willing to meet on a set day: first-meeting up to 90%."""
        return self in PROSPECT_STAGES

    def __str__(self) -> str:
        return self.value


_RANK = {s: i for i, s in enumerate(Stage)}
_RANK[Stage.LOST] = -1
PROSPECT_STAGES = frozenset({Stage.FIRST_MEETING, Stage.P25, Stage.P50, Stage.P90})
#: The stages of the weekly action tool sheet, in column order.
PIPELINE_STAGES = (
    Stage.OPPORTUNITY,
    Stage.FIRST_MEETING,
    Stage.P25,
    Stage.P50,
    Stage.P90,
    Stage.CLOSED,
)


def _stage_choices() -> str:
    return builtin("pms").choices


def __getattr__(name: str) -> Any:
    if name == "STAGE_CHOICES":  # read from pipetrack/methods/pms.yaml when first asked for
        return _stage_choices()
    raise AttributeError(name)


def parse_stage(value: Any, method: Method | None = None) -> Stage:
    """A stage from its key or any alias of the method (``25``, ``p25``, ``fm``, ``成交`` …):
    the Prospect Management System's unless ``method`` is another (then its stage id as text)."""
    if isinstance(value, Stage) and method is None:
        return value
    method = method or builtin("pms")
    found = method.stage(value).id
    return Stage(found) if method.id == "pms" else found  # type: ignore[return-value]


def _stage_field(value: Any, info: ValidationInfo) -> Any:
    context = info.context
    return parse_stage(value, context.get("contacts") if context else None)


def _stage_text(value: object) -> str:
    """A stage as JSON writes it (pydantic before 2.7 cannot read the signature of ``str``)."""
    return str(value)


#: JSON writes a stage as its text: the field's own serializer expects the enum and, behind the
#: plain validator, warned on every contact of ``export --format json``
StageField = Annotated[
    Stage, PlainValidator(_stage_field), PlainSerializer(_stage_text, return_type=str, when_used="json")
]

#: The largest amount a file may hold (10^15: beyond any deal in any currency, and exact
#: as a float, so sums and ratios of amounts never overflow).
MAX_AMOUNT = 10**15
NonNegative = (
    Annotated[int, Field(ge=0, le=MAX_AMOUNT)]
    | Annotated[float, Field(ge=0, le=MAX_AMOUNT, allow_inf_nan=False)]
)
#: The days pipetrack works with: a date in a file, --today, --date or --week. Its date
#: arithmetic (a sales cycle of up to 3650 days, weeks and periods around a day) then
#: stays far inside Python's years 1 to 9999.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2999, 12, 31)


#: Employees of an account: at most a billion.
MAX_SIZE = 10**9
#: A deal target (`plan --deals`): at most a million.
MAX_DEALS = 1_000_000


def day_in_range(value: Any) -> Any:
    """``value`` (a date or datetime) if it lies between FIRST_DAY and LAST_DAY."""
    day = value.date() if isinstance(value, datetime) else value
    if not FIRST_DAY <= day <= LAST_DAY:
        raise CodedValueError(
            "date_out_of_range",
            f"{day.isoformat()} is out of range ({FIRST_DAY} to {LAST_DAY})",
            value=day.isoformat(),
            first=FIRST_DAY.isoformat(),
            last=LAST_DAY.isoformat(),
        )
    return value


Day = Annotated[date, AfterValidator(day_in_range)]
Moment = Annotated[datetime, AfterValidator(day_in_range)]
#: A target ratio or rate: more than 0, at most a million.
Rate = Annotated[float, Field(gt=0, le=1_000_000)]

Function = Literal["user", "oversight", "finance"]
Level = Literal["operational", "management", "executive"]
Role = Literal["initiator", "decider", "designer", "evaluator", "user", "technical", "influencer"]
Supporter = Literal["insider", "sponsor", "coach"]
Personality = Literal["analytical", "driver", "expressive", "amiable"]
Relationship = Literal["acquainted", "dating", "trust", "alliance"]
#: Personal needs, two lists from two courses: the needs course's ladder (security, belonging,
#: respect, self-actualization) and the project-sales course's motives (power, achievement,
#: recognition, acceptance and security again). A person may carry needs of either list.
Need = Literal[
    "security",
    "belonging",
    "respect",
    "self-actualization",
    "power",
    "achievement",
    "recognition",
    "acceptance",
]
NEEDS_LADDER: tuple[str, ...] = ("security", "belonging", "respect", "self-actualization")
NEEDS_MOTIVES: tuple[str, ...] = ("power", "achievement", "recognition", "acceptance", "security")
Tier = Literal["platinum", "gold", "silver"]
#: The five communication styles of the account-analysis course (tiger ↔ driver, peacock ↔
#: expressive, koala ↔ amiable, owl ↔ analytical; the chameleon adapts to whoever it meets).
Style = Literal["tiger", "peacock", "koala", "owl", "chameleon"]
#: The client's six buying steps, each calling for a selling step (key-account course).
BuyingStep = Literal["need", "screening", "criteria", "tender", "commitment", "implementation"]
BUYING_STEPS: tuple[str, ...] = BuyingStep.__args__  # type: ignore[attr-defined]
ActivityKind = Literal["call", "meeting", "proposal", "message", "visit", "other"]
CallOutcome = Literal["no-answer", "connected", "meeting-set"]

ACTIVITY_KINDS: tuple[str, ...] = ActivityKind.__args__  # type: ignore[attr-defined]
CALL_OUTCOMES: tuple[str, ...] = CallOutcome.__args__  # type: ignore[attr-defined]


class Record(BaseModel):
    """Base of every file-backed model: unknown keys are kept, numbers may be text."""

    model_config = ConfigDict(
        extra="allow",
        # schemas are built on first validation: a warm run (records from the cache) builds none
        defer_build=True,
        coerce_numbers_to_str=True,
        str_strip_whitespace=False,
        validate_assignment=False,
    )


#: YAML 1.1 boolean words. The fast loader reads YAML 1.2, where they are text
#: (so `title: no` stays "no"); as evidence of a criterion they are a verdict.
_YES_NO = {
    "yes": True,
    "y": True,
    "on": True,
    "no": False,
    "n": False,
    "off": False,
    "true": True,
    "false": False,
}


def _yes_no(value: Any) -> Any:
    if isinstance(value, str):
        return _YES_NO.get(value.strip().casefold(), value)
    return value


YesNoEvidence = Annotated[bool | str | None, BeforeValidator(_yes_no)]


def _budget(value: Any) -> Any:
    # Without this a negative or infinite amount would slip through as a note ("-1").
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, int) and value > MAX_AMOUNT:  # (float() of a 401-digit int overflows)
            raise CodedValueError(
                "amount_too_large",
                f"the amount is out of range (must be at most {MAX_AMOUNT})",
                max=MAX_AMOUNT,
            )
        if not math.isfinite(value) or value < 0 or value > MAX_AMOUNT:
            raise CodedValueError(
                "not_an_amount",
                f"{value} is not an amount (a number from 0 to {MAX_AMOUNT}, or true)",
                value=str(value),
                max=MAX_AMOUNT,
            )
        return value
    return _yes_no(value)


class Criteria(Record):
    """The five 50% criteria, as evidence (README: What each stage needs).

    ``right_person``, ``plan_fits`` and ``budget`` take ``true``/``false`` or a
    note; ``yes``/``no``/``on``/``off`` count as ``true``/``false`` there, so
    ``right_person: no`` does not hold. ``budget`` may also be an amount.
    """

    right_person: YesNoEvidence = None
    plan_fits: YesNoEvidence = None
    budget: Annotated[bool | NonNegative | str | None, BeforeValidator(_budget)] = None
    signing_date: Day | None = None
    next_step: str | None = None


class Profile(Record):
    """A buyer-side person in key-account terms (README: Key accounts)."""

    function: Annotated[Function | None, ZhKey] = None
    level: Annotated[Level | None, ZhKey] = None
    roles: Annotated[list[Role], ZhKey] = Field(default_factory=list)
    supporter: Annotated[Supporter | None, ZhKey] = None
    attitude: Annotated[int, Field(ge=-4, le=4)] | None = None
    #: the attitude the person shows you, when it differs from what you judge it to be
    attitude_stated: Annotated[int, Field(ge=-4, le=4)] | None = None
    personality: Annotated[Personality | None, ZhKey] = None
    style: Annotated[Style | None, ZhKey] = None
    relationship: Annotated[Relationship | None, ZhKey] = None
    needs: Annotated[list[Need], ZhKey] = Field(default_factory=list)


class HistoryEntry(Record):
    date: Day
    stage: StageField
    note: str | None = None


class Activity(Record):
    date: Day
    kind: ActivityKind
    outcome: CallOutcome | None = None
    note: str | None = None


def _none_to_list(value: Any) -> Any:
    # `history:` with nothing under it is null in YAML; treat it as empty.
    return [] if value is None else value


ListField = BeforeValidator(_none_to_list)


class Contact(Record):
    """One contact file, ``contacts/<id>.yaml``."""

    # Set by the loader from the file name; never read from or written to the file.
    id: str = Field(default="", exclude=True)

    name: Annotated[str, Field(min_length=1)]
    account: str | None = None
    owner: str | None = None
    title: str | None = None
    phone: str | None = None
    email: str | None = None
    source: str | None = None
    created: Day | None = None
    stage: StageField = Stage.OPPORTUNITY
    first_meeting: Day | None = None
    next_meeting: Moment | Day | None = None
    criteria: Criteria = Field(default_factory=Criteria)
    signed: Day | None = None
    paid: Day | None = None
    value: NonNegative | None = None
    paid_amount: NonNegative | None = None
    lost_reason: str | None = None
    profile: Profile = Field(default_factory=Profile)
    history: Annotated[list[HistoryEntry], ListField] = Field(default_factory=list)
    activities: Annotated[list[Activity], ListField] = Field(default_factory=list)
    notes: str | None = None

    @field_validator("criteria", "profile", mode="before")
    @classmethod
    def _empty_block(cls, value: Any) -> Any:
        return {} if value is None else value

    @property
    def collected(self) -> float | int | None:
        """The amount collected when paid: ``paid_amount``, else ``value``."""
        return slim.collected(self.paid_amount, self.value)

    @property
    def next_meeting_date(self) -> date | None:
        return slim.day_of(self.next_meeting)


class OpportunityQuestions(Record):
    """The five questions that judge a sales opportunity (README: Key accounts)."""

    budget: Annotated[bool | NonNegative | str | None, BeforeValidator(_budget)] = None
    purchase_date: Day | None = None
    fit: bool | None = None
    worth_it: bool | None = None
    can_win: bool | Literal["unknown"] | None = None


class Account(Record):
    """One account file, ``accounts/<id>.yaml``."""

    id: str = Field(default="", exclude=True)

    name: Annotated[str, Field(min_length=1)]
    tier: Annotated[Tier | None, ZhKey] = None
    industry: str | None = None
    size: Annotated[int, Field(ge=0, le=MAX_SIZE)] | None = None
    share_of_wallet: Annotated[float, Field(ge=0, le=1)] | None = None
    opportunity: OpportunityQuestions = Field(default_factory=OpportunityQuestions)
    #: where the client's purchase stands (the six buying steps)
    buying_step: Annotated[BuyingStep | None, ZhKey] = None
    #: answers to the needs-research questions (who, why, strategy, goal, market, new, timing)
    needs_research: dict[str, Any] = Field(default_factory=dict)
    products_in_use: Annotated[list[dict[str, Any]], ListField] = Field(default_factory=list)
    competitors: Annotated[list[dict[str, Any]], ListField] = Field(default_factory=list)
    notes: str | None = None

    @field_validator("opportunity", "needs_research", mode="before")
    @classmethod
    def _empty_block(cls, value: Any) -> Any:
        return {} if value is None else value


class Targets(Record):
    """The method's default ratios (README: Plan and the ratio targets); a team may set its own."""

    contacts_per_deal: Rate = 20
    prospects_per_deal: Rate = 5
    dials_per_day: Rate = 15
    connects_per_day: Rate = 7
    meetings_per_day: Rate = 1
    meetings_per_week: Rate = 8
    working_weeks: Annotated[int, Field(gt=0, le=52)] = 50


Share = Annotated[float, Field(ge=0, le=1)]


class Weights(Record):
    """The weights of the weighted pipeline (the forecast), by stage."""

    p25: Share = 0.25
    p50: Share = 0.5
    p90: Share = 0.9


Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS: tuple[str, ...] = Weekday.__args__  # type: ignore[attr-defined]


class Methods(Record):
    """Which method each kind of record follows (README: Methods as data)."""

    contacts: Annotated[str, Field(min_length=1)] = "pms"
    projects: str | None = None


class Settings(Record):
    """``pipetrack.yaml``; every key optional."""

    #: the folder's contact method, resolved by the storage layer when it loads the settings
    _contacts: Method | None = PrivateAttr(default=None)

    owner: str | None = None
    sales_cycle_days: Annotated[int, Field(ge=1, le=3650)] = 28
    cycle_sample: Annotated[int, Field(ge=1, le=20)] = 10
    cycle_min_deals: Annotated[int, Field(ge=1, le=20)] = 3
    cooling_off_days: Annotated[int, Field(ge=0, le=365)] = 10
    first_meeting_weight: Annotated[float, Field(ge=0, le=1)] = 0
    weights: Weights = Field(default_factory=Weights)
    #: shape C when at least this share of the 25%/50% contacts is stale
    shape_stuck_share: Annotated[float, Field(gt=0, le=1)] = 0.5
    #: the weakest lever uses an observed rate only on at least this many dials / connects
    lever_min_dials: Annotated[int, Field(ge=1, le=10000)] = 10
    lever_min_connects: Annotated[int, Field(ge=1, le=10000)] = 5
    #: the closing ratio and the deal size are observed over this many weeks up to the period's end
    lever_window_weeks: Annotated[int, Field(ge=1, le=520)] = 13
    #: ... and ranked only on at least this many new prospects / closed deals with a value there
    lever_min_prospects: Annotated[int, Field(ge=1, le=10000)] = 5
    lever_min_deals: Annotated[int, Field(ge=1, le=10000)] = 3
    #: the deal size lever's target; unset: the median value of the folder's deals closed in the window
    target_deal_value: Annotated[float, Field(gt=0)] | None = None
    week_start: Weekday = "monday"
    working_days: Annotated[int, Field(ge=1, le=7)] = 5
    language: Literal["en", "zh"] = "en"
    targets: Targets = Field(default_factory=Targets)
    currency: str = "CNY"
    #: IANA time zone of the meeting times (Asia/Shanghai); unset: the machine's zone
    timezone: str | None = None
    #: days between contacts by client class: prospects called at intervals, interested
    #: clients visited, closed clients kept in touch (holiday greetings)
    rhythm_days: dict[str, Annotated[int, Field(ge=1, le=3650)]] = Field(
        default_factory=lambda: {"prospect": 30, "interested": 14, "closed": 60}
    )
    #: the account verdict's "near": a purchase date within this many days
    opportunity_near_days: Annotated[int, Field(ge=1, le=3650)] = 180
    #: git e-mail (or its local part) → owner id, for a team (see `owners`).
    owners: dict[str, str] = Field(default_factory=dict)
    methods: Methods = Field(default_factory=Methods)

    @field_validator("targets", "owners", "weights", "rhythm_days", "methods", mode="before")
    @classmethod
    def _empty_block(cls, value: Any) -> Any:
        return {} if value is None else value

    @field_validator("week_start", mode="before")
    @classmethod
    def _weekday(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value


def contacts_method(settings: Settings) -> Method:
    """The method the folder's contacts follow (settings ``methods.contacts``)."""
    # (the private attribute read from its dict: this runs once per contact in a report)
    private = settings.__pydantic_private__
    found = private.get("_contacts") if private is not None else None
    if found is None:
        found = builtin(settings.methods.contacts)
        if private is not None:
            private["_contacts"] = found
    return found


class HistoryFact(NamedTuple):
    date: date
    stage: Stage


class DealFacts(NamedTuple):
    """What the sales cycle reads of a contact that is, or was, closed: the
    cached deal list holds these (a few tuples instead of a whole contact)."""

    id: str
    name: str
    owner: str | None
    value: float | None
    created: date | None
    signed: date | None
    paid: date | None
    stage: Stage
    #: the `closed` history entries only
    history: tuple[HistoryFact, ...]


#: Keys each file kind knows; used to suggest fixes for typos of them.
CONTACT_KEYS = frozenset(Contact.model_fields) - {"id"}
ACCOUNT_KEYS = frozenset(Account.model_fields) - {"id"}
SETTINGS_KEYS = frozenset(Settings.model_fields)
CRITERIA_KEYS = frozenset(Criteria.model_fields)
PROFILE_KEYS = frozenset(Profile.model_fields)
