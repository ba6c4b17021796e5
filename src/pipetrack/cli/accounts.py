"""`pipetrack account ACCOUNT` and `pipetrack accounts`: key-account intelligence (README: Key accounts).

Registered on the main app by ``register(app)`` in cli.main; the commands
follow the shape of the others: options → load → intel → render_intel → print.

No ``from __future__ import annotations`` here: typer reads the options'
annotations at registration.
"""

from functools import partial
from typing import Annotated

import typer

from pipetrack.cli.lookup import owner_option
from pipetrack.cli.options import Format, FormatOpt, env_of, output

ACCOUNT_HELP = """The account map in five parts: contacts by level × function (stage, roles,
supporter kind, attitude −4…+4 colour-coded); the attitude map (supporters, neutrals,
opponents) with the strategy and next moves; coverage gaps (no contacts, a single
contact, no decision maker, no guide, no finance contact with a 50%/90% deal open, a
decider who opposes); the five opportunity questions with a verdict; tier, share of
wallet and relationship depth, products in use and competitors.

Verdict: go when clear (budget and purchase date known), near (purchase date within
180 days from today) and valuable (fit, worth it and can win all yes); else not yet.
"""

ACCOUNTS_HELP = """All accounts: tier, contacts, best stage, open weighted value, closed value,
relationship depth, number of coverage gaps, and the 80/20 view: the fewest accounts
(by closed value) that bring 80% of it; a silver or untiered account in the top 20%
by closed value is flagged.

Depth from share of wallet: 0 development, < 0.5 initial, 0.5–0.8 stable, >= 0.8
strategic; no share given: development without a closed deal, else unknown.
With --owner: the accounts where that owner has a contact (their numbers count all
contacts of the account).
"""


def account(
    ctx: typer.Context,
    account_ref: Annotated[str, typer.Argument(metavar="ACCOUNT", help="Account id or name.")],
    fmt: FormatOpt = Format.table,
) -> None:
    from pipetrack.domain import intel
    from pipetrack.render import intel as render_intel
    from pipetrack.render.formats import View
    from pipetrack.text import text

    env = env_of(ctx)
    folder = env.load_folder()
    aid = env.resolve_id("accounts", account_ref, folder)
    record = folder.accounts.get(aid) or env.store.load_one("accounts", aid)
    lang = env.language(folder.settings)
    view = intel.account_report(record, folder.contacts.values(), folder.settings, env.today)
    title = f"{text('account_title', lang)} — {record.name}"
    sections = partial(render_intel.account_sections, view, lang)
    output(env, fmt, View(title, view, sections, partial(render_intel.account_csv, view)))


def accounts(
    ctx: typer.Context,
    owner: Annotated[
        str | None,
        typer.Option("--owner", help="Only accounts where this owner has a contact.", callback=owner_option),
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    from pipetrack.domain import intel
    from pipetrack.render import accounts as render_accounts

    env = env_of(ctx)
    folder = env.load_folder()
    lang = env.language(folder.settings)
    rep = intel.accounts_report(
        folder.accounts.values(), folder.contacts.values(), folder.settings, env.today, owner
    )
    from pipetrack.cli.project_views import accounts_part

    projects = accounts_part(env, folder, [r["id"] for r in rep["accounts"]])
    if projects is not None:  # a folder with projects: their open value by account
        rep["projects"] = projects
    output(env, fmt, render_accounts.accounts_view(rep, lang))


def register(app: typer.Typer) -> None:
    """Add `account` and `accounts` to the main app."""
    app.command(
        "account",
        help=ACCOUNT_HELP,
        short_help="The account map: org chart, attitudes, gaps, five questions.",
        epilog="Example: pipetrack account huanan-printing --format markdown",
    )(account)
    app.command(
        "accounts",
        help=ACCOUNTS_HELP,
        short_help="All accounts with the 80/20 view.",
        epilog="Example: pipetrack accounts --owner li-na",
    )(accounts)
