"""Checks of the values people filter by (--owner, --account, --stage): an unknown
one is a one-line error naming the option, never an empty report."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from pipetrack.cli.env import env_of
from pipetrack.domain.errors import UsageError

if TYPE_CHECKING:
    from pipetrack.storage.folder import Folder


def known_owners(folder: Folder) -> set[str]:
    """Owners this folder knows: of any contact, the settings' owner and its owners map."""
    settings = folder.settings
    found = {c.owner for c in folder.contacts.values() if c.owner}
    if settings.owner:
        found.add(settings.owner)
    found.update(settings.owners.values())
    return found


def check_owner(folder: Folder, owner: str | None, option: str = "--owner") -> str | None:
    """``owner`` itself if the folder knows it; else a UsageError with the owners it knows."""
    if owner is None:
        return None
    known = known_owners(folder)
    if owner in known:
        return owner
    import difflib

    close = difflib.get_close_matches(owner, sorted(known), n=3)
    hint = (
        f"did you mean {', '.join(close)}?" if close else f"owners: {', '.join(sorted(known)[:8]) or 'none'}"
    )
    raise UsageError(f"{option}: no owner {owner!r} in this folder; {hint}")


def owner_option(ctx: typer.Context, value: str | None) -> str | None:
    """Typer callback for every command's --owner: refuses an owner the folder does not know.

    The folder loaded here is the one the command then uses (one load per run).
    A region (several --data) is checked team by team by the command itself."""
    if value is None or ctx.resilient_parsing:
        return value

    env = env_of(ctx)
    if len(env.folders) > 1:
        return value
    return check_owner(env.load_folder(), value)
