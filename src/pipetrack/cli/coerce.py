"""Option values without pydantic: the plain kinds pipetrack's commands take.

Typer (0.29 on) turns every option value through a pydantic ``TypeAdapter`` it
builds on the run: importing its adapter module and building a dozen adapters
costs ~0.12 s of every command's start, more than the work of a warm report on
a small folder. The values pipetrack takes are plain (a text, a flag, a list of
texts, a choice of an ``Enum``), and a command line gives them as text, so this
module gives those a light coercion: the same value Typer's adapter returns
(``tests/test_startup.py`` compares the two). Anything else (numbers, paths, a
custom parser, a value of another type) and every value the light way does not
accept go to Typer's own coercion, so its checks and error messages stay as
they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any, get_args, get_origin

_SLOW = object()  # "not a plain value: ask Typer"


def plain_kind(annotation: Any, info: Any) -> str | None:
    """Which light coercion fits a parameter: "str", "bool", "list" (of str), "choice", or None."""
    if getattr(info, "parser", None) is not None or getattr(info, "click_type", None) is not None:
        return None
    if annotation is str or annotation is bool:
        return annotation.__name__
    if get_origin(annotation) is list and get_args(annotation) == (str,):
        return "list"
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return "choice"
    return None


def plain_value(kind: str, annotation: Any, info: Any, value: Any, ctx: Any) -> Any:
    """The coerced value, or ``_SLOW`` when Typer's own coercion should judge it."""
    if kind == "str":
        return value if isinstance(value, str) else _SLOW
    if kind == "bool":
        return value if isinstance(value, bool) else _SLOW
    if kind == "list":
        if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
            return list(value)
        return _SLOW
    if isinstance(value, annotation):  # a choice: the default is already one
        return value
    from typer._param_types import coerce_cli_choice

    try:
        return coerce_cli_choice(value, choices=list(annotation), case_sensitive=info.case_sensitive, ctx=ctx)
    except ValueError:  # Typer's adapter says what is wrong, in its words
        return _SLOW


def install() -> None:
    """Give Typer's parameters the light coercion (a no-op on a Typer without the hook)."""
    try:
        from typer import _coercion
        from typer.core import _TyperParameter
    except ImportError:  # pragma: no cover - a Typer before 0.29 coerces through click
        return
    if getattr(_TyperParameter, "_pipetrack_plain", False):
        return

    @dataclass(frozen=True)
    class PlainRuntimeParam(_coercion.RuntimeParam):
        kind: str = "str"

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            out = plain_value(self.kind, self.annotation, self.parameter_info, value, ctx)
            if out is _SLOW:
                return _coercion.build_runtime_param(param.type_descriptor)._coerce_value(value, param, ctx)
            return out

    typer_runtime_param = _TyperParameter.get_runtime_param

    def get_runtime_param(self: Any) -> Any:
        if self._runtime_param is None:
            desc = self.type_descriptor
            kind = plain_kind(desc.annotation, desc.parameter_info)
            if kind is not None and desc.file_annotation is None:
                self._runtime_param = PlainRuntimeParam(
                    parameter_info=desc.parameter_info, annotation=desc.annotation, kind=kind
                )
        return typer_runtime_param(self)

    _TyperParameter.get_runtime_param = get_runtime_param  # type: ignore[method-assign]
    _TyperParameter._pipetrack_plain = True  # type: ignore[attr-defined]
