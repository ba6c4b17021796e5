"""Usage errors and help, as the README promises: an error is one line naming the
option; help shows metavars (OWNER, DATE, N, [table|json]), never Python types
(``<bool>``, ``<float range>``, ``<list[Path]>``)."""

from __future__ import annotations

from typing import Any


def click_api() -> Any:
    """Click's exceptions and echo: Typer's own copy (0.20+ vendors click), else click."""
    import importlib

    try:
        vendored: Any = importlib.import_module("typer._click")
    except ImportError:  # an older Typer: click itself
        vendored = importlib.import_module("click")
    return vendored.exceptions, vendored.echo


def usage_line(exc: Any, lang: str = "en") -> str:
    """A click UsageError in one line, naming the option it is about (in Chinese under
    ``lang="zh"``: the common messages by their kind, the values as given)."""
    click, _ = click_api()
    message = " ".join(exc.format_message().split())
    param: Any = getattr(exc, "param", None)
    kind = getattr(param, "param_type_name", None)
    said = None
    if isinstance(exc, click.BadParameter) and kind in ("option", "argument"):
        name = max(param.opts, key=len) if kind == "option" else (param.metavar or param.name or "").upper()
        if isinstance(exc, click.MissingParameter):
            message, said = f"{name}: missing", ("usage_missing", {"name": name})
        else:
            detail = " ".join(str(exc.message).split()).removeprefix("Value error, ")
            message, said = f"{name}: {detail}", _choice(name, detail)
    elif isinstance(exc, click.NoSuchOption):
        said = ("usage_no_option", {"name": exc.option_name})
    elif message.startswith("Got unexpected extra argument"):
        said = ("usage_extra", {"args": message.rpartition("(")[2].rstrip(")")})
    elif message.startswith("No such command"):
        said = ("usage_no_command", {"name": message.partition("'")[2].rstrip("'.")})
    command = exc.ctx.command_path if getattr(exc, "ctx", None) is not None else "pipetrack"
    if lang == "en":
        return f"{message} (see {command} --help)"
    from pipetrack.text import text

    line = text(f"error.{said[0]}", lang, **said[1]) if said else message
    return text("error.see_help", lang, line=line, command=command)


def _choice(name: str, detail: str) -> tuple[str, dict[str, str]] | None:
    """Click's "'x' is not one of 'a', 'b'." as a code, else None (said as it is)."""
    value, sep, choices = detail.partition(" is not one of ")
    return ("usage_choice", {"name": name, "value": value, "choices": choices.rstrip(".")}) if sep else None


_DATES = ("date", "meeting", "created", "since", "until", "today", "signed", "paid")


def _metavar(param: Any) -> str:
    # click's param.type (Typer up to 0.19), or Typer's own type descriptor (0.20 on)
    click_type = getattr(param, "type", None)
    desc = getattr(param, "type_descriptor", None)
    choices = getattr(click_type, "choices", None) or (
        desc.choices if desc is not None and desc.is_choice else None
    )
    if choices:
        return "[" + "|".join(str(getattr(c, "value", c)) for c in choices) + "]"
    name = (max(param.opts, key=len) if param.opts else param.name or "").lstrip("-").lower()
    if click_type is not None:
        type_name = str(getattr(click_type, "name", "")).lower()
    else:
        type_name = param.bare_type().lower() if hasattr(param, "bare_type") else ""
    if any(word in type_name for word in ("int", "float")):
        return "N"
    if "path" in type_name:
        return "DIR" if name == "data" else "FILE"
    if any(word in name for word in _DATES):
        return "DATE"
    return name.replace("-", "_").upper()


def _no_type(ctx: Any = None) -> None:
    return None


def _is_flag(param: Any) -> bool:
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return True
    return hasattr(param, "bare_type") and param.bare_type() == "bool"


def _tidy_param(param: Any) -> None:
    kind = getattr(param, "param_type_name", None)
    if kind == "argument":
        if param.metavar is None or param.metavar.startswith("{"):
            param.metavar = (param.name or "").upper()
        param.display_type_rich = _no_type  # the name says what it is
        name = param.metavar
        # NAME when required, [NAME] when not, as every other tool writes it (Typer: {NAME})
        usage = (name if param.required else f"[{name}]") + ("..." if param.nargs != 1 else "")
        param._usage_display_name = lambda: usage
    elif kind == "option" and param.metavar is None:
        param.metavar = "" if _is_flag(param) else _metavar(param)


def _tidy_help_option(cmd: Any) -> None:
    original = getattr(cmd, "get_help_option", None)
    if original is None:
        return

    def get_help_option(ctx: Any) -> Any:
        option = original(ctx)
        if option is not None:
            option.metavar = ""
        return option

    cmd.get_help_option = get_help_option


def tidy_help(command: Any) -> None:
    """Give every parameter of a command group's commands a plain metavar
    (flags none), and arguments their NAME in capitals."""
    for cmd in [command, *getattr(command, "commands", {}).values()]:
        for param in getattr(cmd, "params", []):
            _tidy_param(param)
        _tidy_help_option(cmd)
