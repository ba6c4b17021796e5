"""The weekly report rendered: Markdown for the git web view, one self-contained HTML file.

Both take the dict of ``pipetrack.domain.weekly.weekly_report`` and the same report
sections the terminal commands print (``pipeline_sections`` …), so every
table reads the same everywhere. The HTML has inline CSS and inline SVG charts:
no network, no JavaScript; it prints on A4 and reads on a phone. Every piece of
user text goes through ``html.escape``. Returns text, never writes.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from rich.text import Span, Text

from pipetrack.render import tables as render
from pipetrack.render.pipeline import funnel_sections, pipeline_sections
from pipetrack.render.review import review_sections
from pipetrack.render.tables import Section, fmt_num, pct, plain
from pipetrack.render.team import team_sections
from pipetrack.text import stage_label, text

# --- the report as parts: (key, title, header lines, sections) ---------------


def top_header(rep: dict[str, Any], lang: str) -> list[str]:
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


def week_word(rep: dict[str, Any], lang: str) -> str:
    """'this week' when the report's week holds today, 'last week' the week before, else its label."""
    from datetime import date, timedelta

    today = date.fromisoformat(rep["today"])
    start, end = (date.fromisoformat(rep["period"][k]) for k in ("start", "end"))
    if start <= today <= end:
        return text("this_week", lang)
    if start <= today - timedelta(days=7) <= end:
        return text("last_week", lang)
    return rep["week"]


def summary_figures(rep: dict[str, Any], lang: str) -> list[tuple[str, str, str]]:
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
        (text("shape", lang), pipe["shape"]["name"], ""),
    ]


def shape_section(rep: dict[str, Any], lang: str) -> Section:
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


def trend_section(rep: dict[str, Any], lang: str) -> Section:
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


def problems_section(rep: dict[str, Any], lang: str) -> Section:
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


def weekly_parts(rep: dict[str, Any], lang: str) -> list[tuple[str, str, list[Any], list[Section]]]:
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


def report_title(rep: dict[str, Any], lang: str) -> str:
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


def weekly_markdown(rep: dict[str, Any], lang: str) -> str:
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


# --- HTML: text and tables ---------------------------------------------------

_STYLE_CLASS = {"red": "bad", "green": "ok", "yellow": "warn", "cyan": "accent", "dim": "dim", "bold": "b"}


class Markup(str):
    """A cell already rendered as HTML (built here from escaped parts): passed through as it is."""


def chips_html(contacts: list[dict[str, Any]], with_date: bool) -> Markup:
    """A contact list: one chip per contact that wraps as a whole, never inside a name or a
    date, with its stale mark inside the chip (so the mark never reads as the next name's)."""
    chips = []
    for c in contacts:
        parts = [f'<span class="n">{escape(c["name"])}</span>']
        if with_date and c.get("first_meeting"):
            parts.append(f'<span class="d">{escape(c["first_meeting"][5:])}</span>')
        if c.get("stale"):
            parts.append('<span class="mark">!</span>')
        stale = " stale" if c.get("stale") else ""
        chips.append(f'<span class="chip{stale}">{" ".join(parts)}</span>')
    return Markup(" ".join(chips))


def text_html(cell: Any) -> str:
    """A table cell: Rich ``Text`` styles become classes (stale marks stay red), all text escaped."""
    if isinstance(cell, Markup):
        return str(cell)
    if not isinstance(cell, Text):
        return escape(plain(cell))
    raw = cell.plain
    spans = ([Span(0, len(raw), cell.style)] if cell.style else []) + list(cell.spans)
    classes: list[tuple[str, ...]] = [()] * len(raw)
    for span in spans:
        names = [_STYLE_CLASS[w] for w in str(span.style).split() if w in _STYLE_CLASS]
        for i in range(span.start, min(span.end, len(raw))):
            classes[i] = tuple(sorted(set(classes[i]) | set(names)))
    out, i = [], 0
    while i < len(raw):
        j = i
        while j < len(raw) and classes[j] == classes[i]:
            j += 1
        chunk = escape(raw[i:j])
        out.append(f'<span class="{" ".join(classes[i])}">{chunk}</span>' if classes[i] else chunk)
        i = j
    return "".join(out)


def section_html(sec: Section, level: int = 3) -> str:
    out = [f"<h{level}>{escape(sec.title)}</h{level}>"] if sec.title else []
    if sec.caption:
        out.append(f'<p class="caption">{escape(sec.caption)}</p>')
    if sec.rows:
        align = sec.align or "l" * len(sec.headers)
        head = "".join(
            f'<th class="{"num" if a == "r" else ""}">{escape(h)}</th>'
            for h, a in zip(sec.headers, align, strict=False)
        )
        body = []
        for i, row in enumerate(sec.rows):
            cls = ' class="total"' if sec.total and i == len(sec.rows) - 1 else ""
            # data-label: on a phone each row is a card of "label: value" lines (see the CSS)
            cells = "".join(
                f'<td class="{"num" if a == "r" else ""}" data-label="{escape(h)}">{text_html(c)}</td>'
                for c, a, h in zip(row, align, sec.headers, strict=False)
            )
            body.append(f"<tr{cls}>{cells}</tr>")
        out.append(
            f'<div class="table-wrap"><table class="stack"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table></div>"
        )
    for note in sec.notes:
        out.append(f'<p class="note">{text_html(note)}</p>')
    return "\n".join(out)


# --- HTML: SVG charts --------------------------------------------------------

BLUE, GREY, RED, GREEN, INK, MUTED = "#2563eb", "#cbd5e1", "#dc2626", "#16a34a", "#1f2937", "#6b7280"


def _n(x: float) -> str:
    """SVG coordinates with one decimal, the same bytes on every run."""
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _svg(kind: str, title: str, width: int, height: int, body: list[str]) -> str:
    return (
        f'<svg class="chart" data-chart="{kind}" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def _rect(x: float, y: float, w: float, h: float, cls: str, extra: str = "") -> str:
    return f'<rect class="{cls}" x="{_n(x)}" y="{_n(y)}" width="{_n(max(w, 0))}" height="{_n(h)}"{extra}/>'


def _text(x: float, y: float, s: str, anchor: str = "start", cls: str = "") -> str:
    c = f' class="{cls}"' if cls else ""
    return f'<text{c} x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}">{escape(s)}</text>'


def _swatch(x: float, baseline: float, kind: str) -> str:
    """A legend key: styled like the chart element, but not one (the browser test counts those)."""
    return _rect(x, baseline - 10, 14, 10, f"swatch key-{kind}")


def _nice_step(top: float, ticks: int = 4) -> float:
    """A round step (1, 2, 5 times a power of ten) giving at most ``ticks`` ticks up to ``top``."""
    step = 1.0
    while top / step > ticks:
        for m in (2.0, 2.5, 2.0):  # 1 → 2 → 5 → 10 → 20 …
            step *= m
            if top / step <= ticks:
                break
    return step


def shape_chart(rep: dict[str, Any], lang: str) -> str:
    """Prospects per stage as centred bars over the ideal pyramid's outline, on a scale.

    A bar's width is its count (the scale below: a bar reaching a line has that many
    contacts); the stale part is the red core inside the bar; beside each bar its count,
    the stale ones, and the ideal pyramid's number."""
    rows = rep["shape_chart"]
    width, label_w, right_w, row_h = 640, 130, 110, 52
    area = width - label_w - right_w
    centre = label_w + area / 2
    top = 10
    scale = max([1.0] + [float(r["count"]) for r in rows] + [float(r["ideal"]) for r in rows])
    bottom = top + len(rows) * row_h
    body = []
    step = _nice_step(scale)
    tick = step
    while tick <= scale + 1e-9:
        half = area * tick / scale / 2
        for x in (centre - half, centre + half):
            body.append(f'<line class="grid" x1="{_n(x)}" x2="{_n(x)}" y1="{top}" y2="{_n(bottom)}"/>')
            body.append(_text(x, bottom + 14, fmt_num(tick), "middle", "axis"))
        tick += step
    body.append(f'<line class="grid" x1="{_n(centre)}" x2="{_n(centre)}" y1="{top}" y2="{_n(bottom)}"/>')
    body.append(_text(width - right_w + 10, bottom + 14, text("contacts_scale", lang), "start", "axis"))
    for i, r in enumerate(rows):
        y = top + i * row_h
        ideal_w = area * r["ideal"] / scale
        count_w = area * r["count"] / scale
        stale_w = area * r["stale"] / scale
        body.append(_rect(centre - ideal_w / 2, y + 6, ideal_w, row_h - 12, "ideal"))
        if r["count"]:
            body.append(_rect(centre - count_w / 2, y + 13, count_w, row_h - 26, "bar observed"))
        if r["stale"]:  # inside the bar, centred: part of it, not an extension
            body.append(_rect(centre - stale_w / 2, y + 13, stale_w, row_h - 26, "bar stale"))
        body.append(_text(label_w - 10, y + row_h / 2 + 4, stage_label(r["stage"], lang), "end", "label"))
        count = str(r["count"]) + (f" ({r['stale']}!)" if r["stale"] else "")
        body.append(_text(width - right_w + 10, y + row_h / 2 - 2, count, "start", "value"))
        ideal = f"{text('ideal', lang)} {fmt_num(r['ideal'])}"
        body.append(_text(width - right_w + 10, y + row_h / 2 + 17, ideal, "start", "small"))
    height = bottom + 50
    legend_y = height - 10
    body += [
        _swatch(label_w, legend_y, "observed"),
        _text(label_w + 20, legend_y, text("observed", lang)),
        _swatch(label_w + 120, legend_y, "ideal"),
        _text(label_w + 140, legend_y, text("ideal", lang)),
        _swatch(label_w + 240, legend_y, "stale"),
        _text(label_w + 260, legend_y, text("stale", lang)),
    ]
    return _svg("shape", text("shape_chart", lang), width, height, body)


def _steps_chart(kind: str, title: str, steps: list[tuple[str, Any, Any, str]], lang: str) -> str:
    """Target (outline) against observed (solid) per step, each step on its own scale."""
    width, label_w, right_w, row_h, top = 420, 130, 90, 46, 8
    area = width - label_w - right_w
    body = []
    for i, (label, observed, target, rate) in enumerate(steps):
        y = top + i * row_h
        scale = max(float(observed or 0), float(target or 0), 1.0)
        body.append(_rect(label_w, y + 4, area * float(target or 0) / scale, 22, "target"))
        if observed:
            body.append(_rect(label_w, y + 9, area * float(observed) / scale, 12, "bar observed"))
        body.append(_text(label_w - 8, y + 20, label, "end", "label"))
        if rate:
            body.append(_text(label_w - 8, y + 36, rate, "end", "rate"))
        body.append(
            _text(width - right_w + 8, y + 20, f"{fmt_num(observed)} / {fmt_num(target)}", "start", "value")
        )
    height = top + len(steps) * row_h + 24
    legend_y = height - 8
    body += [
        _swatch(label_w, legend_y, "observed"),
        _text(label_w + 20, legend_y, text("observed", lang)),
        _swatch(label_w + 110, legend_y, "target"),
        _text(label_w + 130, legend_y, text("target", lang)),
    ]
    return _svg(kind, title, width, height, body)


def calls_chart(rep: dict[str, Any], lang: str) -> str:
    c = rep["funnel"]["calls"]
    return _steps_chart(
        "calls",
        text("calls_chart", lang),
        [
            (text("dials", lang), c["dials"], c["target_dials"], ""),
            (
                text("connects", lang),
                c["connects"],
                c["target_connects"],
                f"{pct(c['connect_rate'])} / {pct(c['target_connect_rate'])}",
            ),
            (
                text("meetings_set", lang),
                c["meetings_set"],
                c["target_meetings"],
                f"{pct(c['meeting_rate'])} / {pct(c['target_meeting_rate'])}",
            ),
        ],
        lang,
    )


def ratio_chart(rep: dict[str, Any], lang: str) -> str:
    r = rep["funnel"]["ratio"]
    tgt = r["target"]
    return _steps_chart(
        "ratio",
        text("ratio_chart", lang),
        [
            (text("new_contacts", lang), r["new_contacts"], tgt[0], ""),
            (text("new_prospects", lang), r["new_prospects"], tgt[1], ""),
            (text("deals", lang), r["deals"], tgt[2], ""),
        ],
        lang,
    )


def trend_chart(rep: dict[str, Any], lang: str) -> str:
    """Meetings set (blue) and deals (green) per week, the meetings target as a dashed line."""
    weeks = rep["trend"]
    width, height, left, right, top, bottom = 640, 250, 40, 10, 16, 52
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max(
        [1.0]
        + [float(w["meetings_set"]) for w in weeks]
        + [float(w["deals"]) for w in weeks]
        + [float(w["target_meetings"] or 0) for w in weeks]
    )
    scale = float(int(peak) + (peak % 1 > 0))  # a whole number on the axis

    def y_of(v: float) -> float:
        return top + plot_h - plot_h * v / scale

    body = []
    for tick in (0, scale / 2, scale):
        body.append(
            f'<line class="grid" x1="{left}" x2="{width - right}" y1="{_n(y_of(tick))}" '
            f'y2="{_n(y_of(tick))}"/>'
        )
        body.append(_text(left - 6, y_of(tick) + 4, fmt_num(tick), "end", "axis"))
    group = plot_w / max(len(weeks), 1)
    bar = min(22.0, group / 3)
    points = []
    for i, w in enumerate(weeks):
        x0 = left + i * group + group / 2 - bar - 1
        for j, (key, cls) in enumerate((("meetings_set", "bar meetings"), ("deals", "bar deals"))):
            v = float(w[key])
            x = x0 + j * (bar + 2)
            if v:
                body.append(_rect(x, y_of(v), bar, plot_h * v / scale, cls))
            body.append(_text(x + bar / 2, y_of(v) - 4, fmt_num(w[key]), "middle", "value small"))
        body.append(_text(left + i * group + group / 2, top + plot_h + 16, w["week"][5:], "middle", "axis"))
        points.append(f"{_n(left + i * group + group / 2)},{_n(y_of(float(w['target_meetings'] or 0)))}")
    body.append(f'<polyline class="target-line" points="{" ".join(points)}"/>')
    legend_y = height - 10
    body += [
        _swatch(left, legend_y, "meetings"),
        _text(left + 20, legend_y, text("meetings_set", lang)),
        _swatch(left + 150, legend_y, "deals"),
        _text(left + 170, legend_y, text("deals", lang)),
        f'<line class="target-line key" x1="{left + 270}" x2="{left + 290}" '
        f'y1="{legend_y - 5}" y2="{legend_y - 5}"/>',
        _text(left + 296, legend_y, f"{text('target', lang)} ({text('meetings_set', lang)})"),
    ]
    return _svg("trend", text("trend_chart", lang), width, height, body)


# --- HTML: the page ----------------------------------------------------------

CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f8fafc; color: #1f2937; font-size: 15px; line-height: 1.45;
  font-family: FONTS; }
main { max-width: 1000px; margin: 0 auto; padding: 16px; }
header.top { margin-bottom: 8px; }
h1 { font-size: 1.6em; margin: 0.3em 0; }
h2 { font-size: 1.25em; margin: 0 0 0.6em; padding-bottom: 0.2em; border-bottom: 2px solid #e5e7eb; }
h3 { font-size: 1.02em; margin: 1em 0 0.4em; }
.meta { color: #4b5563; margin: 0.1em 0; white-space: pre-wrap; }
section.part { background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; \
padding: 14px 16px; margin: 14px 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); \
gap: 10px; margin: 12px 0; }
.card { background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; padding: 10px 12px; }
.card .k { color: #6b7280; font-size: 0.85em; }
.card .v { font-size: 1.35em; font-weight: 600; }
.card .v small { font-size: 0.6em; color: #6b7280; font-weight: 400; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 12px; }
figure { margin: 0 0 8px; }
figcaption { font-weight: 600; font-size: 0.95em; margin-bottom: 4px; }
svg.chart { width: 100%; height: auto; max-width: 680px; display: block; }
svg text { font-family: inherit; font-size: 13px; fill: #1f2937; }
svg text.label { font-size: 13px; }
svg text.rate, svg text.axis, svg text.small { font-size: 11px; fill: #6b7280; }
svg text.value { font-weight: 600; }
svg .ideal, svg .key-ideal { fill: none; stroke: #94a3b8; stroke-width: 1.5; stroke-dasharray: 5 3; }
svg .target, svg .key-target { fill: #e2e8f0; stroke: #94a3b8; stroke-width: 1; }
svg .observed, svg .meetings, svg .key-observed, svg .key-meetings { fill: #2563eb; }
svg .stale, svg .key-stale { fill: #dc2626; }
svg .deals, svg .key-deals { fill: #16a34a; }
svg .grid { stroke: #e5e7eb; stroke-width: 1; }
svg .target-line { fill: none; stroke: #f59e0b; stroke-width: 2; stroke-dasharray: 6 4; }
.table-wrap { overflow-x: auto; -webkit-overflow-scrolling: touch; margin: 4px 0 8px; }
table { border-collapse: collapse; min-width: 60%; font-size: 0.92em; }
th, td { text-align: left; padding: 4px 10px; border-bottom: 1px solid #e5e7eb; vertical-align: top; }
th { background: #f1f5f9; font-weight: 600; white-space: nowrap; }
td:not(:last-child) { white-space: nowrap; }
.chip { display: inline-block; margin: 1px 6px 1px 0; padding: 0 4px; border-radius: 4px;
  background: #f1f5f9; }
.chip .n, .chip .d { white-space: nowrap; }
.chip .d { color: #6b7280; }
.chip.stale { background: #fef2f2; color: #dc2626; }
.chip .mark { font-weight: 700; color: #dc2626; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: 600; border-top: 2px solid #94a3b8; }
p.note { margin: 0.3em 0; }
.bad { color: #dc2626; } .ok { color: #16a34a; } .warn { color: #b45309; } .accent { color: #0e7490; }
.dim { color: #6b7280; } .b { font-weight: 600; }
.shape { background: #eff6ff; border-left: 4px solid #2563eb; padding: 8px 12px; \
margin: 8px 0; border-radius: 4px; }
.shape.bad-shape { background: #fef2f2; border-color: #dc2626; }
footer { color: #6b7280; font-size: 0.85em; margin: 16px 0; }
@media (max-width: 600px) {
  main { padding: 8px; }
  section.part { padding: 10px; }
  body { font-size: 14px; }
  /* a table row becomes a card of "label: value" lines: nothing scrolls sideways */
  .table-wrap { overflow-x: visible; }
  table.stack, table.stack tbody, table.stack tr, table.stack td {
    display: block; width: 100%; min-width: 0; }
  table.stack thead { display: none; }
  table.stack tr { border: 1px solid #e5e7eb; border-radius: 6px; margin: 0 0 8px; padding: 4px 8px; }
  table.stack tr.total { border: 2px solid #94a3b8; }
  table.stack td, table.stack td.num { border: none; padding: 1px 0; text-align: left; white-space: normal;
    overflow-wrap: anywhere; }
  table.stack td:first-child { font-weight: 600; }
  table.stack td:not(:first-child)::before { content: attr(data-label) ": "; color: #6b7280; }
  table.stack td:empty { display: none; }
  table.stack td[data-label=""]::before { content: none; }
  tr.total td { border-top: none; }
  /* the wide charts shrink to the screen: keep their text readable */
  svg.chart[data-chart="shape"] text, svg.chart[data-chart="trend"] text { font-size: 19px; }
  svg.chart text.small, svg.chart text.axis { font-size: 16px; }
}
@media print {
  @page { size: A4; margin: 12mm; }
  body { background: #fff; font-size: 11pt; }
  main { max-width: none; padding: 0; }
  section.part { border: none; padding: 0; margin: 0 0 10mm; }
  .card { border-color: #cbd5e1; }
  figure, tr, .card, .shape { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  .table-wrap { overflow: visible; }
  table { width: 100%; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


#: Fonts that hold Chinese on every common reader, system fonts only (no web font, nothing fetched):
#: Windows (Microsoft YaHei), macOS and iOS (PingFang SC, Hiragino Sans GB), Linux (Noto Sans CJK,
#: Source Han Sans, WenQuanYi), Android (Noto Sans CJK, Droid Sans Fallback). Latin fonts come first,
#: the browser falls back per character; ``system-ui`` is left out (it picks poor CJK fonts on Windows).
FONT_STACK = (
    '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, '
    '"PingFang SC", "Hiragino Sans GB", "Heiti SC", "Microsoft YaHei", "Microsoft JhengHei", '
    '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", '
    '"Droid Sans Fallback", sans-serif'
)
CSS = CSS.replace("FONTS", FONT_STACK)


def _card(label: str, value: str, small: str = "") -> str:
    extra = f" <small>{escape(small)}</small>" if small else ""
    return (
        f'<div class="card"><div class="k">{escape(label)}</div>'
        f'<div class="v">{escape(value)}{extra}</div></div>'
    )


def _figure(caption: str, svg: str) -> str:
    return f"<figure><figcaption>{escape(caption)}</figcaption>{svg}</figure>"


def weekly_html(rep: dict[str, Any], lang: str) -> str:
    """The whole report as one HTML page: header, summary cards, charts beside their tables."""
    title = report_title(rep, lang)
    pipe = rep["pipeline"]
    cards = "".join(_card(label, value, aside) for label, value, aside in summary_figures(rep, lang))
    charts = {
        "pipeline": [_figure(text("shape_chart", lang), shape_chart(rep, lang))],
        "funnel": [
            _figure(text("calls_chart", lang), calls_chart(rep, lang)),
            _figure(text("ratio_chart", lang), ratio_chart(rep, lang)),
        ],
        "trend": [_figure(text("trend_chart", lang), trend_chart(rep, lang))],
    }
    parts = []
    for key, part_title, header, sections in weekly_parts(rep, lang):
        inner = [f"<h2>{escape(part_title)}</h2>"]
        inner += [f'<p class="meta">{text_html(h)}</p>' for h in header]
        if key in charts:
            inner.append(f'<div class="charts">{"".join(charts[key])}</div>')
        if key == "pipeline":
            bad = "" if pipe["shape"]["pattern"] == "ideal" else " bad-shape"
            shape = pipe["shape"]
            inner.append(
                f'<div class="shape{bad}"><div class="b">{escape(text("shape", lang))}: '
                f'{escape(shape["name"])} <span class="dim">({escape(shape["reason"])})</span></div>'
                f"<div>{escape(text('remedy', lang))}: {escape(shape['remedy'])}</div></div>"
            )
            # the shape and remedy lines of the section are shown in the box above; the
            # contacts are chips that wrap whole, with the stale mark inside
            chips = [chips_html(st["contacts"], st["stage"] != "opportunity") for st in pipe["stages"]] + [""]
            sections = [
                Section(
                    s.title,
                    s.headers,
                    [[*row[:-1], c] for row, c in zip(s.rows, chips, strict=True)],
                    s.align,
                    s.notes[:1],
                    s.caption,
                    s.total,
                )
                for s in sections
            ]
        if key == "funnel":
            # the 15-7-1 and 20:5:1 charts above say what their tables would: keep the tables' notes
            sections = [
                Section("", [], [], "", s.notes) if s.title in ("15-7-1", "20:5:1") else s for s in sections
            ]
        for sec in sections:
            if sec.title == part_title:  # the part's heading already names it
                sec = Section("", sec.headers, sec.rows, sec.align, sec.notes, sec.caption, sec.total)
            inner.append(section_html(sec))
        parts.append(f'<section class="part" id="{key}">' + "\n".join(inner) + "</section>")
    return _page(title, lang, top_header(rep, lang), cards, parts, rep["week"])


def _page(title: str, lang: str, meta_lines: list[str], cards: str, parts: list[str], week: str) -> str:
    meta = "".join(f'<p class="meta">{escape(line)}</p>' for line in meta_lines)
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
        f'<header class="top"><h1>{escape(title)}</h1>{meta}</header>\n'
        f'<div class="cards">{cards}</div>\n'
        + "\n".join(parts)
        + f"\n<footer>{escape(text('generated_by', lang))} · {escape(week)}</footer>\n"
        "</main>\n</body>\n</html>\n"
    )
