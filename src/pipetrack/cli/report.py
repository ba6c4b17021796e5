"""`pipetrack report weekly`: the weekly report for cron, in Markdown, HTML or JSON.

Cron-friendly: no colour, no prompts, no progress; ``--out`` is written
atomically; exit 0 on success, 1 when the data had errors (the report is still
written and lists them), 2 on bad usage.
"""

# no `from __future__ import annotations`: Typer reads the option annotations at runtime

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from pipetrack.domain.weekly import WeeklyReport

from pipetrack.cli.env import Env
from pipetrack.cli.options import (
    OwnerOpt,
    WeekOpt,
    env_of,
    folder_problems,
    make_typer,
    output,
    relative_problems,
)


class ReportFormat(StrEnum):
    markdown = "markdown"
    html = "html"
    json = "json"


ReportFormatOpt = Annotated[ReportFormat, typer.Option("--format", help="markdown, html or json.")]
OutOpt = Annotated[Path | None, typer.Option("--out", help="Write here (atomically) instead of stdout.")]
LangOpt = Annotated[
    str | None,
    typer.Option("--lang", help="Labels in en or zh (default: the global --lang, else settings `language`)."),
]


def weekly(
    ctx: typer.Context,
    week: WeekOpt = None,
    owner: OwnerOpt = None,
    fmt: ReportFormatOpt = ReportFormat.markdown,
    out: OutOpt = None,
    lang: LangOpt = None,
) -> None:
    """The weekly report: period and sales cycle, the pipeline by stage with its
    shape and remedy, the week's funnel (15-7-1, 20:5:1), the last 8 weeks'
    meetings set and deals, the review list, the team sheet, and the data
    problems `check` finds.

    With several --data folders (or one region.yaml) it is the region's report:
    a row per team and per rep (team/owner), team subtotals and a region
    total, the funnel per team and each team's data problems, e.g.
    pipetrack --data north --data south report weekly --week last --format html --out region.html

    HTML is one self-contained file with charts (no network, no JavaScript).
    The same data, --week and --today give byte-identical output. Exit 1 when
    the data has errors (the report is still written and lists them).
    """
    from pipetrack.cli import region as cli_region
    from pipetrack.domain.errors import UsageError
    from pipetrack.render import weekly_report as render_weekly
    from pipetrack.text import lang_problem

    env = env_of(ctx)
    env.pms_only("report weekly")
    if lang is not None and (problem := lang_problem("--lang", lang)):
        raise UsageError(problem)
    region = cli_region.region_of(env)
    if region is not None:  # several teams: one report, the teams side by side
        teams = cli_region.weekly_report(env, region, week, owner, lang)
        view, errors = render_weekly.region_view(teams, teams["lang"]), teams["errors"]
    else:
        rep = _team_report(env, week, owner, lang)
        view, errors = render_weekly.weekly_view(rep, rep["lang"]), rep["errors"]
    output(env, fmt, view, out)
    if errors:
        env.warn(f"{errors} data error(s) listed in the report (run `pipetrack check`)")
        raise typer.Exit(1)


def _team_report(env: Env, week: str | None, owner: str | None, lang: str | None) -> "WeeklyReport":
    """One team's weekly report, with the problems `check` finds."""
    from pipetrack.domain import reports
    from pipetrack.domain import weekly as weekly_mod
    from pipetrack.text import reports as words

    folder = env.load_folder(quiet=True)
    settings = folder.settings
    language = lang or env.language(settings)
    period = reports.week_period(week, env.today, settings.week_start)
    problems = relative_problems(env, folder_problems(env, folder))  # what `check` reports
    rep = weekly_mod.weekly_report(
        folder.contacts.values(), settings, period, env.today, owner, language, problems, folder.accounts
    )
    words.weekly(rep, language)
    from pipetrack.cli.project_views import review_part

    if (projects := review_part(env, folder, language, owner)) is not None:
        rep["projects"] = projects
    return rep


def register(app: typer.Typer) -> None:
    report_app = make_typer(
        help="Reports for cron and for the team: written to a file or stdout.",
        epilog="Example: pipetrack report weekly --week last --format html --out r.html",
    )
    app.add_typer(report_app, name="report")
    report_app.command(
        "weekly", epilog="Example: pipetrack report weekly --week last --format html --out r.html"
    )(weekly)
