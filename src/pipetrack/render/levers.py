"""The five levers of the funnel as a section: ranked by the deals a week each would add."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text

from pipetrack.render.tables import Section, fmt_num, money, pct
from pipetrack.text import has_text, text

if TYPE_CHECKING:
    from pipetrack.domain.reports import FunnelReport, Lever


def lever_name(key: str, lang: str) -> str:
    """dials, dial → connect rate, connect → meeting rate, closing ratio, average deal size."""
    return text(f"lever_{key}", lang) if has_text(f"lever_{key}", lang) else text(f"lever.{key}", lang)


def _seen(lv: Lever, value: Any) -> str:
    if lv["lever"] == "dials":
        return fmt_num(value)
    if lv["lever"] == "deal_size":
        return money(None if value is None else round(value)) or "—"
    return pct(value)


def _gain(value: Any, digits: int) -> str:
    return "—" if value is None else "+" + fmt_num(value, digits)


def weakest_note(lv: Lever, lang: str, every: bool = True) -> Text:
    """The weakest lever and the deals a week it would add, or every (ranked) lever on target."""
    if not lv["gain_deals"]:
        return Text(text("levers_on_target" if every else "lever.ranked_on_target", lang), style="green")
    line = text(
        "lever.weakest", lang, lever=lever_name(lv["lever"], lang), deals=fmt_num(lv["gain_deals"], 2)
    )
    if lv["gain_meetings"]:
        line += text("lever.weakest_meetings", lang, meetings=fmt_num(lv["gain_meetings"]))
    return Text.assemble((line, "bold yellow"))


def levers_section(rep: FunnelReport, lang: str) -> Section:
    """A row per lever (ranked, then those not ranked with their reason below)."""
    rows, notes = [], []
    rank = 0
    for lv in rep["levers"]:
        name = lever_name(lv["lever"], lang)
        ranked = lv["gain_deals"] is not None
        rank += ranked
        rows.append(
            [
                str(rank) if ranked else "",
                name,
                _seen(lv, lv["observed"]),
                _seen(lv, lv["target"]),
                _gain(lv["gain_deals"], 2),
                _gain(None if lv["gain_value"] is None else round(lv["gain_value"]), 0),
            ]
        )
        if not ranked:
            notes.append(Text(text(f"lever.{lv['reason']}", lang, lever=name, **lv["params"]), style="dim"))
    w = rep["lever_window"]
    deal_size = next(lv for lv in rep["levers"] if lv["lever"] == "deal_size")
    target = text("lever.target_set" if w.get("target_set") else "lever.target_median", lang)
    target = "—" if deal_size["target"] is None else f"{money(round(deal_size['target']))} ({target})"
    notes.append(
        Text(
            text(
                "lever.window",
                lang,
                weeks=w["weeks"],
                start=w["start"],
                end=w["end"],
                prospects=w["new_prospects"],
                deals=w["deals"],
            ),
            style="dim",
        )
    )
    notes.append(Text(text("lever.target", lang, target=target), style="dim"))
    headers = ["", "", text("observed", lang), text("target", lang)]
    headers += [text("lever.gain_deals", lang), text("lever.gain_value", lang)]
    return Section(
        text("lever.title", lang),
        headers,
        rows,
        "rlrrrr",
        [weakest_note(rep["weakest_lever"], lang, every=rank == len(rep["levers"])), *notes],
    )
