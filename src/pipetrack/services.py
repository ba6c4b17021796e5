"""The operations a front end calls: resolve a reference, add, log, move, apply the review.

Each is one function with typed arguments and a typed result; none prints,
reads the clock or the environment (``today`` and the settings come in as
arguments) and each raises the errors of :mod:`pipetrack.domain.errors`. The
CLI parses options, calls one of these and renders what it returns; another
front end (a script, a TUI) calls the same functions.

Writes go through :meth:`Store.edit_record` and :meth:`Store.create`: every
decision that depends on a file's content (its current stage, a free id, a
duplicate) is made there, under the folder lock, on the file as it is then.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from pipetrack.domain.errors import NotFoundError, RuleError, UsageError
from pipetrack.domain.inputs import Activity as Activity  # the checked input, re-exported
from pipetrack.domain.inputs import bounded as bounded
from pipetrack.domain.inputs import check_tier
from pipetrack.domain.inputs import parse_activity as parse_activity
from pipetrack.domain.inputs import require_name as require_name
from pipetrack.domain.models import (
    Contact,
    DealFacts,
    Settings,
    Stage,
    contacts_method,
)

if TYPE_CHECKING:
    from pipetrack.domain.rules import Missing
    from pipetrack.storage.edit import Doc
    from pipetrack.storage.store import Store

Kind = Literal["contacts", "accounts", "projects"]
#: What the sales cycle is computed from: contacts, or the cache's deal list.
Deals = Callable[[], Iterable[Contact | DealFacts]]


#: An id, or a function choosing one given a test of whether an id is taken.
IdChoice = str | Callable[[Callable[[str], bool]], str]


class Named(Protocol):
    id: str
    name: str


# --- references --------------------------------------------------------------


def _folded(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().casefold()


def resolve_ref(store: Store, kind: Kind, ref: str, records: Callable[[], Mapping[str, Named]]) -> str:
    """An id from an id, an exact name, or an unambiguous beginning of either.

    ``records`` gives the folder's records of ``kind`` by id; it is called only
    when ``ref`` is not the id of a file (so an id costs no load).
    """
    if store.exists(kind, ref):
        return ref
    found = records()
    key = _folded(ref)
    exact = [r.id for r in found.values() if _folded(r.name) == key]
    if len(exact) == 1:
        return exact[0]
    candidates = exact or [
        r.id
        for r in found.values()
        if r.id.startswith(key) or unicodedata.normalize("NFKC", r.name).casefold().startswith(key)
    ]
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        shown = ", ".join(f"{c} ({found[c].name})" for c in sorted(candidates)[:8])
        raise UsageError(
            f"{ref!r} matches several {kind}: {shown}; use the id",
            "ambiguous",
            ref=ref,
            kind=kind,
            shown=shown,
        )
    names = {r.id: r.name for r in found.values()}
    close = difflib.get_close_matches(ref, list(names) + list(names.values()), n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise NotFoundError(
        f"no {kind[:-1]} {ref!r} (an id or a name){hint}", "not_found", ref=ref, kind=kind, close=close
    )


# --- add -----------------------------------------------------------------------


def _id_choice(name: str, record_id: str | None, person: bool = True) -> IdChoice:
    """``--id`` if valid, else a chooser of a slug of the name not yet taken
    (run by the store under its lock)."""
    from pipetrack.domain.ids import is_valid_id, slugify, unique_id

    if record_id is not None:
        if not is_valid_id(record_id):
            raise UsageError(
                f"--id: {record_id!r} is not a valid id (lowercase a-z, 0-9 and '-', at most 64)",
                "bad_id",
                value=record_id,
            )
        return record_id

    def choose(taken: Callable[[str], bool]) -> str:
        class Taken:
            def __contains__(self, candidate: str) -> bool:
                return taken(candidate)

        return unique_id(slugify(name, person=person), Taken())

    return choose


class MissingEvidence(RuleError):
    """A stage the evidence does not support: ``missing`` (codes, worded by the front
    end) and the `pipetrack set` commands that record what a command can record."""

    def __init__(self, name: str, target: Stage, missing: list[Missing], commands: list[str]):
        self.name, self.target, self.missing, self.commands = name, target, missing, commands
        super().__init__(f"{name} cannot be at {target}: " + ", ".join(m.code for m in missing))


def _refuse_or_force(
    name: str, target: Stage, missing: list[Missing], force: bool, contact_id: str | None = None
) -> list[Missing]:
    """What the evidence lacks, when ``force`` accepts it; MissingEvidence otherwise."""
    if missing and not force:
        from pipetrack.domain.fields import suggested_command

        # what a command can record (not a meeting yet to happen, nor a cooling-off to wait out)
        recordable = [
            m
            for m in missing
            if m.code in ("no_first_meeting", "no_further_cooperation", "criterion", "no_date")
        ]
        commands = [suggested_command(contact_id, m.key) for m in recordable] if contact_id else []
        raise MissingEvidence(name, target, missing, [c for c in dict.fromkeys(commands) if c])
    return missing


@dataclass(frozen=True)
class NewContact:
    """A contact to add; ``None`` fields are left out of the file."""

    name: str
    account: str | None = None  # an account id (see resolve_ref)
    owner: str | None = None  # None: settings `owner`, else the git user.email's owner
    stage: Stage = Stage.OPPORTUNITY
    first_meeting: date | None = None
    created: date | None = None  # None: today, or the first meeting when that was earlier
    phone: str | None = None
    email: str | None = None
    title: str | None = None
    source: str | None = None
    value: float | None = None
    record_id: str | None = None  # None: made from the name
    next_meeting: date | None = None  # the sign of further cooperation 25% needs


@dataclass(frozen=True)
class Added:
    id: str
    path: Path
    #: what the evidence lacks for the stage, accepted with force
    forced: list[Missing] = field(default_factory=list)


def _whole(value: float | None) -> float | int | None:
    return int(value) if value is not None and float(value).is_integer() else value


def _contact_fields(store: Store, new: NewContact, settings: Settings, today: date) -> dict[str, Any]:
    start = new.created or today
    if new.created is None and new.first_meeting is not None and new.first_meeting < start:
        start = (
            new.first_meeting
        )  # met before being entered: in the pipeline since the first meeting at least
    owner = new.owner
    if owner is None:
        from pipetrack.storage import gitsetup

        owner = gitsetup.default_owner(settings, store.root)
    fields: dict[str, Any] = {"name": new.name}
    for key, val in (
        ("account", new.account),
        ("owner", owner),
        ("title", new.title),
        ("phone", new.phone),
        ("email", new.email),
        ("source", new.source),
        ("created", start),
        ("stage", str(new.stage)),
        ("first_meeting", new.first_meeting),
        ("next_meeting", new.next_meeting),
        ("value", _whole(new.value)),
    ):
        if val is not None:
            fields[key] = val
    return fields


@dataclass(frozen=True)
class Draft:
    """A new file, not written yet: its id (or the chooser of one), its document,
    and what the evidence lacks for its stage, accepted with force."""

    choice: IdChoice
    doc: Doc
    forced: list[Missing] = field(default_factory=list)

    def id_now(self, taken: Callable[[str], bool]) -> str:
        """The id, chosen now (for an editor opened before the write)."""
        return self.choice if isinstance(self.choice, str) else self.choice(taken)


def draft_contact(
    store: Store,
    new: NewContact,
    settings: Settings,
    today: date,
    deals: Deals,
    force: bool = False,
    check: bool = True,
    seen: Callable[[Contact], None] | None = None,
) -> Draft:
    """The file of a new contact with a history entry for its stage.

    With ``check``, a stage beyond opportunity needs its evidence
    (``rules.requirements``); without ``force`` a RuleError says what is missing."""
    from pipetrack.domain import rules

    bounded(new.value, "--value", "MAX_AMOUNT")
    from pipetrack.storage import edit

    fields = _contact_fields(store, new, settings, today)
    choice = _id_choice(new.name, new.record_id)
    contact = Contact.model_validate(fields, context=store.context("contacts"))
    if seen is not None:  # the front end's look at the contact (a possible duplicate) before the checks
        seen(contact)
    forced: list[Missing] = []
    target = new.stage
    method = contacts_method(settings)
    if target not in (method.ladder[0].id, method.lost) and check:
        cycle = (
            rules.SalesCycle(settings.sales_cycle_days, "default")
            if isinstance(target, Stage) and target.rank < Stage.P50.rank
            else rules.sales_cycle(deals(), settings, today)
        )
        missing = rules.requirements(contact, target, settings, cycle.days, today)
        forced = _refuse_or_force(contact.name, target, missing, force)
    doc = edit.new_document(fields)
    doc["history"] = edit.new_list([{"date": fields["created"], "stage": str(target)}])
    return Draft(choice, doc, forced)


def add_contact(
    store: Store,
    new: NewContact,
    settings: Settings,
    today: date,
    deals: Deals,
    force: bool = False,
    seen: Callable[[Contact], None] | None = None,
) -> Added:
    """Create ``contacts/<id>.yaml`` (see :func:`draft_contact`); the id is chosen under the lock."""
    draft = draft_contact(store, new, settings, today, deals, force, seen=seen)
    path = store.create("contacts", draft.choice, draft.doc)
    return Added(path.stem, path, draft.forced)


def add_account(
    store: Store,
    name: str,
    tier: str | None = None,
    industry: str | None = None,
    size: int | None = None,
    record_id: str | None = None,
) -> Added:
    """Create ``accounts/<id>.yaml``."""
    from pipetrack.storage import edit

    name = require_name(name)
    bounded(size, "--size", "MAX_SIZE")
    check_tier(tier)
    choice = _id_choice(name, record_id, person=False)
    doc = edit.new_document({"name": name})
    for key, val in (("tier", tier), ("industry", industry), ("size", size)):
        if val is not None:
            doc[key] = val
    path = store.create("accounts", choice, doc)
    return Added(path.stem, path)


# --- log -------------------------------------------------------------------------


def log_activity(
    store: Store, record_id: str, activity: Activity, day: date, note: str | None = None, folder="contacts"
) -> Any:
    """Append an activity to a contact's (or ``folder``'s) `activities`; the record as written."""
    from pipetrack.storage import edit

    given = {"date": day, "kind": activity.kind, "outcome": activity.outcome, "note": note}
    entry = {key: value for key, value in given.items() if value}  # no empty outcome or note
    _, record = store.edit_record(
        folder, record_id, lambda doc, _: edit.append_entry(doc, "activities", entry, ("notes",))
    )
    return record


# --- move --------------------------------------------------------------------------


@dataclass(frozen=True)
class Moved:
    record: Contact
    #: the stage the file had, as written there
    before: str
    #: moved: stage changed; unchanged: at the stage already (and no first meeting
    #: given); reason: lost already, only the new lost reason recorded
    outcome: Literal["moved", "unchanged", "reason"] = "moved"
    forced: list[Missing] = field(default_factory=list)


@dataclass(frozen=True)
class MoveRequest:
    """What `move` asks for: ``day`` given explicitly or not (``dated``)."""

    target: Stage
    day: date
    first_meeting: date | None = None
    reason: str | None = None
    force: bool = False
    dated: bool = False
    next_meeting: date | None = None  # the sign of further cooperation 25% needs


def _refuse_before_first(ask: MoveRequest, first: date | None) -> None:
    """An explicit day before the first meeting for 25% and beyond is a mistake."""
    met = isinstance(ask.target, Stage) and ask.target.rank >= Stage.P25.rank
    if ask.dated and first is not None and ask.day < first and met:
        raise UsageError(
            f"--date: {ask.day} is before the first meeting on {first}; "
            f"a contact reaches {ask.target} after it",
            "before_first_meeting",
            day=ask.day,
            first=first,
            target=ask.target,
        )


def move(store: Store, contact_id: str, ask: MoveRequest, settings: Settings, deals: Deals) -> Moved:
    """Change a contact's stage and append it to `history` (with the first
    meeting date and, to lost, the reason). Refuses a stage the evidence does
    not support unless ``ask.force``, and an explicit day before the first
    meeting for 25% and beyond; the decisions are made again under the lock on
    the file as it is then (a second `move X lost` writes nothing)."""
    from pipetrack.domain import rules

    loaded = store.load_one("contacts", contact_id)
    cycle_days = rules.sales_cycle(deals(), settings, ask.day).days
    lost = ask.target == contacts_method(settings).lost

    def decide(record: Contact) -> Moved:
        if ask.target == record.stage and ask.first_meeting is None and ask.next_meeting is None:
            new_reason = lost and ask.reason and ask.reason != record.lost_reason
            return Moved(record, str(record.stage), "reason" if new_reason else "unchanged")
        check = record.model_copy(
            update={
                "first_meeting": ask.first_meeting or record.first_meeting,
                "next_meeting": ask.next_meeting or record.next_meeting,
            }
        )
        _refuse_before_first(ask, check.first_meeting)
        missing = rules.requirements(check, ask.target, settings, cycle_days, ask.day)
        forced = _refuse_or_force(record.name, ask.target, missing, ask.force, record.id)
        return Moved(record, "", "moved", forced)

    current = decide(loaded)  # refused before the lock is taken, as after
    if current.outcome == "unchanged":
        return current

    def change(doc: Doc, record: Contact) -> Moved:
        decided = decide(record)
        if decided.outcome == "reason":
            doc["lost_reason"] = ask.reason
        elif decided.outcome == "moved":
            before = str(doc.get("stage", "opportunity"))
            _apply_move(
                doc, ask.target, ask.day, ask.first_meeting, ask.reason if lost else None, ask.next_meeting
            )
            return Moved(record, before, "moved", decided.forced)
        return decided

    result, record = store.edit_record("contacts", contact_id, change)
    return Moved(record, result.before, result.outcome, result.forced)


def _apply_move(
    doc: Doc,
    target: Stage,
    day: date,
    first_meeting: date | None,
    reason: str | None,
    next_meeting: date | None = None,
) -> None:
    from pipetrack.storage import edit

    if first_meeting is not None:
        edit.set_field(doc, "first_meeting", first_meeting, after="stage")  # beside the stage, not at the end
    if next_meeting is not None:
        after = "first_meeting" if "first_meeting" in doc else "stage"
        edit.set_field(doc, "next_meeting", next_meeting, after=after)
    if reason:  # (moves to the lost end only)
        doc["lost_reason"] = reason  # before the history list, if that is new
    edit.set_stage(doc, str(target), day)


# --- review --apply ------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewMove:
    """One move the review proposes: ``id`` from stage ``expected`` to ``to`` on ``day``."""

    id: str
    expected: str
    to: str
    day: date


@dataclass(frozen=True)
class Applied:
    move: ReviewMove
    record: Contact


def apply_review(store: Store, moves: Sequence[ReviewMove]) -> Iterator[Applied]:
    """Write each move, one file at a time (each write atomic), yielding each
    one made; a contact someone moved meanwhile (its stage is no longer the
    expected one, under the lock) is skipped."""
    from pipetrack.storage import edit

    for item in moves:

        def change(doc: Doc, record: Contact, item: ReviewMove = item) -> bool:
            if str(record.stage) != item.expected:
                return False  # someone moved it meanwhile
            edit.set_stage(doc, item.to, item.day)
            return True

        done, record = store.edit_record("contacts", item.id, change)
        if done:
            yield Applied(item, record)
