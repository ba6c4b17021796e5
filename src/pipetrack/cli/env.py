"""The invocation's environment: options, clock, streams and the store, injected.

Only the CLI builds an ``Env`` (as httpie's ``Environment``): its fields are the
global options, the output streams (None: the process's own, looked up when
written to) and the state of one run (the folder once loaded, whether the
unreadable files were reported). Everything below the CLI takes ``today`` and
the settings as arguments. Heavy modules are imported on first use, so
``--help`` and the one-file commands stay fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from pipetrack.domain.errors import UsageError

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from rich.console import Console

    from pipetrack.domain.models import Contact, DealFacts, Settings
    from pipetrack.storage.folder import Folder
    from pipetrack.storage.store import Store


def parse_date(text: str, option: str, today: date | None = None, direction: str = "any") -> date:
    """A date as people say it (see domain.dates), relative to ``today`` (default: the clock)."""
    from pipetrack.domain.dates import parse_day
    from pipetrack.domain.models import day_in_range

    day = parse_day(text, today or date.today(), direction, option)  # type: ignore[arg-type]
    try:
        return day_in_range(day)
    except ValueError as exc:
        raise UsageError(f"{option}: {exc}") from None


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
    #: where output goes (None: sys.stdout / sys.stderr as they are when written to)
    stdout: IO[str] | None = None
    stderr: IO[str] | None = None
    #: this run's folder, once loaded (one load per run: a name lookup, then the sales cycle)
    folder: Folder | None = field(default=None, repr=False)
    #: the folder's contacts are pydantic models (load_folder(full=True)), not slim
    folder_full: bool = False
    #: the unreadable files were reported already (once per run)
    warned_unreadable: bool = False
    _settings: Settings | None = field(default=None, repr=False)
    #: the region the --data values name, once looked for: (region,) or (None,)
    region_found: tuple[Any] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        text = sys.modules.get("pipetrack.text")  # (not imported yet: no method named, nothing to undo)
        if text is not None:
            text.use_method(None)  # until this run's folder names its contact method

    @cached_property
    def today(self) -> date:
        if self.today_text is not None:  # `--today ''` is a mistake, not the clock
            return parse_date(self.today_text, "--today")
        return date.today()

    @cached_property
    def store(self) -> Store:
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

    @property
    def settings(self) -> Settings:
        if self.folder is not None:
            return self.folder.settings
        if self._settings is None:
            self._settings = self._adopt(self.store.load_settings())
        return self._settings

    @staticmethod
    def _adopt(settings: Settings) -> Settings:
        """Show the stage labels of the folder's contact method."""
        from pipetrack.text import use_method

        use_method(settings._contacts)
        return settings

    def pms_only(self, command: str) -> None:
        """Refuse a report of the Prospect Management System (the 15-7-1 funnel, the team
        sheet, the plan, the weekly report) in a folder whose contacts follow another method."""
        from pipetrack.domain.models import contacts_method
        from pipetrack.storage.region import region_of

        if self.region_found is None:  # (as cli.region.region_of, which imports this module)
            self.region_found = (region_of(self.folders, self.cwd),)
        if self.region_found[0] is not None:  # several teams: a region reads them one by one
            return
        method = contacts_method(self.settings)
        if method.id != "pms":
            raise UsageError(
                f"{command}: a report of the Prospect Management System; this folder's contacts follow "
                f"the method {method.id!r} (pipetrack.yaml methods.contacts): use pipeline, review or check"
            )

    def language(self, settings: Settings | None = None) -> str:
        return self.lang or (settings or self.settings).language

    @cached_property
    def out(self) -> Console:
        from pipetrack.render.safe import SafeConsole

        return SafeConsole(file=self.stdout, highlight=False, soft_wrap=False)

    @cached_property
    def err(self) -> Console:
        from pipetrack.render.safe import SafeConsole

        return SafeConsole(file=self.stderr, stderr=True, highlight=False)

    def emit(self, text: str) -> None:
        """Machine output (JSON, CSV, Markdown, HTML) goes to stdout untouched by Rich,
        with data's control characters made visible (render.safe)."""
        from pipetrack.render.safe import visible

        stream = self.stdout or sys.stdout
        stream.write(visible(text))
        stream.flush()

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

    def today_or(self, text: str | None, option: str = "--date", direction: str = "past") -> date:
        """The day an option names, relative to --today; today when it is not given."""
        return parse_date(text, option, self.today, direction) if text is not None else self.today

    # the folder, loaded once per run

    def load_folder(self, *, quiet: bool = False, full: bool = False) -> Folder:
        """The whole folder; bad files are listed on stderr and left out. Its contacts
        are slim (domain.slim: what the reports read) unless ``full`` asks for models."""
        if self.folder is not None and (self.folder_full or not full):
            return self.folder
        import gc

        # The records live as long as the command: no collector passes over them
        # while they are built, and none after (gc.freeze; measured: the reports
        # of a 10k folder ran in 0.4 s instead of 0.7 s).
        gc.disable()
        try:
            folder = self.store.load(use_cache=self.use_cache, progress=self._progress_bar(), full=full)
            gc.freeze()
        finally:
            gc.enable()
        self.folder = folder
        self.folder_full = full
        self._adopt(folder.settings)
        if not quiet:
            self.warn_unreadable([p.path for p in folder.problems if p.severity == "error"])
        return folder

    def warn_unreadable(self, paths: list[str]) -> None:
        bad = sorted(set(paths))
        if bad and not self.warned_unreadable:
            self.warned_unreadable = True
            from pipetrack.text import text

            lang = self.language()
            shown = ", ".join(bad[:5]) + (
                " " + text("and_more", lang, n=len(bad) - 5) if len(bad) > 5 else ""
            )
            self.warn(text("unreadable", lang, n=len(bad), shown=shown))

    def _progress_bar(self) -> Callable[[int], AbstractContextManager[Callable[[int], None]]] | None:
        """A progress bar on stderr while many files are parsed, only for a person at a terminal."""
        if not self.err.is_terminal:
            return None
        import contextlib

        @contextlib.contextmanager
        def bar(total: int) -> Iterator[Callable[[int], None]]:
            from rich.progress import Progress

            with Progress(console=self.err, transient=True) as progress:
                task = progress.add_task("Reading files", total=total)
                yield lambda n: progress.advance(task, n)

        return bar

    def closed_deals(self) -> list[Contact] | list[DealFacts]:
        """The contacts the sales cycle looks at: from the cache's deal list when no
        file changed since the last full load (one-contact commands stay fast on a big
        folder), else from a full load."""
        found = self.store.closed_deals() if self.use_cache and self.folder is None else None
        if found is None:
            return list(self.load_folder().contacts.values())
        deals, bad = found
        self.warn_unreadable(bad)
        return deals

    def resolve_id(self, kind: str, ref: str, folder: Folder | None = None) -> str:
        """An id from an id, an exact name, or an unambiguous beginning of either."""
        from pipetrack import services

        if kind not in ("contacts", "accounts", "projects"):
            raise UsageError(f"unknown kind {kind!r}")
        return services.resolve_ref(
            self.store,
            kind,  # type: ignore[arg-type]
            ref,
            lambda: getattr(folder or self.load_folder(), kind),
        )


def env_of(ctx: Any) -> Env:
    """The invocation's Env (a typer.Context's root object; a default one outside the app)."""
    obj = ctx.find_root().obj
    return obj if isinstance(obj, Env) else Env()
