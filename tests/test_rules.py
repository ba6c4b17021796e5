"""The method as pure functions: the five criteria, supported stages, staleness,
the sales cycle, stage history and weights. Every verdict with its exact reason."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from pipetrack.domain import rules
from pipetrack.domain.models import Contact, Settings, Stage
from pipetrack.text import reason, reasons

TODAY = date(2026, 11, 23)
FM = date(2026, 11, 1)
CYCLE = 28
SETTINGS = Settings()  # cooling-off 10 days, default cycle 28, sample 10, at least 3 deals

ALL_FIVE = {
    "right_person": True,
    "plan_fits": True,
    "budget": 1500,
    "signing_date": date(2026, 11, 20),
    "next_step": "review the formal proposal",
}


def make(stage: str = "25%", **fields) -> Contact:
    fields.setdefault("first_meeting", FM)
    c = Contact.model_validate({"name": "Wang Wei", "stage": stage, **fields})
    c.id = fields.pop("id", "wang")
    return c


def verdicts(contact: Contact, today: date = TODAY, cycle: int = CYCLE) -> dict[str, tuple[bool, str]]:
    return {
        r.key: (r.holds, reason(r.code, r.params) if r.code else "")
        for r in rules.check_criteria(contact, cycle, today)
    }


# --- the five criteria ---------------------------------------------------------


def test_all_five_hold():
    got = verdicts(make(criteria=ALL_FIVE))
    assert got == {k: (True, "") for k in rules.CRITERIA}
    assert [r.key for r in rules.check_criteria(make(criteria=ALL_FIVE), CYCLE, TODAY)] == [
        "right_person",
        "plan_fits",
        "budget",
        "timing",
        "next_step",
    ]


def test_each_fails_with_its_reason_when_evidence_is_absent():
    assert verdicts(make(criteria={})) == {
        "right_person": (False, "not dealing with the decision maker yet"),
        "plan_fits": (False, "the plan is not confirmed to fit the need"),
        "budget": (False, "no price or price range discussed"),
        "timing": (False, "no signing date set"),
        "next_step": (False, "the client does not know the next step"),
    }


@pytest.mark.parametrize(
    "key, value, holds",
    [
        ("right_person", True, True),
        ("right_person", False, False),
        ("right_person", "no", False),  # YAML 1.1 word: a verdict, not a note
        ("right_person", "yes", True),
        ("right_person", "Mr Zhang, the owner", True),
        ("right_person", "  ", False),
        ("right_person", None, False),
        ("plan_fits", True, True),
        ("plan_fits", False, False),
        ("plan_fits", "three shops, one PBX", True),
        ("plan_fits", "", False),
        ("budget", 1500, True),
        ("budget", 0.5, True),
        ("budget", 0, False),
        ("budget", True, True),
        ("budget", False, False),
        ("budget", "10-15k", True),
        ("budget", "no", False),
        ("budget", "", False),
        ("next_step", "formal proposal on Tuesday", True),
        ("next_step", "", False),
        ("next_step", "   ", False),
        ("next_step", None, False),
    ],
)
def test_criterion_evidence(key, value, holds):
    criteria = {**ALL_FIVE, key: value}
    got = verdicts(make(criteria=criteria))
    assert got[key][0] is holds
    assert (got[key][1] == "") is holds
    assert all(ok for k, (ok, _) in got.items() if k != key)


@pytest.mark.parametrize(
    "signing, first, signed, holds, reason",
    [
        (FM + timedelta(days=28), FM, None, True, ""),
        (FM, FM, None, True, ""),  # same day
        (
            FM + timedelta(days=29),
            FM,
            None,
            False,
            "signing date 2026-11-30 is 29 days after the first meeting, beyond the 28-day sales cycle",
        ),
        (
            FM - timedelta(days=1),
            FM,
            None,
            False,
            "signing date 2026-10-31 is before the first meeting 2026-11-01",
        ),
        (FM + timedelta(days=60), FM, date(2026, 11, 20), True, ""),  # signed: the date was met in fact
        (
            FM + timedelta(days=60),
            FM,
            date(2026, 11, 24),
            False,  # signed after today does not count
            "signing date 2026-12-31 is 60 days after the first meeting, beyond the 28-day sales cycle",
        ),
        (None, FM, None, False, "no signing date set"),
        (None, FM, date(2026, 11, 20), True, ""),  # signed without a planned date
        (FM + timedelta(days=5), None, None, False, "no first meeting to measure the cycle from"),
        (FM + timedelta(days=5), None, date(2026, 11, 20), True, ""),
    ],
)
def test_timing(signing, first, signed, holds, reason):
    c = make(first_meeting=first, signed=signed, criteria={**ALL_FIVE, "signing_date": signing})
    assert verdicts(c)["timing"] == (holds, reason)


def test_timing_follows_the_cycle_given():
    c = make(criteria={**ALL_FIVE, "signing_date": FM + timedelta(days=40)})
    assert verdicts(c, cycle=40)["timing"] == (True, "")
    assert verdicts(c, cycle=39)["timing"][0] is False


def test_timing_evidence_is_the_signing_date_or_the_signed_date():
    by = {r.key: r.evidence for r in rules.check_criteria(make(criteria=ALL_FIVE), CYCLE, TODAY)}
    assert by["timing"] == date(2026, 11, 20) and by["budget"] == 1500
    c = make(signed=date(2026, 11, 10), criteria={})
    assert {r.key: r.evidence for r in rules.check_criteria(c, CYCLE, TODAY)}["timing"] == date(2026, 11, 10)


def test_missing_criteria():
    c = make(criteria={**ALL_FIVE, "budget": None, "next_step": ""})
    assert [r.key for r in rules.missing_criteria(c, CYCLE, TODAY)] == ["budget", "next_step"]


# --- supported stage -------------------------------------------------------------

FULL_90 = dict(criteria=ALL_FIVE, signed=date(2026, 11, 10), paid=date(2026, 11, 12))


@pytest.mark.parametrize(
    "fields, today, supported",
    [
        ({"first_meeting": None}, TODAY, Stage.OPPORTUNITY),
        ({"first_meeting": date(2026, 11, 25)}, TODAY, Stage.FIRST_MEETING),  # set, not met yet
        # met: 25% once the client agreed to go on (a next meeting, a next step, a later meeting)
        ({"first_meeting": TODAY}, TODAY, Stage.FIRST_MEETING),
        ({"first_meeting": TODAY, "next_meeting": date(2026, 11, 30)}, TODAY, Stage.P25),  # met today
        ({"first_meeting": FM, "criteria": {"next_step": "a demo"}}, TODAY, Stage.P25),
        ({"first_meeting": FM, "activities": [{"date": FM, "kind": "meeting"}]}, TODAY, Stage.FIRST_MEETING),
        ({"criteria": ALL_FIVE}, TODAY, Stage.P50),
        ({"criteria": {**ALL_FIVE, "budget": None}}, TODAY, Stage.P25),  # the next step shows more is agreed
        ({"criteria": ALL_FIVE, "signed": date(2026, 11, 10)}, TODAY, Stage.P50),  # signed, not paid
        ({"criteria": ALL_FIVE, "paid": date(2026, 11, 10)}, TODAY, Stage.P50),  # paid, not signed
        ({"criteria": ALL_FIVE, "signed": date(2026, 11, 10), "paid": date(2026, 11, 24)}, TODAY, Stage.P50),
        ({"criteria": ALL_FIVE, "signed": date(2026, 11, 10), "paid": date(2026, 11, 14)}, TODAY, Stage.P90),
        (
            {"criteria": ALL_FIVE, "signed": date(2026, 11, 10), "paid": date(2026, 11, 13)},
            TODAY,
            Stage.CLOSED,
        ),
        (
            {"criteria": ALL_FIVE, "signed": date(2026, 11, 10), "paid": date(2026, 11, 13)},
            date(2026, 11, 22),
            Stage.P90,
        ),
        # signed and paid make timing hold even when no signing date was planned
        (
            {
                "criteria": {**ALL_FIVE, "signing_date": None},
                "signed": date(2026, 11, 5),
                "paid": date(2026, 11, 6),
            },
            TODAY,
            Stage.CLOSED,
        ),
        # a met meeting in the future of a past `today` does not support 25%
        ({"first_meeting": FM}, date(2026, 10, 31), Stage.FIRST_MEETING),
    ],
)
def test_supported_stage(fields, today, supported):
    c = make(stage="opportunity", **fields)
    assert rules.supported_stage(c, SETTINGS, CYCLE, today) is supported


def test_cooling_off_days_come_from_the_settings():
    c = make(stage="90%", **{**FULL_90, "paid": date(2026, 11, 20)})
    assert rules.supported_stage(c, SETTINGS, CYCLE, TODAY) is Stage.P90
    short = Settings(cooling_off_days=3)
    assert rules.supported_stage(c, short, CYCLE, TODAY) is Stage.CLOSED
    assert rules.cooling_off_end(c, SETTINGS) == date(2026, 11, 30)
    assert rules.cooling_off_end(make(), SETTINGS) is None


@pytest.mark.parametrize("fields", [{}, {"first_meeting": None}, FULL_90])
def test_lost_stays_lost(fields):
    c = make(stage="lost", **fields)
    assert rules.supported_stage(c, SETTINGS, CYCLE, TODAY) is Stage.LOST


# --- requirements: what is missing ---------------------------------------------------


def messages(contact: Contact, stage: Stage, today: date = TODAY) -> list[str]:
    return reasons(rules.requirements(contact, stage, SETTINGS, CYCLE, today))


@pytest.mark.parametrize("stage", [Stage.OPPORTUNITY, Stage.LOST])
def test_opportunity_and_lost_need_nothing(stage):
    assert messages(make(first_meeting=None), stage) == []


def test_first_meeting_needs_a_date():
    assert messages(make(first_meeting=None), Stage.FIRST_MEETING) == [
        "no first meeting date (first_meeting)"
    ]
    assert messages(make(first_meeting=date(2027, 1, 5)), Stage.FIRST_MEETING) == []


def test_25_needs_a_met_meeting():
    assert messages(make(first_meeting=date(2026, 11, 24)), Stage.P25) == [
        "the first meeting on 2026-11-24 has not happened yet"
    ]
    assert messages(make(first_meeting=None), Stage.P25) == ["no first meeting date (first_meeting)"]
    # met, but no sign of further cooperation (make() has none): 25% needs one
    assert messages(make(), Stage.P25) == [
        "no sign of further cooperation after the first meeting "
        "(a next_meeting, a criteria.next_step, or a meeting, visit or proposal since)"
    ]
    assert messages(make(next_meeting=date(2026, 11, 30)), Stage.P25) == []


def test_50_names_the_missing_signing_date():
    c = make(criteria={**ALL_FIVE, "signing_date": None})
    missing = rules.requirements(c, Stage.P50, SETTINGS, CYCLE, TODAY)
    assert [(m.key, reason(m.code, m.params)) for m in missing] == [
        ("timing", "the timing criterion (criteria.signing_date): no signing date set")
    ]
    assert (missing[0].code, missing[0].params["field"]) == ("criterion", "criteria.signing_date")


def test_50_lists_every_missing_criterion_in_order():
    assert messages(make(criteria={}, next_meeting=date(2026, 11, 30)), Stage.P50) == [
        "the right person criterion (criteria.right_person): not dealing with the decision maker yet",
        "the plan fits criterion (criteria.plan_fits): the plan is not confirmed to fit the need",
        "the budget criterion (criteria.budget): no price or price range discussed",
        "the timing criterion (criteria.signing_date): no signing date set",
        "the next step criterion (criteria.next_step): the client does not know the next step",
    ]


def test_90_needs_signed_and_paid_by_today():
    c = make(criteria=ALL_FIVE)
    assert messages(c, Stage.P90) == ["no signed date (signed)", "no paid date (paid)"]
    c = make(criteria=ALL_FIVE, signed=date(2026, 11, 20), paid=date(2026, 11, 30))
    assert messages(c, Stage.P90) == ["the paid date 2026-11-30 is in the future"]
    assert messages(make(**FULL_90), Stage.P90) == []


def test_closed_needs_the_cooling_off_to_have_passed():
    c = make(**{**FULL_90, "paid": date(2026, 11, 14)})
    assert messages(c, Stage.CLOSED) == ["the cooling-off period runs until 2026-11-24"]
    c = make(**{**FULL_90, "paid": date(2026, 11, 13)})
    assert messages(c, Stage.CLOSED) == []


def test_closed_without_anything_lists_everything_once():
    keys = [
        m.key
        for m in rules.requirements(
            make(first_meeting=None, criteria={}), Stage.CLOSED, SETTINGS, CYCLE, TODAY
        )
    ]
    assert keys == ["first_meeting", *rules.CRITERIA, "signed", "paid"]


# --- staleness -------------------------------------------------------------------


@pytest.mark.parametrize(
    "stage, days_ago, stale",
    [
        ("first-meeting", 29, True),
        ("first-meeting", 28, False),
        ("25%", 29, True),
        ("25%", 28, False),
        ("50%", 29, True),
        ("50%", 100, True),
        ("90%", 29, False),
        ("90%", 400, False),
        ("closed", 400, False),
        ("lost", 400, False),
        ("opportunity", 400, False),
        ("first-meeting", -3, False),  # the meeting is still ahead
    ],
)
def test_is_stale(stage, days_ago, stale):
    c = make(stage=stage, first_meeting=TODAY - timedelta(days=days_ago))
    assert rules.is_stale(c, CYCLE, TODAY) is stale


def test_is_stale_without_a_first_meeting_and_for_a_given_stage():
    assert rules.is_stale(make(first_meeting=None), CYCLE, TODAY) is False
    c = make(stage="90%", first_meeting=TODAY - timedelta(days=40))
    assert rules.is_stale(c, CYCLE, TODAY, stage=Stage.P50) is True
    assert rules.days_since_first_meeting(c, TODAY) == 40
    assert rules.days_since_first_meeting(make(first_meeting=None), TODAY) is None


# --- the sales cycle ------------------------------------------------------------------


def deal(cid: str, created: date, days: int, **extra) -> Contact:
    signed = created + timedelta(days=days)
    return make(stage="closed", id=cid, created=created, signed=signed, paid=signed, **extra)


def test_cycle_is_the_average_of_closed_deals():
    deals = [
        deal("a", date(2026, 9, 1), 20),
        deal("b", date(2026, 9, 5), 30),
        deal("c", date(2026, 9, 10), 40),
    ]
    cycle = rules.sales_cycle(deals, SETTINGS, TODAY)
    assert (cycle.days, cycle.source) == (30, "deals")
    assert [d.contact.id for d in cycle.deals] == ["c", "b", "a"]  # newest signing first
    assert [d.days for d in cycle.deals] == [40, 30, 20]


@pytest.mark.parametrize(
    "days, expected",
    [
        ((20, 21, 21), 21),  # 20.67
        ((20, 20, 21), 20),  # 20.33
        ((20, 21, 22, 21), 21),  # 21.0
        ((10, 11), None),  # too few: default
        ((10, 10, 11, 11), 11),  # 10.5 rounds half up
    ],
)
def test_cycle_rounding(days, expected):
    deals = [deal(f"d{i}", date(2026, 8, 1) + timedelta(days=i), n) for i, n in enumerate(days)]
    cycle = rules.sales_cycle(deals, SETTINGS, TODAY)
    if expected is None:
        assert (cycle.days, cycle.source) == (28, "default")
    else:
        assert (cycle.days, cycle.source) == (expected, "deals")


def test_cycle_falls_back_to_the_default_with_too_few_deals():
    two = [deal("a", date(2026, 9, 1), 10), deal("b", date(2026, 9, 2), 12)]
    cycle = rules.sales_cycle(two, Settings(sales_cycle_days=35), TODAY)
    assert (cycle.days, cycle.source, len(cycle.deals)) == (35, "default", 2)
    cycle = rules.sales_cycle(two, Settings(cycle_min_deals=2), TODAY)
    assert (cycle.days, cycle.source) == (11, "deals")
    assert rules.sales_cycle([], SETTINGS, TODAY).days == 28


def test_cycle_uses_the_last_n_deals_by_signed_date():
    # created in reverse of signing order, so sorting by created would pick differently
    deals = [deal(f"d{i}", date(2026, 6, 1) + timedelta(days=10 * i), 10 + i * 10) for i in range(5)]
    signed = {d.id: d.signed for d in deals}
    cycle = rules.sales_cycle(deals, Settings(cycle_sample=3), TODAY)
    used = [d.contact.id for d in cycle.deals]
    assert used == sorted(signed, key=signed.get, reverse=True)[:3] == ["d4", "d3", "d2"]
    assert cycle.days == round((50 + 40 + 30) / 3)


def test_cycle_sample_of_ten_by_default():
    deals = [
        deal(f"d{i:02}", date(2026, 1, 1) + timedelta(days=7 * i), 10 if i < 5 else 30) for i in range(15)
    ]
    cycle = rules.sales_cycle(deals, SETTINGS, TODAY)
    assert len(cycle.deals) == 10 and cycle.days == 30


def test_cycle_excludes_deals_signed_after_today():
    deals = [
        deal("a", date(2026, 9, 1), 10),
        deal("b", date(2026, 9, 2), 10),
        deal("c", date(2026, 9, 3), 10),
        deal("late", date(2026, 11, 1), 60),
    ]  # signed 2026-12-31
    cycle = rules.sales_cycle(deals, SETTINGS, TODAY)
    assert [d.contact.id for d in cycle.deals] == ["c", "b", "a"] and cycle.days == 10
    later = rules.sales_cycle(deals, SETTINGS, date(2027, 2, 1))
    assert later.days == 23  # 22.5 rounds half up


def test_cycle_ignores_open_deals_and_counts_undated_closed_ones():
    deals = [
        deal("a", date(2026, 9, 1), 10),
        deal("b", date(2026, 9, 2), 10),
        deal("c", date(2026, 9, 3), 10),
        make(
            stage="90%", id="open", created=date(2026, 9, 1), signed=date(2026, 9, 5), paid=date(2026, 9, 5)
        ),
        make(stage="closed", id="nodate", paid=date(2026, 9, 5)),
    ]
    cycle = rules.sales_cycle(deals, SETTINGS, TODAY)
    assert [d.contact.id for d in cycle.deals] == ["c", "b", "a"]
    assert cycle.undated == 1


# --- history ----------------------------------------------------------------------------

HISTORY = [
    {"date": date(2026, 10, 1), "stage": "opportunity"},
    {"date": date(2026, 10, 10), "stage": "first-meeting"},
    {"date": date(2026, 10, 20), "stage": "25%"},
    {"date": date(2026, 10, 20), "stage": "50%"},  # same day: the later line wins
]


@pytest.mark.parametrize(
    "day, stage",
    [
        (date(2026, 9, 30), None),  # before `created`: did not exist
        (date(2026, 10, 1), Stage.OPPORTUNITY),
        (date(2026, 10, 9), Stage.OPPORTUNITY),
        (date(2026, 10, 10), Stage.FIRST_MEETING),
        (date(2026, 10, 19), Stage.FIRST_MEETING),
        (date(2026, 10, 20), Stage.P90),  # nothing later: the recorded stage
        (date(2026, 11, 30), Stage.P90),
    ],
)
def test_stage_on(day, stage):
    c = make(stage="90%", created=date(2026, 10, 1), history=HISTORY)
    assert rules.stage_on(c, day) is stage


def test_stage_on_same_day_entries_take_the_last_line():
    history = [*HISTORY, {"date": date(2026, 11, 5), "stage": "90%"}]
    c = make(stage="90%", created=date(2026, 10, 1), history=history)
    assert rules.stage_on(c, date(2026, 10, 20)) is Stage.P50


def test_stage_on_without_created_or_history():
    assert rules.stage_on(make(stage="25%"), date(2000, 1, 1)) is Stage.P25
    c = make(stage="25%", history=[{"date": date(2026, 10, 10), "stage": "25%"}])
    assert rules.stage_on(c, date(2026, 10, 1)) is Stage.OPPORTUNITY


def test_closed_on():
    c = make(
        stage="closed",
        signed=date(2026, 11, 1),
        paid=date(2026, 11, 2),
        history=[{"date": date(2026, 11, 15), "stage": "closed"}],
    )
    assert rules.closed_on(c, SETTINGS) == date(2026, 11, 15)
    c = make(stage="closed", signed=date(2026, 11, 1), paid=date(2026, 11, 2))
    assert rules.closed_on(c, SETTINGS) == date(2026, 11, 12)
    assert rules.closed_on(make(stage="closed", signed=date(2026, 11, 1)), SETTINGS) == date(2026, 11, 1)
    assert rules.closed_on(make(stage="90%", **FULL_90), SETTINGS) is None


# --- weights ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "stage, weight, weighted",
    [
        ("opportunity", 0, 0),
        ("first-meeting", 0, 0),
        ("25%", 0.25, 2500),
        ("50%", 0.5, 5000),
        ("90%", 0.9, 9000),
        ("closed", 1.0, 10000),
        ("lost", 0, 0),
    ],
)
def test_weights(stage, weight, weighted):
    c = make(stage=stage, value=10000)
    assert rules.stage_weight(c.stage, SETTINGS) == weight
    assert rules.weighted_value(c, SETTINGS) == pytest.approx(weighted)


def test_first_meeting_weight_is_settable_and_no_value_weighs_nothing():
    c = make(stage="first-meeting", value=10000)
    assert rules.weighted_value(c, Settings(first_meeting_weight=0.1)) == pytest.approx(1000)
    assert rules.weighted_value(make(stage="90%"), SETTINGS) == 0
    assert rules.weighted_value(c, SETTINGS, stage=Stage.P50) == 5000


def test_rules_are_pure():
    src = Path(rules.__file__).read_text(encoding="utf-8")
    for banned in ("date.today", "datetime.now", "open(", "os.environ", "import rich", "Path("):
        assert banned not in src
