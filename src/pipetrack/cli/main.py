"""The command line: each command is options → store → rules/reports → render → print.

Only this layer reads the clock and the environment. Library errors
(``PipetrackError``) are turned into a one-line message and an exit code in one
place, ``PipetrackGroup.invoke``. Heavy modules are imported inside commands.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from pipetrack import __version__
from pipetrack.cli import complete
from pipetrack.cli.env import Env, parse_date
from pipetrack.cli.lookup import owner_option
from pipetrack.domain.errors import NotFoundError, PipetrackError, RuleError, UsageError
from pipetrack.text import lang_problem

COMPLETION_SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


class PipetrackGroup(TyperGroup):
    """Turns pipetrack's errors into one line on stderr and an exit code."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        # `--show-completion zsh`: Typer's flag takes no value, so the shell named
        # after it was ignored and the detected one (often bash) printed instead.
        for flag in ("--show-completion", "--install-completion"):
            if ctx.parent is None and flag in args:
                at = args.index(flag)
                shell = args[at + 1] if at + 1 < len(args) else None
                if shell in COMPLETION_SHELLS:
                    _completion(ctx, flag, shell)
        return super().parse_args(ctx, args)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from pipetrack.cli.usage import tidy_help

        tidy_help(self)

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        """Click's usage errors as one line naming the option (Typer prints a
        multi-line box): ``error: --format: 'csv' is not one of 'table', 'json'``."""
        from pipetrack.cli.usage import tidy_help

        tidy_help(self)  # again: Typer adds the completion options after __init__
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        from pipetrack.cli.usage import click_api, usage_line

        click, echo = click_api()
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except click.UsageError as exc:
            if exc.format_message().strip():  # else: no arguments, and the help was printed
                echo(f"error: {usage_line(exc)}", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            echo(f"error: {' '.join(exc.format_message().split())}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            echo("Aborted.", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: Any) -> Any:
        # what the undo journal calls this command's writes
        ctx.meta.setdefault("pipetrack.args", [*getattr(ctx, "_protected_args", []), *ctx.args])
        try:
            return super().invoke(ctx)
        except PipetrackError as exc:
            from rich.console import Console
            from rich.markup import escape

            Console(stderr=True, highlight=False).print(
                f"[bold red]error:[/] {escape(str(exc))}", soft_wrap=True
            )
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            raise typer.Exit(130) from None


def _completion(ctx: Any, flag: str, shell: str) -> None:
    from typer._completion_shared import get_completion_script, install

    prog = ctx.info_name or "pipetrack"
    var = "_{}_COMPLETE".format(prog.replace("-", "_").upper())
    if flag == "--show-completion":
        typer.echo(get_completion_script(prog_name=prog, complete_var=var, shell=shell))
    else:
        done, path = install(shell=shell, prog_name=prog, complete_var=var)
        typer.echo(f"{done} completion installed in {path}; it takes effect in a new shell")
    raise typer.Exit()


def _typer(**kwargs: Any) -> typer.Typer:
    return typer.Typer(
        cls=PipetrackGroup,
        no_args_is_help=True,
        pretty_exceptions_show_locals=False,
        context_settings={"help_option_names": ["-h", "--help"]},
        **kwargs,
    )


app = _typer(
    help="pipetrack: a sales pipeline tracker over plain YAML files (Prospect Management System).\n\n"
    "Data folder: --data DIR, else $PIPETRACK_DATA, else the nearest parent folder with pipetrack.yaml.",
    epilog="Example: pipetrack --data data/example --today 2026-11-23 pipeline",
)
add_app = _typer(
    help="Add a new contact or account file.", epilog="Example: pipetrack add contact 王经理 --account acme"
)
app.add_typer(add_app, name="add")


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class ShowFormat(str, Enum):
    table = "table"
    json = "json"


#: the commands that read several --data folders (a region of teams); the others take one
REGION_COMMANDS = ("pipeline", "team", "report")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"pipetrack {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    data: Annotated[
        list[str] | None,
        typer.Option(
            "--data",
            metavar="DIR",
            help="The data folder (env var PIPETRACK_DATA). Repeat it (or name a region.yaml) for a "
            "region of teams: pipeline, team and report weekly.",
        ),
    ] = None,
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            envvar="PIPETRACK_TODAY",
            help="Treat this date as today (YYYY-MM-DD, yesterday, last-fri …): reproducible reports.",
        ),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Read every file, ignoring the cache.")
    ] = False,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Labels in en or zh (default: settings `language`).")
    ] = None,
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = None,
) -> None:
    if lang is not None and (problem := lang_problem("--lang", lang)):
        raise UsageError(problem)
    # $PIPETRACK_DATA is read here, not by Typer, which would split a list option's value at spaces
    folders = tuple(data or ([os.environ["PIPETRACK_DATA"]] if os.environ.get("PIPETRACK_DATA") else []))
    if len(folders) > 1 and ctx.invoked_subcommand not in REGION_COMMANDS:
        raise UsageError(
            f"--data: {ctx.invoked_subcommand} reads one data folder; several (a region) are read by "
            "pipeline, team and report weekly"
        )
    ctx.obj = Env(
        data=folders[0] if folders else None,
        today_text=today,
        use_cache=not no_cache,
        lang=lang,
        folders=folders,
        args=ctx.meta.get("pipetrack.args", []),
    )


def env_of(ctx: typer.Context) -> Env:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, Env) else Env()


def emit(env: Env, text: str) -> None:
    """Machine output (JSON, CSV, Markdown) goes to stdout untouched by Rich."""
    sys.stdout.write(text)
    sys.stdout.flush()


def load_folder(env: Env, *, quiet: bool = False) -> Any:
    """The whole folder; bad files are listed on stderr and left out."""
    loaded = env.__dict__.get("folder")
    if loaded is not None:  # one load per run (a name lookup, then the sales cycle)
        return loaded
    _progress_on_terminal(env)
    folder = env.__dict__["folder"] = env.store.load(use_cache=env.use_cache)
    env.__dict__["settings"] = folder.settings
    if not quiet:
        _warn_unreadable(env, [p.path for p in folder.problems if p.severity == "error"])
    return folder


def _warn_unreadable(env: Env, paths: list[str]) -> None:
    bad = sorted(set(paths))
    if bad and not env.__dict__.get("warned_unreadable"):
        env.__dict__["warned_unreadable"] = True
        from pipetrack.text import text

        lang = env.language()
        shown = ", ".join(bad[:5]) + (" " + text("and_more", lang, n=len(bad) - 5) if len(bad) > 5 else "")
        env.warn(text("unreadable", lang, n=len(bad), shown=shown))


def _progress_on_terminal(env: Env) -> None:
    """A progress bar on stderr while many files are parsed, only for a person at a terminal."""
    if not env.err.is_terminal:
        return
    import contextlib

    from pipetrack.storage import cache

    @contextlib.contextmanager
    def bar(total: int) -> Any:
        from rich.progress import Progress

        with Progress(console=env.err, transient=True) as progress:
            task = progress.add_task("Reading files", total=total)
            yield lambda n: progress.advance(task, n)

    cache.progress = bar


def resolve_id(env: Env, kind: str, ref: str, folder: Any = None) -> str:
    """An id from an id, an exact name, or an unambiguous beginning of either."""
    import unicodedata

    store = env.store
    if store.exists(kind, ref):
        return ref
    records = getattr(folder or load_folder(env), kind)
    key = unicodedata.normalize("NFKC", ref).strip().casefold()
    exact = [
        r.id for r in records.values() if unicodedata.normalize("NFKC", r.name).strip().casefold() == key
    ]
    if len(exact) == 1:
        return exact[0]
    candidates = exact or [
        r.id
        for r in records.values()
        if r.id.startswith(key) or unicodedata.normalize("NFKC", r.name).casefold().startswith(key)
    ]
    if len(candidates) == 1:
        return candidates[0]
    noun = kind[:-1]
    if candidates:
        shown = ", ".join(f"{c} ({records[c].name})" for c in sorted(candidates)[:8])
        raise UsageError(f"{ref!r} matches several {kind}: {shown}; use the id")
    import difflib

    names = {r.id: r.name for r in records.values()}
    close = difflib.get_close_matches(ref, list(names) + list(names.values()), n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise NotFoundError(f"no {noun} {ref!r} (an id or a name){hint}")


def folder_problems(env: Env, folder: Any) -> list:
    """Everything `check` reports: unreadable files, then every check, as of today."""
    from pipetrack.domain import checks, rules

    cycle = rules.sales_cycle(folder.contacts.values(), folder.settings, env.today)
    context = checks.CheckContext(folder.settings, cycle.days, env.today)
    return folder.problems + checks.run_checks(folder, context, env.store.locate)


def closed_deals(env: Env) -> Any:
    """The contacts the sales cycle looks at: from the cache's deal list when no
    file changed since the last full load (one-contact commands stay fast on a big
    folder), else from a full load."""
    found = env.store.closed_deals() if env.use_cache and "folder" not in env.__dict__ else None
    if found is None:
        return list(load_folder(env).contacts.values())
    deals, bad = found
    _warn_unreadable(env, bad)
    return deals


def today_or(env: Env, text: str | None, option: str = "--date", direction: str = "past") -> Any:
    """The day an option names, relative to --today; today when it is not given."""
    return parse_date(text, option, env.today, direction) if text is not None else env.today


# --- init --------------------------------------------------------------------

SETTINGS_TEMPLATE = """\
# pipetrack settings: every key is optional. See README.md for the method.
{owner_line}
# owners: {{li.na@example.com: li-na}}   # a team: git e-mail → owner id
sales_cycle_days: 28        # the cycle used until enough deals have closed
cycle_sample: 10            # how many recent closed deals make the average (at most 20)
cooling_off_days: 10        # days after payment before a 90% deal counts as closed
week_start: monday          # first day of a report week (monday, or friday as in the weekly sheet)
language: {language}                # en | zh : labels in tables and reports
targets:                    # the method's ratios: 20:5:1 and 15-7-1
  contacts_per_deal: 20
  prospects_per_deal: 5
  dials_per_day: 15
  connects_per_day: 7
  meetings_per_day: 1
  meetings_per_week: 8
  working_weeks: 50
currency: CNY
# timezone: Asia/Shanghai   # meeting times, for agenda --format ics (unset: this machine's zone)
"""


@app.command(epilog="Example: pipetrack init my-pipeline --owner li-na")
def init(
    ctx: typer.Context,
    directory: Annotated[Path, typer.Argument(help="Folder to create (default: the current folder).")] = Path(
        "."
    ),
    owner: Annotated[str | None, typer.Option(help="Default owner for new contacts.")] = None,
    language: Annotated[str, typer.Option(help="en or zh.")] = "en",
    git: Annotated[
        bool, typer.Option("--git", help="Also set the folder up for a team on git (see git-setup).")
    ] = False,
) -> None:
    """Create a data folder: pipetrack.yaml, accounts/, contacts/ and a .gitignore for caches.

    With --git: also a git repository with pipetrack's merge driver and a
    pre-commit hook that runs `pipetrack check` (see `git-setup`). Running it
    again changes nothing."""
    from pipetrack.domain.ids import is_valid_id
    from pipetrack.storage.store import GITIGNORE, SETTINGS_FILE, atomic_write

    env = env_of(ctx)
    if problem := lang_problem("--language", language):
        raise UsageError(problem)
    if owner is not None and not is_valid_id(owner):
        raise UsageError(f"--owner: {owner!r} is not a valid id (lowercase letters, digits and '-')")
    root = directory
    try:
        root.mkdir(parents=True, exist_ok=True)
        made = []
        for sub in ("accounts", "contacts"):
            if not (root / sub).is_dir():
                (root / sub).mkdir()
                made.append(f"{sub}/")
        settings = root / SETTINGS_FILE
        if not settings.exists():
            owner_line = (
                f"{'owner: ' + owner:<27} # default owner for new contacts"
                if owner
                else "# owner: li-na              # unset: your git user.email names the owner"
            )
            atomic_write(
                settings, SETTINGS_TEMPLATE.format(owner_line=owner_line, language=language).encode()
            )
            made.insert(0, SETTINGS_FILE)
        ignore = root / ".gitignore"
        current = ignore.read_text("utf-8") if ignore.exists() else ""
        if ".pipetrack-cache/" not in current:
            sep = "" if not current or current.endswith("\n") else "\n"
            atomic_write(ignore, (current + sep + GITIGNORE).encode())
            made.append(".gitignore")
    except OSError as exc:
        raise UsageError(f"cannot create {root}: {exc.strerror}") from None
    if git:
        from pipetrack.storage import gitsetup

        made += [f"git: {line}" for line in gitsetup.setup(root)]
    # soft_wrap: a long path must stay on one line, to be copied
    if made:
        env.out.print(f"Created {', '.join(made)} in {root}", soft_wrap=True)
    else:
        env.out.print(f"{root} is a pipetrack folder already; nothing changed", soft_wrap=True)
    env.out.print(f"Next: pipetrack --data {root} add contact NAME --stage opportunity", soft_wrap=True)


# --- add ---------------------------------------------------------------------


def _ask(env: Env, label: str, default: str = "") -> str | None:
    if not env.interactive:
        return None
    answer = typer.prompt(label, default=default, show_default=bool(default))
    return answer.strip() or None


@add_app.command(
    "contact",
    epilog="Example: pipetrack add contact 王经理 --account huanan-printing "
    "--stage first-meeting --first-meeting 2026-11-25",
)
def add_contact(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The person's name (any language).")],
    account: Annotated[
        str | None, typer.Option(help="Account id or name.", autocompletion=complete.accounts)
    ] = None,
    owner: Annotated[
        str | None, typer.Option(help="Owner id (default: settings `owner`, else your git user.email).")
    ] = None,
    stage: Annotated[
        str | None, typer.Option(help="Stage (default opportunity); aliases like 25, fm, 成交.")
    ] = None,
    first_meeting: Annotated[
        str | None, typer.Option("--first-meeting", help="First meeting date, YYYY-MM-DD.")
    ] = None,
    phone: Annotated[str | None, typer.Option()] = None,
    email: Annotated[str | None, typer.Option()] = None,
    title: Annotated[str | None, typer.Option()] = None,
    source: Annotated[str | None, typer.Option(help="referral, cold-call, event, online, …")] = None,
    value: Annotated[float | None, typer.Option(help="Expected deal amount.", min=0)] = None,
    created: Annotated[
        str | None,
        typer.Option(help="First sales attempt (default: today, or the first meeting if that was earlier)."),
    ] = None,
    record_id: Annotated[
        str | None, typer.Option("--id", help="File id (default: made from the name).")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Accept a stage the evidence does not support.")
    ] = False,
    edit: Annotated[
        bool,
        typer.Option(
            "--edit", help="Open the new file in $VISUAL/$EDITOR first; checked before it is written."
        ),
    ] = False,
) -> None:
    """Create contacts/<id>.yaml. Prompts for missing essentials only on a terminal."""
    from pipetrack.domain import rules
    from pipetrack.domain.models import Contact, Stage, parse_stage
    from pipetrack.storage import yamlio

    env = env_of(ctx)
    store = env.store
    settings = env.settings
    name = name.strip()
    if not name:
        raise UsageError("NAME must not be empty")
    from pipetrack.domain.fields import check_email, check_phone

    phone = check_phone(phone, "--phone") if phone is not None else None
    email = check_email(email, "--email") if email is not None else None
    if account is None:
        account = _ask(env, "Account (id or name, empty for none)")
    if account:
        account = resolve_id(env, "accounts", account)
    try:
        target = parse_stage(stage) if stage else Stage.OPPORTUNITY
    except ValueError as exc:
        raise UsageError(f"--stage: {exc}") from None
    if target is not Stage.OPPORTUNITY and target is not Stage.LOST and not first_meeting:
        first_meeting = _ask(env, "First meeting date (YYYY-MM-DD)")
    meet = parse_date(first_meeting, "--first-meeting", env.today) if first_meeting else None
    start = today_or(env, created, "--created")
    if created is None and meet is not None and meet < start:
        start = meet  # met before being entered: in the pipeline since the first meeting at least
    if owner is None:
        from pipetrack.storage import gitsetup

        owner = gitsetup.default_owner(settings, store.root)
    new_id = _new_id(store, "contacts", name, record_id)
    fields: dict[str, Any] = {"name": name}
    for key, val in (
        ("account", account),
        ("owner", owner),
        ("title", title),
        ("phone", phone),
        ("email", email),
        ("source", source),
        ("created", start),
        ("stage", target.value),
        ("first_meeting", meet),
        ("value", _whole(value)),
    ):
        if val is not None:
            fields[key] = val
    contact = Contact.model_validate(fields)
    _warn_duplicate(env, contact)
    if target not in (Stage.OPPORTUNITY, Stage.LOST) and not edit:  # --edit: checked after editing
        cycle = (
            rules.sales_cycle(closed_deals(env), settings, env.today)
            if target.rank >= Stage.P50.rank
            else rules.SalesCycle(settings.sales_cycle_days, "default")
        )
        missing = rules.requirements(contact, target, settings, cycle.days, env.today)
        _refuse_or_force(env, contact.name, target, missing, force)
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    doc = CommentedMap(fields)
    doc["history"] = CommentedSeq([yamlio.flow_map({"date": start, "stage": target.value})])
    if edit:
        from pipetrack.cli.daily_write import run_editor

        path = run_editor(env, "contacts", new_id, None, start=yamlio.dump_roundtrip(doc))
        if path is None:
            return
    else:
        path = store.create("contacts", new_id, doc)
    env.out.print(f"Added contact {_esc(name)} as [bold]{new_id}[/] ({store.display(path)})", soft_wrap=True)


def _warn_duplicate(env: Env, contact: Any) -> None:
    """Someone with the same name at the same account, the same e-mail or the same
    phone exists: warn, and on a terminal ask whether to add anyway."""
    from pipetrack.domain.ids import slugify
    from pipetrack.domain.importing import Seen
    from pipetrack.storage.importer import contacts_like

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
    what = {"email": "the same email", "phone": "the same phone", "name": "the same name and account"}[
        match[0]
    ]
    env.warn(f"{match[1]} has {what} as {contact.name}; it may be the same person")
    if env.interactive and not typer.confirm("Add anyway?", default=False):
        raise typer.Exit(1)


def _new_id(store: Any, kind: str, name: str, record_id: str | None) -> str:
    """``--id`` if valid, else a slug of the name not yet taken (checked by file name only)."""
    from pipetrack.domain.ids import is_valid_id, slugify, unique_id

    if record_id is not None:
        if not is_valid_id(record_id):
            raise UsageError(
                f"--id: {record_id!r} is not a valid id (lowercase a-z, 0-9 and '-', at most 64)"
            )
        return record_id

    class _Taken:
        def __contains__(self, candidate: str) -> bool:
            return store.exists(kind, candidate)

    return unique_id(slugify(name, person=kind == "contacts"), _Taken())


def _whole(value: float | None) -> float | int | None:
    return int(value) if value is not None and float(value).is_integer() else value


def _esc(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _refuse_or_force(
    env: Env, name: str, target: Any, missing: list, force: bool, contact_id: str | None = None
) -> None:
    if not missing:
        return
    from pipetrack.text import reasons

    detail = "; ".join(reasons(missing))
    if not force:
        from pipetrack.domain.fields import suggested_command

        # what a command can record (not a meeting yet to happen, nor a cooling-off to wait out)
        recordable = [m for m in missing if m.code in ("no_first_meeting", "criterion", "no_date")]
        commands = [suggested_command(contact_id, m.key) for m in recordable] if contact_id else []
        record = "".join(f"\n  {c}" for c in dict.fromkeys(commands) if c)
        from pipetrack.text import text

        hint = (
            text("daily.record_with", env.language()) + record
            if record
            else " (add the evidence, or use --force)"
        )
        raise RuleError(f"{name} cannot be at {target}: {detail}{hint}")
    env.warn(f"forced to {target} although the evidence lacks: {detail}")


@add_app.command("account", epilog="Example: pipetrack add account 华南印刷 --id huanan-printing --tier gold")
def add_account(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The organisation's name.")],
    tier: Annotated[str | None, typer.Option(help="platinum, gold or silver.")] = None,
    industry: Annotated[str | None, typer.Option()] = None,
    size: Annotated[int | None, typer.Option(help="Employees.", min=0)] = None,
    record_id: Annotated[
        str | None, typer.Option("--id", help="File id (default: made from the name).")
    ] = None,
) -> None:
    """Create accounts/<id>.yaml."""
    from ruamel.yaml.comments import CommentedMap

    env = env_of(ctx)
    store = env.store
    name = name.strip()
    if not name:
        raise UsageError("NAME must not be empty")
    if tier is not None and tier not in ("platinum", "gold", "silver"):
        raise UsageError(f"--tier: {tier!r} is not one of platinum, gold, silver")
    new_id = _new_id(store, "accounts", name, record_id)
    doc = CommentedMap({"name": name})
    for key, val in (("tier", tier), ("industry", industry), ("size", size)):
        if val is not None:
            doc[key] = val
    path = store.create("accounts", new_id, doc)
    env.out.print(f"Added account {_esc(name)} as [bold]{new_id}[/] ({store.display(path)})", soft_wrap=True)


# --- log, move ---------------------------------------------------------------


def _take_trailing_lines(seq: Any) -> str | None:
    """Comment lines after a list's last item (a blank line, `# notes below`):
    detach them, so an appended item goes above them, not below.
    Returns the detached text ("\n…") or None."""
    if not seq:
        return None
    last = len(seq) - 1
    holders = []
    tokens = seq.ca.items.get(last)
    if tokens and tokens[0] is not None:
        holders.append((tokens, 0))
    item = seq[last]
    if isinstance(item, dict) and item and hasattr(item, "ca"):
        key = list(item)[-1]
        tokens = item.ca.items.get(key)
        if tokens and len(tokens) > 2 and tokens[2] is not None:
            holders.append((tokens, 2))
    for tokens, i in holders:
        head, newline, rest = tokens[i].value.partition("\n")
        if rest:
            tokens[i].value = head + newline
            return "\n" + rest
    return None


def _append(doc: Any, key: str, entry: dict[str, Any], before: tuple[str, ...] = ()) -> None:
    """Append a flow-style entry to a list in a round-trip document, creating it if needed."""
    from ruamel.yaml.comments import CommentedSeq
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    from pipetrack.storage import yamlio

    item = yamlio.flow_map(entry)
    seq = doc.get(key)
    if isinstance(seq, list):
        trailing = _take_trailing_lines(seq)
        seq.append(item)
        if trailing is not None:
            seq.ca.items[len(seq) - 1] = [CommentToken(trailing, CommentMark(0), None), None, None, None]
        return
    new = CommentedSeq([item])
    keys = list(doc.keys())
    at = next((keys.index(k) for k in before if k in keys), None)
    if key in doc or at is None:
        doc[key] = new
    else:
        doc.insert(at, key, new)


def _set_stage(doc: Any, stage: str, day: Any) -> None:
    """Record a stage change: the `stage` key and a `history` entry for the day."""
    doc["stage"] = stage
    _append(doc, "history", {"date": day, "stage": stage}, ("activities", "notes"))


@app.command(epilog="Example: pipetrack log wang-jingli call --outcome meeting-set")
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
    """Record an activity on a contact (appends to `activities`)."""
    from pipetrack.domain.models import ACTIVITY_KINDS, CALL_OUTCOMES

    env = env_of(ctx)
    kind = kind.strip().lower()
    if kind not in ACTIVITY_KINDS:
        raise UsageError(f"KIND: {kind!r} is not one of {', '.join(ACTIVITY_KINDS)}")
    if outcome is not None:
        outcome = outcome.strip().lower().replace("_", "-")
        if kind != "call":
            raise UsageError("--outcome is for calls (no-answer, connected, meeting-set)")
        if outcome not in CALL_OUTCOMES:
            raise UsageError(f"--outcome: {outcome!r} is not one of {', '.join(CALL_OUTCOMES)}")
    day = today_or(env, when)
    cid = resolve_id(env, "contacts", contact)
    entry: dict[str, Any] = {"date": day, "kind": kind}
    if outcome:
        entry["outcome"] = outcome
    if note:
        entry["note"] = note
    _, record = env.store.edit("contacts", cid, lambda doc: _append(doc, "activities", entry, ("notes",)))
    what = f"{kind} ({outcome})" if outcome else kind
    env.out.print(f"Logged {what} for {_esc(record.name)} on {day}", soft_wrap=True)
    if outcome == "meeting-set" and record.stage.value == "opportunity":
        env.out.print(f"Next: pipetrack move {cid} first-meeting --first-meeting YYYY-MM-DD", soft_wrap=True)


@app.command(epilog="Example: pipetrack move wang-jingli 50%   (aliases: 25, p50, fm, 成交 …)")
def move(
    ctx: typer.Context,
    contact: Annotated[str, typer.Argument(help="Contact id or name.", autocompletion=complete.contacts)],
    stage: Annotated[
        str,
        typer.Argument(
            help="opportunity, first-meeting, 25%, 50%, 90%, closed or lost.", autocompletion=complete.stages
        ),
    ],
    when: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="Day of the move (default: today; for first-meeting with a past --first-meeting, that day).",
        ),
    ] = None,
    first_meeting: Annotated[
        str | None, typer.Option("--first-meeting", help="Also set the first meeting date.")
    ] = None,
    reason: Annotated[str | None, typer.Option(help="Why the prospect was lost (with `lost`).")] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Move even when the evidence does not support the stage.")
    ] = False,
) -> None:
    """Change a contact's stage and append it to `history`.

    Refuses a stage the evidence does not support (50% needs all five criteria,
    90% needs signed and paid dates, closed needs the cooling-off days to have
    passed) and says what is missing; --force overrides and says so.
    """
    from pipetrack.domain import rules
    from pipetrack.domain.models import Stage, parse_stage

    env = env_of(ctx)
    try:
        target = parse_stage(stage)
    except ValueError as exc:
        raise UsageError(f"STAGE: {exc}") from None
    day = today_or(env, when)
    meet = parse_date(first_meeting, "--first-meeting", env.today) if first_meeting else None
    if when is None and target is Stage.FIRST_MEETING and meet is not None and meet < day:
        day = meet  # entered after the meeting: it was set by then at the latest
    cid = resolve_id(env, "contacts", contact)
    current = env.store.load_one("contacts", cid)
    settings = env.settings
    cycle = rules.sales_cycle(closed_deals(env), settings, day)
    check = current.model_copy(update={"first_meeting": meet or current.first_meeting})
    if target is current.stage and meet is None:
        if target is Stage.LOST and reason and reason != current.lost_reason:
            env.store.edit("contacts", cid, lambda doc: doc.__setitem__("lost_reason", reason))
            env.out.print(f"{_esc(current.name)} is lost already; recorded the reason", soft_wrap=True)
            return
        env.out.print(f"{_esc(current.name)} is at {target} already; nothing changed", soft_wrap=True)
        return
    first = check.first_meeting
    if when is not None and first is not None and day < first and target.rank >= Stage.P25.rank:
        raise UsageError(
            f"--date: {day} is before the first meeting on {first}; a contact reaches {target} after it"
        )
    _refuse_or_force(
        env,
        current.name,
        target,
        rules.requirements(check, target, settings, cycle.days, day),
        force,
        cid,
    )

    def change(doc: Any) -> str:
        before = str(doc.get("stage", "opportunity"))
        if meet is not None:
            if "first_meeting" in doc:
                doc["first_meeting"] = meet
            else:  # beside the stage, not at the end of the file
                keys = list(doc)
                doc.insert(keys.index("stage") + 1 if "stage" in keys else len(keys), "first_meeting", meet)
        if target is Stage.LOST and reason:
            doc["lost_reason"] = reason  # before the history list, if that is new
        _set_stage(doc, target.value, day)
        return before

    before, record = env.store.edit("contacts", cid, change)
    env.out.print(f"Moved {_esc(record.name)}: {before} → {target} on {day}", soft_wrap=True)


# --- show, check -------------------------------------------------------------


@app.command(
    short_help="One contact: stage vs evidence, the five criteria, tips.",
    epilog="Example: pipetrack show 王经理",
)
def show(
    ctx: typer.Context,
    contact: Annotated[str, typer.Argument(help="Contact id or name.", autocompletion=complete.contacts)],
    fmt: Annotated[ShowFormat, typer.Option("--format", help="table or json.")] = ShowFormat.table,
) -> None:
    """One contact: stage vs evidence, days since the first meeting vs the cycle,
    the five criteria ✓/✗, next meeting, activities."""
    from pipetrack.domain import reports, rules

    env = env_of(ctx)
    cid = resolve_id(env, "contacts", contact)
    record = env.store.load_one("contacts", cid)
    settings = env.settings
    cycle = rules.sales_cycle(closed_deals(env), settings, env.today)
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
    if fmt is ShowFormat.json:
        from pipetrack.render.tables import to_json

        emit(env, to_json(view))
        return
    from pipetrack.render.intel import tips_renderable
    from pipetrack.render.tables import contact_panel

    env.out.print(contact_panel(view, lang))
    env.out.print(tips_renderable(view["tips"], lang))


@app.command(
    short_help="Validate every file; problems as path:line: message.",
    epilog="Example: pipetrack check contacts/wang-jingli.yaml",
)
def check(
    ctx: typer.Context,
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Only report these files (e.g. the staged ones); "
            "references are still checked against the folder."
        ),
    ] = None,
) -> None:
    """Validate every file: schema, dates, account references, duplicate ids,
    stages the evidence does not support, likely typos in keys.

    Prints each problem as `path:line: message`; exits 1 when there is an error
    (warnings alone exit 0).
    """
    run_check(env_of(ctx), files)


def _data_files_only(env: Env, files: list[Path]) -> list[Path]:
    """`check FILE`: each a contact, account or settings file of this folder (relative to
    the current folder, else to the data folder), else one line, exit 2 (`check
    nothere.yaml` and `check contacts/` said "1 files checked, 0 errors")."""
    root = env.store.root.resolve()
    found = []
    for f in files:
        path = env.cwd / f
        if not path.exists() and (root / f).exists():
            path = root / f
        if not path.exists():
            raise UsageError(f"check: {f} does not exist")
        full = path.resolve()
        inside = full.is_relative_to(root) and full.relative_to(root).parts[:1] in (
            ("contacts",),
            ("accounts",),
        )
        data_file = full.suffix in (".yaml", ".yml") and (inside or full == root / "pipetrack.yaml")
        if not path.is_file() or not data_file:
            raise UsageError(
                f"check: {f} is not a data file (contacts/*.yaml, accounts/*.yaml or pipetrack.yaml)"
            )
        found.append(path)
    return found


def run_check(env: Env, files: list[Path] | None) -> None:
    """`check`'s work: problems on stdout, the summary on stderr, exit 1 on an error."""
    from pipetrack.render.tables import problem_line
    from pipetrack.text import text

    if files:
        files = _data_files_only(env, files)
    folder = load_folder(env, quiet=True)  # check lists the bad files itself
    problems = folder_problems(env, folder)
    if files:
        wanted = {(env.cwd / f).resolve() for f in files}
        problems = [p for p in problems if (env.cwd / p.path).resolve() in wanted]
    problems.sort(key=lambda p: (p.path, p.line or 0, p.message, p.code))
    lang = env.language(folder.settings)
    for p in problems:
        typer.echo(problem_line(p, lang))
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    # every file is a record or a file that could not become one (its problems say why)
    unread = {p.path for p in folder.problems}
    count = len(files) if files else len(folder.contacts) + len(folder.accounts) + len(unread)
    summary = text("files_checked", lang, count=count, errors=errors, warnings=warnings)
    env.err.print(summary, style="red" if errors else "green")
    if errors:
        raise typer.Exit(1)


# --- the Prospect Management System ------------------------------------------

DEFINITIONS = (
    """
Definitions (shared by funnel, team and the weekly report): a dial is a `call`
activity of any outcome; a connect is a call with outcome connected or
meeting-set; a meeting set is a call with outcome meeting-set; a new contact is
one whose `created` date falls in the period; a new prospect is a contact whose
history shows it entering first-meeting or beyond from opportunity (or as new)
in the period; a deal is a contact that reached closed in the period (its
history entry, else the end of its cooling-off). Stage counts are a snapshot at
the end of the period (or --today, if earlier); closed counts those closed
within the period. Call targets are per rep: without --owner, the funnel aims
at the targets times the number of owners in the folder.
"""
).strip()

#: Above this many stage moves, the funnel table counts them per kind (--all lists each).
MOVES_SHOWN = 25

WeekOpt = Annotated[
    str | None,
    typer.Option(
        "--week",
        help="this (default), last, -1, -2 … (weeks back), or YYYY-Www.",
        autocompletion=complete.weeks,
    ),
]
OwnerOpt = Annotated[
    str | None,
    typer.Option(
        "--owner", help="Only this owner's contacts.", autocompletion=complete.owners, callback=owner_option
    ),
]
FormatOpt = Annotated[Format, typer.Option("--format", help="table, json, csv or markdown.")]


def output(
    env: Env, fmt: Format, title: str, built: tuple[list, list], data: dict, csv_text: str | None = None
) -> None:
    """One report, rendered the way the user asked."""
    from pipetrack.render import tables as render

    header, sections = built
    if fmt is Format.json:
        emit(env, render.to_json(data))
    elif fmt is Format.markdown:
        emit(env, render.sections_markdown(title, sections, header))
    elif fmt is Format.csv:
        first = sections[0]
        emit(
            env, csv_text or render.to_csv(first.headers, [[render.plain(c) for c in r] for r in first.rows])
        )
    else:
        env.out.print(render.sections_renderable(sections, header))


def _context(env: Env) -> tuple[Any, Any, str]:
    """The folder, its sales cycle as of today, and the label language."""
    from pipetrack.domain import rules

    folder = load_folder(env)
    cycle = rules.sales_cycle(folder.contacts.values(), folder.settings, env.today)
    return folder, cycle, env.language(folder.settings)


def _account_filter(env: Env, folder: Any, account: str | None) -> str | None:
    return resolve_id(env, "accounts", account, folder) if account else None


@app.command(
    short_help="The weekly action tool: stages, first meetings, stale marks, shape.",
    epilog="Example: pipetrack pipeline --owner li-na --format markdown",
)
def pipeline(
    ctx: typer.Context,
    owner: OwnerOpt = None,
    account: Annotated[str | None, typer.Option(help="Only this account's contacts.")] = None,
    week: WeekOpt = None,
    show_all: Annotated[
        bool, typer.Option("--all", help="List every contact (default: 12 per stage).")
    ] = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """The weekly action tool: a row per stage with contacts and their first
    meeting dates, subtotals, weighted value, stale marks (!), the sales cycle,
    and the shape diagnosis with its remedy.

    Shape rules, first match wins: B (empty) fewer prospects than
    targets.prospects_per_deal; A (top-heavy) more at 50%+90% than at
    first-meeting+25%; C (proposal pending) half or more of the 25%/50%
    contacts are stale; otherwise ideal.

    With several --data folders (a region): a row per team (prospects, stale,
    weighted open deals, closed value, shape) and a region total, e.g.
    pipetrack --data north --data south pipeline
    """
    from pipetrack.domain import reports
    from pipetrack.render import tables as render
    from pipetrack.text import reports as words
    from pipetrack.text import text

    env = env_of(ctx)
    if (region := cli_region.region_of(env)) is not None:  # several teams: a row per team
        if account:
            raise UsageError("--account: a region's pipeline is by team; ask a team's folder for an account")
        return cli_region.pipeline(env, region, week, owner, fmt)
    folder, cycle, lang = _context(env)
    period = reports.week_period(week, env.today, folder.settings.week_start)
    rep = reports.pipeline_report(
        folder.contacts.values(),
        folder.settings,
        cycle,
        period,
        env.today,
        owner,
        _account_filter(env, folder, account),
    )
    words.pipeline(rep, lang)
    output(
        env,
        fmt,
        text("pipeline_title", lang),
        render.pipeline_sections(rep, lang, None if show_all or fmt is not Format.table else 12),
        rep,
        render.pipeline_csv(rep),
    )


@app.command(
    short_help="The week: 15-7-1 calls and 20:5:1 contacts → deals, weakest lever.",
    epilog="Example: pipetrack funnel --week last --owner li-na",
    help=(
        "The week's funnel: dials → connects → meetings set against 15-7-1 per working day, new contacts → new "
        "prospects → deals against 20:5:1, the stage moves, observed vs target ratios and the weakest lever.\n\n"
        + DEFINITIONS
    ),
)
def funnel(
    ctx: typer.Context,
    week: WeekOpt = None,
    owner: OwnerOpt = None,
    show_all: Annotated[
        bool,
        typer.Option(
            "--all",
            help=f"List every stage move (default: a count per kind when there are more than {MOVES_SHOWN}).",
        ),
    ] = False,
    fmt: FormatOpt = Format.table,
) -> None:
    from pipetrack.domain import reports
    from pipetrack.render import tables as render
    from pipetrack.text import text

    env = env_of(ctx)
    folder = load_folder(env)
    lang = env.language(folder.settings)
    period = reports.week_period(week, env.today, folder.settings.week_start)
    rep = reports.funnel_report(folder.contacts.values(), folder.settings, period, env.today, owner)
    limit = None if show_all or fmt is not Format.table else MOVES_SHOWN
    output(
        env,
        fmt,
        f"{text('funnel_title', lang)} {rep['week']}",
        render.funnel_sections(rep, lang, limit),
        rep,
        render.funnel_csv(rep),
    )


class Per(str, Enum):
    year = "year"
    month = "month"
    week = "week"


@app.command(
    short_help="Ratio math from a deal target back to daily dials.",
    epilog="Example: pipetrack plan --deals 50 --per year",
)
def plan(
    ctx: typer.Context,
    deals: Annotated[float, typer.Option("--deals", min=0, help="The deal target.")] = 50,
    per: Annotated[Per, typer.Option("--per", help="year, month or week.")] = Per.year,
    observed: Annotated[
        bool, typer.Option("--observed", help="Use your observed ratios instead of the targets.")
    ] = False,
    owner: OwnerOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """The ratio math backwards from a deal target (20:5:1, 15-7-1, 8 meetings a
    week per deal, 50 working weeks) and forwards from the prospects you have."""
    from pipetrack.domain import reports
    from pipetrack.render import tables as render
    from pipetrack.text import text

    env = env_of(ctx)
    folder, cycle, lang = _context(env)
    rep = reports.plan_report(
        deals, per.value, folder.contacts.values(), folder.settings, cycle, env.today, owner, observed
    )
    output(env, fmt, text("plan_title", lang), render.plan_sections(rep, lang), rep)


@app.command(
    short_help="The sales cycle from the last closed deals.", epilog="Example: pipetrack cycle --format json"
)
def cycle(ctx: typer.Context, fmt: FormatOpt = Format.table) -> None:
    """The sales cycle: average days from created to signed over the last N
    closed deals (settings cycle_sample), or the default with too few."""
    from pipetrack.domain import reports
    from pipetrack.render import tables as render
    from pipetrack.text import text

    env = env_of(ctx)
    folder, sales_cycle, lang = _context(env)
    rep = reports.cycle_report(sales_cycle, folder.settings)
    output(env, fmt, text("cycle_title", lang), render.cycle_sections(rep, lang), rep)


@app.command(
    short_help="The weekly update: stale, to close, unsupported; --apply writes.",
    epilog="Example: pipetrack review            (then: pipetrack review --apply)",
)
def review(
    ctx: typer.Context,
    apply: Annotated[
        bool,
        typer.Option("--apply", help="Write the moves: stale → opportunity, 90% past cooling-off → closed."),
    ] = False,
    owner: OwnerOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """The weekly update (Monday, Wednesday, Friday): stale contacts to send back,
    90% deals past cooling-off to close, stages the evidence does not support,
    prospects with no next meeting, missing dates. Without --apply nothing is written."""
    from pipetrack.domain import reports
    from pipetrack.render import tables as render
    from pipetrack.text import reports as words
    from pipetrack.text import text

    env = env_of(ctx)
    folder, sales_cycle, lang = _context(env)
    rep = reports.review_report(folder.contacts.values(), folder.settings, sales_cycle, env.today, owner)
    words.review(rep, lang)
    if not apply:
        output(
            env,
            fmt,
            text("review_title", lang),
            render.review_sections(rep, lang),
            rep,
            render.review_csv(rep),
        )
        if fmt is Format.table:
            hint = (
                text("moves_to_apply", lang, n=rep["to_apply"])
                if rep["to_apply"]
                else text("nothing_to_apply", lang)
            )
            env.out.print(hint, style="bold" if rep["to_apply"] else "dim")
        return
    applied = _apply_review(env, rep, echo=fmt is not Format.json)
    if fmt is Format.json:
        from pipetrack.render.tables import to_json

        emit(env, to_json({**rep, "applied": applied}))
    elif not applied:
        env.out.print(text("nothing_to_apply", lang))


def _apply_review(env: Env, rep: dict, echo: bool = True) -> list[dict]:
    """Write each move of the review, one file at a time (each write atomic)."""
    from pipetrack.cli.env import parse_date

    applied = []
    for item in [*rep["stale"], *rep["to_close"]]:
        expected = item.get("stage", "90%")
        day = parse_date(item["date"], "date")

        def change(doc: Any, item: dict = item, expected: str = expected, day: Any = day) -> bool:
            from pipetrack.domain.models import parse_stage

            if parse_stage(doc.get("stage", "opportunity")).value != expected:
                return False  # someone moved it meanwhile
            _set_stage(doc, item["move_to"], day)
            return True

        done, record = env.store.edit("contacts", item["id"], change)
        if done:
            applied.append({"id": item["id"], "from": expected, "to": item["move_to"], "date": item["date"]})
            if echo:
                env.out.print(
                    f"Moved {_esc(record.name)} ({item['id']}): {expected} → {item['move_to']} on {day}",
                    soft_wrap=True,
                )
    return applied


@app.command(
    short_help="The team tracking sheet: a row per owner, subtotal.",
    epilog="Example: pipetrack team --week last --format markdown",
    help=(
        "The team tracking sheet: one row per owner with the contacts at first-meeting, 25%, 50%, 90% (snapshot), "
        "closed in the period, amount collected (paid) and booked (signed) in the period, the observed 20:5:1 "
        "counts, and a subtotal row. With several --data folders (a region): a row per team and owner "
        "(team/owner), each team's subtotal and the region total, e.g. "
        "pipetrack --data north --data south team --week last\n\n" + DEFINITIONS
    ),
)
def team(ctx: typer.Context, week: WeekOpt = None, fmt: FormatOpt = Format.table) -> None:
    from pipetrack.domain import reports
    from pipetrack.render import tables as render
    from pipetrack.text import text

    env = env_of(ctx)
    if (region := cli_region.region_of(env)) is not None:  # several teams: subtotals and a region total
        return cli_region.team(env, region, week, fmt)
    folder = load_folder(env)
    lang = env.language(folder.settings)
    period = reports.week_period(week, env.today, folder.settings.week_start)
    rep = reports.team_report(folder.contacts.values(), folder.settings, period, env.today)
    output(env, fmt, text("team_title", lang), render.team_sections(rep, lang), rep)


from pipetrack.cli import region as cli_region  # noqa: E402
from pipetrack.cli import report as cli_report  # noqa: E402

cli_report.register(app)


from pipetrack.cli import accounts as cli_accounts

cli_accounts.register(app)
from pipetrack.cli import git as cli_git

cli_git.register(app)
from pipetrack.cli import daily_write as cli_daily_write

cli_daily_write.register(app)
from pipetrack.cli import listing as cli_listing  # noqa: E402

cli_listing.register(app)
from pipetrack.cli import agenda as cli_agenda  # noqa: E402

cli_agenda.register(app)
from pipetrack.cli import transfer as cli_transfer  # noqa: E402

cli_transfer.register(app)


def _reflow(typer_app: typer.Typer) -> None:
    """One line per paragraph in every command's help, so it wraps to the
    terminal (Typer keeps single line breaks after the first paragraph)."""
    import inspect

    def reflow(text: str) -> str:
        return "\n\n".join(" ".join(p.split()) for p in inspect.cleandoc(text).split("\n\n"))

    for info in typer_app.registered_commands:
        text = info.help or inspect.getdoc(info.callback)
        if text:
            info.help = reflow(text)
    for group in typer_app.registered_groups:
        _reflow(group.typer_instance)


_reflow(app)


def main() -> None:
    app(prog_name="pipetrack")


if __name__ == "__main__":
    main()
