"""`add contact`, `add account`, `log`, `move` and `show`: the one-contact commands.

Each parses its options, calls one function of ``pipetrack.services`` and
prints what it returns.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Annotated, Any

import typer

from pipetrack.cli import complete
from pipetrack.cli.env import Env, parse_date
from pipetrack.cli.options import ShowFormat, env_of, esc, make_typer, output
from pipetrack.domain.errors import UsageError

if TYPE_CHECKING:
    from datetime import date

    from pipetrack.domain.models import Contact, Stage
    from pipetrack.services import NewContact


IdOpt = Annotated[str | None, typer.Option("--id", help="File id (default: made from the name).")]


def _ask(env: Env, label: str, default: str = "") -> str | None:
    if not env.interactive:
        return None
    answer = typer.prompt(label, default=default, show_default=bool(default))
    return answer.strip() or None


AccountOpt = Annotated[str | None, typer.Option(help="Account id or name.", autocompletion=complete.accounts)]
OwnerOpt = Annotated[
    str | None, typer.Option(help="Owner id (default: settings `owner`, else your git user.email).")
]
StageOpt = Annotated[str | None, typer.Option(help="Stage (default opportunity); aliases like 25, fm, 成交.")]
AddFirstMeetingOpt = Annotated[
    str | None, typer.Option("--first-meeting", help="First meeting date, YYYY-MM-DD.")
]
AddNextMeetingOpt = Annotated[
    str | None,
    typer.Option("--next-meeting", help="Next meeting date: the sign of further cooperation 25% needs."),
]
SourceOpt = Annotated[str | None, typer.Option(help="referral, cold-call, event, online, …")]
ValueOpt = Annotated[float | None, typer.Option(help="Expected deal amount.", min=0)]
CreatedOpt = Annotated[
    str | None,
    typer.Option(help="First sales attempt (default: today, or the first meeting if that was earlier)."),
]
AddForceOpt = Annotated[bool, typer.Option("--force", help="Accept a stage the evidence does not support.")]
EditOpt = Annotated[
    bool,
    typer.Option("--edit", help="Open the new file in $VISUAL/$EDITOR first; checked before it is written."),
]


def add_contact(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The person's name (any language).")],
    account: AccountOpt = None,
    owner: OwnerOpt = None,
    stage: StageOpt = None,
    first_meeting: AddFirstMeetingOpt = None,
    next_meeting: AddNextMeetingOpt = None,
    phone: Annotated[str | None, typer.Option()] = None,
    email: Annotated[str | None, typer.Option()] = None,
    title: Annotated[str | None, typer.Option()] = None,
    source: SourceOpt = None,
    value: ValueOpt = None,
    created: CreatedOpt = None,
    record_id: IdOpt = None,
    force: AddForceOpt = False,
    edit: EditOpt = False,
) -> None:
    """Create contacts/<id>.yaml. Prompts for missing essentials only on a terminal."""
    from pipetrack import services
    from pipetrack.text import text

    env = env_of(ctx)
    name = services.require_name(name)
    phone, email = _phone_and_email(phone, email)
    account = _account(env, account)
    target, meet = _stage_and_meeting(env, stage, first_meeting)
    start = env.today_or(created, "--created") if created is not None else None
    upcoming = parse_date(next_meeting, "--next-meeting", env.today) if next_meeting else None
    new = services.NewContact(
        name, account, owner, target, meet, start, phone, email, title, source, value, record_id, upcoming
    )
    written = _write_contact(env, new, force, edit)
    if written is not None:
        words = text(
            "daily.added_contact",
            env.language(),
            name=esc(name),
            id=f"[bold]{written[0]}[/]",
            path=written[1],
        )
        env.out.print(words, soft_wrap=True)


def _write_contact(env: Env, new: NewContact, force: bool, edit: bool) -> tuple[str, str] | None:
    """Write the new contact (with --edit: through the editor; None when given up); its id and path."""
    from pipetrack import services

    if not edit:
        seen = partial(_warn_duplicate, env)
        try:
            added = services.add_contact(
                env.store, new, env.settings, env.today, env.closed_deals, force, seen
            )
        except services.MissingEvidence as exc:
            raise _worded(env, exc) from None
        _warn_forced(env, new.stage, added.forced)
        return added.id, env.store.display(added.path)
    from pipetrack.cli.daily_write import run_editor
    from pipetrack.storage import yamlio

    # --edit: the stage's evidence is checked after editing
    seen = partial(_warn_duplicate, env)
    draft = services.draft_contact(
        env.store, new, env.settings, env.today, env.closed_deals, force, check=False, seen=seen
    )
    new_id = draft.id_now(lambda c: env.store.exists("contacts", c))
    path = run_editor(env, "contacts", new_id, None, start=yamlio.dump_roundtrip(draft.doc))
    return None if path is None else (new_id, env.store.display(path))


def _warn_duplicate(env: Env, contact: Contact) -> None:
    """Someone with the same name at the same account, the same e-mail or the same
    phone exists: warn, and on a terminal ask whether to add anyway."""
    from pipetrack.domain.errors import PipetrackError
    from pipetrack.domain.ids import slugify
    from pipetrack.domain.importing import Seen
    from pipetrack.storage.importer import contacts_like
    from pipetrack.text import text

    store = env.store
    candidates = []
    for cid in contacts_like(store, slugify(contact.name), contact.email, contact.phone):
        try:
            candidates.append(store.load_one("contacts", cid))
        except PipetrackError:
            continue
    match = Seen(candidates).match(contact.name, contact.account, contact.email, contact.phone)
    if match is None:
        return
    lang = env.language()
    what = text(f"daily.same_{match[0]}", lang)
    env.warn(text("daily.maybe_same", lang, who=match[1], what=what, name=contact.name))
    if env.interactive and not typer.confirm(text("daily.add_anyway", lang), default=False):
        raise typer.Exit(1)


def _phone_and_email(phone: str | None, email: str | None) -> tuple[str | None, str | None]:
    """--phone and --email, checked as `set` checks them."""
    from pipetrack.domain.fields import check_email, check_phone

    return (
        check_phone(phone, "--phone") if phone is not None else None,
        check_email(email, "--email") if email is not None else None,
    )


def _account(env: Env, account: str | None) -> str | None:
    """The new contact's account id (asked for on a terminal when not given)."""
    if account is None:
        account = _ask(env, "Account (id or name, empty for none)")
    return env.resolve_id("accounts", account) if account else None


def _stage_and_meeting(env: Env, stage: str | None, first_meeting: str | None) -> tuple[Stage, date | None]:
    """The new contact's stage, and its first meeting (asked for on a terminal when the stage needs it)."""
    from pipetrack.domain.models import Stage, contacts_method, parse_stage

    method = contacts_method(env.settings)  # the folder's method's stages; new contacts start at its first
    try:
        target = parse_stage(stage or method.ladder[0].id, method)
    except ValueError as exc:
        raise UsageError(f"--stage: {exc}") from None
    if isinstance(target, Stage) and target not in (Stage.OPPORTUNITY, Stage.LOST) and not first_meeting:
        first_meeting = _ask(env, "First meeting date (YYYY-MM-DD)")
    return target, parse_date(first_meeting, "--first-meeting", env.today) if first_meeting else None


def _warn_forced(env: Env, target: Any, missing: list) -> None:
    from pipetrack.text import reasons, text

    if missing:
        lang = env.language()
        detail = "; ".join(reasons(missing, lang))
        env.warn(text("daily.forced", lang, stage=_stage(target, lang), detail=detail))


def _worded(env: Env, exc: Any) -> Exception:
    """A refused stage (services.MissingEvidence) as one message in words."""
    from pipetrack.domain.errors import RuleError
    from pipetrack.text import reasons, text

    lang = env.language()
    detail = "; ".join(reasons(exc.missing, lang))
    record = "".join(f"\n  {c}" for c in exc.commands)
    hint = text("daily.record_with", lang) + record if record else text("daily.add_evidence", lang)
    refused = text("daily.cannot_be_at", lang, name=exc.name, stage=_stage(exc.target, lang), detail=detail)
    return RuleError(refused + hint)


def _stage(stage: object, lang: str) -> str:
    """A stage as messages name it: its key in English, its label in Chinese."""
    from pipetrack.text import stage_label

    return str(stage) if lang == "en" else stage_label(stage, lang)


def add_account(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The organisation's name.")],
    tier: Annotated[str | None, typer.Option(help="platinum, gold or silver.")] = None,
    industry: Annotated[str | None, typer.Option()] = None,
    size: Annotated[int | None, typer.Option(help="Employees.", min=0)] = None,
    record_id: IdOpt = None,
) -> None:
    """Create accounts/<id>.yaml."""
    from pipetrack import services
    from pipetrack.text import text

    env = env_of(ctx)
    lang = env.language()  # before the write: a broken pipetrack.yaml refuses the command, writing nothing
    added = services.add_account(env.store, name, tier, industry, size, record_id)
    path = env.store.display(added.path)
    words = text("daily.added_account", lang, name=esc(name.strip()), id=f"[bold]{added.id}[/]", path=path)
    env.out.print(words, soft_wrap=True)


# --- log, move ---------------------------------------------------------------


def log(
    ctx: typer.Context,
    contact: Annotated[str, typer.Argument(help="Contact id or name.", autocompletion=complete.contacts)],
    kind: Annotated[str, typer.Argument(help="call, meeting, proposal, message, visit or other.")],
    outcome: Annotated[
        str | None, typer.Option(help="For calls: no-answer, connected or meeting-set.")
    ] = None,
    when: Annotated[str | None, typer.Option("--date", help="Day of the activity (default: today).")] = None,
    note: Annotated[str | None, typer.Option(help="A short note.")] = None,
) -> None:
    """Record an activity on a contact, or on a project (appends to `activities`)."""
    from pipetrack import services
    from pipetrack.text import text

    env = env_of(ctx)
    lang = env.language()  # before the write: a broken pipetrack.yaml refuses the command, writing nothing
    from pipetrack.cli import projects

    if (project_id := projects.is_project(env, contact)) is not None:
        return projects.log(env, project_id, (kind, outcome, when, note), _activity_words)
    activity = services.parse_activity(kind, outcome)
    day = env.today_or(when)
    cid = env.resolve_id("contacts", contact)
    record = services.log_activity(env.store, cid, activity, day, note)
    what = _activity_words(activity.kind, activity.outcome, lang)
    env.out.print(text("daily.logged", lang, what=what, name=esc(record.name), day=day), soft_wrap=True)
    if activity.outcome == "meeting-set" and record.stage.value == "opportunity":
        env.out.print(text("daily.next_first_meeting", lang, id=cid), soft_wrap=True)


def _activity_words(kind: str, outcome: str | None, lang: str) -> str:
    """``call (meeting-set)`` in English, ``电话 (约到见面)`` in Chinese."""
    from pipetrack.text import text

    if lang != "en":
        kind = text("kind_" + kind, lang, default=kind)
        outcome = text("outcome_" + outcome, lang, default=outcome) if outcome else outcome
    return f"{kind} ({outcome})" if outcome else kind


ContactArg = Annotated[str, typer.Argument(help="Contact id or name.", autocompletion=complete.contacts)]
StageArg = Annotated[
    str,
    typer.Argument(
        help=(
            "opportunity, first-meeting, 25%, 50%, 90%, closed or lost; "
            "or a stage of the folder's own method."
        ),
        autocompletion=complete.stages,
    ),
]
MoveDateOpt = Annotated[
    str | None,
    typer.Option(
        "--date",
        help="Day of the move (default: today; for first-meeting with a past --first-meeting, that day).",
    ),
]
MoveFirstMeetingOpt = Annotated[
    str | None, typer.Option("--first-meeting", help="Also set the first meeting date.")
]
MoveNextMeetingOpt = Annotated[
    str | None,
    typer.Option(
        "--next-meeting",
        help="Also set the next meeting (YYYY-MM-DD): the sign of further cooperation 25% needs.",
    ),
]
ReasonOpt = Annotated[str | None, typer.Option(help="Why the prospect was lost (with `lost`).")]
MoveForceOpt = Annotated[
    bool, typer.Option("--force", help="Move even when the evidence does not support the stage.")
]


def move(
    ctx: typer.Context,
    contact: ContactArg,
    stage: StageArg,
    when: MoveDateOpt = None,
    first_meeting: MoveFirstMeetingOpt = None,
    next_meeting: MoveNextMeetingOpt = None,
    reason: ReasonOpt = None,
    force: MoveForceOpt = False,
) -> None:
    """Change a contact's stage and append it to `history`.

    Refuses a stage the evidence does not support (25% needs the first meeting
    held and a sign of further cooperation: a next meeting, a next step, or a
    meeting or proposal since; 50% needs all five criteria, 90% needs signed and
    paid dates, closed needs the cooling-off days to have passed) and says what
    is missing; --force overrides and says so.

    The stages and their gates are the folder's contact method's (settings
    `methods: {contacts: …}`, a file in methods/; README: Methods as data):
    the Prospect Management System's unless the folder names its own.

    A project (projects/) moves through the project method's stages (项目立项 …
    合同签订, lost with --reason) under that method's gates.

    Example: pipetrack move wang-jingli 25% --next-meeting 2026-11-30
    """
    from pipetrack import services
    from pipetrack.cli import projects

    env = env_of(ctx)
    if (project_id := projects.is_project(env, contact)) is not None:
        return projects.move(env, project_id, stage, when, reason, force)
    target, day, meet = _move_options(env, stage, when, first_meeting)
    cid = env.resolve_id("contacts", contact)
    upcoming = parse_date(next_meeting, "--next-meeting", env.today) if next_meeting else None
    ask = services.MoveRequest(target, day, meet, reason, force, when is not None, upcoming)
    try:
        moved = services.move(env.store, cid, ask, env.settings, env.closed_deals)
    except services.MissingEvidence as exc:
        raise _worded(env, exc) from None
    _say_moved(env, moved, target, day)


def _say_moved(env: Env, moved: Any, target: Stage, day: date) -> None:
    """What `move` did, in one line: moved, at that stage already, or the reason recorded."""
    from pipetrack.text import text

    name, lang = esc(moved.record.name), env.language()
    if moved.outcome == "reason":
        env.out.print(text("daily.lost_reason", lang, name=name), soft_wrap=True)
    elif moved.outcome == "unchanged":
        env.out.print(text("daily.at_already", lang, name=name, stage=_stage(target, lang)), soft_wrap=True)
    else:
        _warn_forced(env, target, moved.forced)
        before, after = _stage(moved.before, lang), _stage(target, lang)
        words = text("daily.moved", lang, name=name, before=before, stage=after, day=day)
        env.out.print(words, soft_wrap=True)


def _move_options(
    env: Env, stage: str, when: str | None, first_meeting: str | None
) -> tuple[Stage, date, date | None]:
    """The target stage, the day of the move and the first meeting date of `move`."""
    from pipetrack.domain.models import Stage, contacts_method, parse_stage

    try:
        target = parse_stage(stage, contacts_method(env.settings))  # the folder's method's stages
    except ValueError as exc:
        raise UsageError(f"STAGE: {exc}") from None
    day = env.today_or(when)
    meet = parse_date(first_meeting, "--first-meeting", env.today) if first_meeting else None
    if when is None and target is Stage.FIRST_MEETING and meet is not None and meet < day:
        day = meet  # entered after the meeting: it was set by then at the latest
    return target, day, meet


def show(
    ctx: typer.Context,
    contact: Annotated[str, typer.Argument(help="Contact id or name.", autocompletion=complete.contacts)],
    fmt: Annotated[ShowFormat, typer.Option("--format", help="table or json.")] = ShowFormat.table,
) -> None:
    """One contact: stage vs evidence, days since the first meeting vs the cycle,
    the five criteria ✓/✗, next meeting, activities."""
    from pipetrack.domain import reports, rules

    env = env_of(ctx)
    cid = env.resolve_id("contacts", contact)
    record = env.store.load_one("contacts", cid)
    settings = env.settings
    cycle = rules.sales_cycle(env.closed_deals(), settings, env.today)
    account = (
        env.store.load_one("accounts", record.account)
        if env.store.exists("accounts", record.account or "")
        else None
    )
    lang = env.language(settings)
    from pipetrack.text import reports as words
    from pipetrack.text.tips import contact_tips

    view = reports.contact_view(record, settings, cycle, env.today, account.name if account else None)
    words.contact_view(view, lang)
    view["tips"] = contact_tips(record, settings, env.today, lang)
    from pipetrack.render.contact import show_view

    output(env, fmt, show_view(view, lang))


def register_add(app: typer.Typer) -> typer.Typer:
    add_app = make_typer(
        help="Add a new contact, account or project file.",
        epilog="Example: pipetrack add contact 王经理 --account acme",
    )
    app.add_typer(add_app, name="add")
    add_app.command(
        "contact",
        epilog="Example: pipetrack add contact 王经理 --account huanan-printing "
        "--stage first-meeting --first-meeting 2026-11-25",
    )(add_contact)
    add_app.command(
        "account", epilog="Example: pipetrack add account 华南印刷 --id huanan-printing --tier gold"
    )(add_account)
    return add_app


def register(app: typer.Typer) -> None:
    app.command(epilog="Example: pipetrack log wang-jingli call --outcome meeting-set")(log)
    app.command(epilog="Example: pipetrack move wang-jingli 50%   (aliases: 25, p50, fm, 成交 …)")(move)
    app.command(
        short_help="One contact: stage vs evidence, the five criteria, tips.",
        epilog="Example: pipetrack show 王经理",
    )(show)
