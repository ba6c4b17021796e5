"""`pipetrack projects` (the board) and `pipetrack project X` (one project): project sales
(项目型销售) under the folder's project method."""

from functools import partial
from typing import TYPE_CHECKING, Annotated, Any

import typer

from pipetrack.cli.lookup import owner_option
from pipetrack.cli.options import Format, FormatOpt, ShowFormat, env_of, output

if TYPE_CHECKING:
    from pipetrack.cli.env import Env
    from pipetrack.domain.project_reports import AccountProjects, ReviewPart
    from pipetrack.storage.folder import Folder

PROJECTS_HELP = """The project board: every project by stage (qualified, initial contact, technical
breakthrough, commercial breakthrough, tender, contract signed, then lost), with value, days in its stage
(marked "> N" when beyond the method's days for that stage: stalled), the tender
deadline, the next step and the gaps (what the evidence lacks for the next stage); then
each stage's count, value and weighted value, and the open projects' totals.
"""

PROJECT_HELP = """One project: facts and our team; the buying group (role, power circle,
supporter type, weight, attitude, buying criteria) and its map by role × circle; the
key information (KI) chain; every gate check of every stage; the go/no-go checkpoints
(early, middle, late: four questions each) with their verdicts; the candidate rank; the
tender dates; risks (the buying-group rules) and the next moves with the command that
records each.
"""


def projects(
    ctx: typer.Context,
    owner: Annotated[
        str | None, typer.Option("--owner", help="Only this owner's projects.", callback=owner_option)
    ] = None,
    account: Annotated[str | None, typer.Option("--account", help="Only this account's projects.")] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    from pipetrack.cli.projects import project_method
    from pipetrack.domain import project_reports
    from pipetrack.render import projects as render

    env = env_of(ctx)
    folder = env.load_folder()
    account_id = env.resolve_id("accounts", account, folder) if account else None
    method = project_method(env)
    lang = env.language(folder.settings)
    rep = project_reports.board(
        folder.projects.values(), method, folder.settings, env.today, owner, account_id
    )
    output(env, fmt, render.board_view(rep, method, lang))


def project(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(metavar="PROJECT", help="Project id or name.")],
    fmt: Annotated[ShowFormat, typer.Option("--format", help="table or json.")] = ShowFormat.table,
) -> None:
    from pipetrack import project_ops
    from pipetrack.cli.projects import project_method_and_checkpoints
    from pipetrack.domain import project_view
    from pipetrack.render import projects as render
    from pipetrack.render.formats import View

    env = env_of(ctx)
    folder = env.load_folder()
    pid = env.resolve_id("projects", ref, folder)
    record = folder.projects.get(pid) or env.store.load_one("projects", pid)
    pm = project_method_and_checkpoints(env)
    names = {cid: c.name for cid, c in folder.contacts.items()}

    def command(key: str) -> str | None:
        return project_ops.recording_command(pid, key)

    rep = project_view.view(record, pm.method, pm.checkpoints, folder.settings, env.today, names, command)
    lang = env.language(folder.settings)
    sections = partial(render.view_sections, rep, pm.method, pm.checkpoints, lang)
    output(env, fmt, View(record.name, rep, lambda: ([], sections())))


# --- the projects parts of review, the weekly report and accounts -------------------------

#: The review's tender window: deadlines from today up to this many days ahead.
TENDER_WINDOW_DAYS = 14


def review_part(env: "Env", folder: "Folder", lang: str, owner: str | None = None) -> "ReviewPart | None":
    """The projects part of `review` and the weekly report: None when the folder has no
    projects (the outputs of a folder without them stay as they were)."""
    if not folder.projects:
        return None
    from pipetrack.cli.projects import project_method
    from pipetrack.domain import project_reports

    method = project_method(env)
    part = project_reports.review_section(
        folder.projects.values(), method, env.today, TENDER_WINDOW_DAYS, owner
    )
    for item in (*part["stalled"], *part["tenders"], *part["no_insider"]):
        found = method.find(item["stage"])
        item["stage_name"] = found.label(lang) if found is not None else item["stage"]
    return part


def accounts_part(env: "Env", folder: "Folder", account_ids: Any) -> "list[AccountProjects] | None":
    """Open project value of each listed account (None without projects)."""
    if not folder.projects:
        return None
    from pipetrack.cli.projects import project_method
    from pipetrack.domain import project_reports

    return project_reports.accounts_projects(folder.projects.values(), project_method(env), list(account_ids))


def register(app: typer.Typer) -> None:
    app.command(
        "projects",
        help=PROJECTS_HELP,
        short_help="The project board: stages, value, days in stage, next step, gaps.",
        epilog="Example: pipetrack projects --owner li-na --format markdown",
    )(projects)
    app.command(
        "project",
        help=PROJECT_HELP,
        short_help="One project: buying-group map, KI, gate checks, go/no-go, tender, risks.",
        epilog="Example: pipetrack project huanan-phase2",
    )(project)
