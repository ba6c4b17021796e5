"""A region: several teams, each its own data folder, reported side by side and added up.

Pure: each team's reports (the dicts of ``pipetrack.domain.reports`` and ``weekly``,
computed from that team's own folder and settings) in; the region's tables out.
Nothing is counted again here: a team's row is its own report's total, the region
total is the sum of the teams' rows, so the region always agrees with the team
reports. An owner keeps the team's name in front (``team-a/li-na``): the same id in
two teams is two people.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pipetrack.domain.reports import TEAM_KEYS, FunnelReport, PipelineReport, TeamReport, number

if TYPE_CHECKING:
    from pipetrack.domain.weekly import ProblemData, WeeklyReport

#: Per-team pipeline figures summed into the region total.
PIPELINE_KEYS = (
    "prospects",
    "first_meetings",
    "p25",
    "p50",
    "p90",
    "closed",
    "stale",
    "weighted_total",
    "closed_value",
)

#: Per-team funnel figures (15-7-1 and 20:5:1, targets included) summed into the region total.
FUNNEL_KEYS = (
    "reps",
    "dials",
    "target_dials",
    "connects",
    "target_connects",
    "meetings_set",
    "target_meetings",
    "new_contacts",
    "target_new_contacts",
    "new_prospects",
    "target_new_prospects",
    "deals",
    "target_deals",
)

_MONEY = ("collected", "booked", "weighted_total", "closed_value")
_STAGE_KEYS = {
    "first-meeting": "first_meetings",
    "25%": "p25",
    "50%": "p50",
    "90%": "p90",
    "closed": "closed",
}


def team_owner(team: str, owner: str) -> str:
    """An owner inside a region: ``team/owner`` (the same id in two teams is two people)."""
    return f"{team}/{owner}"


def _total(rows: list[dict[str, Any]], keys: tuple[str, ...]) -> dict[str, Any]:
    total: dict[str, Any] = {}
    for k in keys:
        value = sum(r[k] or 0 for r in rows)
        total[k] = number(float(value)) if k in _MONEY or isinstance(value, float) else value
    return total


def pipeline_row(team: str, pipeline: PipelineReport) -> dict[str, Any]:
    """One team's pipeline in a line: the stage counts, stale, weighted (open) and closed value, shape."""
    row: dict[str, Any] = {"team": team}
    shape = pipeline["shape"]  # (None under another method than the Prospect Management System)
    for st in pipeline["stages"]:
        if st["stage"] in _STAGE_KEYS:
            row[_STAGE_KEYS[st["stage"]]] = st["count"]
    row.update(
        prospects=pipeline["prospects"],
        stale=sum(st["stale"] for st in pipeline["stages"]),
        weighted_total=pipeline["weighted_total"],
        closed_value=pipeline["closed_value"],
        sales_cycle_days=pipeline["sales_cycle_days"],
        shape=shape["pattern"] if shape else None,
    )
    return row


def funnel_row(team: str, funnel: FunnelReport) -> dict[str, Any]:
    """One team's week: the 15-7-1 and 20:5:1 counts against the team's targets, its weakest lever."""
    calls, ratio = funnel["calls"], funnel["ratio"]
    tgt = ratio["target"]
    return {
        "team": team,
        "reps": funnel["reps"],
        "dials": calls["dials"],
        "target_dials": calls["target_dials"],
        "connects": calls["connects"],
        "target_connects": calls["target_connects"],
        "meetings_set": calls["meetings_set"],
        "target_meetings": calls["target_meetings"],
        "new_contacts": ratio["new_contacts"],
        "target_new_contacts": tgt[0],
        "new_prospects": ratio["new_prospects"],
        "target_new_prospects": tgt[1],
        "deals": ratio["deals"],
        "target_deals": tgt[2],
        "weakest_lever": funnel["weakest_lever"]["lever"] if funnel["weakest_lever"]["gain_deals"] else None,
    }


def pipeline_by_team(teams: list[tuple[str, PipelineReport]]) -> dict[str, Any]:
    rows = [pipeline_row(name, rep) for name, rep in teams]
    return {"rows": rows, "total": _total(rows, PIPELINE_KEYS)}


def funnel_by_team(teams: list[tuple[str, FunnelReport]]) -> dict[str, Any]:
    rows = [funnel_row(name, rep) for name, rep in teams]
    return {"rows": rows, "total": _total(rows, FUNNEL_KEYS)}


def team_sheet(teams: list[tuple[str, TeamReport]]) -> dict[str, Any]:
    """The team tracking sheets of every team: a row per team/owner, each team's subtotal
    (its own sheet's), and the region total (the sum of the subtotals)."""
    rows = [
        {"team": name, **r, "owner": team_owner(name, r["owner"])} for name, rep in teams for r in rep["rows"]
    ]
    subtotals = [{"team": name, **rep["total"]} for name, rep in teams]
    first = teams[0][1] if teams else None
    return {
        "week": first["week"] if first else None,
        "period": first["period"] if first else None,
        "as_of": first["as_of"] if first else None,
        "currency": first["currency"] if first else None,
        "rows": rows,
        "subtotals": subtotals,
        "total": _total(subtotals, TEAM_KEYS),
    }


def problems(teams: list[tuple[str, list[ProblemData]]]) -> list[dict[str, Any]]:
    """Each team's data problems, the team named first (its path stays relative to its folder)."""
    return [{"team": name, **p} for name, listed in teams for p in listed]


def region_weekly(
    name: str | None, teams: list[tuple[str, WeeklyReport]], today: str, lang: str
) -> dict[str, Any]:
    """The region's weekly report from each team's weekly report (``weekly.weekly_report``)."""
    first = teams[0][1]
    listed = problems([(team, rep["problems"]) for team, rep in teams])
    return {
        "region": name,
        "teams": [team for team, _ in teams],
        "week": first["week"],
        "period": first["period"],
        "today": today,
        "owner": first["owner"],
        "lang": lang,
        "currency": first["currency"],
        "pipeline": pipeline_by_team([(team, rep["pipeline"]) for team, rep in teams]),
        "funnel": funnel_by_team([(team, rep["funnel"]) for team, rep in teams]),
        "team": team_sheet([(team, rep["team"]) for team, rep in teams]),
        "problems": listed,
        "errors": sum(p["severity"] == "error" for p in listed),
    }
