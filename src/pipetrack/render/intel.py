"""Account intelligence → Rich renderables, Markdown and CSV. Returns, never prints.

The account and accounts views are built as ``render.Section`` lists, so the
table and Markdown outputs come from the same data; user text goes in as ``Text``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from pipetrack.domain.intel import FUNCTIONS, LEVELS
from pipetrack.render.tables import Section, money, to_csv
from pipetrack.text import label, stage_label, text
from pipetrack.text.tips import gap_text, move_text, verdict_reasons

if TYPE_CHECKING:
    from pipetrack.domain.intel_data import AccountContact, AccountView, AttitudeMap, Opportunity, Question
    from pipetrack.text.tips import Tips


def attitude_style(attitude: int | None) -> str:
    if attitude is None:
        return "dim"
    if attitude >= 3:
        return "bold green"
    if attitude > 0:
        return "green"
    if attitude == 0:
        return "yellow"
    return "red" if attitude > -3 else "bold red"


def attitude_text(attitude: int | None) -> Text:
    return Text(
        "?" if attitude is None else f"{attitude:+d}" if attitude else "0", style=attitude_style(attitude)
    )


def contact_chip(c: AccountContact, lang: str) -> Text:
    """``name +3 · 50% · decider, coach`` with the attitude colour-coded."""
    chip = Text(c["name"])
    chip.append(" ")
    chip.append_text(attitude_text(c["attitude"]))
    chip.append(f" · {stage_label(c['stage'], lang)}", style="dim")
    extra = [label("role", r, lang) for r in c["roles"]]
    if c["supporter"]:
        extra.append(label("supporter", c["supporter"], lang))
    if extra:
        chip.append(" · " + ", ".join(extra), style="cyan")
    return chip


def _chips(ids: list[str], people: dict[str, AccountContact], lang: str) -> Text:
    out = Text()
    for i, cid in enumerate(ids):
        if i:
            out.append(";\n")
        out.append_text(contact_chip(people[cid], lang))
    return out


def _answer(q: Question, lang: str) -> Text:
    value = q["answer"]
    if q["status"] == "unknown":
        return Text(text("unknown", lang), style="dim")
    if isinstance(value, bool):
        return Text(text("yes" if value else "no", lang))
    if isinstance(value, (int, float)):
        return Text(money(value))
    return Text(str(value))


def _status(status: str) -> Text:
    return {"yes": Text("✓", style="green"), "no": Text("✗", style="red")}.get(
        status, Text("?", style="yellow")
    )


def _records_section(title: str, records: list[dict[str, Any]], lang: str) -> Section:
    """A free-form list (products in use, competitors) as a table of its keys."""
    keys: list[str] = []
    for r in records:
        keys += [k for k in r if k not in keys]
    rows = [
        [
            Text(
                ""
                if r.get(k) is None
                else money(r[k])
                if isinstance(r[k], (int, float)) and not isinstance(r[k], bool)
                else str(r[k])
            )
            for k in keys
        ]
        for r in records
    ]
    return Section(
        title,
        [text(k, lang) for k in keys],
        rows,
        notes=[] if rows else [Text(text("none", lang), style="dim")],
    )


def _step_and_rhythm(view: AccountView, lang: str) -> list[Text]:
    """The client's buying step and the selling step it calls for; the contact rhythm due."""
    step = view["buying_step"]
    if step:
        line = Text(
            text(
                "buying_line",
                lang,
                buying=text(f"buying.{step['buying_step']}", lang),
                selling=text(f"selling.{step['selling_step']}", lang),
            )
        )
    else:
        line = Text(text("buying_unset", lang), style="dim")
    r = view["rhythm"]
    rhythm = Text(
        text(
            "rhythm_line",
            lang,
            cls=text(f"class.{r['class']}", lang),
            days=r["days"],
            last=r["last_contact"] or text("rhythm_never", lang),
            due=r["due"],
        )
    )
    if r["overdue"]:
        rhythm.append(text("rhythm_overdue", lang), style="bold red")
    out = [line, rhythm]
    if r["class"] == "prospect":
        out.append(Text(text("rhythm_sms", lang), style="dim"))
    return out


def _people_section(view: AccountView, people: dict[str, AccountContact], lang: str) -> Section:
    """Per person: communication style (with its tips) and what their level and department care about."""
    rows = []
    for p in view["people"]:
        style = Text(label("style", p["style"], lang) if p["style"] else "—")
        notes = Text()
        for i, key in enumerate(p["needs"]):
            notes.append(("\n" if i else "") + text(f"{key}.needs", lang))
        if p["two_faced"]:
            notes.append(("\n" if notes.plain else "") + "! ", style="bold yellow")
            notes.append(
                text("two_faced", lang, stated=f"{p['attitude_stated']:+d}", attitude=f"{p['attitude']:+d}"),
                style="yellow",
            )
        rows.append([Text(people[p["id"]]["name"]), style, notes])
    return Section(
        text("people_title", lang),
        [text("person", lang), text("style", lang), text("dept_needs", lang)],
        rows,
        "lll",
        [] if rows else [Text(text("none", lang), style="dim")],
    )


def _research_section(view: AccountView, lang: str) -> Section:
    rows = [
        [
            Text(text(f"rq.{q['question']}", lang)),
            Text(
                "?" if q["answer"] is None else str(q["answer"]), style="dim" if q["answer"] is None else ""
            ),
            _status("unknown" if q["answer"] is None else "yes"),
        ]
        for q in view["needs_research"]
    ]
    return Section(
        text("research_title", lang), [text("question", lang), text("answer", lang), ""], rows, "lll"
    )


def _account_header(view: AccountView, lang: str) -> list[Text]:
    """The account's name and id, tier and size, depth, values, then its step and rhythm."""
    title = Text(view["name"], style="bold")
    title.append(f"  {view['id']}", style="dim")
    size = (
        f"   {text('size', lang)}: {view['size']:,} {text('employees', lang)}"
        if view["size"] is not None
        else ""
    )
    facts = Text(f"{text('tier', lang)}: {label('tier', view['tier'], lang)}")
    if view["industry"]:
        facts.append(f"   {text('industry', lang)}: {view['industry']}")
    facts.append(size)
    share = view["share_of_wallet"]
    depth = Text(
        f"{text('share_of_wallet', lang)}: {'—' if share is None else f'{share * 100:.0f}%'}   "
        f"{text('depth', lang)}: "
    )
    depth.append(label("depth", view["depth"], lang), style="bold")
    best = view["best_stage"]
    values = Text(
        f"{text('best_stage', lang)}: {stage_label(best, lang) if best else '—'}   "
        f"{text('open_weighted', lang)}: {money(view['open_weighted_value'])}   "
        f"{text('closed_value', lang)}: {money(view['closed_value'])} {view['currency']}"
    )
    return [title, facts, depth, values, *_step_and_rhythm(view, lang)]


def _org_section(org: dict[str, Any], people: dict[str, AccountContact], lang: str) -> Section:
    org_rows = [
        [
            Text(label("level", lv, lang), style="bold"),
            *(_chips(org[lv][fn], people, lang) for fn in FUNCTIONS),
        ]
        for lv in LEVELS
    ]
    org_notes = []
    if org["unplaced"]:
        line = Text(f"{text('unplaced', lang)}: ", style="yellow")
        line.append_text(_chips(org["unplaced"], people, lang))
        org_notes.append(line)
    return Section(
        text("org_map", lang),
        ["", *(label("function", fn, lang) for fn in FUNCTIONS)],
        org_rows,
        "llll",
        org_notes,
    )


def _attitude_chips(ids: list[str], people: dict[str, AccountContact], lang: str) -> Text:
    chips = Text()
    for i, cid in enumerate(ids):
        if i:
            chips.append(", ")
        chips.append(people[cid]["name"])
        chips.append(" ")
        chips.append_text(attitude_text(people[cid]["attitude"]))
        if people[cid]["attitude"] is not None:
            chips.append(" " + text(f"attitude.name.{people[cid]['attitude']}", lang), style="dim")
    return chips


def _attitude_section(
    att: AttitudeMap, people: dict[str, AccountContact], names: dict[str, str], lang: str
) -> Section:
    att_rows = [
        [
            text(f"group.{group}", lang),
            _attitude_chips(att[group], people, lang) if att[group] else Text("—", style="dim"),
            text(f"strategy.{group}", lang),
        ]
        for group in ("supporters", "neutrals", "opponents", "unknown")
        if group != "unknown" or att[group]
    ]
    moves = [
        Text(text("attitude_mix", lang), style="dim"),
        Text(f"{text('next_moves', lang)}:", style="bold"),
    ]
    moves += [Text(f"- {move_text(m, names, lang)}") for m in att["moves"]]
    return Section(
        text("attitude_map", lang),
        [text("group", lang), text("contacts", lang), text("strategy", lang)],
        att_rows,
        "lll",
        moves if att["moves"] else [],
    )


def _gaps_section(view: AccountView, names: dict[str, str], lang: str) -> Section:
    gap_rows = [[Text("!", style="bold red"), Text(gap_text(g, names, lang))] for g in view["gaps"]]
    return Section(
        text("gaps", lang),
        ["", ""],
        gap_rows,
        "ll",
        [] if gap_rows else [Text(text("no_gaps", lang), style="green")],
    )


def _questions_section(opp: Opportunity, lang: str) -> Section:
    """The five questions, their answers and status, and the go / no-go verdict."""
    q_rows = []
    for q in opp["questions"]:
        ask = Text(
            ("★ " if q["key"] else "  ") + text(f"q.{q['question']}", lang), style="bold" if q["key"] else ""
        )
        q_rows.append([ask, _answer(q, lang), _status(q["status"])])
    verdict = Text.assemble(
        (f"{text('verdict', lang)}: ", "bold"),
        (text(f"verdict.{opp['verdict']}", lang), "bold green" if opp["verdict"] == "go" else "bold yellow"),
    )
    q_notes = [Text(text("questions_note", lang), style="dim"), verdict]
    q_notes += [Text(f"- {r}", style="yellow") for r in verdict_reasons(opp, lang)]
    return Section(
        text("questions", lang), [text("question", lang), text("answer", lang), ""], q_rows, "lll", q_notes
    )


def account_sections(view: AccountView, lang: str) -> tuple[list[Any], list[Section]]:
    """`pipetrack account`: header facts, then org map, attitudes, gaps, questions, products, competitors."""
    people = {c["id"]: c for c in view["contacts"]}
    names = {cid: c["name"] for cid, c in people.items()}
    return _account_header(view, lang), [
        _org_section(view["org_map"], people, lang),
        _attitude_section(view["attitude"], people, names, lang),
        _people_section(view, people, lang),
        _gaps_section(view, names, lang),
        _questions_section(view["opportunity"], lang),
        _research_section(view, lang),
        _records_section(text("products", lang), view["products_in_use"], lang),
        _records_section(text("competitors", lang), view["competitors"], lang),
    ]


ACCOUNT_CSV = [
    "id",
    "name",
    "title",
    "owner",
    "stage",
    "level",
    "function",
    "roles",
    "supporter",
    "attitude",
    "attitude_group",
    "personality",
    "relationship",
    "value",
    "weighted_value",
]


def account_csv(view: AccountView) -> str:
    """One row per contact of the account, with its place in the map."""
    rows = [
        [";".join(c["roles"]) if k == "roles" else c.get(k) for k in ACCOUNT_CSV] for c in view["contacts"]
    ]
    return to_csv(ACCOUNT_CSV, rows)


def tips_renderable(tips: Tips, lang: str = "en") -> Group:
    """The selling tips of `pipetrack show` (from ``intel.contact_tips``); empty when nothing is known."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    if tips["personality"]:
        p = tips["personality"]
        head = Text(p["label"] or "", style="cyan")
        if p["style_label"] and p["type"]:
            head.append(f" · {p['style_label']}", style="cyan")
        grid.add_row(text("tip.personality", lang), head)
        for tip in p["tips"]:
            grid.add_row("", Text(f"- {tip}"))
    if tips["attitude"]:
        a = tips["attitude"]
        line = attitude_text(a["value"])
        line.append(f" {a['name']}", style=attitude_style(a["value"]))
        line.append(f": {a['description']}")
        grid.add_row(text("tip.attitude", lang), line)
        says = " ".join(f"“{q}”" if lang == "en" else f"「{q}」" for q in a["says"])
        grid.add_row("", Text(f"{text('attitude.typical', lang)}: {says}", style="dim"))
        grid.add_row("", Text(f"- {a['strategy']}: {a['tip']}"))
    if tips["two_faced"]:
        grid.add_row("", Text(f"! {tips['two_faced']}", style="yellow"))
    for i, need in enumerate(tips["dept_needs"]):
        grid.add_row(text("dept_needs_short", lang) if i == 0 else "", Text(need))
    if tips["relationship"]:
        r = tips["relationship"]
        line = Text(r["label"], style="cyan")
        line.append(f" — {r['tip']}")
        grid.add_row(text("tip.relationship", lang), line)
    for i, n in enumerate(tips["needs"]):
        line = Text(f"- {n['label']}", style="cyan")
        line.append(f" ({' / '.join(text('needs.' + k, lang) for k in n['lists'])})", style="dim")
        line.append(f": {n['tip']}")
        grid.add_row(text("tip.needs", lang) if i == 0 else "", line)
    if tips["follow_up"]:
        f = tips["follow_up"]
        grid.add_row(
            text("tip.follow_up", lang), Text(f["tip"], style="bold red" if f["overdue"] else "bold yellow")
        )
    if not grid.rows:
        return Group()
    return Group(Text(text("tips_title", lang), style="bold"), grid)
