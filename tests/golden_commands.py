"""Every read command on data/example, in every format and both languages, as golden files.

`tests/test_golden_outputs.py` runs this list through Typer's CliRunner (in process, a fixed
width of 100 columns, no colour) on a copy of data/example with `--today 2026-11-23` and
compares each command's stdout, stderr and exit code with tests/golden/commands/<name>.txt.

Regenerate deliberately after an intended output change, then say in the commit which
outputs changed and why:

    PIPETRACK_REGEN_GOLDEN=1 python -m pytest -q tests/test_golden_outputs.py

or `python tests/golden_commands.py` (it writes the same files).
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "example"
GOLDEN = Path(__file__).resolve().parent / "golden" / "commands"
TODAY = "2026-11-23"
WIDTH = "100"
LANGS = ("en", "zh")
TABLE_FORMATS = ("table", "json", "csv", "markdown")
CONTACTS = ("wang-jingli", "amy-zhou", "karen-liu", "li-laoban", "mike-ross", "zhao-zong", "王经理")
ACCOUNTS = tuple(sorted(p.stem for p in (EXAMPLE / "accounts").glob("*.yaml")))
OWNERS = ("li-na", "zhang-wei", "tom-baker")
PROJECTS = tuple(sorted(p.stem for p in (EXAMPLE / "projects").glob("*.yaml")))
HELP = (
    (),
    ("init",),
    ("log",),
    ("move",),
    ("show",),
    ("check",),
    ("pipeline",),
    ("funnel",),
    ("plan",),
    ("cycle",),
    ("review",),
    ("team",),
    ("account",),
    ("accounts",),
    ("git-setup",),
    ("merge-file",),
    ("set",),
    ("unset",),
    ("edit",),
    ("archive",),
    ("unarchive",),
    ("undo",),
    ("history",),
    ("add",),
    ("add", "contact"),
    ("add", "account"),
    ("add", "project"),
    ("member",),
    ("projects",),
    ("project",),
    ("report",),
    ("report", "weekly"),
    ("list",),
    ("agenda",),
    ("import",),
    ("export",),
    ("query",),
)


def read_commands() -> Iterator[tuple[str, ...]]:
    """The argument lists (after --data/--today) of every read command checked."""
    for lang in LANGS:
        g = ("--lang", lang)
        for fmt in TABLE_FORMATS:
            f = ("--format", fmt)
            yield (*g, "pipeline", *f)
            yield (*g, "pipeline", "--all", *f)
            yield (*g, "pipeline", "--week", "last", *f)
            yield (*g, "pipeline", "--account", "acme-logistics", *f)
            for week in ("last", "this"):
                yield (*g, "funnel", "--week", week, *f)
            yield (*g, "funnel", "--week", "last", "--all", *f)
            yield (*g, "team", *f)
            yield (*g, "team", "--week", "last", *f)
            yield (*g, "review", *f)
            yield (*g, "cycle", *f)
            yield (*g, "plan", "--deals", "50", "--per", "year", *f)
            yield (*g, "plan", "--deals", "4", "--per", "month", "--observed", *f)
            yield (*g, "accounts", *f)
            yield (*g, "list", *f)
            yield (*g, "list", "accounts", *f)
            yield (*g, "list", "--stage", "25%..90%", "--sort", "value", "--reverse", *f)
            for account in ACCOUNTS:
                yield (*g, "account", account, *f)
            yield (*g, "projects", *f)
            yield (*g, "projects", "--owner", "li-na", *f)
        for owner in OWNERS:
            yield (*g, "pipeline", "--owner", owner)
            yield (*g, "funnel", "--owner", owner)
            yield (*g, "review", "--owner", owner)
            yield (*g, "plan", "--owner", owner, "--per", "week")
            yield (*g, "accounts", "--owner", owner)
        for contact in CONTACTS:
            yield (*g, "show", contact)
            yield (*g, "show", contact, "--format", "json")
        for project in PROJECTS:
            yield (*g, "project", project)
            yield (*g, "project", project, "--format", "json")
        yield (*g, "show", "nobody-here")
        yield (*g, "account", "no-such-account")
        yield (*g, "check")
        yield (*g, "check", "contacts/wang-jingli.yaml")
        for fmt in ("table", "json", "ics"):
            yield (*g, "agenda", "--week", "--format", fmt)
        yield (*g, "agenda", "--owner", "li-na", "--days", "3")
        for fmt in ("markdown", "json", "html"):
            yield (*g, "report", "weekly", "--format", fmt)
            yield (*g, "report", "weekly", "--week", "last", "--owner", "li-na", "--format", fmt)
        yield ("report", "weekly", "--lang", lang, "--format", "markdown")
        for fmt in ("table", "json", "csv"):
            yield (
                *g,
                "query",
                "SELECT stage, count(*) AS n, sum(value) AS value FROM contacts GROUP BY stage",
                "--format",
                fmt,
            )
        yield (*g, "query", "SELECT nope FROM contacts")
        yield (*g, "query", "DELETE FROM contacts")
    yield ("--version",)
    for cmd in HELP:
        yield (*cmd, "--help")


def golden_name(args: tuple[str, ...]) -> str:
    """A file name for one argument list: readable, unique, safe on every file system."""
    slug = "_".join(args).replace("--", "")
    slug = re.sub(r"[^\w.-]+", "-", slug, flags=re.ASCII)
    if any(ord(c) > 127 for c in "".join(args)):
        slug += "-" + "".join(f"{ord(c):x}" for c in "".join(args) if ord(c) > 127)
    return slug.strip("-") + ".txt"


def _environment() -> dict[str, str | None]:
    return {
        "COLUMNS": WIDTH,
        "LINES": "50",
        "TERM": "dumb",
        "NO_COLOR": None,
        "FORCE_COLOR": None,
        "PIPETRACK_DATA": None,
        "PIPETRACK_TODAY": None,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }


def _app() -> object:
    try:
        from pipetrack.cli.main import app
    except ImportError:  # the flat package before the layers (the baseline's commit)
        from pipetrack.cli import app  # type: ignore[attr-defined,no-redef]
    return app


def run_all(select: Callable[[tuple[str, ...]], bool] = lambda args: True) -> dict[str, str]:
    """golden file name → the recorded output of that command, run on a fresh copy of data/example."""
    import typer.testing
    from typer.testing import CliRunner

    app = _app()
    runner = CliRunner()
    out: dict[str, str] = {}
    cwd = Path.cwd()
    # CliRunner builds the click command from the Typer app on every call (2/3 of the time): once here
    build = typer.testing._get_command
    command = build(app)  # type: ignore[arg-type]
    typer.testing._get_command = lambda _app: command  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "example"
        shutil.copytree(EXAMPLE, data, ignore=shutil.ignore_patterns(".pipetrack-cache"))
        os.chdir(tmp)  # check prints paths relative to the working folder: example/contacts/...
        try:
            _run_into(out, runner, app, data, select)
        finally:
            os.chdir(cwd)
            typer.testing._get_command = build  # type: ignore[assignment]
    return out


def _run_into(out: dict[str, str], runner: Any, app: object, data: Path, select: Callable[..., bool]) -> None:
    for args in read_commands():
        if not select(args):
            continue
        full = ["--data", str(data), "--today", TODAY, *args]
        result = runner.invoke(app, full, env=_environment(), prog_name="pipetrack")
        text = f"$ pipetrack --data <example> --today {TODAY} {' '.join(args)}\n"
        text += f"--- exit {result.exit_code}\n--- stdout\n{result.stdout}--- stderr\n{result.stderr}"
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            text += f"--- exception {type(result.exception).__name__}: {result.exception}\n"
        out[golden_name(args)] = text.replace(str(data), "<example>").replace(str(data.parent), "<tmp>")


def write_all(outputs: dict[str, str]) -> None:
    if GOLDEN.exists():
        shutil.rmtree(GOLDEN)
    GOLDEN.mkdir(parents=True)
    for name, text in outputs.items():
        (GOLDEN / name).write_text(text, encoding="utf-8", newline="\n")


if __name__ == "__main__":
    outputs = run_all()
    write_all(outputs)
    print(f"wrote {len(outputs)} golden outputs to {GOLDEN}", file=sys.stderr)
