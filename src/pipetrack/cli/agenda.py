"""`pipetrack agenda`: the start of a rep's day.

No ``from __future__ import annotations``: Typer reads the option annotations.
"""

import os
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from pipetrack.cli.env import env_of
from pipetrack.cli.options import OwnerOnlyOpt, output
from pipetrack.domain.errors import UsageError

if TYPE_CHECKING:
    from datetime import tzinfo

    from pipetrack.cli.env import Env
    from pipetrack.domain.agenda import Agenda

AGENDA_HELP = """What is due from today on, by day and time: meetings (next_meeting);
signing dates of deals not signed yet; 90% deals whose cooling-off ends (ready
to close); the follow-up within 2 days after a close; prospects below 90% that
turn stale (their first meeting one sales cycle old), on the day they turn;
first meetings that have passed without a move to 25% (listed today); accounts
(and contacts with no account) due for contact by their contact rhythm (settings
rhythm_days: prospects every 30 days, interested clients 14, closed clients 60;
overdue ones listed today); then today's 15-7-1 so far (dials, connects,
meetings set against the daily targets).

--format ics writes the meetings, signing dates and contacts due by the rhythm as
an iCalendar file to import into a calendar app: each event has a stable UID
(meeting-<id>@pipetrack, rhythm-<id>@pipetrack), so importing again updates it.
Meeting times are read in the settings' `timezone` (an IANA name such as
Asia/Shanghai), else the machine's zone."""


class AgendaFormat(StrEnum):
    table = "table"
    json = "json"
    ics = "ics"


def local_zone(name: str | None) -> "tuple[tzinfo, str]":
    """The zone meeting times are in: the settings' ``timezone``, else $TZ, else
    the machine's (/etc/localtime), else UTC. Returns (tzinfo, its name)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if name:
        try:
            return ZoneInfo(name), name
        except (ZoneInfoNotFoundError, ValueError):
            raise UsageError(
                f"pipetrack.yaml: timezone: {name!r} is not a time zone (e.g. Asia/Shanghai)"
            ) from None
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        link = os.path.realpath("/etc/localtime")
        candidates.append(link.split("zoneinfo/", 1)[1] if "zoneinfo/" in link else "")
    except OSError:
        pass
    for candidate in candidates:
        if candidate:
            try:
                return ZoneInfo(candidate), candidate
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ZoneInfo("UTC"), "UTC"


def agenda_command(
    ctx: typer.Context,
    days: Annotated[
        int | None,
        typer.Option("--days", metavar="N", min=1, max=366, help="Today and the N-1 days after."),
    ] = None,
    week: Annotated[bool, typer.Option("--week", help="Today to the end of this week.")] = False,
    owner: OwnerOnlyOpt = None,
    fmt: Annotated[AgendaFormat, typer.Option("--format", help="table, json or ics.")] = AgendaFormat.table,
) -> None:
    from pipetrack.domain import agenda, rules
    from pipetrack.domain.models import WEEKDAYS

    env = env_of(ctx)
    if days is not None and week:
        raise UsageError("--days and --week: give one of them")
    folder = env.load_folder()
    settings = folder.settings
    lang = env.language(settings)
    today = env.today
    if week:
        first = WEEKDAYS.index(settings.week_start)
        days = (first - today.weekday() - 1) % 7 + 1
    cycle = rules.sales_cycle(folder.contacts.values(), settings, today)
    rep = agenda.agenda(
        folder.contacts.values(), settings, cycle.days, today, days or 1, owner, folder.accounts
    )
    _emit(env, fmt, rep, settings.timezone, lang)


def _emit(env: "Env", fmt: AgendaFormat, rep: "Agenda", timezone: str | None, lang: str) -> None:
    from pipetrack.render.agenda import agenda_text
    from pipetrack.render.formats import View

    def ics(_: int) -> str:
        from pipetrack.render.ics import EVENT_KINDS, agenda_ics
        from pipetrack.text.columns import message

        zone, zone_name = local_zone(timezone)  # (the environment's: read here, in the CLI)
        titles = {kind: message(f"ics_{kind}", lang) for kind in EVENT_KINDS}
        return agenda_ics(rep, zone, zone_name, titles)

    own = {"table": lambda width: agenda_text(rep, lang, width), "ics": ics}
    output(env, fmt, View("agenda", rep, own=own))


def register(app: typer.Typer) -> None:
    app.command(
        "agenda",
        help=AGENDA_HELP,
        short_help="Today (or N days, or the week): meetings, signings, closes, follow-ups.",
        epilog="Example: pipetrack agenda --week --owner li-na --format ics > week.ics",
    )(agenda_command)
