"""`pipetrack init`: create a data folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipetrack.cli.options import env_of
from pipetrack.domain.errors import UsageError

SETTINGS_TEMPLATE = """\
# pipetrack settings: every key is optional. See README.md for the method.
{owner_line}
# owners: {{li.na@example.com: li-na}}   # a team: git e-mail → owner id
sales_cycle_days: 28        # the cycle used until enough deals have closed
cycle_sample: 10            # how many recent closed deals make the average (at most 20)
cooling_off_days: 10        # days after payment before a 90% deal counts as closed
week_start: monday          # first day of a report week (monday, or friday as in the weekly sheet)
language: {language}                # en | zh : labels in tables and reports
targets:                    # the method's ratios: 20:5:1 and 15-7-1
  contacts_per_deal: 20
  prospects_per_deal: 5
  dials_per_day: 15
  connects_per_day: 7
  meetings_per_day: 1
  meetings_per_week: 8
  working_weeks: 50
currency: CNY
# timezone: Asia/Shanghai   # meeting times, for agenda --format ics (unset: this machine's zone)
"""


def init(
    ctx: typer.Context,
    directory: Annotated[Path, typer.Argument(help="Folder to create (default: the current folder).")] = Path(
        "."
    ),
    owner: Annotated[str | None, typer.Option(help="Default owner for new contacts.")] = None,
    language: Annotated[str, typer.Option(help="en or zh.")] = "en",
    git: Annotated[
        bool, typer.Option("--git", help="Also set the folder up for a team on git (see git-setup).")
    ] = False,
) -> None:
    """Create a data folder: pipetrack.yaml, accounts/, contacts/ and a .gitignore for caches.

    With --git: also a git repository with pipetrack's merge driver and a
    pre-commit hook that runs `pipetrack check` (see `git-setup`). Running it
    again changes nothing."""
    from pipetrack.domain.ids import is_valid_id

    env = env_of(ctx)
    from pipetrack.text import lang_problem

    if problem := lang_problem("--language", language):
        raise UsageError(problem)
    if owner is not None and not is_valid_id(owner):
        raise UsageError(f"--owner: {owner!r} is not a valid id (lowercase letters, digits and '-')")
    root = directory
    made = _create(root, owner, language)
    if git:
        from pipetrack.storage import gitsetup

        made += [f"git: {line}" for line in gitsetup.setup(root)]
    # soft_wrap: a long path must stay on one line, to be copied
    if made:
        env.out.print(f"Created {', '.join(made)} in {root}", soft_wrap=True)
    else:
        env.out.print(f"{root} is a pipetrack folder already; nothing changed", soft_wrap=True)
    env.out.print(f"Next: pipetrack --data {root} add contact NAME --stage opportunity", soft_wrap=True)


def _create(root: Path, owner: str | None, language: str) -> list[str]:
    """Create what the folder lacks (settings, accounts/, contacts/, the cache and
    the lock in .gitignore); what was made."""
    from pipetrack.storage.fs import atomic_write, ensure_lines
    from pipetrack.storage.store import GITIGNORE, SETTINGS_FILE

    try:
        root.mkdir(parents=True, exist_ok=True)
        made = []
        for sub in ("accounts", "contacts"):
            if not (root / sub).is_dir():
                (root / sub).mkdir()
                made.append(f"{sub}/")
        settings = root / SETTINGS_FILE
        if not settings.exists():
            owner_line = (
                f"{'owner: ' + owner:<27} # default owner for new contacts"
                if owner
                else "# owner: li-na              # unset: your git user.email names the owner"
            )
            atomic_write(
                settings, SETTINGS_TEMPLATE.format(owner_line=owner_line, language=language).encode()
            )
            made.insert(0, SETTINGS_FILE)
        ignore_head, *ignore_lines = GITIGNORE.splitlines()
        if ensure_lines(root / ".gitignore", ignore_head, tuple(ignore_lines)):
            made.append(".gitignore")
    except OSError as exc:
        raise UsageError(f"cannot create {root}: {exc.strerror}") from None
    return made


def register(app: typer.Typer) -> None:
    app.command(epilog="Example: pipetrack init my-pipeline --owner li-na")(init)
