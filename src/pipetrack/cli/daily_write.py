"""Commands that record a rep's day without opening a YAML file:
set, unset, edit, archive, unarchive, undo, history."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from pipetrack.cli import complete
from pipetrack.cli.options import env_of
from pipetrack.domain.errors import DataError, NotFoundError, UsageError

if TYPE_CHECKING:
    from pipetrack.cli.env import Env

KEYS_HELP = (
    "Keys of a contact: name, account, owner, title, phone, email, source, created, first_meeting, "
    "next_meeting, signed, paid, value, paid_amount, lost_reason, notes; criteria.KEY for right_person, "
    "plan_fits, budget, signing_date and next_step; profile.KEY for function, level, roles, supporter, "
    "attitude, personality, relationship and needs. Keys of an account: name, tier, industry, size, "
    "share_of_wallet, notes; opportunity.KEY for budget, purchase_date, fit, worth_it and can_win. "
    "Keys of a project: name, account, owner, value, need, budget, purchase_date, next_step, "
    "and the keys of its blocks: team.sales, ki.need, evidence.org_chart, tender.deadline, "
    "contract.signed and the like, checkpoints.early.fit=yes. "
    "A key may be its last part (budget, attitude), its Chinese label (预算, 签约日期, 电话, 态度) or an "
    "unambiguous beginning of either (sign is ambiguous: signed or signing_date).\n\n"
    "Dates as people say them: 2026-12-20, today, yesterday, fri (the next one), next-fri, last-fri, "
    "+3d, -2w, 周五, 上周五; signed and paid refuse the future. Amounts: 50000, 50k, 5万; a budget may be "
    "a range (50k-60k). Yes or no: yes, no, 是, 否."
)


def _target(env: Env, ref: str, account: bool, project: bool = False) -> tuple[str, str]:
    """(kind, id) of what REF names: a contact, else an account, else a project (or an
    account with --account, a project with --project)."""
    if account or project:
        kind = "accounts" if account else "projects"
        return kind, env.resolve_id(kind, ref)
    for kind in ("contacts", "accounts", "projects"):
        try:
            return kind, env.resolve_id(kind, ref)
        except NotFoundError:
            continue
    raise NotFoundError(f"no contact, account or project {ref!r} (an id or a name)", "not_found_any", ref=ref)


AccountFlag = Annotated[bool, typer.Option("--account", help="REF names an account, not a contact.")]
ProjectFlag = Annotated[bool, typer.Option("--project", help="REF names a project (projects/).")]
RefArg = Annotated[
    str,
    typer.Argument(metavar="REF", help="Contact (or account) id or name.", autocompletion=complete.records),
]


def set_(
    ctx: typer.Context,
    ref: RefArg,
    pairs: Annotated[
        list[str],
        typer.Argument(metavar="KEY=VALUE…", help="Fields to set.", autocompletion=complete.set_keys),
    ],
    account: AccountFlag = False,
    project: ProjectFlag = False,
) -> None:
    from pipetrack import daily

    env = env_of(ctx)
    kind, record_id = _target(env, ref, account, project)
    assignments = daily.parse_assignments(kind, pairs, env.today)
    assignments = [
        daily.Assignment(a.field, env.resolve_id("accounts", str(a.value))) if a.field.key == "account" else a
        for a in assignments
    ]
    changed, record = daily.set_fields(env.store, kind, record_id, assignments)
    _report(env, record, assignments, changed, "set")


def unset(
    ctx: typer.Context,
    ref: RefArg,
    keys: Annotated[
        list[str],
        typer.Argument(metavar="KEY…", help="Fields to remove.", autocompletion=complete.set_keys),
    ],
    account: AccountFlag = False,
    project: ProjectFlag = False,
) -> None:
    from pipetrack import daily

    env = env_of(ctx)
    kind, record_id = _target(env, ref, account, project)
    assignments = daily.parse_unset(kind, keys)
    changed, record = daily.set_fields(env.store, kind, record_id, assignments)
    _report(env, record, assignments, changed, "unset")


def edit(
    ctx: typer.Context,
    ref: RefArg,
    account: AccountFlag = False,
    project: ProjectFlag = False,
) -> None:
    """Edit a copy of the file in $VISUAL (else $EDITOR, else vi). On save the copy is
    checked as `check` would; on an error its `path:line: message` lines are shown and you
    choose to edit again or abort (nothing is written). The file is replaced atomically,
    under the folder's lock, only if nobody changed it meanwhile; otherwise your copy is
    kept and named. Saving it unchanged writes nothing."""
    env = env_of(ctx)
    kind, record_id = _target(env, ref, account, project)
    path = env.store.path(kind, record_id)
    original = env.store.read_bytes(path)
    run_editor(env, kind, record_id, original)


def archive_(
    ctx: typer.Context,
    contact: Annotated[str, typer.Argument(help="Contact id or name.", autocompletion=complete.contacts)],
) -> None:
    """Move contacts/<id>.yaml to archive/contacts/<id>.yaml (kept in git, left out of every
    report and check; `unarchive` brings it back, `undo` too)."""
    from pipetrack import daily

    env = env_of(ctx)
    cid = env.resolve_id("contacts", contact)
    source, target = daily.archive(env.store, cid)
    _say(env, "archived", id=cid, source=env.store.display(source), target=env.store.display(target))


def unarchive_(
    ctx: typer.Context,
    contact: Annotated[str, typer.Argument(help="Archived contact id.", autocompletion=complete.archived)],
) -> None:
    """Move archive/contacts/<id>.yaml back to contacts/<id>.yaml (refused when that exists)."""
    from pipetrack import daily

    env = env_of(ctx)
    source, target = daily.unarchive(env.store, contact.strip())
    _say(env, "unarchived", id=contact, source=env.store.display(source), target=env.store.display(target))


def undo(
    ctx: typer.Context,
    count: Annotated[int, typer.Argument(help="How many operations to revert, newest first.", min=1)] = 1,
    show: Annotated[bool, typer.Option("--list", help="List what can be undone; change nothing.")] = False,
) -> None:
    """Put back every file the last N commands of pipetrack wrote (set, log, move, add, edit,
    archive, review --apply …) exactly as it was, byte for byte. Refused, with nothing changed,
    when one of those files no longer holds what pipetrack wrote (someone edited it since):
    the message names the file. The journal keeps the last 50 operations in
    .pipetrack-cache/undo/ (local to this clone)."""
    env = env_of(ctx)
    if show:
        _history(env)
        return
    for op in _undo(env, count):
        _say(env, "undid", seq=op.seq, command=op.command, files=", ".join(f.rel for f in op.files))


def history_(ctx: typer.Context) -> None:
    """The operations of pipetrack that `undo` can revert, newest first: number, time,
    command and the files it wrote."""
    _history(env_of(ctx))


def register(app: typer.Typer) -> None:
    app.command(
        "set",
        short_help="Record evidence and fields: set CONTACT KEY=VALUE …",
        epilog="Example: pipetrack set wang-jingli criteria.right_person=yes 预算=50k signing_date=fri",
        help="Set fields of a contact (or an account) and write the file: the same atomic, locked, "
        "comment-keeping edit as `log`. Every value is checked with the model a loaded file is checked "
        "with; on any error nothing is written.\n\n" + KEYS_HELP,
    )(set_)
    app.command(
        "unset",
        short_help="Remove fields: unset CONTACT KEY …",
        epilog="Example: pipetrack unset wang-jingli next_meeting criteria.budget",
        help="Remove fields from a contact (or an account); an emptied block (criteria:, profile:) goes "
        "too. Keys as for `set`.",
    )(unset)
    app.command(
        "edit",
        short_help="Open a contact or account in $VISUAL/$EDITOR; validated before it is written.",
        epilog="Example: EDITOR=nano pipetrack edit 王经理",
    )(edit)
    app.command(
        "archive",
        short_help="Move a contact to archive/contacts/: out of every report.",
        epilog="Example: pipetrack archive amy-zhou   (back: pipetrack unarchive amy-zhou)",
    )(archive_)
    app.command(
        "unarchive",
        short_help="Bring an archived contact back into contacts/.",
        epilog="Example: pipetrack unarchive amy-zhou",
    )(unarchive_)
    app.command(
        "undo",
        short_help="Revert the last N pipetrack writes (a review --apply is one).",
        epilog="Example: pipetrack undo      (pipetrack undo --list shows what can be undone)",
    )(undo)
    app.command(
        "history",
        short_help="What `undo` can revert, newest first.",
        epilog="Example: pipetrack history",
    )(history_)


def _plain(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _say(env: Env, key: str, err: bool = False, **params: Any) -> None:
    """One message in the folder's language; names and paths printed as written."""
    from pipetrack.text import text as words

    line = words(f"daily.{key}", env.language(), **{k: _plain(str(v)) for k, v in params.items()})
    (env.err if err else env.out).print(line, soft_wrap=True)


def _undo(env: Env, count: int) -> list[Any]:
    if not env.store.undo_journal().operations():
        from pipetrack.text import text as words

        raise UsageError(words("daily.nothing_to_undo", env.language()))
    return list(env.store.undo(count))


def _history(env: Env) -> None:
    from pipetrack import daily

    ops = daily.history(env.store)
    if not ops:
        _say(env, "nothing_to_undo")
        return
    for n, op in enumerate(ops, 1):
        files = ", ".join(f.rel for f in op.files)
        env.out.print(
            f"{n:>3}  #{op.seq}  {op.when}  {_plain(op.command)}  ({_plain(files)})", soft_wrap=True
        )


def _report(env: Env, record: Any, assignments: list, changed: list[str], verb: str) -> None:
    from pipetrack.text import text as words

    if not changed:
        _say(env, "unchanged", name=record.name)
        return
    lang = env.language()

    def shown(a: Any) -> str:
        return words("daily.yes" if a.value else "no", lang) if isinstance(a.value, bool) else a.shown

    done = [a for a in assignments if a.field.key in changed]
    fields = ", ".join(f"{a.field.key}={shown(a)}" if verb == "set" else a.field.key for a in done)
    _say(env, verb, fields=fields, name=record.name, id=record.id)


# --- the editor loop ---------------------------------------------------------------


def _editor() -> list[str]:
    import os
    import shlex

    command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    return shlex.split(command)


def _open_editor(env: Env, copy: Any) -> bytes:
    """The file after one session in the user's editor (exit 1 when the editor fails)."""
    import subprocess

    try:
        done = subprocess.run([*_editor(), str(copy)], check=False)
    except OSError as exc:
        raise UsageError(
            f"cannot start the editor {_editor()[0]!r} ({exc.strerror}); set $VISUAL or $EDITOR",
            "editor",
            editor=_editor()[0],
            why=exc.strerror,
        ) from None
    if done.returncode != 0:
        _say(env, "editor_failed", err=True, status=done.returncode)
        raise typer.Exit(1)
    return copy.read_bytes()


def _edit_until_valid(
    env: Env, kind: str, record_id: str, original: bytes | None, copy: Any, rel: str
) -> bytes | None:
    """The edited bytes once they hold no error (None: unchanged); the problems are listed
    and the editor opens again until the user gives up (exit 1)."""
    from pipetrack import daily
    from pipetrack.domain import rules
    from pipetrack.render.tables import problem_line
    from pipetrack.text import text as words

    while True:
        edited = _open_editor(env, copy)
        if edited == original:
            _say(env, "no_changes", path=rel)
            return None
        cycle = rules.sales_cycle(env.closed_deals(), env.settings, env.today)
        problems = daily.problems_in(env.store, kind, record_id, edited, rel, env.today, cycle.days)
        for p in problems:
            typer.echo(problem_line(p), err=True)
        if not any(p.severity == "error" for p in problems):
            return edited
        try:
            again = typer.confirm(words("daily.edit_again", env.language()), default=True, err=True)
        except (typer.Abort, EOFError):
            again = False
        if not again:
            _say(env, "aborted", err=True)
            raise typer.Exit(1)


def run_editor(
    env: Env, kind: str, record_id: str, original: bytes | None, start: bytes | None = None
) -> Any:
    """Edit ``start`` (default ``original``) in the user's editor until it is valid or
    aborted, then write it if the file still holds ``original`` (None: must not exist).
    Returns the written path, or None when nothing was written."""
    import tempfile
    from pathlib import Path

    from pipetrack import daily

    store = env.store
    rel = store.display(store.path(kind, record_id))
    text = start if start is not None else original or b""
    workdir = Path(tempfile.mkdtemp(prefix="pipetrack-edit-"))
    copy = workdir / f"{record_id}.yaml"
    copy.write_bytes(text)
    keep = False
    try:
        edited = _edit_until_valid(env, kind, record_id, original, copy, rel)
        if edited is None:
            return None
        try:
            path = daily.write_edited(store, kind, record_id, original, edited)
        except DataError as exc:
            keep = True
            raise DataError(
                exc.path, None, f"{exc.problem.message}; nothing was written, your edit is kept in {copy}"
            ) from None
        _say(env, "wrote", path=store.display(path))
        return path
    finally:
        if not keep:
            import shutil

            shutil.rmtree(workdir, ignore_errors=True)
