"""The weekly report as parts (a title, header lines and sections each) and as Markdown.

The parts are the same report sections the terminal commands print
(``pipeline_sections`` …), so every table reads the same everywhere; HTML
(``render.html``) lays out the same parts. Returns text, never writes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from rich.text import Text

from pipetrack.render import tables as render
from pipetrack.render.pipeline import funnel_sections, pipeline_sections
from pipetrack.render.review import review_sections
from pipetrack.render.tables import Section, fmt_num, plain
from pipetrack.render.team import team_sections
from pipetrack.text import stage_label, text

if TYPE_CHECKING:
    from pipetrack.domain.weekly import WeeklyReport

# --- the report as parts: (key, title, header lines, sections) ---------------


def top_header(rep: WeeklyReport, lang: str) -> list[str]:
    cycle = rep["cycle"]
    source = text("source_deals", lang) if cycle["source"] == "deals" else text("source_default", lang)
    period = f"{text('period', lang)}: {rep['period']['start']} – {rep['period']['end']} ({rep['week']})"
    if rep["owner"]:
        period += f"   {text('owner', lang)}: {rep['owner']}"
    return [
        period,
        f"{text('my_sales_cycle', lang)}: {cycle['sales_cycle_days']} {text('days', lang)} ({source})   "
        f"{text('as_of', lang)} {rep['as_of']}",
    ]


def week_word(rep: Mapping[str, Any], lang: str) -> str:
    """'this week' when the report's week holds today, 'last week' the week before, else its label."""
    from datetime import date, timedelta

    today = date.fromisoformat(rep["today"])
    start, end = (date.fromisoformat(rep["period"][k]) for k in ("start", "end"))
    if start <= today <= end:
        return text("this_week", lang)
    if start <= today - timedelta(days=7) <= end:
        return text("last_week", lang)
    return rep["week"]


def summary_figures(rep: WeeklyReport, lang: str) -> list[tuple[str, str, str]]:
    """What a lead asks first, as (label, value, aside): the cards of the HTML, a list in Markdown."""
    pipe, funnel = rep["pipeline"], rep["funnel"]
    calls, ratio = funnel["calls"], funnel["ratio"]
    when = week_word(rep, lang)
    return [
        (text("prospects", lang), str(pipe["prospects"]), ""),
        (
            f"{text('weighted_total', lang)} ({text('weighted_open', lang)})",
            render.money(pipe["weighted_total"]),
            pipe["currency"],
        ),
        (
            f"{text('closed_value', lang)} · {when}",
            render.money(pipe["closed_value"]),
            pipe["currency"],
        ),
        (
            f"{text('meetings_set', lang)} · {when}",
            str(calls["meetings_set"]),
            f"/ {fmt_num(calls['target_meetings'])}",
        ),
        (f"{text('deals', lang)} · {when}", str(ratio["deals"]), ""),
        (text("shape", lang), shape["name"] if (shape := pipe["shape"]) else "", ""),
    ]


def shape_section(rep: WeeklyReport, lang: str) -> Section:
    """The shape chart's figures as a table (Markdown has no chart): count, stale, the ideal pyramid."""
    rows = [
        [stage_label(r["stage"], lang), r["count"], r["stale"], fmt_num(r["ideal"])]
        for r in rep["shape_chart"]
    ]
    return Section(
        text("shape_chart", lang),
        [text("stage", lang), text("observed", lang), text("stale", lang), text("ideal", lang)],
        rows,
        "lrrr",
    )


def trend_section(rep: WeeklyReport, lang: str) -> Section:
    rows = [
        [
            w["week"],
            f"{w['start']} – {w['end']}",
            w["meetings_set"],
            fmt_num(w["target_meetings"]),
            w["deals"],
        ]
        for w in rep["trend"]
    ]
    return Section(
        text("trend_title", lang),
        [
            text("week", lang),
            text("period", lang),
            text("meetings_set", lang),
            text("target", lang),
            text("deals", lang),
        ],
        rows,
        "llrrr",
    )


def problems_section(rep: Mapping[str, Any], lang: str) -> Section:
    rows = [
        [p["path"], p["line"] or "", text(p["severity"], lang), Text(p["message"])] for p in rep["problems"]
    ]
    notes = [] if rows else [Text(text("no_problems", lang), style="dim")]
    return Section(
        text("problems_title", lang),
        [text("file", lang), text("line", lang), text("severity", lang), text("message", lang)],
        rows,
        "lrll",
        notes,
    )


def weekly_parts(rep: WeeklyReport, lang: str) -> list[tuple[str, str, list[Any], list[Section]]]:
    """The report's parts in reading order, each built by the terminal report's own renderer."""
    _, pipeline = pipeline_sections(rep["pipeline"], lang, None)
    funnel_header, funnel = funnel_sections(rep["funnel"], lang)
    review_header, review = review_sections(rep["review"], lang)
    _, team = team_sections(rep["team"], lang)
    parts = [
        ("pipeline", text("pipeline_title", lang), [], pipeline),
        ("funnel", f"{text('funnel_title', lang)} {rep['week']}", funnel_header, funnel),
        ("trend", text("trend_title", lang), [], [trend_section(rep, lang)]),
        ("review", text("review_title", lang), review_header, review),
        ("team", text("team_title", lang), [], team),
        ("problems", text("problems_title", lang), [], [problems_section(rep, lang)]),
    ]
    if "projects" in rep:  # a folder with projects (render.projects)
        from pipetrack.render.projects import review_sections as project_sections

        parts.insert(
            4, ("projects", text("project.review.title", lang), [], project_sections(rep["projects"], lang))
        )
    return parts


def report_title(rep: WeeklyReport, lang: str) -> str:
    return f"{text('weekly_title', lang)} {rep['week']}"


# --- Markdown ----------------------------------------------------------------

_HEADING = re.compile(r"^(#{1,5}) ", re.MULTILINE)


def _md_escape(cell: Any) -> Any:
    """Names are text, not HTML: a git web view would render ``<b>`` in a name."""
    if cell is None or isinstance(cell, (int, float)):
        return cell
    shown = plain(cell)
    if not any(ch in shown for ch in "<>&"):
        return cell
    return shown.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _md_safe(sec: Section) -> Section:
    return Section(
        sec.title,
        sec.headers,
        [[_md_escape(c) for c in row] for row in sec.rows],
        sec.align,
        [_md_escape(n) for n in sec.notes],
        sec.caption,
        sec.total,
    )


def weekly_markdown(rep: WeeklyReport, lang: str) -> str:
    """One Markdown document: each part is ``render.sections_markdown`` one heading level down."""
    out = [f"# {report_title(rep, lang)}", ""]
    for line in top_header(rep, lang):
        out += [line, ""]
    out += [
        f"- {label}: {value}" + (f" {aside}" if aside else "")
        for label, value, aside in summary_figures(rep, lang)
    ]
    out.append("")
    doc = "\n".join(out)
    for key, title, header, sections in weekly_parts(rep, lang):
        if key == "pipeline":
            sections = [*sections, shape_section(rep, lang)]
        part = render.sections_markdown(
            title, [_md_safe(s) for s in sections], [_md_escape(h) for h in header]
        )
        # headings come only from sections_markdown; table rows start with "|"
        doc += "\n" + _HEADING.sub(lambda m: "#" + m[1] + " ", part)
    return doc.rstrip("\n") + "\n"
