"""The weekly report rendered: Markdown for the git web view, one self-contained HTML file.

Both take the dict of ``pipetrack.domain.weekly.weekly_report`` and the same report
sections the terminal commands print (``pipeline_sections`` …), so every
table reads the same everywhere. The HTML has inline CSS and inline SVG charts:
no network, no JavaScript; it prints on A4 and reads on a phone. Every piece of
user text goes through ``html.escape``. Returns text, never writes.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from rich.text import Span, Text

from pipetrack.render.charts import calls_chart, ratio_chart, shape_chart, trend_chart
from pipetrack.render.tables import Section, plain
from pipetrack.render.weekly import report_title, summary_figures, top_header, weekly_parts
from pipetrack.text import text

if TYPE_CHECKING:
    from pipetrack.domain.reports import PipelineContact, PipelineReport, ShapeData
    from pipetrack.domain.weekly import WeeklyReport

# --- HTML: text and tables ---------------------------------------------------

_STYLE_CLASS = {"red": "bad", "green": "ok", "yellow": "warn", "cyan": "accent", "dim": "dim", "bold": "b"}


class Markup(str):
    """A cell already rendered as HTML (built here from escaped parts): passed through as it is."""


def chips_html(contacts: list[PipelineContact], with_date: bool) -> Markup:
    """A contact list: one chip per contact that wraps as a whole, never inside a name or a
    date, with its stale mark inside the chip (so the mark never reads as the next name's)."""
    chips = []
    for c in contacts:
        parts = [f'<span class="n">{escape(c["name"])}</span>']
        if with_date and (first := c["first_meeting"]):
            parts.append(f'<span class="d">{escape(first[5:])}</span>')
        if c["stale"]:
            parts.append('<span class="mark">!</span>')
        stale = " stale" if c["stale"] else ""
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


def _shape_box(shape: ShapeData, lang: str) -> str:
    """The pipeline's shape and remedy in a box (red unless the shape is ideal)."""
    bad = "" if shape["pattern"] == "ideal" else " bad-shape"
    return (
        f'<div class="shape{bad}"><div class="b">{escape(text("shape", lang))}: '
        f'{escape(shape["name"])} <span class="dim">({escape(shape["reason"])})</span></div>'
        f"<div>{escape(text('remedy', lang))}: {escape(shape['remedy'])}</div></div>"
    )


def _part_sections(key: str, sections: list[Section], pipe: PipelineReport) -> list[Section]:
    """A part's sections as the page shows them beside its charts and boxes."""
    if key == "pipeline":
        # the shape and remedy lines of the section are shown in the box above; the
        # contacts are chips that wrap whole, with the stale mark inside
        chips = [chips_html(st["contacts"], st["stage"] != "opportunity") for st in pipe["stages"]] + [""]
        return [
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
        return [Section("", [], [], "", s.notes) if s.title in ("15-7-1", "20:5:1") else s for s in sections]
    return sections


def weekly_html(rep: WeeklyReport, lang: str) -> str:
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
        if key == "pipeline" and (shape := pipe["shape"]) is not None:
            inner.append(_shape_box(shape, lang))
        for sec in _part_sections(key, sections, pipe):
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
