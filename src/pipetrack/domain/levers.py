"""The five levers of the ratio game (README: Plan and the ratio targets): more dials, a better
dial→connect rate, a better connect→meeting rate, a better closing ratio and a larger average
deal, each ranked by the deals a week it would add if it reached its target, the others staying
as observed."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from statistics import mean, median
from typing import Any

from pipetrack.domain.models import Settings
from pipetrack.domain.rules import call_targets

#: the levers in the method's order (ties keep it)
ORDER = ("dials", "connect_rate", "meeting_rate", "closing_ratio", "deal_size")


@dataclass(frozen=True)
class Lever:
    """One lever: observed against target and what reaching the target would add a week.
    ``gain_deals`` None: not ranked, ``reason`` (a code with ``params``) says why."""

    key: str
    observed: float | None
    target: float | None
    gain_deals: float | None = None
    #: the call levers: the meetings set it would add
    gain_meetings: float | None = None
    #: the deals' value it would add (needs an observed deal size)
    gain_value: float | None = None
    reason: str | None = None
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Window:
    """What the closing ratio and the deal size are judged on: the ``weeks`` up to the
    period's end, the view's new prospects and deals there, the values of its closed deals,
    and the values of every owner's closed deals (the default deal size target)."""

    weeks: int
    new_prospects: int
    deals: int
    values: tuple[float, ...]
    folder_values: tuple[float, ...]


def call_levers(dials: int, connects: int, meetings: int, settings: Settings, rep_days: int) -> list[Lever]:
    """The three call-funnel levers (dials, dial→connect, connect→meeting), each with
    the extra meetings in the period that reaching its target would give, the others
    staying as observed. ``rep_days`` is working days times reps. Sorted by gain, largest first."""
    t = settings.targets
    target_dials = call_targets(settings, rep_days)[0]
    cr_target = t.connects_per_day / t.dials_per_day
    mr_target = t.meetings_per_day / t.connects_per_day
    # A rate seen on a handful of calls says little: below lever_min_dials (10) dials or
    # lever_min_connects (5) connects the estimate takes the target rate (one lucky dial
    # must not promise 74 more meetings).
    cr = connects / dials if dials >= settings.lever_min_dials else cr_target
    mr = meetings / connects if connects >= settings.lever_min_connects else mr_target
    levers = [
        Lever("dials", dials, target_dials, gain_meetings=max(0.0, target_dials * cr * mr - meetings)),
        Lever(
            "connect_rate",
            connects / dials if dials else 0.0,
            cr_target,
            gain_meetings=max(0.0, dials * cr_target * mr - meetings),
        ),
        Lever(
            "meeting_rate",
            meetings / connects if connects else 0.0,
            mr_target,
            gain_meetings=max(0.0, dials * cr * mr_target - meetings),
        ),
    ]
    return sorted(levers, key=lambda lv: (-round(lv.gain_meetings or 0.0, 6), ORDER.index(lv.key)))


def _closing(window: Window, settings: Settings, size: float | None) -> Lever:
    """Deals per new prospect in the window against 1 in ``prospects_per_deal`` (20:5:1): the
    window's new prospects a week times the missing ratio."""
    target = 1 / settings.targets.prospects_per_deal
    observed = window.deals / window.new_prospects if window.new_prospects else None
    if observed is None or window.new_prospects < settings.lever_min_prospects:
        params = {"n": window.new_prospects, "min": settings.lever_min_prospects, "weeks": window.weeks}
        return Lever("closing_ratio", observed, target, reason="few_prospects", params=params)
    gain = window.new_prospects / window.weeks * max(0.0, target - observed)
    return Lever("closing_ratio", observed, target, gain, gain_value=gain * size if size else None)


def deal_size_target(window: Window, settings: Settings) -> float | None:
    """``target_deal_value``, else the median value of the folder's deals closed in the window."""
    if settings.target_deal_value is not None:
        return settings.target_deal_value
    return median(window.folder_values) if window.folder_values else None


def _deal_size(window: Window, settings: Settings, size: float | None) -> Lever:
    """The average value of the view's closed deals against the target: its deals a week times
    the missing value, counted in deals of today's average size."""
    target = deal_size_target(window, settings)
    observed = mean(window.values) if window.values else None
    params = {"n": len(window.values), "min": settings.lever_min_deals, "weeks": window.weeks}
    if target is None:
        return Lever("deal_size", observed, None, reason="no_deal_value", params=params)
    if size is None:
        return Lever("deal_size", observed, target, reason="few_deals", params=params)
    value = len(window.values) / window.weeks * max(0.0, target - size)
    return Lever("deal_size", size, target, value / size, gain_value=value)


def five_levers(
    dials: int, connects: int, meetings: int, window: Window, settings: Settings, rep_days: int
) -> list[Lever]:
    """All five levers, the ranked ones first by the deals a week they would add (the largest
    first, ties in the method's order), then those without a basis to rank them.

    A meeting set is a new prospect, so a call lever's meetings become deals at the closing
    ratio (the window's, or 1 in ``prospects_per_deal`` on fewer than ``lever_min_prospects``
    new prospects); the average deal size needs ``lever_min_deals`` closed deals with a value."""
    closing = (
        window.deals / window.new_prospects if window.new_prospects >= settings.lever_min_prospects else None
    )
    ratio = closing if closing is not None else 1 / settings.targets.prospects_per_deal
    size = mean(window.values) if len(window.values) >= settings.lever_min_deals else None
    size = size if size else None  # deals worth nothing give no size to count in
    levers = [
        replace(
            lv,
            gain_deals=(lv.gain_meetings or 0.0) * ratio,
            gain_value=(lv.gain_meetings or 0.0) * ratio * size if size else None,
        )
        for lv in call_levers(dials, connects, meetings, settings, rep_days)
    ]
    levers += [_closing(window, settings, size), _deal_size(window, settings, size)]
    ranked = [lv for lv in levers if lv.gain_deals is not None]
    ranked.sort(key=lambda lv: (-round(lv.gain_deals or 0.0, 6), ORDER.index(lv.key)))
    return ranked + [lv for lv in levers if lv.gain_deals is None]
