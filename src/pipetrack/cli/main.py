"""The command line: each command is options → store/services → rules/reports → render → print.

Only this layer reads the clock and the environment. Library errors
(``PipetrackError``) are turned into a one-line message and an exit code in one
place, ``options.PipetrackGroup.invoke``. Heavy modules are imported inside
commands. This module makes the app, reads the global options into an ``Env``
and registers every command module onto the app, here and nowhere else; the
command modules import ``options`` and ``env``, never this module.
"""

from __future__ import annotations

import os
from typing import Annotated

import typer

import pipetrack.storage  # noqa: F401  (the storage layer gives the domain the shipped method files)
from pipetrack import __version__
from pipetrack.cli import (
    accounts,
    agenda,
    check,
    contacts,
    daily_write,
    git,
    listing,
    project_views,
    projects,
    report,
    reports,
    setup,
    transfer,
)
from pipetrack.cli.env import Env
from pipetrack.cli.options import make_typer
from pipetrack.domain.errors import UsageError
from pipetrack.text import lang_problem

app = make_typer(
    help="pipetrack: a sales pipeline tracker over plain YAML files (Prospect Management System).\n\n"
    "Data folder: --data DIR, else $PIPETRACK_DATA, else the nearest parent folder with pipetrack.yaml.",
    epilog="Example: pipetrack --data data/example --today 2026-11-23 pipeline",
)
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


# The order of registration is the order of --help.
projects.register_add(contacts.register_add(app))
setup.register(app)
contacts.register(app)
check.register(app)
reports.register(app)
report.register(app)
accounts.register(app)
git.register(app)
daily_write.register(app)
listing.register(app)
agenda.register(app)
transfer.register(app)
projects.register(app)
project_views.register(app)


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
        if group.typer_instance is not None:
            _reflow(group.typer_instance)


_reflow(app)


def main() -> None:
    app(prog_name="pipetrack")


if __name__ == "__main__":
    main()
