"""Start-up: a run imports and builds only its own command, with the same output.

`pipetrack CMD` registers only CMD's module (cli.main.COMMAND_MODULES) and coerces its
option values without pydantic (cli.coerce); these tests hold both to the full app's
behaviour and check that a run does not import what it does not use.
"""

from __future__ import annotations

import enum
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from golden_commands import GOLDEN, golden_name, read_commands, run_all
from pipetrack.cli import coerce
from pipetrack.cli.main import COMMAND_MODULES, build_app, invoked_command


def _name(info) -> str:
    return info.name or info.callback.__name__.lower().replace("_", "-")


def _modules(typer_app) -> set[str]:
    mods = {c.callback.__module__.rsplit(".", 1)[1] for c in typer_app.registered_commands}
    for group in typer_app.registered_groups:
        mods |= _modules(group.typer_instance)
    return mods


def test_the_command_table_names_every_command_and_its_modules():
    full = build_app()
    registered = {_name(c): {c.callback.__module__.rsplit(".", 1)[1]} for c in full.registered_commands}
    registered |= {g.name: _modules(g.typer_instance) for g in full.registered_groups}
    assert {name: set(mods) for name, mods in COMMAND_MODULES.items()} == registered


@pytest.mark.parametrize(
    ("args", "command"),
    [
        (["pipeline"], "pipeline"),
        (["--data", "x", "--today", "2026-11-23", "--lang", "zh", "--no-cache", "team"], "team"),
        (["--data=x", "--data", "y", "report", "weekly"], "report"),
        (["add", "contact", "x"], "add"),
        (["--version"], ""),
        (["--data", "x", "--version", "pipeline"], ""),
        ([], None),
        (["--help"], None),
        (["pipelin"], None),  # a typo: every command, so Click can say "did you mean"
        (["--unknown", "pipeline"], None),
        (["--data"], None),
    ],
)
def test_the_invoked_command_is_read_past_the_global_options(args, command):
    assert invoked_command(args) == command


def _selected() -> dict[str, list[tuple[str, ...]]]:
    """Every --help and --version, and the first golden command of each command name."""
    by_command: dict[str, list[tuple[str, ...]]] = {}
    for args in read_commands():
        name = invoked_command(list(args))
        if name is None:  # pipetrack --help: every command, as now
            continue
        runs = by_command.setdefault(name, [])
        if "--help" in args or not any("--help" not in a for a in runs):
            runs.append(args)
    return by_command


def test_a_command_alone_prints_what_the_full_app_prints(monkeypatch):
    """The golden outputs, each through an app with only its own command registered."""
    import golden_commands

    selected = _selected()
    assert set(selected) == {*COMMAND_MODULES, ""} - {"check-staged"}  # (no golden output)
    for name, runs in selected.items():
        lean = build_app(name)
        monkeypatch.setattr(golden_commands, "_app", lambda lean=lean: lean)
        got = run_all(lambda args, runs=runs: args in runs)
        assert set(got) == {golden_name(a) for a in runs}
        for file, text in got.items():
            assert text == (GOLDEN / file).read_text(encoding="utf-8"), f"{name}: {file}"


class Colour(enum.StrEnum):
    red = "red"
    green = "green"


def _coerced(annotation, value, case_sensitive=True):
    """(light value, Typer's value) of one option value, or the error texts of both."""
    app = typer.Typer()

    def cmd(x=typer.Option(None, case_sensitive=case_sensitive)):  # noqa: B008
        print(repr(x))

    cmd.__annotations__ = {"x": annotation, "return": None}  # (this module's annotations are text)
    app.command()(cmd)

    command = typer.main.get_command(app)
    param = next(p for p in command.params if p.name == "x")
    from typer._coercion import build_runtime_param

    ctx = command.make_context("cmd", [])
    light = type(param.get_runtime_param()).__name__ == "PlainRuntimeParam"
    assert light == (coerce.plain_kind(annotation, param.type_descriptor.parameter_info) is not None)
    out = []
    for runtime in (param.get_runtime_param(), build_runtime_param(param.type_descriptor)):
        try:
            out.append(runtime.coerce(value, param=param, ctx=ctx))
        except Exception as exc:  # the two must fail alike
            out.append(f"{type(exc).__name__}: {exc}")
    return out


@pytest.mark.parametrize(
    ("annotation", "value", "case_sensitive"),
    [
        (str, "王经理", True),
        (str, "", True),
        (bool, True, True),
        (list[str], ("a", "b"), True),
        (list[str], (), True),
        (Colour, "green", True),
        (Colour, Colour.red, True),
        (Colour, "GREEN", False),
        (Colour, "GREEN", True),  # not one of them: Typer's own message
        (Colour, "blue", True),
        (int, "3", True),  # not a plain kind: Typer's own coercion
    ],
)
def test_the_light_coercion_gives_what_typers_adapter_gives(annotation, value, case_sensitive):
    coerce.install()
    light, typer_own = _coerced(annotation, value, case_sensitive)
    assert light == typer_own
    assert type(light) is type(typer_own)


def test_the_plain_kinds():
    assert coerce.plain_kind(str, typer.models.OptionInfo()) == "str"
    assert coerce.plain_kind(list[str], typer.models.OptionInfo()) == "list"
    assert coerce.plain_kind(Colour, typer.models.OptionInfo()) == "choice"
    assert coerce.plain_kind(int, typer.models.OptionInfo()) is None
    assert coerce.plain_kind(Path, typer.models.OptionInfo()) is None
    assert coerce.plain_kind(str, typer.models.OptionInfo(parser=str.upper)) is None


def _imported(*args: str) -> set[str]:
    """The modules a real `pipetrack ARGS` run has imported when it ends."""
    code = (
        "import sys, atexit\n"
        "atexit.register(lambda: sys.__stderr__.write('MODULES ' + ' '.join(sys.modules) + '\\n'))\n"
        "from pipetrack.cli.main import main\n"
        f"sys.argv = ['pipetrack', *{list(args)!r}]\n"
        "main()\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    line = next(x for x in run.stderr.splitlines() if x.startswith("MODULES "))
    return set(line.split()[1:])


def test_version_and_help_import_no_pydantic_and_no_other_command():
    version = _imported("--version")
    assert not {m for m in version if m.split(".")[0] in ("pydantic", "rich", "yaml", "ruamel")}
    assert not {m for m in version if m.startswith("pipetrack.cli.") and m != "pipetrack.cli.main"} - {
        "pipetrack.cli.options",
        "pipetrack.cli.env",
        "pipetrack.cli.complete",
        "pipetrack.cli.lookup",
        "pipetrack.cli.coerce",
        "pipetrack.cli.usage",
    }
    help_ = _imported("pipeline", "--help")
    assert "pydantic" not in help_
    assert "typer._adapters" not in help_
    assert not {"pipetrack.cli.transfer", "pipetrack.cli.daily_write", "pipetrack.cli.contacts"} & help_


def test_a_report_builds_no_typer_adapter(tmp_path):
    import shutil

    from golden_commands import EXAMPLE

    shutil.copytree(EXAMPLE, tmp_path / "d")
    mods = _imported("--data", str(tmp_path / "d"), "--today", "2026-11-23", "pipeline", "--format", "json")
    assert "typer._adapters" not in mods
    assert "pipetrack.cli.reports" in mods and "pipetrack.cli.transfer" not in mods


def test_an_unknown_command_still_gets_the_suggestion():
    result = CliRunner().invoke(build_app(invoked_command(["pipelin"])), ["pipelin"], prog_name="pipetrack")
    assert result.exit_code == 2
    assert "Did you mean 'pipeline'?" in result.output
