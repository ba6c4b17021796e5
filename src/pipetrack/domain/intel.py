"""Account and contact intelligence (README: Key accounts) as pure functions.

The rules, each documented where it is decided:

* **organisation map** — contacts by level (executive, management, operational)
  × function (user, oversight, finance); a contact missing either is *unplaced*.
* **attitude groups** — supporters +1…+4, neutrals 0, opponents −1…−4; a
  contact without ``profile.attitude`` is *unknown*.
* **coverage gaps** (:func:`coverage_gaps`) — no contacts; a single contact;
  no decision maker (nobody with role ``decider`` or level ``executive``); no
  guide (nobody with ``profile.supporter`` set: a guide is someone you developed
  as insider, sponsor or coach — a friendly attitude alone is not one); an open
  deal at 50%/90% and nobody in the finance function; a decider with an attitude
  below 0.
* **the five questions** (:func:`opportunity_questions`) — each answered
  ``yes``/``no``/``unknown``; the verdict is ``go`` when the opportunity is
  *clear* (budget and purchase date both known), *near* (the purchase date lies
  between today and ``NEAR_DAYS`` days ahead) and *valuable* (fit, worth it and
  can win all yes); otherwise ``not_yet``.
* **relationship depth** (:func:`relationship_depth`) — from share of wallet:
  0 → development, below 0.5 → initial, 0.5 up to below 0.8 → stable, 0.8 and
  above → strategic; a missing share is development when the account has no
  closed deal, else unknown.
* **80/20** (:func:`pareto`) — the smallest set of accounts, by closed value
  descending, whose closed value reaches 80% of the total; the top 20% by count
  (rounded up, only accounts with closed value) flags a silver or untiered one.

Nothing here reads the clock or a file; ``today`` and settings are arguments.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any, overload

from pipetrack.domain import rules
from pipetrack.domain.intel_data import (
    AccountContact,
    AccountRow,
    AccountsReport,
    AccountView,
    AttitudeMap,
    BuyingStep,
    Flag,
    Gap,
    Move,
    Opportunity,
    Pareto,
    PersonNote,
    Question,
    Research,
    Rhythm,
)
from pipetrack.domain.models import NEEDS_LADDER, NEEDS_MOTIVES, Account, Contact, Settings, Stage

LEVELS = ("executive", "management", "operational")
FUNCTIONS = ("user", "oversight", "finance")
GROUPS = ("supporters", "neutrals", "opponents", "unknown")
QUESTIONS = ("budget", "purchase_date", "fit", "worth_it", "can_win")
#: The first two questions matter most (README: Key accounts).
KEY_QUESTIONS = ("budget", "purchase_date")
#: How far ahead a purchase date may lie for the opportunity to be "near".
NEAR_DAYS = 180  # the default of settings.opportunity_near_days
#: the selling step each buying step calls for
SELLING_STEP = {
    "need": "develop",
    "screening": "enter",
    "criteria": "propose",
    "tender": "bid",
    "commitment": "negotiate",
    "implementation": "implement",
}
#: the needs-research questions an account records answers to
#: the communication styles that match a personality type (the chameleon matches none)
STYLE_PERSONALITY = {"tiger": "driver", "peacock": "expressive", "koala": "amiable", "owl": "analytical"}
RESEARCH_QUESTIONS = ("who", "why", "strategy", "goal", "market", "new", "timing")
RHYTHM_DEFAULTS = {"prospect": 30, "interested": 14, "closed": 60}
RELATIONSHIPS = ("acquainted", "dating", "trust", "alliance")
#: the two lists of personal needs, each named after the course it comes from
NEED_LISTS = (("ladder", NEEDS_LADDER), ("motives", NEEDS_MOTIVES))
OPEN_STAGES = (Stage.FIRST_MEETING, Stage.P25, Stage.P50, Stage.P90)
PARETO_SHARE = 0.8
TOP_SHARE = 0.2


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


@overload
def _number(value: float) -> float: ...
@overload
def _number(value: float | None) -> float | None: ...
def _number(value: float | None) -> float | None:
    if isinstance(value, float):
        return int(value) if value.is_integer() else round(value, 2)
    return value


def attitude_group(attitude: int | None) -> str:
    """supporters (+1…+4), neutrals (0), opponents (−1…−4), or unknown (not rated)."""
    if attitude is None:
        return "unknown"
    if attitude > 0:
        return "supporters"
    return "neutrals" if attitude == 0 else "opponents"


def relationship_depth(share_of_wallet: float | None, has_closed_deal: bool) -> str:
    """development / initial (< 0.5) / stable (0.5 ≤ s < 0.8) / strategic (≥ 0.8), or unknown."""
    if share_of_wallet is None:
        return "unknown" if has_closed_deal else "development"
    if share_of_wallet <= 0:
        return "development"
    if share_of_wallet < 0.5:
        return "initial"
    return "stable" if share_of_wallet < 0.8 else "strategic"


def _by_id(contacts: Iterable[Contact]) -> list[Contact]:
    return sorted(contacts, key=lambda c: c.id)


def is_decision_maker(contact: Contact) -> bool:
    return "decider" in contact.profile.roles or contact.profile.level == "executive"


def org_map(contacts: Iterable[Contact]) -> dict[str, Any]:
    """Contact ids by level × function; those missing either are unplaced."""
    grid: dict[str, Any] = {lv: {fn: [] for fn in FUNCTIONS} for lv in LEVELS}
    unplaced = []
    for c in _by_id(contacts):
        lv, fn = c.profile.level, c.profile.function
        if lv is None or fn is None:
            unplaced.append(c.id)
        else:
            grid[lv][fn].append(c.id)
    return {**grid, "unplaced": unplaced}


def attitude_map(contacts: Iterable[Contact]) -> AttitudeMap:
    """Contacts grouped by attitude (strongest first) and the next moves it implies."""
    people = _by_id(contacts)
    groups: dict[str, list[Contact]] = {g: [] for g in GROUPS}
    for c in people:
        groups[attitude_group(c.profile.attitude)].append(c)
    groups["supporters"].sort(key=lambda c: -(c.profile.attitude or 0))
    groups["opponents"].sort(key=lambda c: c.profile.attitude or 0)
    champions = [c.id for c in groups["supporters"] if (c.profile.attitude or 0) >= 3]
    wavering = [c.id for c in groups["supporters"] if (c.profile.attitude or 0) < 3]
    moves: list[Move] = []
    if people and not champions:
        moves.append({"move": "develop_sponsor", "contacts": wavering})
    if champions:
        moves.append({"move": "use_champions", "contacts": champions})
    if wavering:
        moves.append({"move": "strengthen", "contacts": wavering})
    if len(groups["supporters"]) == 1 and len(people) > 1:
        moves.append({"move": "second_supporter", "contacts": [groups["supporters"][0].id]})
    for group, move in (
        ("neutrals", "win_neutrals"),
        ("opponents", "isolate_opponents"),
        ("unknown", "rate_attitude"),
    ):
        if groups[group]:
            moves.append({"move": move, "contacts": [c.id for c in groups[group]]})
    return {
        "supporters": [c.id for c in groups["supporters"]],
        "neutrals": [c.id for c in groups["neutrals"]],
        "opponents": [c.id for c in groups["opponents"]],
        "unknown": [c.id for c in groups["unknown"]],
        "moves": moves,
    }


def coverage_gaps(contacts: Iterable[Contact]) -> list[Gap]:
    """The coverage gaps of an account's contacts, in a fixed order (see module doc)."""
    people = _by_id(contacts)
    if not people:
        return [{"gap": "no_contacts", "contacts": []}]
    gaps: list[Gap] = []
    if len(people) == 1:
        gaps.append({"gap": "single_contact", "contacts": [people[0].id]})
    if not any(is_decision_maker(c) for c in people):
        gaps.append({"gap": "no_decision_maker", "contacts": []})
    if not any(c.profile.supporter for c in people):
        gaps.append({"gap": "no_guide", "contacts": []})
    late = [c.id for c in people if c.stage in (Stage.P50, Stage.P90)]
    if late and not any(c.profile.function == "finance" for c in people):
        gaps.append({"gap": "no_finance", "contacts": late})
    opposing = [
        c.id
        for c in people
        if "decider" in c.profile.roles and c.profile.attitude is not None and c.profile.attitude < 0
    ]
    if opposing:
        gaps.append({"gap": "opposing_decider", "contacts": opposing})
    return gaps


def _answer_status(key: str, value: Any) -> str:
    if value is None or value == "unknown":
        return "unknown"
    if key == "budget":
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, str):
            return "yes" if value.strip() else "unknown"
        return "yes" if value > 0 else "no"
    if key == "purchase_date":
        return "yes"
    return "yes" if value else "no"


def opportunity_questions(account: Account, today: date, near_days: int = NEAR_DAYS) -> Opportunity:
    """The five questions with their answers, what is unknown, and the verdict."""
    opp = account.opportunity
    questions: list[Question] = []
    for key in QUESTIONS:
        value = getattr(opp, key)
        questions.append(
            {
                "question": key,
                "answer": _plain(value),
                "status": _answer_status(key, value),
                "key": key in KEY_QUESTIONS,
            }
        )
    status = {q["question"]: q["status"] for q in questions}
    clear = status["budget"] == "yes" and status["purchase_date"] == "yes"
    when = opp.purchase_date
    near = when is not None and today <= when <= today + timedelta(days=near_days)
    valuable = all(status[k] == "yes" for k in ("fit", "worth_it", "can_win"))
    return {
        "questions": questions,
        "unknown": [k for k in QUESTIONS if status[k] == "unknown"],
        "clear": clear,
        "near": near,
        "valuable": valuable,
        "near_days": near_days,
        "verdict": "go" if clear and near and valuable else "not_yet",
    }


def client_class(contacts: Iterable[Contact]) -> str:
    """The account's class for its contact rhythm: ``closed`` (a deal closed), ``interested``
    (a contact at first-meeting … 90%) or ``prospect``."""
    stages = {c.stage for c in contacts}
    if Stage.CLOSED in stages:
        return "closed"
    return "interested" if stages & set(OPEN_STAGES) else "prospect"


def rhythm(contacts: list[Contact], settings: Settings, today: date) -> Rhythm:
    """When the account is next due for contact: the last activity with any of its people
    plus the days of its class (``settings.rhythm_days``); overdue when that has passed."""
    cls = client_class(contacts)
    days = settings.rhythm_days.get(cls, RHYTHM_DEFAULTS[cls])
    done = [a.date for c in contacts for a in c.activities if a.date <= today]
    last = max(done) if done else None
    due = last + timedelta(days=days) if last else today
    return {
        "class": cls,
        "days": days,
        "last_contact": _iso(last),
        "due": due.isoformat(),
        "overdue": due < today,
    }


def buying_step(account: Account) -> BuyingStep | None:
    step = account.buying_step
    if step is None:
        return None
    return {"buying_step": step, "selling_step": SELLING_STEP[step]}


def needs_research(account: Account) -> list[Research]:
    """The needs-research checklist: each question with its recorded answer (None when open)."""
    answers = account.needs_research
    return [{"question": q, "answer": _plain(answers.get(q))} for q in RESEARCH_QUESTIONS]


def people_notes(contacts: Iterable[Contact]) -> list[PersonNote]:
    """Per person: the communication style, the needs of their level and department (codes),
    and a stated attitude two or more away from the judged one (``two_faced``)."""
    out: list[PersonNote] = []
    for c in _by_id(contacts):
        p = c.profile
        dept = [f"level.{p.level}"] if p.level else []
        dept += [f"function.{p.function}"] if p.function else []
        two_faced = (
            p.attitude is not None
            and p.attitude_stated is not None
            and abs(p.attitude_stated - p.attitude) >= 2
        )
        if p.style or dept or two_faced:
            out.append(
                {
                    "id": c.id,
                    "style": p.style,
                    "needs": dept,
                    "attitude": p.attitude,
                    "attitude_stated": p.attitude_stated,
                    "two_faced": two_faced,
                }
            )
    return out


def best_stage(contacts: Iterable[Contact]) -> str | None:
    stages = [c.stage for c in contacts]
    return max(stages, key=lambda s: s.rank).value if stages else None


def open_weighted_value(contacts: Iterable[Contact], settings: Settings) -> float:
    return sum(rules.weighted_value(c, settings) for c in contacts if c.stage in OPEN_STAGES)


def closed_value(contacts: Iterable[Contact]) -> float:
    return sum(c.value or 0 for c in contacts if c.stage is Stage.CLOSED)


def _contact_row(c: Contact, settings: Settings) -> AccountContact:
    p = c.profile
    return {
        "id": c.id,
        "name": c.name,
        "title": c.title,
        "owner": c.owner,
        "stage": c.stage.value,
        "level": p.level,
        "function": p.function,
        "roles": list(p.roles),
        "supporter": p.supporter,
        "attitude": p.attitude,
        "attitude_group": attitude_group(p.attitude),
        "personality": p.personality,
        "relationship": p.relationship,
        "value": _number(c.value),
        "weighted_value": _number(rules.weighted_value(c, settings)) if c.stage in OPEN_STAGES else 0,
    }


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return _number(value) if isinstance(value, float) else value


def account_report(
    account: Account, contacts: Iterable[Contact], settings: Settings, today: date
) -> AccountView:
    """Everything `pipetrack account` shows: the JSON contract of docs/json-accounts.md."""
    people = _by_id(c for c in contacts if c.account == account.id)
    closed = closed_value(people)
    return {
        "id": account.id,
        "name": account.name,
        "as_of": today.isoformat(),
        "currency": settings.currency,
        "tier": account.tier,
        "industry": account.industry,
        "size": account.size,
        "share_of_wallet": _number(account.share_of_wallet),
        "depth": relationship_depth(account.share_of_wallet, closed > 0),
        "best_stage": best_stage(people),
        "open_weighted_value": _number(float(open_weighted_value(people, settings))),
        "closed_value": _number(float(closed)),
        "contacts": [_contact_row(c, settings) for c in people],
        "org_map": org_map(people),
        "attitude": attitude_map(people),
        "gaps": coverage_gaps(people),
        "opportunity": opportunity_questions(account, today, settings.opportunity_near_days),
        "buying_step": buying_step(account),
        "rhythm": rhythm(people, settings, today),
        "people": people_notes(people),
        "needs_research": needs_research(account),
        "products_in_use": _plain(account.products_in_use),
        "competitors": _plain(account.competitors),
        "notes": account.notes,
    }


def pareto(values: dict[str, float], tiers: dict[str, str | None]) -> Pareto:
    """The 80/20 cut over accounts' closed values (ids ordered by value, then id)."""
    ranked = sorted(values, key=lambda a: (-values[a], a))
    total = sum(values.values())
    top80: list[str] = []
    running = 0.0
    if total > 0:
        for aid in ranked:
            if running >= PARETO_SHARE * total:
                break
            top80.append(aid)
            running += values[aid]
    paying = [a for a in ranked if values[a] > 0]
    top20 = paying[: math.ceil(TOP_SHARE * len(values))] if values else []
    flags: list[Flag] = [
        {"account": a, "flag": "silver_in_top20" if tiers.get(a) == "silver" else "untiered_in_top20"}
        for a in top20
        if tiers.get(a) in ("silver", None)
    ]
    return {"total": total, "top80": top80, "top80_value": running, "top20": top20, "flags": flags}


def _account_row(a: Account, people: list[Contact], settings: Settings, today: date) -> AccountRow:
    """One account of `accounts`: its figures, depth, gaps and verdict."""
    closed = closed_value(people)
    gaps = coverage_gaps(people)
    return {
        "id": a.id,
        "name": a.name,
        "tier": a.tier,
        "contacts": len(people),
        "best_stage": best_stage(people),
        "open_weighted_value": _number(float(open_weighted_value(people, settings))),
        "closed_value": _number(float(closed)),
        "share_of_wallet": _number(a.share_of_wallet),
        "depth": relationship_depth(a.share_of_wallet, closed > 0),
        "gaps": len(gaps),
        "gap_keys": [g["gap"] for g in gaps],
        "verdict": opportunity_questions(a, today, settings.opportunity_near_days)["verdict"],
    }


def accounts_report(
    accounts: Iterable[Account],
    contacts: Iterable[Contact],
    settings: Settings,
    today: date,
    owner: str | None = None,
) -> AccountsReport:
    """Every account in one row, and the 80/20 view.

    With ``owner``, only accounts where that owner has a contact are listed; an
    account's numbers and gaps still count all its contacts (coverage belongs to
    the account), and the 80/20 cut is over the listed accounts.
    """
    everyone = list(contacts)
    by_account: dict[str, list[Contact]] = {}
    for c in everyone:
        if c.account:
            by_account.setdefault(c.account, []).append(c)
    rows = []
    for a in sorted(accounts, key=lambda a: a.id):
        people = by_account.get(a.id, [])
        if owner is not None and not any(c.owner == owner for c in people):
            continue
        rows.append(_account_row(a, people, settings, today))
    cut = pareto({r["id"]: float(r["closed_value"]) for r in rows}, {r["id"]: r["tier"] for r in rows})
    for r in rows:
        r["top80"] = r["id"] in cut["top80"]
        r["top20"] = r["id"] in cut["top20"]
    rows.sort(key=lambda r: (-r["closed_value"], -r["open_weighted_value"], r["id"]))
    return {
        "as_of": today.isoformat(),
        "owner": owner,
        "currency": settings.currency,
        "accounts": rows,
        "closed_total": _number(float(cut["total"])),
        "top80": cut["top80"],
        "top80_value": _number(float(cut["top80_value"])),
        "top20": cut["top20"],
        "flags": cut["flags"],
    }


# --- contact tips (`pipetrack show`) -------------------------------------------


def follow_up_due(contact: Contact, today: date) -> date | None:
    """After a sale, follow up within two days of payment: the due day when nothing
    was logged on or after the payment day, else None."""
    paid = contact.paid
    if paid is None or paid > today or contact.stage not in (Stage.P90, Stage.CLOSED):
        return None
    if any(a.date >= paid for a in contact.activities):
        return None
    return paid + timedelta(days=2)
