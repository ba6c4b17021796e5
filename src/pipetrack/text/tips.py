"""Account intelligence in words: a contact's selling tips, an account's gaps, moves and verdict.

The facts (attitude groups, relationship stages, follow-up days, gaps) come from
pipetrack.domain.intel; this module only puts them into ``lang``.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, TypedDict

from pipetrack.domain.intel import (
    NEED_LISTS,
    RELATIONSHIPS,
    STYLE_PERSONALITY,
    attitude_group,
    follow_up_due,
)
from pipetrack.domain.models import Contact, Settings
from pipetrack.text import join_names, label, text

if TYPE_CHECKING:
    from pipetrack.domain.intel_data import Gap, Move, Opportunity


class Personality(TypedDict):
    type: str | None
    label: str | None
    style: str | None
    style_label: str | None
    tips: list[str]


class AttitudeTip(TypedDict):
    value: int
    group: str
    label: str
    strategy: str
    tip: str
    name: str
    description: str
    says: list[str]


class RelationshipTip(TypedDict):
    stage: str
    label: str
    next_stage: str | None
    next_label: str | None
    tip: str


class NeedTip(TypedDict):
    need: str
    label: str
    lists: list[str]
    tip: str


class FollowUp(TypedDict):
    paid: str | None
    due: str
    overdue: bool
    tip: str


class Tips(TypedDict):
    """Selling tips for one person (`show`), in words; a part is None when its field is not set."""

    personality: Personality | None
    attitude: AttitudeTip | None
    relationship: RelationshipTip | None
    needs: list[NeedTip]
    follow_up: FollowUp | None
    dept_needs: list[str]
    two_faced: str | None


def contact_tips(contact: Contact, settings: Settings, today: date, lang: str = "en") -> Tips:
    """Selling tips for one person, texts in ``lang``; a part is None when its field is not set
    (``settings`` is unused today: the tips depend on the person alone).

    Keys: ``personality`` {type, label, tips[]}, ``attitude`` {value, group, label, tip},
    ``relationship`` {stage, label, next_stage, next_label, tip}, ``needs`` [{need, label, tip}],
    ``follow_up`` {paid, due, overdue, tip}, ``dept_needs`` [text] (what the person's level
    and department care about), ``two_faced`` (a stated attitude two or more from the judged one).
    """
    p = contact.profile
    return {
        "personality": _personality(p.personality, p.style, lang),
        "attitude": _attitude(p.attitude, lang) if p.attitude is not None else None,
        "relationship": _relationship(p.relationship, lang) if p.relationship else None,
        "needs": [
            {
                "need": n,
                "label": label("need", n, lang),
                "lists": [name for name, keys in NEED_LISTS if n in keys],
                "tip": text(f"need.{n}.tip", lang),
            }
            for n in p.needs
        ],
        "follow_up": _follow_up(contact, today, lang),
        "dept_needs": [
            text(f"{k}.needs", lang)
            for k in (f"level.{p.level}" if p.level else "", f"function.{p.function}" if p.function else "")
            if k
        ],
        "two_faced": (
            text("two_faced", lang, stated=f"{p.attitude_stated:+d}", attitude=f"{p.attitude:+d}")
            if p.attitude is not None
            and p.attitude_stated is not None
            and abs(p.attitude_stated - p.attitude) >= 2
            else None
        ),
    }


def _personality(personality: str | None, style: str | None, lang: str) -> Personality | None:
    """The personality type's tips; a communication style stands for its type (the chameleon
    for none: it adapts to whom it talks to)."""
    kind = personality or STYLE_PERSONALITY.get(style or "")
    style_label = label("style", style, lang) if style else None
    if kind:
        return {
            "type": kind,
            "label": label("personality", kind, lang),
            "style": style,
            "style_label": style_label,
            "tips": text(f"personality.{kind}.tips", lang).split("|"),
        }
    if style == "chameleon":
        return {
            "type": None,
            "label": style_label,
            "style": style,
            "style_label": style_label,
            "tips": [text("style.chameleon.tips", lang)],
        }
    return None


def _attitude(value: int, lang: str) -> AttitudeTip:
    group = attitude_group(value)
    return {
        "value": value,
        "group": group,
        "label": text(f"group.{group}", lang),
        "strategy": text(f"strategy.{group}", lang),
        "tip": text(f"attitude.{value}", lang),
        "name": text(f"attitude.name.{value}", lang),
        "description": text(f"attitude.desc.{value}", lang),
        "says": text(f"attitude.says.{value}", lang).split("|"),
    }


def _relationship(stage: str, lang: str) -> RelationshipTip:
    i = RELATIONSHIPS.index(stage)
    nxt = RELATIONSHIPS[i + 1] if i + 1 < len(RELATIONSHIPS) else None
    if nxt:
        activity = text(f"activity.{nxt}", lang)
        tip = text("relationship.next", lang, next=label("relationship", nxt, lang), activity=activity)
    else:
        tip = text("relationship.top", lang)
    return {
        "stage": stage,
        "label": label("relationship", stage, lang),
        "next_stage": nxt,
        "next_label": label("relationship", nxt, lang) if nxt else None,
        "tip": tip,
    }


def _follow_up(contact: Contact, today: date, lang: str) -> FollowUp | None:
    due = follow_up_due(contact, today)
    if due is None:
        return None
    overdue = today > due
    paid = contact.paid.isoformat() if contact.paid else None
    key = "follow_up.overdue" if overdue else "follow_up.due"
    return {
        "paid": paid,
        "due": due.isoformat(),
        "overdue": overdue,
        "tip": text(key, lang, paid=paid, due=due.isoformat()),
    }


# --- texts for the account view ---------------------------------------------------


def gap_text(gap: Gap, names: dict[str, str], lang: str = "en") -> str:
    return text(f"gap.{gap['gap']}", lang, names=join_names([names.get(i, i) for i in gap["contacts"]], lang))


def move_text(move: Move, names: dict[str, str], lang: str = "en") -> str:
    return text(
        f"move.{move['move']}", lang, names=join_names([names.get(i, i) for i in move["contacts"]], lang)
    )


def verdict_reasons(opp: Opportunity, lang: str = "en") -> list[str]:
    """Why an opportunity is not yet a go: one line per missing quality."""
    out = []
    if not opp["clear"]:
        out.append(text("why.clear", lang))
    if not opp["near"]:
        out.append(text("why.near", lang, days=opp["near_days"]))
    if not opp["valuable"]:
        out.append(text("why.valuable", lang))
    return out
