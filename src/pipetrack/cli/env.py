"""The invocation's environment: options, clock, streams and the store, injected.

Only the CLI builds an ``Env``; everything below it takes ``today`` and
settings as arguments. Heavy modules are imported on first use, so ``--help``
and the one-file commands stay fast.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any


def parse_date(text: str, option: str, today: date | None = None, direction: str = "any") -> date:
    """A date as people say it (see domain.dates), relative to ``today`` (default: the clock)."""
    from pipetrack.domain.dates import parse_day

    return parse_day(text, today or date.today(), direction, option)  # type: ignore[arg-type]


@dataclass
class Env:
    data: str | None = None
    today_text: str | None = None
    use_cache: bool = True
    lang: str | None = None
    cwd: Path = field(default_factory=Path.cwd)
    #: every --data given (several: a region of teams, read by pipeline, team and report weekly)
    folders: tuple[str, ...] = ()
    #: the command and its arguments, as the undo journal names its writes
    args: list[str] = field(default_factory=list)

    @cached_property
    def today(self) -> date:
        if self.today_text is not None:  # `--today ''` is a mistake, not the clock
            return parse_date(self.today_text, "--today")
        return date.today()

    @cached_property
    def store(self) -> Any:
        import shlex
        from datetime import datetime

        from pipetrack.domain.errors import UsageError
        from pipetrack.storage.store import Store, find_root

        if len(self.folders) > 1 or (self.folders and Path(self.cwd, self.folders[0]).is_file()):
            # a region is read team by team (pipetrack.cli.region), never as one store
            raise UsageError("--data: this reads one data folder, not several teams (a region)")
        store = Store(find_root(self.data, self.cwd), cwd=self.cwd)
        store.command = shlex.join(["pipetrack", *self.args])
        store.when = datetime.now().isoformat(timespec="seconds")
        return store

    @cached_property
    def settings(self) -> Any:
        return self.store.load_settings()

    def language(self, settings: Any | None = None) -> str:
        return self.lang or (settings or self.settings).language

    @cached_property
    def out(self) -> Any:
        from rich.console import Console

        return Console(highlight=False, soft_wrap=False)

    @cached_property
    def err(self) -> Any:
        from rich.console import Console

        return Console(stderr=True, highlight=False)

    @property
    def interactive(self) -> bool:
        """A person at a terminal who can answer a prompt."""
        try:
            return sys.stdin.isatty() and sys.stdout.isatty() and os.environ.get("CI") is None
        except (AttributeError, ValueError):
            return False

    def warn(self, message: str) -> None:
        from rich.markup import escape

        self.err.print(f"[yellow]warning:[/] {escape(message)}", soft_wrap=True)
