"""The agenda as iCalendar (RFC 5545): meetings, signing dates and clients due for contact
by their contact rhythm (all-day), for a calendar app.

UIDs are stable per contact and kind (``meeting-<id>@pipetrack``), so importing
again after a meeting moved updates the event instead of adding a second one.
Meeting times are the contact's wall-clock times in the folder's zone, written
in UTC (``…Z``), which every calendar reads without a VTIMEZONE block.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipetrack.domain.agenda import Agenda, AgendaItem

#: which agenda items become events
EVENT_KINDS = ("first_meeting", "meeting", "signing", "rhythm")
MEETING_LENGTH = timedelta(hours=1)


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r", "")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> list[str]:
    """Lines of at most 75 octets, continued with a leading space (never inside a character)."""
    out: list[str] = []
    current = ""
    for ch in line:
        limit = 75 if not out else 74
        if len((current + ch).encode("utf-8")) > limit:
            out.append(current)
            current = ch
        else:
            current += ch
    out.append(current)
    return [out[0], *(" " + part for part in out[1:])]


def _utc(day: str, time: str, zone: tzinfo) -> str:
    local = datetime.combine(date.fromisoformat(day), datetime.strptime(time, "%H:%M").time(), zone)
    return local.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _event(item: AgendaItem, zone: tzinfo, stamp: str, summary: str) -> list[str]:
    day = date.fromisoformat(item["date"])
    lines = [
        "BEGIN:VEVENT",
        f"UID:{item['kind']}-{item['id']}@pipetrack",
        f"DTSTAMP:{stamp}",
    ]
    if item["time"]:
        start = datetime.combine(day, datetime.strptime(item["time"], "%H:%M").time(), zone)
        lines.append(f"DTSTART:{_utc(item['date'], item['time'], zone)}")
        end = (start + MEETING_LENGTH).astimezone(UTC)
        lines.append(f"DTEND:{end.strftime('%Y%m%dT%H%M%SZ')}")
    else:
        lines.append(f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}")
        lines.append(f"DTEND;VALUE=DATE:{(day + timedelta(days=1)).strftime('%Y%m%d')}")
    lines.append(f"SUMMARY:{_escape(summary)}")
    if account := item["account"]:
        lines.append(f"DESCRIPTION:{_escape(account)}")
    lines.append("END:VEVENT")
    return lines


def agenda_ics(rep: Agenda, zone: tzinfo, zone_name: str, summaries: dict[str, str]) -> str:
    """The calendar text; ``summaries`` maps an event kind to its title with ``{name}``."""
    stamp = date.fromisoformat(rep["start"]).strftime("%Y%m%dT000000Z")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//pipetrack//agenda//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-TIMEZONE:{zone_name}",
    ]
    for item in rep["items"]:
        if item["kind"] in EVENT_KINDS:
            lines += _event(item, zone, stamp, summaries[item["kind"]].format(name=item["name"]))
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))
