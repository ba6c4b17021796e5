"""Account intelligence in words: a contact's selling tips, an account's gaps, moves and verdict.

The facts (attitude groups, relationship stages, follow-up days, gaps) come from
pipetrack.domain.intel; this module only puts them into ``lang``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pipetrack.domain.intel import NEED_LISTS, RELATIONSHIPS, attitude_group, follow_up_due
from pipetrack.domain.models import Contact, Settings
from pipetrack.text import join_names, label, text


def contact_tips(contact: Contact, settings: Settings, today: date, lang: str = "en") -> dict[str, Any]:
    """Selling tips for one person, texts in ``lang``; a part is None when its field is not set
    (``settings`` is unused today: the tips depend on the person alone).

    Keys: ``personality`` {type, label, tips[]}, ``attitude`` {value, group, label, tip},
    ``relationship`` {stage, label, next_stage, next_label, tip}, ``needs`` [{need, label, tip}],
    ``follow_up`` {paid, due, overdue, tip}.
    """
    p = contact.profile
    personality = None
    if p.personality:
        personality = {
            "type": p.personality,
            "label": label("personality", p.personality, lang),
            "tips": text(f"personality.{p.personality}.tips", lang).split("|"),
        }
    attitude = None
    if p.attitude is not None:
        group = attitude_group(p.attitude)
        attitude = {
            "value": p.attitude,
            "group": group,
            "label": text(f"group.{group}", lang),
            "strategy": text(f"strategy.{group}", lang),
            "tip": text(f"attitude.{p.attitude}", lang),
            "name": text(f"attitude.name.{p.attitude}", lang),
            "description": text(f"attitude.desc.{p.attitude}", lang),
            "says": text(f"attitude.says.{p.attitude}", lang).split("|"),
        }
    relationship = None
    if p.relationship:
        i = RELATIONSHIPS.index(p.relationship)
        nxt = RELATIONSHIPS[i + 1] if i + 1 < len(RELATIONSHIPS) else None
        tip = (
            text(
                "relationship.next",
                lang,
                next=label("relationship", nxt, lang),
                activity=text(f"activity.{nxt}", lang),
            )
            if nxt
            else text("relationship.top", lang)
        )
        relationship = {
            "stage": p.relationship,
            "label": label("relationship", p.relationship, lang),
            "next_stage": nxt,
            "next_label": label("relationship", nxt, lang) if nxt else None,
            "tip": tip,
        }
    needs = [
        {
            "need": n,
            "label": label("need", n, lang),
            "lists": [name for name, keys in NEED_LISTS if n in keys],
            "tip": text(f"need.{n}.tip", lang),
        }
        for n in p.needs
    ]
    follow_up = None
    due = follow_up_due(contact, today)
    if due is not None:
        overdue = today > due
        follow_up = {
            "paid": contact.paid.isoformat() if contact.paid else None,
            "due": due.isoformat(),
            "overdue": overdue,
            "tip": text(
                "follow_up.overdue" if overdue else "follow_up.due",
                lang,
                paid=contact.paid.isoformat() if contact.paid else None,
                due=due.isoformat(),
            ),
        }
    return {
        "personality": personality,
        "attitude": attitude,
        "relationship": relationship,
        "needs": needs,
        "follow_up": follow_up,
    }


# --- texts for the account view ---------------------------------------------------


def gap_text(gap: dict[str, Any], names: dict[str, str], lang: str = "en") -> str:
    return text(f"gap.{gap['gap']}", lang, names=join_names([names.get(i, i) for i in gap["contacts"]], lang))


def move_text(move: dict[str, Any], names: dict[str, str], lang: str = "en") -> str:
    return text(
        f"move.{move['move']}", lang, names=join_names([names.get(i, i) for i in move["contacts"]], lang)
    )


def verdict_reasons(opp: dict[str, Any], lang: str = "en") -> list[str]:
    """Why an opportunity is not yet a go: one line per missing quality."""
    out = []
    if not opp["clear"]:
        out.append(text("why.clear", lang))
    if not opp["near"]:
        out.append(text("why.near", lang, days=opp["near_days"]))
    if not opp["valuable"]:
        out.append(text("why.valuable", lang))
    return out
