"""Report data: what each view shows, computed once, rendered many ways.

Every function is pure: it takes records, settings and ``today`` and returns
plain dicts/lists with English keys and ISO dates — the JSON contract — which
the render layer turns into tables, Markdown, CSV or HTML. One module per
report; this package names them all (``reports.pipeline_report`` …).
"""

from __future__ import annotations

from pipetrack.domain.reports.common import (
    Period,
    _owned,
    iso,
    missing_codes,
    number,
    plain,
    snapshot_day,
    week_period,
)
from pipetrack.domain.reports.contact import ContactView, CriterionData, contact_view
from pipetrack.domain.reports.funnel import (
    CONNECTED,
    Calls,
    Counts,
    FunnelReport,
    Lever,
    Ratio,
    StageMove,
    became_prospect,
    closed_in,
    funnel_report,
    is_dial,
    rep_count,
    week_counts,
)
from pipetrack.domain.reports.pipeline import (
    CycleReport,
    PipelineContact,
    PipelineReport,
    PipelineStage,
    ShapeData,
    cycle_report,
    pipeline_report,
)
from pipetrack.domain.reports.plan import Observed, PlanReport, observed_ratios, plan_report
from pipetrack.domain.reports.review import ListKey, ReviewItem, ReviewReport, review_report
from pipetrack.domain.reports.team import TEAM_KEYS, TeamCounts, TeamReport, TeamRow, team_report
from pipetrack.domain.reports.updates import (
    PipelineUpdates,
    TeamUpdates,
    pipeline_updates,
    team_updates,
    update_days,
)

__all__ = [
    "CONNECTED",
    "TEAM_KEYS",
    "Calls",
    "ContactView",
    "Counts",
    "CriterionData",
    "CycleReport",
    "FunnelReport",
    "Lever",
    "ListKey",
    "Observed",
    "Period",
    "PipelineContact",
    "PipelineReport",
    "PipelineStage",
    "PipelineUpdates",
    "PlanReport",
    "Ratio",
    "ReviewItem",
    "ReviewReport",
    "ShapeData",
    "StageMove",
    "TeamCounts",
    "TeamReport",
    "TeamRow",
    "TeamUpdates",
    "_owned",
    "became_prospect",
    "closed_in",
    "contact_view",
    "cycle_report",
    "funnel_report",
    "is_dial",
    "iso",
    "missing_codes",
    "number",
    "observed_ratios",
    "pipeline_report",
    "pipeline_updates",
    "plain",
    "plan_report",
    "rep_count",
    "review_report",
    "snapshot_day",
    "team_report",
    "team_updates",
    "update_days",
    "week_counts",
    "week_period",
]
