"""What the command modules share: the Typer app factory, the options, formats and output.

Every command module (contacts, check, reports, report, accounts, git, setup)
imports from here and from ``env``, never from ``cli.main``; ``cli.main``
registers them all onto the app in one place.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from pipetrack.cli import coerce, complete
from pipetrack.cli.env import Env
from pipetrack.cli.env import env_of as env_of  # shared with every command module
from pipetrack.cli.lookup import owner_option
from pipetrack.domain.errors import PipetrackError

if TYPE_CHECKING:
    from pipetrack.domain.errors import Problem
    from pipetrack.domain.rules import SalesCycle
    from pipetrack.render.formats import View
    from pipetrack.storage.folder import Folder


coerce.install()  # option values without pydantic (see cli/coerce.py)

COMPLETION_SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


class PipetrackGroup(TyperGroup):
    """Turns pipetrack's errors into one line on stderr and an exit code."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        # `--show-completion zsh`: Typer's flag takes no value, so the shell named
        # after it was ignored and the detected one (often bash) printed instead.
        for flag in ("--show-completion", "--install-completion"):
            if ctx.parent is None and flag in args:
                at = args.index(flag)
                shell = args[at + 1] if at + 1 < len(args) else None
                if shell in COMPLETION_SHELLS:
                    _completion(ctx, flag, shell)
        return super().parse_args(ctx, args)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from pipetrack.cli.usage import tidy_help

        tidy_help(self)

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        """Click's usage errors as one line naming the option (Typer prints a
        multi-line box): ``error: --format: 'csv' is not one of 'table', 'json'``."""
        from pipetrack.cli.usage import tidy_help

        tidy_help(self)  # again: Typer adds the completion options after __init__
        kwargs["standalone_mode"] = False  # we print usage errors ourselves
        if not standalone_mode:
            return super().main(*args, **kwargs)
        from pipetrack.cli.usage import click_api, usage_line

        click, echo = click_api()
        try:
            code = super().main(*args, **kwargs)
        except click.UsageError as exc:
            if exc.format_message().strip():  # else: no arguments, and the help was printed
                lang = _argv_language(exc)
                echo(f"{error_prefix(lang)} {usage_line(exc, lang)}", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            echo(f"error: {' '.join(exc.format_message().split())}", err=True)
            sys.exit(exc.exit_code)
        except typer.Abort:  # Typer's own since 0.20 (click's before): not click_api()'s
            echo("Aborted.", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: Any) -> Any:
        # what the undo journal calls this command's writes
        ctx.meta.setdefault("pipetrack.args", [*getattr(ctx, "_protected_args", []), *ctx.args])
        try:
            return super().invoke(ctx)
        except PipetrackError as exc:
            from rich.markup import escape

            from pipetrack.render.safe import SafeConsole

            line = said(ctx, exc)
            SafeConsole(stderr=True, highlight=False).print(
                f"[bold red]{error_prefix(run_language(ctx))}[/] {escape(line)}", soft_wrap=True
            )
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            raise typer.Exit(130) from None


def said(ctx: Any, exc: PipetrackError) -> str:
    """The error's one line in the run's language: a file the loader could not read is
    named in Chinese under --lang zh (or settings `language: zh`), as `check` names it."""
    from pipetrack.domain.errors import DataError

    lang = run_language(ctx)
    if isinstance(exc, DataError) and exc.problem.code:
        from pipetrack.text.reports import problem_message

        return f"{exc.problem.where}: {problem_message(exc.problem, lang)}"
    if lang != "en" and exc.code:
        from pipetrack.text import has_text, text

        if has_text(f"error.{exc.code}", lang):
            params = dict(exc.params)
            if "kind" in params:
                params["kind_label"] = text(f"error.kind_{params['kind']}", lang)
            for key, value in params.items():
                if isinstance(value, (list, tuple)) and key != "close":
                    params[key] = "、".join(map(str, value))
            if "close" in params:
                close = params["close"]
                params["hint"] = text("error.did_you_mean", lang, close="、".join(close)) if close else ""
            return text(f"error.{exc.code}", lang, **params)
    return str(exc)


def _argv_language(exc: Any) -> str:
    """A usage error's language: the run's, when the global options were read before it."""
    ctx = getattr(exc, "ctx", None)
    if ctx is None:
        return "en"
    given = ctx.find_root().params.get("lang")  # read before the command failed to resolve
    return given if given in ("en", "zh") else run_language(ctx)


def run_language(ctx: Any) -> str:
    """The run's language for an error line: --lang, else the settings', else English (the
    settings may be what is broken)."""
    env = env_of(ctx)
    try:
        return env.language()
    except PipetrackError:
        return env.lang or "en"


def error_prefix(lang: str) -> str:
    """``error:`` / ``错误:``."""
    from pipetrack.text import text

    return text("error.prefix", lang)


def _completion(ctx: Any, flag: str, shell: str) -> None:
    from typer._completion_shared import get_completion_script, install

    prog = ctx.info_name or "pipetrack"
    var = "_{}_COMPLETE".format(prog.replace("-", "_").upper())
    if flag == "--show-completion":
        typer.echo(get_completion_script(prog_name=prog, complete_var=var, shell=shell))
    else:
        done, path = install(shell=shell, prog_name=prog, complete_var=var)
        typer.echo(f"{done} completion installed in {path}; it takes effect in a new shell")
    raise typer.Exit()


def make_typer(**kwargs: Any) -> typer.Typer:
    return typer.Typer(
        cls=PipetrackGroup,
        no_args_is_help=True,
        pretty_exceptions_show_locals=False,
        context_settings={"help_option_names": ["-h", "--help"]},
        **kwargs,
    )


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class ShowFormat(StrEnum):
    table = "table"
    json = "json"


WeekOpt = Annotated[
    str | None,
    typer.Option(
        "--week",
        help="this (default), last, -1, -2 … (weeks back), or YYYY-Www.",
        autocompletion=complete.weeks,
    ),
]
OwnerOpt = Annotated[
    str | None,
    typer.Option(
        "--owner", help="Only this owner's contacts.", autocompletion=complete.owners, callback=owner_option
    ),
]
FormatOpt = Annotated[Format, typer.Option("--format", help="table, json, csv or markdown.")]
#: --owner of the flat lists (list, agenda): checked, no completion of its own
OwnerOnlyOpt = Annotated[
    str | None, typer.Option("--owner", metavar="OWNER", help="Only this owner's.", callback=owner_option)
]


def esc(text: str) -> str:
    """Text from the data, safe inside Rich markup."""
    from rich.markup import escape

    return escape(text)


def output(env: Env, fmt: str, view: View, out: Path | None = None) -> None:
    """Every command's one way out: the report in the format asked for (its formatter,
    render.formats), to stdout (text as written, a renderable through the console) or,
    with ``out``, atomically to that file."""
    from pipetrack.render.formats import formatter

    rendered = formatter(fmt).render(view, env.out.width)
    if out is not None:
        from pipetrack.render.safe import visible
        from pipetrack.storage.outfile import write_out

        write_out(env.cwd / out, visible(str(rendered)).encode("utf-8"))
    elif isinstance(rendered, str):
        env.emit(rendered)
    else:
        env.out.print(rendered)


def context(env: Env) -> tuple[Folder, SalesCycle, str]:
    """The folder, its sales cycle as of today, and the label language."""
    from pipetrack.domain import rules

    folder = env.load_folder()
    cycle = rules.sales_cycle(folder.contacts.values(), folder.settings, env.today)
    return folder, cycle, env.language(folder.settings)


def folder_problems(env: Env, folder: Folder) -> list[Problem]:
    """Everything `check` reports: unreadable files, then every check, as of today."""
    from pipetrack.domain import checks, rules

    cycle = rules.sales_cycle(folder.contacts.values(), folder.settings, env.today)
    context = checks.CheckContext(folder.settings, cycle.days, env.today)
    found = folder.problems + checks.run_checks(folder, context, env.store.locate)
    if folder.projects:
        found += project_problems(env, folder)
    return found


def project_problems(env: Env, folder: Folder) -> list[Problem]:
    """`check` on the folder's projects (domain.project_checks), as problems with lines."""
    from pipetrack.domain.errors import Problem
    from pipetrack.domain.project_checks import project_findings
    from pipetrack.storage import project_method

    method = project_method.load(env.store.root, folder.settings, env.store.display).method
    out = []
    for f in project_findings(folder, method, env.today, folder.settings):
        path, line = env.store.locate(f.kind, f.id, f.loc)
        out.append(Problem(path, line, "", f.severity, f.code, f.params))
    return out


def _relative_to_data(env: Env, path: str) -> str:
    """A problem's file relative to the data folder, so a report does not depend on the cwd."""
    full = Path(os.path.realpath(env.cwd / path))  # (realpath: a link loop must not raise)
    root = Path(os.path.realpath(env.store.root))
    return full.relative_to(root).as_posix() if full.is_relative_to(root) else path


def relative_problems(env: Env, found: list[Problem]) -> list[Problem]:
    """What `pipetrack check` reports, each file relative to the data folder (codes kept)."""
    import dataclasses

    return [dataclasses.replace(p, path=_relative_to_data(env, p.path)) for p in found]
