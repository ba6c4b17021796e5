"""`pipetrack show`: one contact as a panel of facts, criteria and activities.

User text goes in through ``Text``, never as Rich markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from pipetrack.render.tables import mark, money
from pipetrack.text import criterion_label, label, stage_label, text

if TYPE_CHECKING:
    from pipetrack.domain.reports import ContactView
    from pipetrack.render.formats import View


def _evidence(value: Any, lang: str = "en") -> str:
    if value is None or value is False:
        return ""
    if value is True:
        return text("yes", lang)
    return str(value)


def _stage_text(view: ContactView, lang: str) -> Text:
    stage = Text(stage_label(view["stage"], lang))
    if view["supported_stage"] != view["stage"] or not view["supported"]:
        supported = f"  ({text('supported', lang)}: {stage_label(view['supported_stage'], lang)})"
        stage.append(supported, style="cyan" if view["supported"] else "red")
    return stage


def _place(profile: dict[str, Any], lang: str) -> str:
    """Where the person sits in the account, in the method's words: level, function, roles
    and the kind of guide they are (决策层 · 使用部门 · 决策者 · 教练)."""
    words = [label(k, profile[k], lang) for k in ("level", "function") if profile.get(k)]
    words += [label("role", r, lang) for r in profile.get("roles", [])]
    if profile.get("supporter"):
        words.append(label("supporter", profile["supporter"], lang))
    return " · ".join(words)


def _contact_facts(view: ContactView, lang: str) -> Table:
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
    if place := _place(view.get("profile") or {}, lang):
        facts.add_row(text("profile_place", lang), Text(place))
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
    for key, value in (
        ("signed", view["signed"]),
        ("paid", view["paid"]),
        ("lost_reason", view["lost_reason"]),
    ):
        if value:
            facts.add_row(text(key, lang), Text(value))
    return facts


def _contact_criteria(view: ContactView, lang: str) -> Table:
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


def _contact_activities(view: ContactView, lang: str) -> Table:
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


def contact_panel(view: ContactView, lang: str = "en") -> Group:
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


def show_view(view: ContactView, lang: str) -> View:
    """`show`: the contact's panel and its tips on the terminal, or its JSON."""
    from pipetrack.render.formats import View
    from pipetrack.render.intel import tips_renderable

    def table(_: int) -> Group:
        return Group(contact_panel(view, lang), tips_renderable(view["tips"], lang))

    return View(view["name"], view, own={"table": table})
