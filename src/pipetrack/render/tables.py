"""Report data → Rich renderables, JSON, CSV and Markdown text. Returns, never prints.

User text (names, notes) is never Rich markup: it goes in through ``Text`` or
``escape`` so ``Acme [x]`` prints as written.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from rich import box
from rich.cells import cell_len
from rich.console import Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from pipetrack.domain.errors import Problem
from pipetrack.domain.models import Stage
from pipetrack.render.safe import json_escape_controls
from pipetrack.text import criterion_label, stage_label, text
from pipetrack.text.reports import problem_message


def to_json(data: Any) -> str:
    def default(value: Any) -> Any:
        if isinstance(value, (date, datetime)):
            return value.isoformat()
        raise TypeError(f"not JSON: {type(value).__name__}")

    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=default) + "\n"
    return json_escape_controls(text)  # DEL and C1 as \u00XX: the same data, nothing a terminal obeys


def csv_cell(value: Any) -> Any:
    """One CSV cell by the contract: blanks empty, booleans ``true``/``false``,
    whole floats as integers, numbers never grouped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def to_csv(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """CSV whose headers are the JSON keys and whose cells follow :func:`csv_cell`."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return buf.getvalue()


def _md_cell(value: Any) -> str:
    cell = "" if value is None else str(value)
    return cell.replace("|", "\\|").replace("\n", "; ")


def to_markdown(headers: Sequence[str], rows: Sequence[Sequence[Any]], align: str | None = None) -> str:
    """A Markdown table padded by terminal cell width, so CJK columns line up."""
    cells = [[_md_cell(h) for h in headers]] + [[_md_cell(v) for v in row] for row in rows]
    widths = [max(3, *(cell_len(r[i]) for r in cells)) for i in range(len(headers))]
    align = align or "l" * len(headers)

    def line(row: list[str]) -> str:
        padded = []
        for i, cell in enumerate(row):
            pad = " " * (widths[i] - cell_len(cell))
            padded.append(pad + cell if align[i] == "r" else cell + pad)
        return "| " + " | ".join(padded) + " |"

    rule = (
        "| "
        + " | ".join(
            ("-" * (w - 1) + ":") if a == "r" else "-" * w for w, a in zip(widths, align, strict=False)
        )
        + " |"
    )
    return "\n".join([line(cells[0]), rule, *(line(r) for r in cells[1:])]) + "\n"


def money(value: Any) -> str:
    """An amount: thousands separated, cents only when there are any; blank when unknown."""
    return "" if value is None else fmt_num(value, 2)


def mark(ok: bool) -> Text:
    return Text("✓", style="green") if ok else Text("✗", style="red")


def _evidence(value: Any, lang: str = "en") -> str:
    if value is None or value is False:
        return ""
    if value is True:
        return text("yes", lang)
    return str(value)


def _stage_text(view: dict[str, Any], lang: str) -> Text:
    stage = Text(stage_label(view["stage"], lang))
    if view["supported_stage"] != view["stage"] or not view["supported"]:
        supported = f"  ({text('supported', lang)}: {stage_label(view['supported_stage'], lang)})"
        stage.append(supported, style="cyan" if view["supported"] else "red")
    return stage


def _contact_facts(view: dict[str, Any], lang: str) -> Table:
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column(overflow="fold")
    facts.add_row(text("stage", lang), _stage_text(view, lang))
    account = view["account_name"] or view["account"]
    for key, value in (
        ("account", account),
        ("owner", view["owner"]),
        ("title", view["title"]),
        ("phone", view["phone"]),
        ("created", view["created"]),
    ):
        if value:
            facts.add_row(text(key, lang), Text(str(value)))
    if view["first_meeting"]:
        since = view["days_since_first_meeting"]
        line = Text(view["first_meeting"])
        if since is not None and since >= 0:
            line.append(f"  {since} / {view['sales_cycle_days']} {text('days', lang)}")
        if view["stale"]:
            line.append(f"  {text('stale', lang)}: {text('stale_note', lang)}", style="bold red")
        facts.add_row(text("first_meeting", lang), line)
    facts.add_row(
        text("next_meeting", lang),
        Text(view["next_meeting"] or "—", style="" if view["next_meeting"] else "dim"),
    )
    if view["value"] is not None:
        facts.add_row(text("value", lang), Text(money(view["value"])))
    for key in ("signed", "paid", "lost_reason"):
        if view[key]:
            facts.add_row(text(key, lang), Text(view[key]))
    return facts


def _contact_criteria(view: dict[str, Any], lang: str) -> Table:
    crit = Table(
        title=text("criteria", lang),
        title_justify="left",
        show_header=False,
        show_edge=False,
        pad_edge=False,
        box=None,
    )
    crit.add_column("", width=1)
    crit.add_column("")
    crit.add_column("", overflow="fold")
    for c in view["criteria"]:
        detail = Text(_evidence(c["evidence"], lang))
        if not c["holds"] and c["reason"]:
            detail = Text(c["reason"], style="dim")
        crit.add_row(mark(c["holds"]), criterion_label(c["criterion"], lang), detail)
    return crit


def _contact_activities(view: dict[str, Any], lang: str) -> Table:
    acts = Table(title=text("activities", lang), title_justify="left", show_edge=False, pad_edge=False)
    acts.add_column(text("date", lang))
    acts.add_column(text("kind", lang))
    acts.add_column(text("outcome", lang))
    acts.add_column(text("note", lang), overflow="fold")
    for a in view["activities"][-10:]:
        acts.add_row(
            a["date"],
            text("kind_" + a["kind"], lang, default=a["kind"]),
            text("outcome_" + a["outcome"], lang, default=a["outcome"]) if a["outcome"] else "",
            Text(a["note"] or ""),
        )
    return acts


def contact_panel(view: dict[str, Any], lang: str = "en") -> Group:
    """`pipetrack show`: one contact as a panel of facts, criteria and activities."""
    parts: list[Any] = [_contact_facts(view, lang), Text(""), _contact_criteria(view, lang)]
    if view["missing"]:
        parts.append(Text(""))
        parts += [Text(f"{text('missing', lang)}: {m}", style="red") for m in view["missing"]]
    if view["activities"]:
        parts += [Text(""), _contact_activities(view, lang)]
    if view["notes"]:
        parts += [Text(""), Text(text("notes", lang), style="bold"), Text(view["notes"].rstrip())]
    title = Text(view["name"], style="bold")
    title.append(f"  {view['id']}", style="dim")
    return Group(Panel(Group(*parts), title=title, title_align="left", expand=False))


def problem_line(problem: Problem, lang: str = "en") -> str:
    """``path:line: message`` (``path:line: warning: message`` for a warning), in ``lang``."""
    label = f"{text('warning', lang)}: " if problem.severity == "warning" else ""
    return f"{problem.where}: {label}{problem_message(problem, lang)}"


__all__ = ["contact_panel", "csv_cell", "escape", "money", "problem_line", "to_csv", "to_json", "to_markdown"]


# --- sections: one view, rendered as a Rich table, Markdown or CSV -----------


@dataclass
class Section:
    """A titled table of a report: the unit every output format renders."""

    title: str
    headers: list[str]
    rows: list[list[Any]]
    align: str = ""  # one of l/r per column
    notes: list[Any] = field(default_factory=list)
    caption: str = ""
    total: bool = False  # the last row is a total: set it off with a rule


def plain(cell: Any) -> str:
    if isinstance(cell, Text):
        return cell.plain
    return "" if cell is None else str(cell)


def section_table(sec: Section) -> Table:
    table = Table(
        title=sec.title,
        title_justify="left",
        title_style="bold",
        caption=sec.caption or None,
        caption_justify="left",
        show_lines=False,
        expand=False,
        show_header=any(sec.headers),
        box=box.SIMPLE_HEAD,
    )
    align = sec.align or "l" * len(sec.headers)
    for i, header in enumerate(sec.headers):
        # the first column names the row (a stage, an owner): keep it whole
        longest_word = max((cell_len(w) for w in header.split()), default=0)
        if align[i] == "r":  # numbers: never folded while there is room
            longest_word = max([longest_word, *(cell_len(plain(row[i])) for row in sec.rows)])
        table.add_column(
            header,
            justify="right" if align[i] == "r" else "left",
            overflow="fold",
            no_wrap=i == 0,
            min_width=longest_word or None,
        )
    for i, row in enumerate(sec.rows):
        table.add_row(
            *[c if isinstance(c, Text) else Text(plain(c)) for c in row],
            end_section=sec.total and i == len(sec.rows) - 2,
        )
    return table


def sections_renderable(sections: list[Section], header: list[Any] | None = None) -> Group:
    parts: list[Any] = []
    for h in header or []:
        parts.append(h if isinstance(h, Text) else Text(str(h)))
    for sec in sections:
        if parts:
            parts.append(Text(""))
        if sec.rows or not sec.notes:
            parts.append(section_table(sec))
        elif sec.title:
            parts.append(Text(sec.title, style="bold"))
        for note in sec.notes:
            parts.append(note if isinstance(note, Text) else Text(str(note)))
    return Group(*parts)


def sections_markdown(title: str, sections: list[Section], header: list[Any] | None = None) -> str:
    out = [f"# {title}", ""]
    for h in header or []:
        out += [plain(h), ""]
    for sec in sections:
        if sec.title and sec.title != title:
            out += [f"## {sec.title}", ""]
        if sec.caption:
            out += [sec.caption, ""]
        if sec.rows:
            out.append(to_markdown(sec.headers, [[plain(c) for c in r] for r in sec.rows], sec.align or None))
        for note in sec.notes:
            out += [plain(note), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def fmt_num(value: Any, digits: int = 1) -> str:
    """A count or ratio for people: whole numbers plain, others to ``digits`` places; — when unknown."""
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.{digits}f}"
    return f"{int(value):,}"


def pct(value: Any) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


# --- pipeline ----------------------------------------------------------------


def contact_chip(c: dict[str, Any], with_date: bool) -> Text:
    chip = Text(c["name"])
    if with_date and c.get("first_meeting"):
        chip.append(f" {c['first_meeting'][5:]}", style="dim")
    if c.get("stale"):
        chip.append(" !", style="bold red")
        chip.stylize("red", 0, len(c["name"]))
    return chip


def pipeline_sections(
    rep: dict[str, Any], lang: str, limit: int | None = 12
) -> tuple[list[Any], list[Section]]:
    header = [
        Text(
            f"{text('my_sales_cycle', lang)}: {rep['sales_cycle_days']} {text('days', lang)}   "
            f"{text('period', lang)}: {rep['period']['start']} – {rep['period']['end']} ({rep['week']})"
            + (f"   {text('owner', lang)}: {rep['owner']}" if rep.get("owner") else "")
        ),
    ]
    rows = []
    for st in rep["stages"]:
        chips = Text()
        contacts = st["contacts"]
        shown = contacts if limit is None else contacts[:limit]
        # a contact per line, as on the paper sheet; opportunities (no dates) run on
        sep = ", " if st["stage"] == "opportunity" else "\n"
        for i, c in enumerate(shown):
            if i:
                chips.append(sep)
            chips.append_text(contact_chip(c, st["stage"] != "opportunity"))
        if len(contacts) > len(shown):
            chips.append(f"{sep}+{len(contacts) - len(shown)} {text('more', lang)}", style="dim")
        count = Text(str(st["count"]))
        if st["stale"]:
            count.append(f" ({st['stale']}!)", style="red")
        rows.append([stage_label(st["stage"], lang), count, money(st["weighted_value"]), chips])
    rows.append(
        [
            Text(text("total", lang), style="bold"),
            str(rep["prospects"]) + " *",
            Text(money(rep["weighted_total"]), style="bold"),
            "",
        ]
    )
    name, remedy = rep["shape"]["name"], rep["shape"]["remedy"]
    notes = [
        Text(
            f"* {text('total', lang)}: {text('prospects_note', lang)}; ! = {text('stale', lang)}: "
            f"{text('stale_note', lang)}",
            style="dim",
        ),
        Text(
            f"{text('prospects', lang)}: {rep['prospects']}   "
            f"{text('effective_prospects', lang)}: {rep['effective_prospects']}"
        ),
    ]
    beyond = rep.get("beyond_cycle") or []
    if beyond:
        line = Text(f"{text('beyond_cycle', lang)}: ", style="yellow")
        for i, c in enumerate(beyond):
            line.append(", " if i else "")
            line.append_text(contact_chip(c, True))
        notes.append(line)
    notes += [
        Text.assemble(
            (f"{text('shape', lang)}: ", "bold"),
            (name, "bold cyan"),
            f"  ({rep['shape']['reason']})",
        ),
        Text.assemble((f"{text('remedy', lang)}: ", "bold"), remedy),
    ]
    sec = Section(
        text("pipeline_title", lang),
        [
            text("stage", lang),
            text("count", lang),
            f"{text('weighted', lang)} ({rep['currency']})",
            text("contacts", lang),
        ],
        rows,
        "lrrl",
        notes,
        total=True,
    )
    return header, [sec]


def pipeline_csv(rep: dict[str, Any]) -> str:
    rows = [
        [
            st["stage"],
            c["id"],
            c["name"],
            c["owner"],
            c["account"],
            c["first_meeting"],
            c["days_since_first_meeting"],
            c["stale"],
            c["value"],
        ]
        for st in rep["stages"]
        for c in st["contacts"]
    ]
    return to_csv(
        [
            "stage",
            "id",
            "name",
            "owner",
            "account",
            "first_meeting",
            "days_since_first_meeting",
            "stale",
            "value",
        ],
        rows,
    )


# --- funnel ------------------------------------------------------------------


def funnel_sections(
    rep: dict[str, Any], lang: str, limit: int | None = None
) -> tuple[list[Any], list[Section]]:
    """The funnel as sections; with ``limit``, more stage moves than that are
    summarised as a count per kind (from → to) instead of listed one by one."""
    calls, ratio = rep["calls"], rep["ratio"]
    reps = rep["reps"]
    header = [
        Text(
            f"{text('period', lang)}: {rep['start']} – {rep['end']} ({rep['week']}), "
            f"{rep['working_days']} {text('working_days', lang)}"
            + (f"   {text('owner', lang)}: {rep['owner']}" if rep.get("owner") else "")
            + ("   " + text("targets_for_reps", lang).format(n=reps) if reps > 1 else "")
        )
    ]
    call_rows = [
        [text("dials", lang), calls["dials"], fmt_num(calls["target_dials"]), ""],
        [
            text("connects", lang),
            calls["connects"],
            fmt_num(calls["target_connects"]),
            f"{pct(calls['connect_rate'])} / {pct(calls['target_connect_rate'])}",
        ],
        [
            text("meetings_set", lang),
            calls["meetings_set"],
            fmt_num(calls["target_meetings"]),
            f"{pct(calls['meeting_rate'])} / {pct(calls['target_meeting_rate'])}",
        ],
        [Text(text("follow_ups", lang), style="dim"), calls["follow_ups"], "", ""],
    ]
    tgt = ratio["target"]
    ratio_rows = [
        [text("new_contacts", lang), ratio["new_contacts"], fmt_num(tgt[0])],
        [text("new_prospects", lang), ratio["new_prospects"], fmt_num(tgt[1])],
        [text("deals", lang), ratio["deals"], fmt_num(tgt[2])],
    ]
    lever = rep["weakest_lever"]
    gain = lever["gain_meetings"]
    if not gain:
        lever_note = Text(text("levers_on_target", lang), style="green")
    else:
        if lever["lever"] == "dials":
            seen = f"{fmt_num(lever['observed'])} / {fmt_num(lever['target'])}"
        else:
            seen = f"{pct(lever['observed'])} / {pct(lever['target'])}"
        lever_note = Text.assemble(
            (f"{text('weakest_lever', lang)}: ", "bold"),
            (text("lever_" + lever["lever"], lang), "bold yellow"),
            f" {seen}: " + text("lever_gain", lang).format(n=fmt_num(gain)),
        )
    return header, [
        Section(
            "15-7-1", ["", text("observed", lang), text("target", lang), ""], call_rows, "lrrl", [lever_note]
        ),
        Section("20:5:1", ["", text("observed", lang), text("target", lang)], ratio_rows, "lrr"),
        _moves_section(rep["moves"], lang, limit),
    ]


def _move_label(m: dict[str, Any], lang: str) -> str:
    return f"{stage_label(m['from'], lang)} → {stage_label(m['to'], lang)}"


def _moves_section(moves: list[dict[str, Any]], lang: str, limit: int | None) -> Section:
    arrow = {"promotion": "↑", "demotion": "↓"}
    if limit is None or len(moves) <= limit:
        rows = [
            [m["date"], Text(m["name"]), m["owner"] or "", _move_label(m, lang), arrow[m["direction"]]]
            for m in moves
        ]
        return Section(
            text("moves", lang),
            [text("date", lang), text("contacts", lang), text("owner", lang), text("stage", lang), ""],
            rows,
            "lllll",
            [] if rows else [Text(text("none", lang), style="dim")],
        )
    kinds: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for m in moves:
        kinds.setdefault((m["from"], m["to"]), []).append(m)
    rank = {s.value: s.rank for s in Stage}
    order = sorted(kinds, key=lambda k: (-len(kinds[k]), rank[k[0]], rank[k[1]]))
    rows = [
        [_move_label(kinds[k][0], lang), fmt_num(len(kinds[k])), arrow[kinds[k][0]["direction"]]]
        for k in order
    ]
    return Section(
        text("moves_by_kind", lang),
        [text("stage", lang), text("contacts", lang), ""],
        rows,
        "lrl",
        [Text(text("moves_hidden", lang).format(n=fmt_num(len(moves))), style="dim")],
    )


# --- team --------------------------------------------------------------------


def team_sections(rep: dict[str, Any], lang: str) -> tuple[list[Any], list[Section]]:
    header = [
        Text(f"{text('period', lang)}: {rep['period']['start']} – {rep['period']['end']} ({rep['week']})")
    ]
    heads = [
        text("owner", lang),
        text("first_meetings", lang),
        "25%",
        "50%",
        "90%",
        text("collected", lang),
        stage_label("closed", lang),
        text("closed_amount", lang),
        "20:5:1",
    ]

    def row(r: dict[str, Any], name: Any) -> list[Any]:
        return [
            name,
            r["first_meetings"],
            r["p25"],
            r["p50"],
            r["p90"],
            money(r["collected"]),
            r["closed"],
            money(r["closed_value"]),
            f"{r['new_contacts']}:{r['new_prospects']}:{r['deals']}",
        ]

    rows = [row(r, Text(r["owner"])) for r in rep["rows"]]
    rows.append(row(rep["total"], Text(text("subtotal", lang), style="bold")))
    tgt = rep["target"]
    note = Text(
        f"20:5:1 = {text('new_contacts', lang)}:{text('new_prospects', lang)}:{text('deals', lang)} "
        f"({text('target', lang)} {fmt_num(tgt[0])}:{fmt_num(tgt[1])}:1); "
        f"{text('amounts_in', lang)} {rep['currency']}: {text('team_amounts', lang)}",
        style="dim",
    )
    return header, [Section(text("team_title", lang), heads, rows, "lrrrrrrrr", [note], total=True)]


# --- review ------------------------------------------------------------------


def review_sections(rep: dict[str, Any], lang: str) -> tuple[list[Any], list[Section]]:
    header = [
        Text(
            f"{text('my_sales_cycle', lang)}: {rep['sales_cycle_days']} {text('days', lang)}   "
            f"{text('as_of', lang)} {rep['as_of']}"
        )
    ]
    none = [Text(text("none", lang), style="dim")]

    def section(key: str, title: str, heads: list[str], cells: Any, align: str) -> Section:
        """A review list: id, contact, owner and the deal's value, then the list's own columns."""
        rows = [[s["id"], Text(s["name"]), s["owner"] or "", money(s["value"]), *cells(s)] for s in rep[key]]
        return Section(
            title,
            ["id", text("contacts", lang), text("owner", lang), text("value", lang), *heads],
            rows,
            "lllr" + align,
        )

    secs = [
        section(
            "stale",
            text("to_send_back", lang),
            [text("stage", lang), text("first_meeting", lang), text("days", lang)],
            lambda s: [stage_label(s["stage"], lang), s["first_meeting"], s["days_since_first_meeting"]],
            "llr",
        ),
        section(
            "to_close",
            text("to_close", lang),
            [text("paid", lang), text("cooling_off_ended", lang)],
            lambda s: [s["paid"], s["cooling_off_ended"]],
            "ll",
        ),
        section(
            "back_to_50",
            text("back_to_50", lang),
            [text("deadline", lang), text("signed", lang), text("paid", lang)],
            lambda s: [s["deadline"], s["signed"] or "—", s["paid"] or "—"],
            "lll",
        ),
        section(
            "unsupported",
            text("unsupported", lang),
            [text("stage", lang), text("supported", lang), text("missing", lang)],
            lambda s: [
                stage_label(s["recorded"], lang),
                stage_label(s["supported"], lang),
                "; ".join(s["missing"]),
            ],
            "lll",
        ),
        section(
            "no_next_meeting",
            text("no_next_meeting", lang),
            [text("stage", lang), text("next_meeting", lang)],
            lambda s: [stage_label(s["stage"], lang), s["next_meeting"] or "—"],
            "ll",
        ),
        section(
            "beyond_cycle",
            text("beyond_cycle", lang),
            [text("first_meeting", lang)],
            lambda s: [s["first_meeting"]],
            "l",
        ),
        section(
            "not_decider",
            text("not_decider", lang),
            [text("stage", lang)],
            lambda s: [stage_label(s["stage"], lang)],
            "l",
        ),
        section(
            "missing_dates",
            text("missing_dates", lang),
            [text("stage", lang), text("missing", lang)],
            lambda s: [stage_label(s["stage"], lang), ", ".join(s["missing"])],
            "ll",
        ),
    ]
    for sec in secs:
        if not sec.rows:
            sec.notes = none
    return header, secs


# --- cycle and plan ----------------------------------------------------------


def cycle_sections(rep: dict[str, Any], lang: str) -> tuple[list[Any], list[Section]]:
    source = text("source_deals", lang) if rep["source"] == "deals" else text("source_default", lang)
    sample = text("cycle_sample", lang).format(sample=rep["sample"], min_deals=rep["min_deals"])
    header = [
        Text.assemble(
            (f"{text('my_sales_cycle', lang)}: {rep['sales_cycle_days']} {text('days', lang)}", "bold"),
            f"  ({source}; {sample})",
        )
    ]
    rows = [
        [d["id"], Text(d["name"]), d["owner"] or "", d["created"], d["signed"], d["days"]]
        for d in rep["deals"]
    ]
    notes = []
    if rep["undated_closed"]:
        notes.append(Text(text("undated_closed", lang).format(n=rep["undated_closed"]), style="yellow"))
    return header, [
        Section(
            text("deals", lang),
            [
                "id",
                text("contacts", lang),
                text("owner", lang),
                text("created", lang),
                text("signed", lang),
                text("days", lang),
            ],
            rows,
            "lllllr",
            notes or ([] if rows else [Text(text("none", lang), style="dim")]),
        )
    ]


def plan_sections(rep: dict[str, Any], lang: str) -> tuple[list[Any], list[Section]]:
    per = text(f"unit_{rep['per']}", lang)
    header = [
        Text(
            text("plan_header", lang).format(
                deals=fmt_num(rep["deals"]),
                per=per,
                weeks=fmt_num(rep["weeks"]),
                basis=text(f"basis_{rep['basis']}", lang),
            )
        )
    ]
    back = [
        [f"{text('deals', lang)} {text('per_week', lang)}", fmt_num(rep["deals_per_week"], 2)],
        [f"{text('new_prospects', lang)} / {per}", fmt_num(rep["prospects"])],
        [f"{text('new_contacts', lang)} / {per}", fmt_num(rep["contacts"])],
        [f"{text('meetings', lang)} {text('per_week', lang)}", fmt_num(rep["meetings_per_week"])],
        [f"{text('dials', lang)} {text('per_day', lang)}", fmt_num(rep["dials_per_day"])],
        [f"{text('connects', lang)} {text('per_day', lang)}", fmt_num(rep["connects_per_day"])],
        [f"{text('meetings_set', lang)} {text('per_day', lang)}", fmt_num(rep["meetings_per_day"])],
    ]
    p = rep["pipeline"]
    fwd = [
        [text("prospects_now", lang), p["prospects"]],
        [text("expected_deals", lang), fmt_num(p["expected_deals"])],
        [text("prospects_to_add", lang), fmt_num(p["prospects_to_add"])],
    ]
    return header, [
        Section(text("plan_backwards", lang), ["", ""], back, "lr"),
        Section(text("plan_forwards", lang), ["", ""], fwd, "lr"),
    ]


# --- flat CSV of the multi-table views ---------------------------------------

PLAN_CSV = [
    "basis",
    "per",
    "weeks",
    "deals",
    "deals_per_week",
    "prospects",
    "contacts",
    "meetings_per_week",
    "dials_per_day",
    "connects_per_day",
    "meetings_per_day",
    "owner",
    "pipeline.prospects",
    "pipeline.expected_deals",
    "pipeline.prospects_to_add",
    "pipeline.sales_cycle_days",
]
CYCLE_CSV = ["id", "name", "owner", "created", "signed", "days", "value"]
TEAM_CSV = [
    "owner",
    "first_meetings",
    "p25",
    "p50",
    "p90",
    "collected",
    "closed",
    "closed_value",
    "booked",
    "new_contacts",
    "new_prospects",
    "deals",
]


def plan_csv(rep: dict[str, Any]) -> str:
    """The plan is one object: one row, nested keys dotted (``pipeline.prospects``)."""
    flat = rep | {f"pipeline.{k}": v for k, v in rep["pipeline"].items()}
    return to_csv(PLAN_CSV, [[flat.get(k) for k in PLAN_CSV]])


def cycle_csv(rep: dict[str, Any]) -> str:
    """One row per closed deal of the sample."""
    return to_csv(CYCLE_CSV, [[d.get(k) for k in CYCLE_CSV] for d in rep["deals"]])


def team_csv(rep: dict[str, Any]) -> str:
    """One row per owner, then the ``total`` row."""
    rows = [*rep["rows"], {**rep["total"], "owner": "total"}]
    return to_csv(TEAM_CSV, [[r.get(k) for k in TEAM_CSV] for r in rows])


def funnel_csv(rep: dict[str, Any]) -> str:
    """One row per measure of the week: observed against target."""
    calls, ratio = rep["calls"], rep["ratio"]
    rows = [
        [rep["week"], "dials", calls["dials"], calls["target_dials"]],
        [rep["week"], "connects", calls["connects"], calls["target_connects"]],
        [rep["week"], "meetings_set", calls["meetings_set"], calls["target_meetings"]],
        [rep["week"], "new_contacts", ratio["new_contacts"], ratio["target"][0]],
        [rep["week"], "new_prospects", ratio["new_prospects"], ratio["target"][1]],
        [rep["week"], "deals", ratio["deals"], ratio["target"][2]],
    ]
    return to_csv(["week", "measure", "observed", "target"], rows)


def review_csv(rep: dict[str, Any]) -> str:
    """One row per thing to do, whichever list it is on."""
    rows = []
    for s in rep["stale"]:
        rows.append(
            [
                "stale",
                s["id"],
                s["name"],
                s["owner"],
                s["stage"],
                s["move_to"],
                f"first meeting {s['first_meeting']}, {s['days_since_first_meeting']} days",
            ]
        )
    for s in rep["to_close"]:
        rows.append(
            [
                "to_close",
                s["id"],
                s["name"],
                s["owner"],
                "90%",
                s["move_to"],
                f"cooling-off ended {s['cooling_off_ended']}",
            ]
        )
    for s in rep["back_to_50"]:
        rows.append(
            ["back_to_50", s["id"], s["name"], s["owner"], "90%", s["move_to"], f"deadline {s['deadline']}"]
        )
    for s in rep["beyond_cycle"]:
        rows.append(["beyond_cycle", s["id"], s["name"], s["owner"], "first-meeting", "", s["first_meeting"]])
    for s in rep["not_decider"]:
        rows.append(["not_decider", s["id"], s["name"], s["owner"], s["stage"], "", "right_person: false"])
    for s in rep["unsupported"]:
        rows.append(
            [
                "unsupported",
                s["id"],
                s["name"],
                s["owner"],
                s["recorded"],
                s["supported"],
                "; ".join(s["missing"]),
            ]
        )
    for s in rep["no_next_meeting"]:
        rows.append(
            ["no_next_meeting", s["id"], s["name"], s["owner"], s["stage"], "", s["next_meeting"] or ""]
        )
    for s in rep["missing_dates"]:
        rows.append(
            ["missing_dates", s["id"], s["name"], s["owner"], s["stage"], "", ", ".join(s["missing"])]
        )
    return to_csv(["list", "id", "name", "owner", "stage", "to", "detail"], rows)
