"""Account and contact intelligence (README: Key accounts): every rule on small records with known answers."""

from __future__ import annotations

import re
from datetime import date

import pytest

from pipetrack.domain import intel
from pipetrack.domain.models import Account, Contact, Settings
from pipetrack.text import intel as i18n_intel
from pipetrack.text import tips as words

TODAY = date(2026, 11, 23)
SETTINGS = Settings()


def person(cid: str, account: str = "acme", **fields) -> Contact:
    profile = {
        k: fields.pop(k)
        for k in list(fields)
        if k
        in ("function", "level", "roles", "supporter", "attitude", "personality", "relationship", "needs")
    }
    return Contact.model_validate(
        {"id": cid, "name": cid.title(), "account": account, "profile": profile, **fields}
    )


def account(aid: str = "acme", **fields) -> Account:
    return Account.model_validate({"id": aid, "name": aid.title(), **fields})


# --- relationship depth and attitude groups -----------------------------------


@pytest.mark.parametrize(
    "share, closed, depth",
    [
        (None, False, "development"),
        (None, True, "unknown"),
        (0, False, "development"),
        (0, True, "development"),
        (0.01, False, "initial"),
        (0.49, False, "initial"),
        (0.5, False, "stable"),
        (0.79, False, "stable"),
        (0.8, False, "strategic"),
        (1.0, True, "strategic"),
    ],
)
def test_relationship_depth(share, closed, depth):
    assert intel.relationship_depth(share, closed) == depth


@pytest.mark.parametrize(
    "attitude, group",
    [
        (4, "supporters"),
        (3, "supporters"),
        (2, "supporters"),
        (1, "supporters"),
        (0, "neutrals"),
        (-1, "opponents"),
        (-2, "opponents"),
        (-3, "opponents"),
        (-4, "opponents"),
        (None, "unknown"),
    ],
)
def test_attitude_group(attitude, group):
    assert intel.attitude_group(attitude) == group


def test_attitude_map_groups_and_orders():
    people = [
        person("a", attitude=1),
        person("b", attitude=4),
        person("c", attitude=0),
        person("d", attitude=-1),
        person("e", attitude=-4),
        person("f"),
        person("g", attitude=2),
    ]
    m = intel.attitude_map(people)
    assert m["supporters"] == ["b", "g", "a"]
    assert m["neutrals"] == ["c"]
    assert m["opponents"] == ["e", "d"]
    assert m["unknown"] == ["f"]
    assert m["moves"] == [
        {"move": "use_champions", "contacts": ["b"]},
        {"move": "strengthen", "contacts": ["g", "a"]},
        {"move": "win_neutrals", "contacts": ["c"]},
        {"move": "isolate_opponents", "contacts": ["e", "d"]},
        {"move": "rate_attitude", "contacts": ["f"]},
    ]


def test_no_one_at_plus_three_means_develop_a_sponsor():
    m = intel.attitude_map([person("a", attitude=2), person("b", attitude=-2)])
    assert m["moves"] == [
        {"move": "develop_sponsor", "contacts": ["a"]},
        {"move": "strengthen", "contacts": ["a"]},
        {"move": "second_supporter", "contacts": ["a"]},
        {"move": "isolate_opponents", "contacts": ["b"]},
    ]
    assert (
        words.move_text(m["moves"][0], {})
        == "no one at +3 or above: develop a sponsor who sells for you inside"
    )


def test_a_plus_three_is_enough_to_not_need_a_sponsor():
    moves = [
        m["move"] for m in intel.attitude_map([person("a", attitude=3), person("b", attitude=3)])["moves"]
    ]
    assert moves == ["use_champions"]


# --- organisation map ----------------------------------------------------------


def test_org_map_places_by_level_and_function():
    people = [
        person("boss", level="executive", function="user"),
        person("cfo", level="executive", function="finance"),
        person("it", level="management", function="oversight"),
        person("op", level="operational", function="user"),
        person("op2", level="operational", function="user"),
        person("nolevel", function="user"),
        person("bare"),
    ]
    m = intel.org_map(people)
    assert m == {
        "executive": {"user": ["boss"], "oversight": [], "finance": ["cfo"]},
        "management": {"user": [], "oversight": ["it"], "finance": []},
        "operational": {"user": ["op", "op2"], "oversight": [], "finance": []},
        "unplaced": ["bare", "nolevel"],
    }


# --- coverage gaps: one test per rule, each with the case that clears it -------------


def gaps(people):
    return [g["gap"] for g in intel.coverage_gaps(people)]


def test_no_contacts_is_the_only_gap_of_an_empty_account():
    assert intel.coverage_gaps([]) == [{"gap": "no_contacts", "contacts": []}]


def test_single_contact():
    assert intel.coverage_gaps([person("a", roles=["decider"], supporter="coach")]) == [
        {"gap": "single_contact", "contacts": ["a"]}
    ]
    assert gaps([person("a", roles=["decider"], supporter="coach"), person("b")]) == []


@pytest.mark.parametrize(
    "profile, reached",
    [
        ({"roles": ["decider"]}, True),
        ({"level": "executive"}, True),
        ({"level": "management", "roles": ["evaluator", "influencer"]}, False),
        ({}, False),
    ],
)
def test_no_decision_maker(profile, reached):
    people = [person("a", supporter="insider"), person("b", **profile)]
    assert ("no_decision_maker" in gaps(people)) is not reached


@pytest.mark.parametrize(
    "supporter, attitude, guided",
    [
        ("insider", None, True),
        ("sponsor", 0, True),
        ("coach", -1, True),
        (None, 4, False),  # a friendly attitude alone is not a guide
        (None, None, False),
    ],
)
def test_no_guide_means_no_supporter_kind_set(supporter, attitude, guided):
    people = [person("a", level="executive"), person("b", supporter=supporter, attitude=attitude)]
    assert ("no_guide" in gaps(people)) is not guided


@pytest.mark.parametrize(
    "stage, finance, gap",
    [
        ("50%", None, True),
        ("90%", None, True),
        ("25%", None, False),
        ("closed", None, False),
        ("50%", "finance", False),
        ("90%", "user", True),
    ],
)
def test_no_finance_with_an_open_deal_at_50_or_90(stage, finance, gap):
    people = [
        person("deal", stage=stage, roles=["decider"], supporter="coach"),
        person("b", function=finance),
    ]
    found = [g for g in intel.coverage_gaps(people) if g["gap"] == "no_finance"]
    assert found == ([{"gap": "no_finance", "contacts": ["deal"]}] if gap else [])


@pytest.mark.parametrize(
    "roles, attitude, gap",
    [
        (["decider"], -1, True),
        (["decider", "user"], -4, True),
        (["decider"], 0, False),
        (["decider"], None, False),
        (["evaluator"], -4, False),
    ],
)
def test_opposing_decider(roles, attitude, gap):
    people = [
        person("x", roles=roles, attitude=attitude),
        person("coach", supporter="coach", level="executive"),
    ]
    found = [g for g in intel.coverage_gaps(people) if g["gap"] == "opposing_decider"]
    assert found == ([{"gap": "opposing_decider", "contacts": ["x"]}] if gap else [])


def test_gaps_come_in_a_fixed_order_with_their_texts():
    people = [person("x", stage="50%", roles=["decider"], attitude=-2)]
    found = intel.coverage_gaps(people)
    assert [g["gap"] for g in found] == ["single_contact", "no_guide", "no_finance", "opposing_decider"]
    names = {"x": "王总"}
    assert words.gap_text(found[0], names) == (
        "a single contact only (王总): never rely on one person — develop more contacts"
    )
    assert words.gap_text(found[3], names, "zh") == "决策者反对我们(王总):孤立对方,通过支持者影响决策"


# --- the five opportunity questions ---------------------------------------------

FULL = {"budget": 200000, "purchase_date": date(2027, 3, 1), "fit": True, "worth_it": True, "can_win": True}


def test_all_five_yes_and_near_is_a_go():
    opp = intel.opportunity_questions(account(opportunity=FULL), TODAY)
    assert opp["verdict"] == "go"
    assert (opp["clear"], opp["near"], opp["valuable"], opp["unknown"]) == (True, True, True, [])
    assert [(q["question"], q["status"], q["key"]) for q in opp["questions"]] == [
        ("budget", "yes", True),
        ("purchase_date", "yes", True),
        ("fit", "yes", False),
        ("worth_it", "yes", False),
        ("can_win", "yes", False),
    ]
    assert opp["questions"][0]["answer"] == 200000
    assert opp["questions"][1]["answer"] == "2027-03-01"
    assert words.verdict_reasons(opp) == []


@pytest.mark.parametrize(
    "change, verdict, unknown, reasons",
    [
        ({}, "go", [], []),
        ({"can_win": "unknown"}, "not_yet", ["can_win"], ["valuable"]),
        ({"budget": None}, "not_yet", ["budget"], ["clear"]),
        ({"budget": True}, "go", [], []),
        ({"budget": "100k-150k"}, "go", [], []),
        ({"budget": 0}, "not_yet", [], ["clear"]),
        ({"purchase_date": None}, "not_yet", ["purchase_date"], ["clear", "near"]),
        ({"purchase_date": date(2026, 11, 23)}, "go", [], []),  # today is near
        ({"purchase_date": date(2027, 5, 22)}, "go", [], []),  # today + 180 days
        ({"purchase_date": date(2027, 5, 23)}, "not_yet", [], ["near"]),
        ({"purchase_date": date(2026, 11, 22)}, "not_yet", [], ["near"]),  # already past
        ({"fit": False}, "not_yet", [], ["valuable"]),
        ({"worth_it": None, "can_win": None}, "not_yet", ["worth_it", "can_win"], ["valuable"]),
    ],
)
def test_verdict_rule(change, verdict, unknown, reasons):
    opp = intel.opportunity_questions(account(opportunity={**FULL, **change}), TODAY)
    assert opp["verdict"] == verdict
    assert opp["unknown"] == unknown
    assert [k for k in ("clear", "near", "valuable") if not opp[k]] == reasons
    assert len(words.verdict_reasons(opp)) == len(reasons)


def test_no_opportunity_block_is_all_unknown():
    opp = intel.opportunity_questions(account(), TODAY)
    assert opp["unknown"] == list(intel.QUESTIONS)
    assert opp["verdict"] == "not_yet"
    assert [q["answer"] for q in opp["questions"]] == [None] * 5


# --- the 80/20 cut -----------------------------------------------------------------


@pytest.mark.parametrize(
    "values, top80, top20",
    [
        ({"a": 100, "b": 50, "c": 30, "d": 10, "e": 10}, ["a", "b", "c"], ["a"]),
        ({"a": 80, "b": 20}, ["a"], ["a"]),  # exactly 80% is enough
        ({"a": 79, "b": 21}, ["a", "b"], ["a"]),
        (
            {"a": 10, "b": 10, "c": 10, "d": 10, "e": 10, "f": 10},
            ["a", "b", "c", "d", "e"],
            ["a", "b"],
        ),  # ceil(1.2)
        ({"a": 0, "b": 0}, [], []),
        ({"a": 0, "b": 5, "c": 0, "d": 0, "e": 0, "f": 0}, ["b"], ["b"]),  # only accounts with closed value
        ({}, [], []),
    ],
)
def test_pareto_cut(values, top80, top20):
    cut = intel.pareto(values, {k: "gold" for k in values})
    assert cut["top80"] == top80
    assert cut["top20"] == top20
    assert cut["flags"] == []


def test_pareto_flags_silver_and_untiered_in_the_top_20_percent():
    values = {"s": 100, "n": 90, "p": 50, "g": 10, "x": 5, "y": 5, "z": 1}  # 7 accounts: top 20% = 2
    tiers = {"s": "silver", "n": None, "p": "platinum", "g": "gold", "x": "silver", "y": None, "z": "silver"}
    cut = intel.pareto(values, tiers)
    assert cut["top20"] == ["s", "n"]
    assert cut["flags"] == [
        {"account": "s", "flag": "silver_in_top20"},
        {"account": "n", "flag": "untiered_in_top20"},
    ]


def test_accounts_report_numbers_and_owner_filter():
    accounts = [
        account("big", tier="silver", share_of_wallet=0.5),
        account("mid", tier="gold"),
        account("new", tier="platinum"),
    ]
    contacts = [
        person("b1", "big", stage="closed", value=90000, owner="li-na", roles=["decider"], supporter="coach"),
        person("b2", "big", stage="50%", value=10000, owner="wang"),
        person("m1", "mid", stage="closed", value=10000, owner="wang"),
        person("m2", "mid", stage="25%", value=4000, owner="wang"),
        person("m3", "mid", stage="lost", value=7000, owner="wang"),
        person("loner", None, stage="closed", value=1000000),
    ]
    rep = intel.accounts_report(accounts, contacts, SETTINGS, TODAY)
    rows = {r["id"]: r for r in rep["accounts"]}
    assert [r["id"] for r in rep["accounts"]] == ["big", "mid", "new"]
    expected = {
        "contacts": 2,
        "best_stage": "closed",
        "open_weighted_value": 5000,
        "closed_value": 90000,
        "depth": "stable",
        "gaps": 1,
        "gap_keys": ["no_finance"],
        "top80": True,
        "top20": True,
    }
    assert {k: rows["big"][k] for k in expected} == expected
    assert (rows["mid"]["open_weighted_value"], rows["mid"]["closed_value"], rows["mid"]["depth"]) == (
        1000,
        10000,
        "unknown",
    )
    assert rows["mid"]["gap_keys"] == ["no_decision_maker", "no_guide"]
    assert (rows["new"]["contacts"], rows["new"]["best_stage"], rows["new"]["gap_keys"]) == (
        0,
        None,
        ["no_contacts"],
    )
    assert rows["new"]["depth"] == "development"
    assert rep["closed_total"] == 100000 and rep["top80"] == ["big"] and rep["top80_value"] == 90000
    assert rep["flags"] == [{"account": "big", "flag": "silver_in_top20"}]

    mine = intel.accounts_report(accounts, contacts, SETTINGS, TODAY, owner="li-na")
    assert [r["id"] for r in mine["accounts"]] == ["big"]
    assert mine["accounts"][0]["contacts"] == 2  # the account's numbers count every contact
    assert intel.accounts_report(accounts, contacts, SETTINGS, TODAY, owner="nobody")["accounts"] == []


# --- contact tips -------------------------------------------------------------------


def test_tips_for_personality_attitude_relationship_and_needs():
    c = person("zhang", personality="driver", attitude=-3, relationship="dating", needs=["security", "power"])
    tips = words.contact_tips(c, SETTINGS, TODAY, "en")
    assert tips["personality"] == {
        "type": "driver",
        "label": "driver",
        "style": None,  # no communication style recorded
        "style_label": None,
        "tips": [
            "brief and to the point",
            "talk cost, revenue and ROI",
            "be punctual",
            "they decide fast: come ready to close",
            "do not argue",
        ],
    }
    assert tips["attitude"]["group"] == "opponents"
    assert tips["attitude"]["tip"].startswith("opposes in public, may leak to competitors")
    assert tips["relationship"]["next_stage"] == "trust"
    assert tips["relationship"]["tip"] == (
        "next: trust — win their support and commitment; "
        "the sign: they become your guide and give you the information you need"
    )
    assert [n["need"] for n in tips["needs"]] == ["security", "power"]
    assert tips["follow_up"] is None
    zh = words.contact_tips(c, SETTINGS, TODAY, "zh")
    assert zh["personality"]["label"] == "主观型"
    assert zh["relationship"]["tip"] == "下一步:信赖 — 获得客户支持和承诺;标志:成为向导,向你提供所需情报"


def test_alliance_is_the_last_relationship_stage():
    tips = words.contact_tips(person("a", relationship="alliance"), SETTINGS, TODAY)
    assert tips["relationship"]["next_stage"] is None
    assert "never stop keeping in touch" in tips["relationship"]["tip"]


def test_a_contact_without_a_profile_has_no_tips():
    assert words.contact_tips(person("a"), SETTINGS, TODAY) == {
        "personality": None,
        "attitude": None,
        "relationship": None,
        "needs": [],
        "follow_up": None,
        "dept_needs": [],
        "two_faced": None,
    }


@pytest.mark.parametrize(
    "stage, paid, activity, today, expected",
    [
        ("closed", "2026-11-20", None, "2026-11-21", ("2026-11-22", False)),
        ("closed", "2026-11-20", None, "2026-11-22", ("2026-11-22", False)),
        ("closed", "2026-11-20", None, "2026-11-23", ("2026-11-22", True)),
        ("90%", "2026-11-20", None, "2026-11-20", ("2026-11-22", False)),
        ("closed", "2026-11-20", "2026-11-20", "2026-11-25", None),  # logged on the payment day
        ("closed", "2026-11-20", "2026-11-19", "2026-11-25", ("2026-11-22", True)),  # only before payment
        ("closed", "2026-11-24", None, "2026-11-23", None),  # not paid yet
        ("50%", "2026-11-20", None, "2026-11-23", None),  # not a sale
    ],
)
def test_follow_up_within_two_days_of_payment(stage, paid, activity, today, expected):
    acts = [{"date": activity, "kind": "call"}] if activity else []
    c = person("a", stage=stage, paid=paid, signed="2026-11-01", activities=acts)
    f = words.contact_tips(c, SETTINGS, date.fromisoformat(today))["follow_up"]
    assert (None if f is None else (f["due"], f["overdue"])) == expected
    if expected:
        word = "was due on" if expected[1] else "follow up by"
        assert word in f["tip"] and "2026-11-22" in f["tip"]


# --- texts ----------------------------------------------------------------------------


def test_every_text_exists_in_both_languages_with_the_same_placeholders():
    en, zh = i18n_intel.TEXTS["en"], i18n_intel.TEXTS["zh"]
    assert set(en) == set(zh)
    for key in en:
        assert set(re.findall(r"{(\w+)}", en[key])) == set(re.findall(r"{(\w+)}", zh[key])), key
        assert en[key].count("|") == 0 or zh[key].count("|") > 0, key


def test_every_code_has_a_text():
    codes = [
        "gap." + g
        for g in (
            "no_contacts",
            "single_contact",
            "no_decision_maker",
            "no_guide",
            "no_finance",
            "opposing_decider",
        )
    ]
    codes += [
        "move." + m
        for m in (
            "develop_sponsor",
            "use_champions",
            "strengthen",
            "second_supporter",
            "win_neutrals",
            "isolate_opponents",
            "rate_attitude",
        )
    ]
    codes += [f"attitude.{a}" for a in range(-4, 5)] + [
        f"depth.{d}" for d in ("development", "initial", "stable", "strategic", "unknown")
    ]
    for code in codes:
        assert code in i18n_intel.TEXTS["en"], code
