"""Project commands that write: `add project`, `member` (the buying group), and the project
side of `move` and `log`. Each parses its options, calls one function of
``pipetrack.project_ops`` and prints what it returns."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from pipetrack.cli import complete
from pipetrack.cli.env import Env, parse_date
from pipetrack.cli.options import env_of, esc

if TYPE_CHECKING:
    from datetime import date

    from pipetrack.domain.method import Method, Missing
    from pipetrack.domain.projects import Project
    from pipetrack.project_ops import Requirements
    from pipetrack.storage.project_method import ProjectMethod


def _say(env: Env, key: str, **params: Any) -> None:
    from pipetrack.text import text

    env.out.print(text(f"project.{key}", env.language(), **params), soft_wrap=True)


def add_project(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The project's name (any language).")],
    account: Annotated[
        str | None, typer.Option(help="Account id or name.", autocompletion=complete.accounts)
    ] = None,
    owner: Annotated[
        str | None, typer.Option(help="Owner id (default: settings `owner`, else your git user.email).")
    ] = None,
    value: Annotated[float | None, typer.Option(help="Expected contract amount.", min=0)] = None,
    need: Annotated[str | None, typer.Option(help="The client's need (项目立项 needs it).")] = None,
    budget: Annotated[
        str | None, typer.Option(help="The budget: an amount (50k, 5万), a range or yes.")
    ] = None,
    purchase_date: Annotated[
        str | None, typer.Option("--purchase-date", help="When the client buys, YYYY-MM-DD.")
    ] = None,
    record_id: Annotated[
        str | None, typer.Option("--id", help="File id (default: made from the name).")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Accept a project whose evidence does not support its stage.")
    ] = False,
) -> None:
    """Create projects/<id>.yaml at the method's first stage (项目立项, qualified), which needs a
    known need, a budget and a purchase time: without --need, --budget and --purchase-date the
    command says what is missing (--force writes it anyway)."""
    from pipetrack import project_ops
    from pipetrack.domain import fields

    env = env_of(ctx)
    lang = env.language()  # before the write: a broken pipetrack.yaml refuses the command, writing nothing
    account_id = env.resolve_id("accounts", account) if account else None
    amount = fields.coerce(fields.Field("budget", "budget"), budget, env.today) if budget else None
    day = parse_date(purchase_date, "--purchase-date", env.today) if purchase_date else None
    method = project_method(env)
    first = method.ladder[0].id
    new = project_ops.NewProject(name, account_id, owner, first, value, need, amount, day, record_id)
    try:
        added = project_ops.add_project(env.store, new, env.settings, env.today, requirements(env), force)
    except project_ops.ProjectGateError as exc:
        raise worded(env, exc) from None
    warn_forced(env, first, added.forced)
    path = env.store.display(added.path)
    _say(env, "added", name=esc(name.strip()), id=f"[bold]{added.id}[/]", path=path)
    del lang


# --- the method --------------------------------------------------------------------


def project_method(env: Env) -> Method:
    """The folder's project method (settings `methods.projects`, default `project`)."""
    return project_method_and_checkpoints(env).method


def project_method_and_checkpoints(env: Env) -> ProjectMethod:
    from pipetrack.storage import project_method as P

    return P.load(env.store.root, env.settings, env.store.display)


def requirements(env: Env) -> Requirements:
    """The gate of the folder's project method, as project_ops wants it."""
    from pipetrack.domain import method as M

    found = project_method(env)
    settings = env.settings

    def lacking(project: Project, stage: str, today: date) -> list[Missing]:
        return M.requirements(found, project, stage, today=today, cycle_days=0, settings=settings)

    return lacking


def stage_words(env: Env, stage: str) -> str:
    """A project stage as messages name it: its id in English, its label in Chinese."""
    found = project_method(env).find(stage)
    if found is None:
        return stage
    return found.id if env.language() == "en" else found.label("zh")


def worded(env: Env, exc: Any) -> Exception:
    """A refused stage (project_ops.ProjectGateError) as one message in words."""
    from pipetrack.domain.errors import RuleError
    from pipetrack.text import reasons, text

    lang = env.language()
    detail = "; ".join(reasons(exc.missing, lang))
    record = "".join(f"\n  {c}" for c in exc.commands)
    hint = text("daily.record_with", lang) + record if record else text("daily.add_evidence", lang)
    stage = stage_words(env, exc.target)
    return RuleError(text("daily.cannot_be_at", lang, name=exc.name, stage=stage, detail=detail) + hint)


def warn_forced(env: Env, target: str, missing: list) -> None:
    from pipetrack.text import reasons, text

    if missing:
        lang = env.language()
        detail = "; ".join(reasons(missing, lang))
        env.warn(text("daily.forced", lang, stage=stage_words(env, target), detail=detail))


# --- move and log on a project ------------------------------------------------------


def is_project(env: Env, ref: str) -> str | None:
    """The id of the project REF names when it names no contact (None otherwise)."""
    from pipetrack.domain.errors import NotFoundError

    if env.store.exists("contacts", ref) or not (env.store.root / "projects").is_dir():
        return None
    try:
        env.resolve_id("contacts", ref)
        return None
    except NotFoundError:
        pass
    try:
        return env.resolve_id("projects", ref)
    except NotFoundError:
        return None


def move(env: Env, project_id: str, stage: str, when: str | None, reason: str | None, force: bool) -> None:
    """`move PROJECT STAGE`: the method's gate, the same refusal as a contact's."""
    from pipetrack import project_ops
    from pipetrack.domain.errors import UsageError

    method = project_method(env)
    found = method.find(stage)
    if found is None:
        raise UsageError(f"STAGE: {stage!r} is not a stage of projects ({method.choices})")
    lost = found.id == method.lost
    if lost and not reason:
        raise UsageError("--reason: say why the project is lost (丢单/放弃)")
    ask = project_ops.ProjectMove(found.id, env.today_or(when), lost, reason, force)

    def same(word: str) -> bool:
        return method.find(word) is found

    try:
        moved = project_ops.move_project(env.store, project_id, ask, same, requirements(env))
    except project_ops.ProjectGateError as exc:
        raise worded(env, exc) from None
    name = esc(moved.record.name)
    if moved.outcome == "unchanged":
        _say(env, "unchanged", name=name, stage=stage_words(env, found.id))
        return
    if moved.outcome == "reason":
        _say(env, "reason", name=name)
        return
    warn_forced(env, found.id, moved.forced)
    _say(env, "moved", name=name, before=stage_words(env, moved.before), after=stage_words(env, found.id))


def log(env: Env, project_id: str, asked: tuple[str, str | None, str | None, str | None], words: Any) -> None:
    """`log PROJECT KIND`: an activity on a project; ``asked`` is (kind, outcome, --date, note),
    ``words(kind, outcome, lang)`` names the activity as `log` does for a contact."""
    from pipetrack import services

    kind, outcome, when, note = asked
    activity = services.parse_activity(kind, outcome)
    day = env.today_or(when)
    record = services.log_activity(env.store, project_id, activity, day, note, folder="projects")
    what = words(activity.kind, activity.outcome, env.language())
    _say(env, "logged", what=what, name=esc(record.name), day=day)


# --- the buying group --------------------------------------------------------------


def member(
    ctx: typer.Context,
    project: Annotated[str, typer.Argument(help="Project id or name.")],
    contact: Annotated[
        str, typer.Argument(help="Contact id or name (a name not on file is kept as written).")
    ],
    role: Annotated[
        str | None, typer.Option(help="decider, technical, influencer or user (决策者, 技术推荐者 …).")
    ] = None,
    circle: Annotated[
        str | None, typer.Option(help="unaware, watcher, political or core (政治圈, 核心圈 …).")
    ] = None,
    supporter: Annotated[
        str | None, typer.Option(help="insider, sponsor or coach (内线, 赞助者, 教练).")
    ] = None,
    weight: Annotated[float | None, typer.Option(help="How much the person's voice counts.", min=0)] = None,
    attitude: Annotated[int | None, typer.Option(help="Attitude to us, -4 … +4.", min=-4, max=4)] = None,
    criteria: Annotated[str | None, typer.Option(help="Buying criteria, comma-separated.")] = None,
) -> None:
    """Add a person to a project's buying group (参与购买者), or update their entry: role, power
    circle, supporter type, weight, attitude and buying criteria. Options left out stay as
    they are."""
    from pipetrack import project_ops
    from pipetrack.domain.errors import NotFoundError

    env = env_of(ctx)
    pid = env.resolve_id("projects", project)
    try:
        who = env.resolve_id("contacts", contact)
    except NotFoundError:
        who = contact.strip()
    values = {
        "role": role,
        "circle": circle,
        "supporter": supporter,
        "weight": int(weight) if weight is not None and float(weight).is_integer() else weight,
        "attitude": attitude,
        "criteria": [c.strip() for c in criteria.replace(",", ",").split(",") if c.strip()]
        if criteria
        else None,
    }
    added, record = project_ops.set_member(env.store, pid, who, values)
    _say(env, "member_added" if added else "member_updated", contact=esc(who), name=esc(record.name))


def register_add(add_app: typer.Typer) -> None:
    add_app.command(
        "project",
        epilog="Example: pipetrack add project 华南印刷二期 --account huanan-printing --need 二期印刷线 "
        "--budget 120万 --purchase-date 2027-03-01 --value 1200000",
    )(add_project)


def register(app: typer.Typer) -> None:
    app.command(
        short_help="Add or update a member of a project's buying group.",
        epilog="Example: pipetrack member huanan-phase2 chen-zong --role decider --circle core "
        "--supporter sponsor --attitude 2",
    )(member)
