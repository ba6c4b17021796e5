"""`pipetrack list [contacts|accounts]`: find contacts and accounts by any field.

No ``from __future__ import annotations``: Typer reads the option annotations.
"""

from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from pipetrack.cli.env import env_of
from pipetrack.cli.options import OwnerOnlyOpt, output
from pipetrack.domain.errors import UsageError

if TYPE_CHECKING:
    from pipetrack.cli.env import Env
    from pipetrack.storage.folder import Folder

LIST_HELP = """Contacts (or accounts) as a table, filtered and sorted.

Filters combine (all must hold): --stage takes several values and ranges in
method order (25%..90%, ..50%, 50%..); --due keeps contacts whose next meeting
or signing date falls within N days from today (7, 7d), today, week (to the end
of this week) or FROM..TO; --since/--until are on `created`; --grep looks in
the name, title, notes and activity notes, case-insensitively (Chinese too).

Columns (the JSON keys and CSV headers, the names --sort and --columns take):
contacts: id, name, account, owner, stage, title, phone, email, source,
created, first_meeting, next_meeting, signing_date, value, stale,
last_activity; accounts: id, name, tier, industry, size, contacts, prospects,
owners. An unknown owner, account or stage is an error, not an empty list."""


class What(StrEnum):
    contacts = "contacts"
    accounts = "accounts"


class ListFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


def parse_due(text: str, today: date, week_start: str = "monday") -> tuple[date, date]:
    """``7``/``7d`` (today and the next 6 days), ``today``, ``week`` (to the week's end), ``FROM..TO``."""
    from pipetrack.cli.env import parse_date
    from pipetrack.domain.models import WEEKDAYS

    spec = text.strip().lower()
    if ".." in spec:
        low, high = spec.split("..", 1)
        start = parse_date(low, "--due", today) if low else today
        end = parse_date(high, "--due", today) if high else date.max
        if start > end:
            raise UsageError(f"--due: {text!r} ends before it starts")
        return start, end
    if spec == "today":
        return today, today
    if spec == "week":
        first = WEEKDAYS.index(week_start)
        return today, today + timedelta(days=(first - today.weekday() - 1) % 7)
    days = spec[:-1] if spec.endswith("d") else spec
    if days.isdigit() and int(days) > 0:
        return today, today + timedelta(days=int(days) - 1)
    raise UsageError(f"--due: {text!r} is not a period (a number of days like 7, today, week, or FROM..TO)")


def _columns(text: str | None, allowed: tuple[str, ...], default: tuple[str, ...]) -> tuple[str, ...]:
    if not text:
        return default
    wanted = tuple(c.strip().replace("-", "_") for c in text.split(",") if c.strip())
    bad = [c for c in wanted if c not in allowed]
    if bad or not wanted:
        raise UsageError(f"--columns: {', '.join(bad) or repr(text)} not a column ({', '.join(allowed)})")
    return wanted


def _only_contacts(**given: Any) -> None:
    used = [name for name, value in given.items() if value not in (None, False, [], ())]
    if used:
        raise UsageError(f"--{used[0].replace('_', '-')} filters contacts, not accounts")


StageFilterOpt = Annotated[
    list[str] | None,
    typer.Option("--stage", metavar="STAGE", help="A stage or a range (25%..90%); repeatable."),
]
AccountFilterOpt = Annotated[
    str | None, typer.Option("--account", metavar="ACCOUNT", help="Only this account's contacts.")
]
TierOpt = Annotated[str | None, typer.Option("--tier", metavar="TIER", help="platinum, gold or silver.")]
StaleOpt = Annotated[
    bool | None, typer.Option("--stale/--fresh", help="Only stale contacts (or only those that are not).")
]
DueOpt = Annotated[
    str | None,
    typer.Option("--due", metavar="PERIOD", help="Meeting or signing within: 7, today, week, FROM..TO."),
]
SinceOpt = Annotated[str | None, typer.Option("--since", metavar="DATE", help="Created on or after.")]
UntilOpt = Annotated[str | None, typer.Option("--until", metavar="DATE", help="Created on or before.")]
GrepOpt = Annotated[
    str | None, typer.Option("--grep", metavar="TEXT", help="In name, title and notes; any case.")
]
SortOpt = Annotated[str, typer.Option("--sort", metavar="COLUMN", help="Sort by this column.")]
ReverseOpt = Annotated[bool, typer.Option("--reverse", help="Sort the other way.")]
ColumnsOpt = Annotated[
    str | None, typer.Option("--columns", metavar="A,B,…", help="Which columns, in order.")
]
ArchivedOpt = Annotated[bool, typer.Option("--archived", help="List the archived contacts instead.")]
ListFormatOpt = Annotated[ListFormat, typer.Option("--format", help="table, json, csv or markdown.")]


def list_command(
    ctx: typer.Context,
    what: Annotated[What, typer.Argument(help="contacts (default) or accounts.")] = What.contacts,
    stage: StageFilterOpt = None,
    owner: OwnerOnlyOpt = None,
    account: AccountFilterOpt = None,
    tier: TierOpt = None,
    stale: StaleOpt = None,
    due: DueOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    grep: GrepOpt = None,
    sort: SortOpt = "id",
    reverse: ReverseOpt = False,
    columns: ColumnsOpt = None,
    archived: ArchivedOpt = False,
    fmt: ListFormatOpt = ListFormat.table,
) -> None:
    from pipetrack.domain import listing
    from pipetrack.domain.inputs import check_tier

    env = env_of(ctx)
    check_tier(tier)
    folder = env.load_folder()
    lang = env.language(folder.settings)
    allowed: tuple[str, ...]
    default: tuple[str, ...]
    if what is What.accounts:
        _only_contacts(stage=stage, account=account, stale=stale, due=due, since=since, until=until)
        allowed = listing.ACCOUNT_COLUMNS
        default = allowed if fmt is not ListFormat.table or env.out.width >= 100 else listing.ACCOUNT_DEFAULT
        rows = listing.account_rows(
            folder.accounts.values(), folder.contacts.values(), owner=owner, tier=tier, grep=grep
        )
    else:
        allowed = listing.CONTACT_COLUMNS
        default = (
            allowed
            if fmt in (ListFormat.json, ListFormat.csv)
            else listing.CONTACT_DEFAULT_WIDE
            if env.out.width >= 100
            else listing.CONTACT_DEFAULT
        )
        filters = _contact_filter(env, folder, stage, owner, account, tier, stale, due, since, until, grep)
        rows = _contact_rows(env, folder, filters, archived)
    if sort.replace("-", "_") not in allowed:
        raise UsageError(f"--sort: {sort!r} is not a column ({', '.join(allowed)})")
    rows = listing.sort_rows(rows, sort.replace("-", "_"), reverse)
    _print(env, fmt, rows, _columns(columns, allowed, default), lang)


def _contact_filter(
    env: "Env",
    folder: "Folder",
    stage: list[str] | None,
    owner: str | None,
    account: str | None,
    tier: str | None,
    stale: bool | None,
    due: str | None,
    since: str | None,
    until: str | None,
    grep: str | None,
) -> Any:
    """The contact filters of the options, each value checked (an unknown one is an error)."""
    from pipetrack.cli.env import parse_date
    from pipetrack.domain import listing

    try:
        stages = listing.stage_filter(stage or ())
    except ValueError as exc:
        raise UsageError(f"--stage: {exc}") from None
    tier_accounts = frozenset(a.id for a in folder.accounts.values() if a.tier == tier) if tier else None
    return listing.ContactFilter(
        stages=stages,
        owner=owner,
        account=env.resolve_id("accounts", account, folder) if account else None,
        tier_accounts=tier_accounts,
        stale=stale,
        due=parse_due(due, env.today, folder.settings.week_start) if due else None,
        since=parse_date(since, "--since", env.today) if since else None,
        until=parse_date(until, "--until", env.today) if until else None,
        grep=grep,
    )


def _contact_rows(env: "Env", folder: "Folder", filters: Any, archived: bool) -> list[dict[str, Any]]:
    from pipetrack.domain import listing, rules

    contacts = folder.contacts.values()
    if archived:  # archive/contacts/ (see `archive`)
        contacts = env.store.load_archived("contacts").values()
    cycle = rules.sales_cycle(folder.contacts.values(), folder.settings, env.today)
    return listing.list_contacts(contacts, filters, cycle.days, env.today)


def register(app: typer.Typer) -> None:
    app.command(
        "list",
        help=LIST_HELP,
        short_help="Find contacts (or accounts): filter, sort, pick columns.",
        epilog="Example: pipetrack list --stage 25%..90% --owner li-na --sort next_meeting --due 7",
    )(list_command)


def _print(env: "Env", fmt: "ListFormat", rows: list, columns: tuple, lang: str) -> None:
    from pipetrack.render import rows as render
    from pipetrack.render.formats import View

    def table(width: int) -> str:
        from pipetrack.text.columns import message

        listed = render.rows_table(rows, columns, lang, width=width)
        return listed + message("rows_listed", lang, n=len(rows)) + "\n"

    own = {
        "json": lambda _: render.rows_json(rows, columns),
        "csv": lambda _: render.rows_csv(rows, columns),
        "markdown": lambda _: render.rows_markdown(rows, columns, lang),
        "table": table,
    }
    output(env, fmt, View("list", rows, own=own))
