"""A region of several teams: `pipeline`, `team` and `report weekly` with several ``--data``
folders (or one ``region.yaml``).

Each team is loaded and reported on its own, with its own settings, exactly as its
own `pipeline`, `team` or `report weekly` would; the region's tables put the teams
side by side and add them up (``pipetrack.domain.region``). The team folders are only
read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pipetrack.cli.env import Env
from pipetrack.cli.options import Format, folder_problems, output, relative_problems
from pipetrack.domain.errors import UsageError

if TYPE_CHECKING:
    from pipetrack.storage.region import Region


def region_of(env: Env) -> Region | None:
    """The region the ``--data`` values name, or None for one data folder."""
    if env.region_found is None:
        from pipetrack.storage.region import region_of as find

        env.region_found = (find(env.folders, env.cwd),)
    return env.region_found[0]


def _teams(env: Env, region: Region, owner: str | None) -> list[tuple[Any, Env, Any, str | None]]:
    """Each team's (team, env, folder, owner filter): loaded one after the other.

    ``--owner team/id`` keeps that team only, filtered to ``id``; ``--owner id`` filters
    every team to its own ``id``.
    """
    from pipetrack.text import text

    names = [team.name for team in region.teams]
    wanted, who = None, owner
    if owner and "/" in owner:
        wanted, who = owner.split("/", 1)
        if wanted not in names:
            raise UsageError(f"--owner: no team {wanted!r} in the region ({', '.join(names)})")
    out = []
    for team in region.teams:
        if wanted is not None and team.name != wanted:
            continue
        team_env = Env(
            data=str(team.root),
            today_text=env.today_text,
            use_cache=env.use_cache,
            lang=env.lang,
            cwd=env.cwd,
            folders=(str(team.root),),
        )
        folder = team_env.load_folder(quiet=True)
        bad = sorted({p.path for p in folder.problems if p.severity == "error"})
        if bad:
            lang = env.lang or folder.settings.language
            shown = ", ".join(bad[:5])
            env.warn(f"{team.name}: " + text("unreadable", lang, n=len(bad), shown=shown))
        out.append((team, team_env, folder, who))
    currencies = {folder.settings.currency for _, _, folder, _ in out}
    if len(currencies) > 1:
        shown = ", ".join(f"{team.name} {folder.settings.currency}" for team, _, folder, _ in out)
        raise UsageError(
            f"--data: the teams keep amounts in different currencies ({shown}); a region adds them up"
        )
    return out


def _language(env: Env, teams: list[Any], lang: str | None = None) -> str:
    return lang or env.lang or teams[0][2].settings.language


def weekly_report(env: Env, region: Region, week: str | None, owner: str | None, lang: str | None) -> dict:
    """The region's weekly report: each team's weekly report, put side by side."""
    from pipetrack.domain import region as region_mod
    from pipetrack.domain import reports
    from pipetrack.domain import weekly as weekly_mod
    from pipetrack.text import reports as words

    teams = _teams(env, region, owner)
    language = _language(env, teams, lang)
    per_team = []
    for team, team_env, folder, who in teams:
        settings = folder.settings
        period = reports.week_period(week, env.today, settings.week_start)
        problems = relative_problems(team_env, folder_problems(team_env, folder))
        rep = weekly_mod.weekly_report(
            folder.contacts.values(), settings, period, env.today, who, language, problems, folder.accounts
        )
        per_team.append((team.name, words.weekly(rep, language)))
    return region_mod.region_weekly(region.name, per_team, env.today.isoformat(), language)


def pipeline(env: Env, region: Region, week: str | None, owner: str | None, fmt: Format) -> None:
    """`pipeline` over a region: a row per team (prospects by stage, stale, weighted, closed, shape)."""
    from pipetrack.domain import region as region_mod
    from pipetrack.domain import reports, rules
    from pipetrack.render import region as render_region
    from pipetrack.render import tables as render
    from pipetrack.render.formats import View
    from pipetrack.text import text

    teams = _teams(env, region, owner)
    lang = _language(env, teams)
    rows = []
    for team, _, folder, who in teams:
        settings = folder.settings
        cycle = rules.sales_cycle(folder.contacts.values(), settings, env.today)
        period = reports.week_period(week, env.today, settings.week_start)
        rep = reports.pipeline_report(folder.contacts.values(), settings, cycle, period, env.today, who)
        rows.append((team.name, rep))
    first = rows[0][1]
    pipe = region_mod.pipeline_by_team(rows)
    facts = {
        "region": region.name,
        "teams": [name for name, _ in rows],
        "week": first["week"],
        "period": first["period"],
        "currency": first["currency"],
    }
    data = facts | {"pipeline": pipe}
    sec = render_region.pipeline_section(data, lang, stages=fmt is not Format.table)
    out = facts | pipe
    keys = ["team", *region_mod.PIPELINE_KEYS, "sales_cycle_days", "shape"]
    rows_ = [*pipe["rows"], {"team": "total", **pipe["total"]}]
    header = [render_region.period_line(data, lang)]

    def csv() -> str:
        return render.to_csv(keys, [[r.get(k) for k in keys] for r in rows_])

    output(env, fmt, View(text("pipeline_title", lang), out, (header, [sec]), csv))


def team(env: Env, region: Region, week: str | None, fmt: Format) -> None:
    """`team` over a region: every team's sheet, a row per team/owner, team subtotals, region total."""
    from pipetrack.domain import region as region_mod
    from pipetrack.domain import reports
    from pipetrack.render import region as render_region
    from pipetrack.render.formats import View
    from pipetrack.text import text

    teams = _teams(env, region, None)
    lang = _language(env, teams)
    sheets = []
    for team_, _, folder, _ in teams:
        period = reports.week_period(week, env.today, folder.settings.week_start)
        sheets.append(
            (team_.name, reports.team_report(folder.contacts.values(), folder.settings, period, env.today))
        )
    sheet = region_mod.team_sheet(sheets)
    data = {"region": region.name, "teams": [name for name, _ in sheets], **sheet}
    sec = render_region.team_section(sheet, lang, compact=fmt is Format.table)
    built = ([render_region.period_line(data, lang)], [sec])
    output(env, fmt, View(text("team_title", lang), data, built))
