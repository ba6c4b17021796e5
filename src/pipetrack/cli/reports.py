"""The Prospect Management System's reports: pipeline, funnel, plan, cycle, review, team."""

from __future__ import annotations

from enum import StrEnum
from functools import partial
from typing import TYPE_CHECKING, Annotated

import typer

from pipetrack.cli import region as cli_region
from pipetrack.cli.env import Env, parse_date
from pipetrack.cli.options import Format, FormatOpt, OwnerOpt, WeekOpt, context, env_of, esc, output
from pipetrack.domain.errors import UsageError

if TYPE_CHECKING:
    from pipetrack.domain.reports import Period, ReviewReport
    from pipetrack.services import ReviewMove
    from pipetrack.storage.folder import Folder
    from pipetrack.storage.region import Region

DEFINITIONS = (
    """
Definitions (shared by funnel, team and the weekly report): a dial is a `call`
activity to a new contact (at opportunity when the day began); a call to a
prospect or a client is a follow-up call, shown apart; a connect is a dial with
outcome connected or meeting-set; a meeting set is a dial with outcome
meeting-set; a new contact is one whose `created` date falls in the period; a
new prospect is a contact whose history shows it entering first-meeting or
beyond from opportunity (or as new) in the period (a first meeting more than one
sales cycle ahead counts when it comes within the cycle); a deal is a contact
that reached closed in the period (its
history entry, else the end of its cooling-off). Stage counts are a snapshot at
the end of the period (or --today, if earlier); closed counts those closed
within the period. Call targets are per rep: without --owner, the funnel aims
at the targets times the number of owners in the folder.
"""
).strip()

FUNNEL_HELP = (
    "The week's funnel: dials → connects → meetings set against 15-7-1 per working day, meetings held "
    "(meeting and visit activities) against 8 a week, about 5 new and 3 carried over, new contacts → "
    "new prospects → deals against 20:5:1, the stage moves, observed vs target ratios and the weakest "
    "lever.\n\n" + DEFINITIONS
)
TEAM_HELP = (
    "The team tracking sheet: one row per owner with the contacts at first-meeting, 25%, 50%, 90% "
    "(snapshot), closed in the period, prepaid (paid in the period) and closed value (deals closed in the "
    "period; booked = signed in the period, in json/csv), the observed 20:5:1 counts, and a subtotal "
    "row. With several --data folders (a region): a row per team and owner (team/owner), each team's "
    "subtotal and the region total, e.g. "
    "pipetrack --data north --data south team --week last\n\n" + DEFINITIONS
)

#: Above this many stage moves, the funnel table counts them per kind (--all lists each).
MOVES_SHOWN = 25


def _account_filter(env: Env, folder: Folder, account: str | None) -> str | None:
    return env.resolve_id("accounts", account, folder) if account else None


AccountOpt = Annotated[str | None, typer.Option(help="Only this account's contacts.")]
AllContactsOpt = Annotated[bool, typer.Option("--all", help="List every contact (default: 12 per stage).")]
UpdatesOpt = Annotated[
    bool,
    typer.Option(
        "--updates",
        help="The week's update days (Monday, Wednesday, Friday) up to today side by side, "
        "each the sheet as it stood that day.",
    ),
]


def _region_pipeline(
    env: Env,
    region: Region,
    week: str | None,
    owner: str | None,
    account: str | None,
    fmt: Format,
    updates: bool,
) -> None:
    _no_updates_for_region(updates)
    if account:
        raise UsageError(
            "--account: a region's pipeline is by team; ask a team's folder for an account", "region_account"
        )
    cli_region.pipeline(env, region, week, owner, fmt)


def pipeline(
    ctx: typer.Context,
    owner: OwnerOpt = None,
    account: AccountOpt = None,
    week: WeekOpt = None,
    show_all: AllContactsOpt = False,
    updates: UpdatesOpt = False,
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

    With --updates: the week's update days (Monday, Wednesday, Friday) up to
    today side by side, each the pipeline as it stood that day.
    """
    from pipetrack.domain import reports
    from pipetrack.render import pipeline as render
    from pipetrack.render.formats import View
    from pipetrack.text import reports as words
    from pipetrack.text import text

    env = env_of(ctx)
    if (region := cli_region.region_of(env)) is not None:  # several teams: a row per team
        return _region_pipeline(env, region, week, owner, account, fmt, updates)
    folder, cycle, lang = context(env)
    period = reports.week_period(week, env.today, folder.settings.week_start)
    acct = _account_filter(env, folder, account)
    if updates:
        return _pipeline_updates(env, folder, period, owner, acct, show_all, fmt)
    rep = reports.pipeline_report(
        folder.contacts.values(), folder.settings, cycle, period, env.today, owner, acct
    )
    words.pipeline(rep, lang)
    limit = None if show_all or fmt is not Format.table else 12
    sections = partial(render.pipeline_sections, rep, lang, limit)
    output(env, fmt, View(text("pipeline_title", lang), rep, sections, partial(render.pipeline_csv, rep)))


def _no_updates_for_region(updates: bool) -> None:
    if updates:
        raise UsageError(
            "--updates: a region's sheets are by team; ask a team's folder for its update days",
            "region_updates",
        )


def _pipeline_updates(
    env: Env,
    folder: Folder,
    period: Period,
    owner: str | None,
    account: str | None,
    show_all: bool,
    fmt: Format,
) -> None:
    """`pipeline --updates`: the sheet on each update day of the week up to today."""
    from pipetrack.domain import reports
    from pipetrack.render import updates as render
    from pipetrack.render.formats import View
    from pipetrack.text import reports as words
    from pipetrack.text import text

    lang = env.language(folder.settings)
    rep = reports.pipeline_updates(
        folder.contacts.values(), folder.settings, period, env.today, owner, account
    )
    for u in rep["updates"]:
        words.pipeline(u["pipeline"], lang)
    limit = None if show_all or fmt is not Format.table else 12
    sections = partial(render.pipeline_updates_sections, rep, lang, limit)
    csv = partial(render.pipeline_updates_csv, rep)
    output(env, fmt, View(text("updates.title", lang), rep, sections, csv))


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
    from pipetrack.render import pipeline as render
    from pipetrack.render.formats import View
    from pipetrack.text import text

    env = env_of(ctx)
    env.pms_only("funnel")
    folder, sales_cycle, lang = context(env)
    period = reports.week_period(week, env.today, folder.settings.week_start)
    rep = reports.funnel_report(
        folder.contacts.values(), folder.settings, period, env.today, owner, sales_cycle.days
    )
    limit = None if show_all or fmt is not Format.table else MOVES_SHOWN
    sections = partial(render.funnel_sections, rep, lang, limit)
    title = f"{text('funnel_title', lang)} {rep['week']}"
    output(env, fmt, View(title, rep, sections, partial(render.funnel_csv, rep)))


class Per(StrEnum):
    year = "year"
    month = "month"
    week = "week"


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
    from pipetrack import services
    from pipetrack.domain import reports
    from pipetrack.render import team as render
    from pipetrack.render.formats import View
    from pipetrack.text import text

    services.bounded(deals, "--deals", "MAX_DEALS")
    env = env_of(ctx)
    env.pms_only("plan")
    folder, cycle, lang = context(env)
    rep = reports.plan_report(
        deals, per.value, folder.contacts.values(), folder.settings, cycle, env.today, owner, observed
    )
    sections = partial(render.plan_sections, rep, lang)
    output(env, fmt, View(text("plan_title", lang), rep, sections, partial(render.plan_csv, rep)))


def cycle(ctx: typer.Context, fmt: FormatOpt = Format.table) -> None:
    """The sales cycle: average days from created to signed over the last N
    closed deals (settings cycle_sample), or the default with too few."""
    from pipetrack.domain import reports
    from pipetrack.render import team as render
    from pipetrack.render.formats import View
    from pipetrack.text import text

    env = env_of(ctx)
    folder, sales_cycle, lang = context(env)
    rep = reports.cycle_report(sales_cycle, folder.settings)
    sections = partial(render.cycle_sections, rep, lang)
    output(env, fmt, View(text("cycle_title", lang), rep, sections, partial(render.cycle_csv, rep)))


ApplyOpt = Annotated[
    bool,
    typer.Option(
        "--apply",
        help="Write the moves: stale → opportunity, 90% past cooling-off → closed, "
        "90% not signed and paid by the signing date + cooling-off → 50%.",
    ),
]


def review(
    ctx: typer.Context,
    apply: ApplyOpt = False,
    owner: OwnerOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """The weekly update (Monday, Wednesday, Friday): stale contacts to send back,
    90% deals past cooling-off to close, stages the evidence does not support,
    prospects with no next meeting, missing dates. Without --apply nothing is written."""
    from pipetrack.domain import reports
    from pipetrack.render import review as render
    from pipetrack.render.formats import View
    from pipetrack.text import reports as words
    from pipetrack.text import text

    env = env_of(ctx)
    folder, sales_cycle, lang = context(env)
    rep = reports.review_report(
        folder.contacts.values(), folder.settings, sales_cycle, env.today, owner, folder.accounts
    )
    words.review(rep, lang)
    if not apply:
        from pipetrack.cli.project_views import review_part

        if (projects := review_part(env, folder, lang, owner)) is not None:
            rep["projects"] = projects
        output(env, fmt, render.review_view(rep, lang))
        return
    applied = _apply_review(env, rep, echo=fmt is not Format.json)
    if fmt is Format.json:
        output(env, fmt, View(text("review_title", lang), {**rep, "applied": applied}))
    elif not applied:
        env.out.print(text("nothing_to_apply", lang))


def _apply_review(env: Env, rep: ReviewReport, echo: bool = True) -> list[dict[str, str]]:
    """Write each move of the review, one file at a time (each write atomic)."""
    from pipetrack import services

    moves = [
        services.ReviewMove(
            item["id"], item.get("stage", "90%"), item["move_to"], parse_date(item["date"] or "", "date")
        )
        for item in [*rep["stale"], *rep["to_close"], *rep["back_to_50"]]
    ]
    applied = []
    for done in services.apply_review(env.store, moves):
        item = done.move
        applied.append({"id": item.id, "from": item.expected, "to": item.to, "date": item.day.isoformat()})
        if echo:
            env.out.print(_moved_words(env, done.record.name, item), soft_wrap=True)
    return applied


def _moved_words(env: Env, name: str, item: ReviewMove) -> str:
    from pipetrack.text import stage_label, text

    lang = env.language()
    before, after = (s if lang == "en" else stage_label(s, lang) for s in (item.expected, item.to))
    return text("daily.moved_id", lang, name=esc(name), id=item.id, before=before, stage=after, day=item.day)


def team(
    ctx: typer.Context, week: WeekOpt = None, updates: UpdatesOpt = False, fmt: FormatOpt = Format.table
) -> None:
    from pipetrack.domain import reports
    from pipetrack.render import team as render
    from pipetrack.render.formats import View
    from pipetrack.text import text

    env = env_of(ctx)
    env.pms_only("team")
    if (region := cli_region.region_of(env)) is not None:  # several teams: subtotals and a region total
        _no_updates_for_region(updates)
        return cli_region.team(env, region, week, fmt)
    folder, sales_cycle, lang = context(env)
    period = reports.week_period(week, env.today, folder.settings.week_start)
    if updates:
        return _team_updates(env, folder, period, lang, fmt)
    rep = reports.team_report(folder.contacts.values(), folder.settings, period, env.today, sales_cycle.days)
    sections = partial(render.team_sections, rep, lang)
    output(env, fmt, View(text("team_title", lang), rep, sections, partial(render.team_csv, rep)))


def _team_updates(env: Env, folder: Folder, period: Period, lang: str, fmt: Format) -> None:
    """`team --updates`: each owner's stage counts on each update day of the week up to today."""
    from pipetrack.domain import reports
    from pipetrack.render import updates as render
    from pipetrack.render.formats import View
    from pipetrack.text import text

    rep = reports.team_updates(folder.contacts.values(), folder.settings, period, env.today)
    sections = partial(render.team_updates_sections, rep, lang)
    output(env, fmt, View(text("updates.team_title", lang), rep, sections))


def register(app: typer.Typer) -> None:
    app.command(
        short_help="The weekly action tool: stages, first meetings, stale marks, shape.",
        epilog="Example: pipetrack pipeline --owner li-na --format markdown",
    )(pipeline)
    app.command(
        short_help="The week: 15-7-1 calls and 20:5:1 contacts → deals, weakest lever.",
        epilog="Example: pipetrack funnel --week last --owner li-na",
        help=FUNNEL_HELP,
    )(funnel)
    app.command(
        short_help="Ratio math from a deal target back to daily dials.",
        epilog="Example: pipetrack plan --deals 50 --per year",
    )(plan)
    app.command(
        short_help="The sales cycle from the last closed deals.",
        epilog="Example: pipetrack cycle --format json",
    )(cycle)
    app.command(
        short_help="The weekly update: stale, to close, unsupported; --apply writes.",
        epilog="Example: pipetrack review            (then: pipetrack review --apply)",
    )(review)
    app.command(
        short_help="The team tracking sheet: a row per owner, subtotal.",
        epilog="Example: pipetrack team --week last --format markdown",
        help=TEAM_HELP,
    )(team)
