"""A region of several teams rendered: the terminal tables of `pipeline` and `team`, and
the region's weekly report in Markdown and HTML.

Takes the dicts of ``pipetrack.domain.region``; the tables are ``Section``s like every
other report's, so they print, turn into Markdown and into HTML the same way.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text

from pipetrack.render.levers import lever_name
from pipetrack.render.tables import Section, fmt_num, money, sections_markdown
from pipetrack.text import shape_text, stage_label, text


def period_line(rep: dict[str, Any], lang: str) -> Text:
    period = rep["period"]
    return Text(
        f"{text('period', lang)}: {period['start']} – {period['end']} ({rep['week']})   "
        f"{text('region_teams', lang)}: {', '.join(rep['teams'])}"
    )


def pipeline_section(rep: dict[str, Any], lang: str, stages: bool = True) -> Section:
    """A row per team: prospects (by stage when ``stages``), stale, weighted (open deals) and
    closed value, the team's sales cycle and shape. The terminal leaves the stages and the
    cycle out (80 columns; `team` has the stages per owner)."""

    def row(r: dict[str, Any], label: Any, cycle: Any, shape: str) -> list[object]:
        by_stage = [r["first_meetings"], r["p25"], r["p50"], r["p90"]] if stages else []
        stale = Text(str(r["stale"]), style="red" if r["stale"] else "")
        money_cols = [money(r["weighted_total"]), money(r["closed_value"])]
        return [label, r["prospects"], *by_stage, stale, *money_cols, *([cycle] if stages else []), shape]

    pipe = rep["pipeline"]
    rows = [row(r, r["team"], r["sales_cycle_days"], shape_text(r["shape"], lang)[0]) for r in pipe["rows"]]
    rows.append(row(pipe["total"], Text(text("region_total", lang), style="bold"), "", ""))
    heads = [stage_label("first-meeting", lang), "25%", "50%", "90%"] if stages else []
    return Section(
        f"{text('pipeline_title', lang)}: {text('by_team', lang)}",
        [
            text("team", lang),
            text("prospects", lang),
            *heads,
            text("stale", lang),
            f"{text('weighted', lang)} ({rep['currency']})",
            f"{text('closed_value', lang)} ({rep['currency']})",
            *([f"{text('my_sales_cycle', lang)} ({text('days', lang)})"] if stages else []),
            text("shape", lang),
        ],
        rows,
        "lr" + "r" * len(heads) + "rrr" + ("r" if stages else "") + "l",
        [Text(f"{text('weighted', lang)}: {text('weighted_open', lang)}", style="dim")],
        total=True,
    )


def funnel_section(rep: dict[str, Any], lang: str) -> Section:
    """A row per team: 15-7-1 and 20:5:1, observed / target, and the team's weakest lever."""

    def pair(r: dict[str, Any], key: str, target: str = "") -> str:
        return f"{fmt_num(r[key])} / {fmt_num(r[target or 'target_' + key])}"

    def row(r: dict[str, Any], label: Any) -> list[object]:
        lever = r.get("weakest_lever")
        return [
            label,
            r["reps"],
            pair(r, "dials"),
            pair(r, "connects"),
            pair(r, "meetings_set", "target_meetings"),
            pair(r, "new_contacts"),
            pair(r, "new_prospects"),
            pair(r, "deals"),
            lever_name(lever, lang) if lever else "",
        ]

    fun = rep["funnel"]
    rows = [row(r, r["team"]) for r in fun["rows"]]
    rows.append(row(fun["total"], Text(text("region_total", lang), style="bold")))
    return Section(
        f"{text('funnel_title', lang)} {rep['week']}: {text('by_team', lang)}",
        [
            text("team", lang),
            text("reps", lang),
            text("dials", lang),
            text("connects", lang),
            text("meetings_set", lang),
            text("new_contacts", lang),
            text("new_prospects", lang),
            text("deals", lang),
            text("weakest_lever", lang),
        ],
        rows,
        "lrrrrrrrl",
        [Text(f"{text('observed', lang)} / {text('target', lang)}", style="dim")],
        total=True,
    )


def team_section(sheet: dict[str, Any], lang: str, compact: bool = False) -> Section:
    """The team tracking sheets one under the other: a row per team/owner, each team's
    subtotal after its rows, the region total at the end. ``compact`` (the terminal, 80
    columns with team/owner names): the four stage counts in one column, 46/79/53/24, and
    no closed column (the team sheet's closed is the 1 of its 20:5:1)."""
    keys = ("first_meetings", "p25", "p50", "p90")

    def row(r: dict[str, Any], name: Any) -> list[object]:
        stages = ["/".join(str(r[k]) for k in keys)] if compact else [r[k] for k in keys]
        return [
            name,
            *stages,
            *([] if compact else [r["closed"]]),
            money(r["collected"]),
            money(r["booked"]),
            f"{r['new_contacts']}:{r['new_prospects']}:{r['deals']}",
        ]

    rows: list[list[object]] = []
    for sub in sheet["subtotals"]:
        rows += [row(r, Text(r["owner"])) for r in sheet["rows"] if r["team"] == sub["team"]]
        rows.append(row(sub, Text(f"{sub['team']} {text('subtotal', lang)}", style="bold")))
    rows.append(row(sheet["total"], Text(text("region_total", lang), style="bold")))
    return Section(
        text("team_title", lang),
        [
            f"{text('team', lang)}/{text('owner', lang)}",
            *([text("stage", lang)] if compact else [text("first_meetings", lang), "25%", "50%", "90%"]),
            *([] if compact else [stage_label("closed", lang)]),
            text("collected", lang),
            text("booked", lang),
            "20:5:1",
        ],
        rows,
        "lrrrr" if compact else "lrrrrrrrr",
        [
            Text(
                (
                    f"{text('stage', lang)} = {stage_label('first-meeting', lang)}/25%/50%/90%; "
                    if compact
                    else ""
                )
                + f"20:5:1 = {text('new_contacts', lang)}:{text('new_prospects', lang)}:"
                f"{text('deals', lang)}; {text('collected', lang)}/{text('booked', lang)}: "
                f"{text('amounts_in', lang)} {sheet['currency']}",
                style="dim",
            )
        ],
        total=True,
    )


def problems_section(rep: dict[str, Any], lang: str) -> Section:
    """The single report's problem table with the team in front."""
    from pipetrack.render.weekly import problems_section as one_team

    sec = one_team(rep, lang)
    rows = [[p["team"], *row] for p, row in zip(rep["problems"], sec.rows, strict=True)]
    return Section(sec.title, [text("team", lang), *sec.headers], rows, "l" + sec.align, sec.notes)


def region_title(rep: dict[str, Any], lang: str) -> str:
    name = f" {rep['region']}" if rep.get("region") else ""
    return f"{text('region_title', lang)}{name} {rep['week']}"


def region_parts(rep: dict[str, Any], lang: str) -> list[tuple[str, Section]]:
    return [
        ("pipeline", pipeline_section(rep, lang)),
        ("funnel", funnel_section(rep, lang)),
        ("team", team_section(rep["team"], lang)),
        ("problems", problems_section(rep, lang)),
    ]


def summary_figures(rep: dict[str, Any], lang: str, when: str) -> list[tuple[str, str, str]]:
    """The region's totals a director asks first: (label, value, aside)."""
    pipe, fun = rep["pipeline"]["total"], rep["funnel"]["total"]
    return [
        (text("region_teams", lang), str(len(rep["teams"])), ""),
        (text("prospects", lang), str(pipe["prospects"]), ""),
        (
            f"{text('weighted_total', lang)} ({text('weighted_open', lang)})",
            money(pipe["weighted_total"]),
            rep["currency"],
        ),
        (f"{text('closed_value', lang)} · {when}", money(pipe["closed_value"]), rep["currency"]),
        (
            f"{text('meetings_set', lang)} · {when}",
            str(fun["meetings_set"]),
            f"/ {fmt_num(fun['target_meetings'])}",
        ),
        (f"{text('deals', lang)} · {when}", str(fun["deals"]), ""),
    ]


def region_markdown(rep: dict[str, Any], lang: str, when: str) -> str:
    from pipetrack.render.weekly import _md_safe

    out = [f"# {region_title(rep, lang)}", "", period_line(rep, lang).plain, ""]
    out += [
        f"- {label}: {value}" + (f" {aside}" if aside else "")
        for label, value, aside in summary_figures(rep, lang, when)
    ]
    doc = "\n".join(out) + "\n"
    for _, sec in region_parts(rep, lang):
        part = sections_markdown(sec.title, [_md_safe(sec)])
        doc += "\n#" + part
    return doc.rstrip("\n") + "\n"


def region_html(rep: dict[str, Any], lang: str) -> str:
    """The region's weekly report as one page: the region's totals as cards, then a part per
    table (pipeline, funnel and team sheet by team, each team's data problems)."""
    from pipetrack.render.html import Section, _card, _page, escape, section_html
    from pipetrack.render.weekly import week_word

    when = week_word(rep, lang)
    cards = "".join(_card(k, v, a) for k, v, a in summary_figures(rep, lang, when))
    parts = []
    for key, sec in region_parts(rep, lang):
        inner = f"<h2>{escape(sec.title)}</h2>" + section_html(
            Section("", sec.headers, sec.rows, sec.align, sec.notes, sec.caption, sec.total)
        )
        parts.append(f'<section class="part" id="{key}">{inner}</section>')
    header = [period_line(rep, lang).plain]
    return _page(region_title(rep, lang), lang, header, cards, parts, rep["week"])
