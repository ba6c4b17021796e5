"""The weekly report's charts as inline SVG: no network, no JavaScript; user text escaped."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from pipetrack.render.tables import fmt_num, pct
from pipetrack.text import stage_label, text

if TYPE_CHECKING:
    from pipetrack.domain.weekly import WeeklyReport

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


def shape_chart(rep: WeeklyReport, lang: str) -> str:
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


def calls_chart(rep: WeeklyReport, lang: str) -> str:
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


def ratio_chart(rep: WeeklyReport, lang: str) -> str:
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


def trend_chart(rep: WeeklyReport, lang: str) -> str:
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
        for j, (count, cls) in enumerate(((w["meetings_set"], "bar meetings"), (w["deals"], "bar deals"))):
            v = float(count)
            x = x0 + j * (bar + 2)
            if v:
                body.append(_rect(x, y_of(v), bar, plot_h * v / scale, cls))
            body.append(_text(x + bar / 2, y_of(v) - 4, fmt_num(count), "middle", "value small"))
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
