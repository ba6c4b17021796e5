"""`pipetrack git-setup` and `pipetrack merge-file`: a data folder shared by a team on git."""

# no `from __future__ import annotations`: Typer reads the annotations at runtime

from pathlib import Path
from typing import Annotated

import typer

from pipetrack.cli.check import run_check
from pipetrack.cli.options import env_of, esc


def git_setup(
    ctx: typer.Context,
    program: Annotated[
        str | None,
        typer.Option("--program", help="How git runs pipetrack for merges (default: `pipetrack` on PATH)."),
    ] = None,
) -> None:
    """Make the data folder ready for a team on git (run it once after each clone).

    Writes .gitattributes so contact and account files merge field by field
    (`pipetrack merge-file`), registers that merge driver in the repository's
    git config, installs a pre-commit hook that checks the staged data files,
    and ignores the cache in .gitignore. Runs `git init` when the folder is
    not in a repository yet. Running it again changes nothing; a pre-commit
    hook of your own is never replaced.
    """
    from pipetrack.storage import gitsetup

    env = env_of(ctx)
    root = env.store.root
    changes = gitsetup.setup(root, program=program)
    if not changes:
        env.out.print(f"{esc(str(root))} is set up for git already; nothing changed", soft_wrap=True)
    for line in changes:
        if line.startswith("note: "):
            env.warn(line.removeprefix("note: "))
        else:
            env.out.print(f"set up: {esc(line)}", soft_wrap=True)


def check_staged(ctx: typer.Context) -> None:
    """Check the data files staged for commit, as they are staged.

    What the pre-commit hook runs: the staged contact, account and settings
    files are checked as git will commit them (a fixed copy left unstaged,
    or a staged file deleted from disk, does not count), against the rest
    of the folder as staged. File names come from git unquoted, so
    Chinese, accented and any other names are checked too. Exits 1 when
    a staged file has an error.
    """
    from pipetrack.cli.env import Env
    from pipetrack.storage import gitsetup

    env = env_of(ctx)
    with gitsetup.staged_copy(env.store.root) as (copy, names):
        if not names:
            return
        staged = Env(data=str(copy), today_text=env.today_text, use_cache=False, lang=env.lang, cwd=copy)
        run_check(staged, [Path(name) for name in names])


def merge_file(
    ctx: typer.Context,
    base: Annotated[Path, typer.Argument(help="The common ancestor (git's %O).")],
    ours: Annotated[Path, typer.Argument(help="Our version (git's %A); the result is written here.")],
    theirs: Annotated[Path, typer.Argument(help="Their version (git's %B).")],
    shown: Annotated[str | None, typer.Argument(help="The file's path in the repository (git's %P).")] = None,
) -> None:
    """git's merge driver for contact and account files: merges field by field.

    Activities and history are joined in date order without duplicates;
    fields changed on one side only, or on each side differently, all
    survive; comments survive. When both sides set the same field to
    different values, just that field is written between conflict markers
    and the exit status is 1, so git reports a conflict and `pipetrack
    check` shows where it is.
    """
    from pipetrack.domain.errors import UsageError
    from pipetrack.storage import merge

    env = env_of(ctx)
    try:
        result, lines = merge.merge_file(base, ours, theirs, shown or str(ours))
    except OSError as exc:
        raise UsageError(f"merge-file: cannot read or write {exc.filename}: {exc.strerror}") from None
    for line in lines:
        env.err.print(esc(line), soft_wrap=True)
    if not result.clean:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("git-setup", epilog="Example: pipetrack --data team-pipeline git-setup")(git_setup)
    app.command(
        "check-staged",
        epilog="Example: pipetrack --data team-pipeline check-staged   (the pre-commit hook runs this)",
    )(check_staged)
    app.command(
        "merge-file",
        epilog="Example (in .git/config, written by git-setup): driver = pipetrack merge-file %O %A %B %P",
    )(merge_file)
