"""The write operations on projects a front end calls: add, move, log, set a buying-group member.

Typed, no printing, no clock: ``today`` and the method come in as arguments. Every
write goes through :meth:`Store.edit_record` / :meth:`Store.create` (under the folder
lock, atomic, comments and unknown keys kept); the decisions that depend on the file
(its stage now, whether the evidence supports a move) are made again under the lock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from pipetrack.domain.errors import RuleError, UsageError
from pipetrack.services import Added, _id_choice, _whole, bounded, require_name

if TYPE_CHECKING:
    from pipetrack.domain.method import Missing
    from pipetrack.domain.models import Settings
    from pipetrack.domain.projects import Project
    from pipetrack.storage.edit import Doc
    from pipetrack.storage.store import Store

#: What a stage lacks for a project: ``(project, stage id, today) → [Missing]`` (the method's gate).
Requirements = Callable[["Project", str, date], list["Missing"]]


@dataclass(frozen=True)
class NewProject:
    """A project to add; ``None`` fields are left out of the file."""

    name: str
    account: str | None = None  # an account id
    owner: str | None = None  # None: settings `owner`, else the git user's owner
    stage: str = "qualified"  # a stage id of the method
    value: float | None = None
    need: str | None = None
    budget: Any = None
    purchase_date: date | None = None
    record_id: str | None = None


class ProjectGateError(RuleError):
    """A stage the project's evidence does not support: ``missing`` (codes, worded by the
    front end) and the commands that record what a command can record."""

    def __init__(self, name: str, target: str, missing: list[Missing], commands: list[str]):
        self.name, self.target, self.missing, self.commands = name, target, missing, commands
        super().__init__(f"{name} cannot be at {target}: " + ", ".join(m.code for m in missing))


def refuse_or_force(
    project: Project, target: str, missing: list[Missing], force: bool, record_id: str | None
) -> list[Missing]:
    """What the evidence lacks, when ``force`` accepts it; ProjectGateError otherwise."""
    if missing and not force:
        commands = [recording_command(record_id, m.key) for m in missing] if record_id else []
        raise ProjectGateError(project.name, target, missing, [c for c in dict.fromkeys(commands) if c])
    return missing


#: Gate keys recorded by `member` (the buying group) rather than `set`.
MEMBER_HINTS = {
    "accepts_us": "--attitude 2",
    "insider_or_coach": "--supporter insider",
    "decider_support": "--role decider --attitude 2",
}
#: Gate keys and the field `set` records them in.
SET_KEYS = {
    "org_chart": "evidence.org_chart",
    "step_deciders": "evidence.step_deciders",
    "our_terms": "evidence.our_terms_in_tender",
    "rival_blocked": "evidence.rival_blocked",
    "qualified_to_bid": "evidence.qualified_to_bid",
    "commercial_terms": "evidence.commercial_terms",
    "tender_documents": "tender.documents",
    "bid_submitted": "tender.bid_submitted",
    "contract": "contract.signed",
    "technical_agreement": "contract.technical_agreement",
    "ki_buying_group": "ki.buying_group",
    "ki_need": "ki.need",
    "ki_budget": "ki.budget",
    "ki_process": "ki.process",
    "ki_competition": "ki.competition",
}


def recording_command(project_id: str, key: str) -> str | None:
    """The command that records what a gate check ``key`` lacks (None when none does)."""
    from pipetrack.domain.fields import field_by_key

    if key in MEMBER_HINTS:
        return f"pipetrack member {project_id} CONTACT {MEMBER_HINTS[key]}"
    target = SET_KEYS.get(key, key)
    try:
        f = field_by_key("projects", target)
    except StopIteration:
        return None
    return f"pipetrack set {project_id} {f.key}={f.example or 'VALUE'}"


def draft_project(store: Store, new: NewProject, settings: Settings, today: date) -> tuple[Any, Doc]:
    """The id choice and document of a new project, with a history entry for its stage."""
    from pipetrack.storage import edit, gitsetup

    name = require_name(new.name)
    bounded(new.value, "--value", "MAX_AMOUNT")
    owner = new.owner if new.owner is not None else gitsetup.default_owner(settings, store.root)
    fields: dict[str, Any] = {"name": name}
    for key, val in (
        ("account", new.account),
        ("owner", owner),
        ("value", _whole(new.value)),
        ("stage", new.stage),
        ("created", today),
        ("need", new.need),
        ("budget", new.budget),
        ("purchase_date", new.purchase_date),
    ):
        if val is not None:
            fields[key] = val
    doc = edit.new_document(fields)
    doc["history"] = edit.new_list([{"date": today, "stage": new.stage}])
    return _id_choice(name, new.record_id, person=False), doc


def add_project(
    store: Store,
    new: NewProject,
    settings: Settings,
    today: date,
    requirements: Requirements | None = None,
    force: bool = False,
) -> Added:
    """Create ``projects/<id>.yaml``; with ``requirements``, its stage needs its evidence
    (refused without ``force``)."""
    from pipetrack.domain.projects import Project

    choice, doc = draft_project(store, new, settings, today)
    forced: list[Missing] = []
    if requirements is not None:
        from pipetrack.storage import yamlio

        project = Project.model_validate(yamlio.to_plain(doc))
        forced = refuse_or_force(project, new.stage, requirements(project, new.stage, today), force, None)
    path = store.create("projects", choice, doc)
    return Added(path.stem, path, forced)


@dataclass(frozen=True)
class ProjectMoved:
    record: Any
    before: str
    outcome: Literal["moved", "unchanged", "reason"] = "moved"
    forced: list[Missing] = field(default_factory=list)


@dataclass(frozen=True)
class ProjectMove:
    """What `move` asks of a project: the target stage id (the method's), the day, a reason."""

    target: str
    day: date
    lost: bool = False  # the target is the method's lost end
    reason: str | None = None
    force: bool = False


def move_project(
    store: Store, project_id: str, ask: ProjectMove, same: Callable[[str], bool], requirements: Requirements
) -> ProjectMoved:
    """Change a project's stage and append it to `history` (to lost, with the reason);
    refuses a stage the evidence does not support unless ``ask.force``. ``same(word)``
    says whether the stage written in the file is the target (ids and aliases)."""

    def decide(record: Project) -> ProjectMoved:
        if same(record.stage):
            new_reason = ask.lost and ask.reason and ask.reason != record.lost_reason
            return ProjectMoved(record, record.stage, "reason" if new_reason else "unchanged")
        missing = [] if ask.lost else requirements(record, ask.target, ask.day)
        forced = refuse_or_force(record, ask.target, missing, ask.force, record.id)
        return ProjectMoved(record, record.stage, "moved", forced)

    current = decide(store.load_one("projects", project_id))  # refused before the lock, as after
    if current.outcome == "unchanged":
        return current

    def change(doc: Doc, record: Project) -> ProjectMoved:
        from pipetrack.storage import edit

        decided = decide(record)
        if decided.outcome != "unchanged" and ask.lost and ask.reason:
            doc["lost_reason"] = ask.reason
        if decided.outcome == "moved":
            edit.set_stage(doc, ask.target, ask.day)
        return decided

    result, record = store.edit_record("projects", project_id, change)
    return ProjectMoved(record, result.before, result.outcome, result.forced)


#: The keys of a buying-group member `member` sets, in file order.
MEMBER_FIELDS = ("role", "circle", "supporter", "weight", "attitude", "criteria")


def set_member(store: Store, project_id: str, contact: str, values: dict[str, Any]) -> tuple[bool, Any]:
    """Add ``contact`` to the project's buying group, or update its entry, with ``values``
    (``None`` values are left as they are). Returns (added, the project as written)."""
    from pipetrack.domain.projects import Member
    from pipetrack.storage import edit

    given = {k: v for k, v in values.items() if v is not None}
    from pydantic import ValidationError

    try:
        checked = Member.model_validate({"contact": contact, **given})
        given = {k: getattr(checked, k) for k in given}  # the codes, for 决策者 / 核心圈 …
    except ValidationError as exc:  # one line naming the first field
        first = exc.errors(include_url=False)[0]
        why = str(first["msg"]).removeprefix("Value error, ")
        raise UsageError(f"--{first['loc'][0]}: {first.get('input')!r} {why.lower()}") from None

    def change(doc: Doc) -> bool:
        group = doc.get("buying_group")
        for entry in group or []:
            if isinstance(entry, dict) and entry.get("contact") == contact:
                for key in MEMBER_FIELDS:
                    if key in given:
                        entry[key] = given[key]
                return False
        edit.append_entry(
            doc, "buying_group", {"contact": contact, **given}, ("ki", "evidence", "activities")
        )
        return True

    return store.edit("projects", project_id, change)
