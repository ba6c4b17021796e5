"""`pipetrack check`: validate every file; problems as path:line: message."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from pipetrack.cli.env import Env
from pipetrack.cli.options import env_of, folder_problems
from pipetrack.domain.errors import UsageError


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
            ("projects",),
        )
        data_file = full.suffix in (".yaml", ".yml") and (inside or full == root / "pipetrack.yaml")
        if not path.is_file() or not data_file:
            raise UsageError(
                f"check: {f} is not a data file "
                "(contacts/*.yaml, accounts/*.yaml, projects/*.yaml or pipetrack.yaml)"
            )
        found.append(path)
    return found


def run_check(env: Env, files: list[Path] | None) -> None:
    """`check`'s work: problems on stdout, the summary on stderr, exit 1 on an error."""
    from pipetrack.render.tables import problem_line
    from pipetrack.text import text

    if files:
        files = _data_files_only(env, files)
    folder = env.load_folder(quiet=True)  # check lists the bad files itself
    problems = folder_problems(env, folder)
    if files:
        # realpath, not resolve(): a link loop among the files must not raise
        wanted = {os.path.realpath(env.cwd / f) for f in files}
        problems = [p for p in problems if os.path.realpath(env.cwd / p.path) in wanted]
    problems.sort(key=lambda p: (p.path, p.line or 0, p.message, p.code))
    lang = env.language(folder.settings)
    for p in problems:
        typer.echo(problem_line(p, lang))
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    # every file is a record or a file that could not become one (its problems say why)
    unread = {p.path for p in folder.problems}
    count = (
        len(files)
        if files
        else len(folder.contacts) + len(folder.accounts) + len(folder.projects) + len(unread)
    )
    summary = text("files_checked", lang, count=count, errors=errors, warnings=warnings)
    env.err.print(summary, style="red" if errors else "green")
    if errors:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command(
        short_help="Validate every file; problems as path:line: message.",
        epilog="Example: pipetrack check contacts/wang-jingli.yaml",
    )(check)
