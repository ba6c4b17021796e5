"""The exception hierarchy: each class carries its exit code; the CLI catches them once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class PipetrackError(Exception):
    """A user-facing error: printed as one line, never with a traceback."""

    exit_code = 2


class UsageError(PipetrackError):
    """Bad arguments or options (exit 2)."""


class NotFoundError(PipetrackError):
    """A contact, account or data folder that does not exist (exit 2)."""


class RuleError(PipetrackError):
    """A rule of the method refused the request, e.g. an unsupported stage (exit 1)."""

    exit_code = 1


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one file: shown as ``path:line: message``."""

    path: str
    line: int | None
    message: str
    severity: str = "error"  # error | warning

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class DataError(PipetrackError):
    """A data file that cannot be read or is not valid."""

    def __init__(self, path: str | Path, line: int | None, message: str):
        self.problem = Problem(str(path), line, message)
        super().__init__(str(self.problem))

    @property
    def path(self) -> str:
        return self.problem.path

    @property
    def line(self) -> int | None:
        return self.problem.line
