"""The exception hierarchy: each class carries its exit code; the CLI catches them once."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class PipetrackError(Exception):
    """A user-facing error: printed as one line, never with a traceback. ``str()`` is the
    English; a ``code`` (``error.<code>`` in pipetrack.text.errors) with the ``params`` its
    words name lets the front end say it in Chinese too."""

    exit_code = 2

    def __init__(self, message: str = "", code: str = "", **params: Any):
        super().__init__(message)
        self.code = code
        self.params = params


class UsageError(PipetrackError):
    """Bad arguments or options (exit 2)."""


class NotFoundError(PipetrackError):
    """A contact, account or data folder that does not exist (exit 2)."""


class RuleError(PipetrackError):
    """A rule of the method refused the request, e.g. an unsupported stage (exit 1)."""

    exit_code = 1


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one file: shown as ``path:line: message``.

    A problem of pipetrack's own checks carries a ``code`` and ``params`` (put into words in
    either language by pipetrack.text.problem_message) and no ``message``; one from the
    loader (YAML, schema) carries its English ``message`` and, where pipetrack knows the
    kind of problem, a ``load.<kind>`` code with its params (the Chinese words are in
    pipetrack.text.loading).
    """

    path: str
    line: int | None
    message: str
    severity: str = "error"  # error | warning
    code: str = ""
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    def __str__(self) -> str:
        return f"{self.where}: {self.message or self.code}"


class DataError(PipetrackError):
    """A data file that cannot be read or is not valid."""

    def __init__(
        self,
        path: str | Path,
        line: int | None,
        message: str,
        problems: list[Problem] | None = None,
        code: str = "",
        **params: Any,
    ):
        self.problem = Problem(str(path), line, message, code=code, params=params)
        #: every problem found in the file (validation finds them all), the first one first
        self.problems = problems or [self.problem]
        super().__init__(str(self.problem))

    @property
    def path(self) -> str:
        return self.problem.path

    @property
    def line(self) -> int | None:
        return self.problem.line


class CodedValueError(ValueError):
    """A model validator's refusal with a code (``load.<code>``) and the values its words
    name, so the loader's message can be said in Chinese too; ``str()`` is the English."""

    def __init__(self, code: str, message: str, **params: Any):
        super().__init__(message)
        self.code = code
        self.params = params
