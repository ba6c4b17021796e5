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
import sys
from typing import Annotated, Any

import typer

from pipetrack import __version__
from pipetrack.cli.options import make_typer
from pipetrack.domain.errors import UsageError

_HELP = dict(
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


def _check_lang(lang: str | None) -> None:
    if lang is not None:
        from pipetrack.text import lang_problem

        if problem := lang_problem("--lang", lang):
            raise UsageError(problem)


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
    import pipetrack.storage  # noqa: F401  (the storage layer gives the domain the shipped method files)
    from pipetrack.cli.env import Env

    _check_lang(lang)
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


#: The command modules in the order of registration, which is the order of --help.
MODULES = (
    "setup",
    "contacts",
    "check",
    "reports",
    "report",
    "accounts",
    "git",
    "daily_write",
    "listing",
    "agenda",
    "transfer",
    "projects",
    "project_views",
    "query",
)
#: Each command (or group) and the modules that register it, so a run imports and builds only
#: its own command (tests/test_startup.py checks this against a full registration). A name
#: missing here still works: it registers every command, as --help and completion do.
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "add": ("contacts", "projects"),
    "init": ("setup",),
    **dict.fromkeys(("log", "move", "show"), ("contacts",)),
    "check": ("check",),
    **dict.fromkeys(("pipeline", "funnel", "plan", "cycle", "review", "team"), ("reports",)),
    "report": ("report",),
    **dict.fromkeys(("account", "accounts"), ("accounts",)),
    **dict.fromkeys(("git-setup", "check-staged", "merge-file"), ("git",)),
    **dict.fromkeys(("set", "unset", "edit", "archive", "unarchive", "undo", "history"), ("daily_write",)),
    "list": ("listing",),
    "agenda": ("agenda",),
    **dict.fromkeys(("import", "export"), ("transfer",)),
    "member": ("projects",),
    **dict.fromkeys(("projects", "project"), ("project_views",)),
    "query": ("query",),
}
#: the global options that take a value (the others are flags)
_VALUE_OPTIONS = ("--data", "--today", "--lang")


def invoked_command(args: list[str]) -> str | None:
    """The command these arguments name, when it is one pipetrack knows ("" for --version,
    which needs none; None for help, a typo or an option Click should judge)."""
    at = 0
    while at < len(args):
        arg = args[at]
        if arg in _VALUE_OPTIONS:
            at += 2
        elif arg == "--no-cache" or arg.startswith(tuple(f"{o}=" for o in _VALUE_OPTIONS)):
            at += 1
        elif arg == "--version":
            return ""
        else:
            return arg if arg in COMMAND_MODULES else None
    return None


def build_app(command: str | None = None) -> typer.Typer:
    """The app with every command, or with ``command`` alone (its modules alone imported;
    "": none)."""
    import importlib

    app = make_typer(**_HELP)
    app.callback()(main_options)
    wanted = MODULES if command is None else COMMAND_MODULES.get(command, ())

    def module(name: str) -> Any:
        return importlib.import_module(f"pipetrack.cli.{name}")

    if "contacts" in wanted:  # the add group first: add contact, add account, add project
        add_app = module("contacts").register_add(app)
        if "projects" in wanted:
            module("projects").register_add(add_app)
    for name in MODULES:
        if name in wanted:
            module(name).register(app)
    if command is not None:
        app.registered_commands = [c for c in app.registered_commands if _name(c) == command]
        app.registered_groups = [g for g in app.registered_groups if g.name == command]
    _reflow(app)
    return app


def _name(info: Any) -> str:
    return info.name or info.callback.__name__.lower().replace("_", "-")


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


def main() -> None:
    build_app(invoked_command(sys.argv[1:]))(prog_name="pipetrack")


def __getattr__(name: str) -> Any:
    """``app``: every command registered (what the tests and --help use), built on first use."""
    if name == "app":
        import pipetrack.storage  # noqa: F401

        globals()["app"] = built = build_app()
        return built
    raise AttributeError(name)


if __name__ == "__main__":
    main()
