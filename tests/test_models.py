"""The typed records: stage aliases, unknown keys, YAML 1.2 text, evidence forms, ranges, dates.

Files are parsed the way pipetrack reads them (``yamlio.load_mapping``, the fast
loader) so that what is tested is what a user's file becomes.
"""

from __future__ import annotations

import textwrap
from datetime import date, datetime

import pytest
from pydantic import ValidationError

from pipetrack.domain.models import (
    Account,
    Activity,
    Contact,
    Criteria,
    HistoryEntry,
    Profile,
    Settings,
    Stage,
    parse_stage,
)
from pipetrack.storage import yamlio

STAGE_LIST = "opportunity, first-meeting, 25%, 50%, 90%, closed, lost"


def load(text: str) -> dict:
    return yamlio.load_mapping(textwrap.dedent(text).lstrip("\n").encode("utf-8"), "contacts/x.yaml")


def contact(text: str) -> Contact:
    return Contact.model_validate(load(text))


# --- stages ------------------------------------------------------------------


@pytest.mark.parametrize(
    "alias, stage",
    [
        ("opportunity", Stage.OPPORTUNITY),
        ("销售机会", Stage.OPPORTUNITY),
        ("first-meeting", Stage.FIRST_MEETING),
        ("first_meeting", Stage.FIRST_MEETING),
        ("fm", Stage.FIRST_MEETING),
        ("FM", Stage.FIRST_MEETING),
        ("约定初次见面", Stage.FIRST_MEETING),
        ("25", Stage.P25),
        (25, Stage.P25),
        (25.0, Stage.P25),
        ("p25", Stage.P25),
        ("P25", Stage.P25),
        ("25%", Stage.P25),
        ("25％", Stage.P25),  # full-width percent sign, as typed with a Chinese IME
        ("２５％", Stage.P25),  # full-width digits too
        (" 25% ", Stage.P25),
        ("50", Stage.P50),
        (50, Stage.P50),
        ("p50", Stage.P50),
        ("50%", Stage.P50),
        ("50％", Stage.P50),
        ("90", Stage.P90),
        (90, Stage.P90),
        ("p90", Stage.P90),
        ("90%", Stage.P90),
        ("closed", Stage.CLOSED),
        ("成交", Stage.CLOSED),
        ("lost", Stage.LOST),
        ("退出", Stage.LOST),
        (Stage.P50, Stage.P50),
    ],
)
def test_stage_aliases(alias, stage):
    assert parse_stage(alias) is stage


@pytest.mark.parametrize(
    "line, stage",
    [
        ("stage: 25", Stage.P25),  # an int once parsed
        ("stage: 25%", Stage.P25),
        ("stage: '50'", Stage.P50),
        ("stage: p90", Stage.P90),
        ("stage: fm", Stage.FIRST_MEETING),
        ("stage: 约定初次见面", Stage.FIRST_MEETING),
        ("stage: 成交", Stage.CLOSED),
        ("stage: 退出", Stage.LOST),
        ("stage: 25％", Stage.P25),
    ],
)
def test_stage_aliases_in_a_file(line, stage):
    assert contact(f"name: A\n{line}\n").stage is stage


@pytest.mark.parametrize(
    "value, shown",
    [
        ("fifty", "'fifty'"),
        ("26", "'26'"),
        (26, "'26'"),
        ("", "''"),
        (True, "True"),
        (None, "None"),
        ([25], "[25]"),
    ],
)
def test_unknown_stage_error_text(value, shown):
    with pytest.raises(ValueError) as err:
        parse_stage(value)
    assert str(err.value) == f"{shown} is not a stage ({STAGE_LIST})"


def test_unknown_stage_in_a_file_names_the_field():
    with pytest.raises(ValidationError) as err:
        contact("name: A\nstage: fifty\n")
    (only,) = err.value.errors()
    assert only["loc"] == ("stage",)
    assert f"'fifty' is not a stage ({STAGE_LIST})" in only["msg"]


def test_stage_order_and_prospects():
    assert [s.value for s in sorted(Stage, key=lambda s: s.rank)] == [
        "lost",
        "opportunity",
        "first-meeting",
        "25%",
        "50%",
        "90%",
        "closed",
    ]
    assert {s for s in Stage if s.is_prospect} == {Stage.FIRST_MEETING, Stage.P25, Stage.P50, Stage.P90}
    assert str(Stage.P25) == "25%"


def test_default_stage_is_opportunity():
    assert contact("name: A\n").stage is Stage.OPPORTUNITY


# --- unknown keys, text ---------------------------------------------------------


def test_unknown_keys_are_kept_at_every_level():
    c = contact("""
        name: A
        favourite_tea: longjing
        criteria:
          budget: 100
          approved_by: board
        profile:
          attitude: 1
          hobby: golf
        history:
          - {date: 2026-10-05, stage: opportunity, by: li-na}
        activities:
          - {date: 2026-10-05, kind: call, duration: 5}
        """)
    assert c.model_extra == {"favourite_tea": "longjing"}
    assert c.criteria.model_extra == {"approved_by": "board"}
    assert c.profile.model_extra == {"hobby": "golf"}
    assert c.history[0].model_extra == {"by": "li-na"}
    assert c.activities[0].model_extra == {"duration": 5}
    acc = Account.model_validate(load("name: B\nwebsite: example.com\n"))
    assert acc.model_extra == {"website": "example.com"}
    st = Settings.model_validate(load("owner: li-na\ntheme: dark\n"))
    assert st.model_extra == {"theme": "dark"}


@pytest.mark.parametrize("word", ["no", "yes", "on", "off", "y", "n", "No", "YES", "Off"])
def test_yaml11_booleans_stay_text_through_the_fast_loader(word):
    data = load(f"name: {word}\ntitle: {word}\nsource: {word}\n")
    assert data == {"name": word, "title": word, "source": word}
    c = Contact.model_validate(data)
    assert (c.name, c.title, c.source) == (word, word, word)


def test_title_no_is_the_string_no():
    assert contact("name: A\ntitle: no\n").title == "no"


def test_true_false_are_booleans_and_numbers_in_text_fields_become_text():
    data = load("name: A\nphone: 13800000000\ntitle: 2\ncriteria:\n  right_person: true\n")
    assert data["criteria"]["right_person"] is True
    c = Contact.model_validate(data)
    assert c.phone == "13800000000"
    assert c.title == "2"
    assert c.criteria.right_person is True


def test_name_is_required_and_not_empty():
    with pytest.raises(ValidationError) as err:
        contact("title: Owner\n")
    assert err.value.errors()[0]["loc"] == ("name",)
    with pytest.raises(ValidationError):
        Contact.model_validate({"name": ""})


# --- evidence -------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, value",
    [
        ("budget: 1500", 1500),
        ("budget: 1500.5", 1500.5),
        ("budget: 0", 0),
        ("budget: true", True),
        ("budget: false", False),
        ("budget: yes", True),  # a YAML 1.1 boolean word is a verdict here, not a note
        ("budget: no", False),
        ("budget: 10-15k discussed", "10-15k discussed"),
        ("budget: '1,500'", "1,500"),
        ("budget:", None),
    ],
)
def test_budget_evidence_forms(line, value):
    got = contact(f"name: A\ncriteria:\n  {line}\n").criteria.budget
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize("bad", ["budget: -1", "budget: .nan", "budget: .inf"])
def test_budget_must_be_a_real_non_negative_amount(bad):
    with pytest.raises(ValidationError) as err:
        contact(f"name: A\ncriteria:\n  {bad}\n")
    assert err.value.errors()[0]["loc"][:2] == ("criteria", "budget")


@pytest.mark.parametrize(
    "line, value",
    [
        ("right_person: true", True),
        ("right_person: false", False),
        ("right_person: yes", True),
        ("right_person: no", False),
        ("right_person: Off", False),
        ("right_person: the owner signs", "the owner signs"),
        ("plan_fits: no", False),
        ("plan_fits: 'fits the 3 shops'", "fits the 3 shops"),
    ],
)
def test_yes_no_evidence(line, value):
    crit = contact(f"name: A\ncriteria:\n  {line}\n").criteria
    key = line.split(":")[0]
    assert getattr(crit, key) == value and type(getattr(crit, key)) is type(value)


def test_empty_blocks_are_empty():
    c = contact("name: A\ncriteria:\nprofile:\nhistory:\nactivities:\n")
    assert c.criteria == Criteria()
    assert c.profile == Profile()
    assert c.history == [] and c.activities == []


# --- profile ranges and enums ------------------------------------------------------


@pytest.mark.parametrize("attitude", [-4, -1, 0, 3, 4])
def test_attitude_in_range(attitude):
    assert contact(f"name: A\nprofile:\n  attitude: {attitude}\n").profile.attitude == attitude


@pytest.mark.parametrize("attitude", [-5, 5, 10, 2.5, "high"])
def test_attitude_out_of_range(attitude):
    with pytest.raises(ValidationError) as err:
        contact(f"name: A\nprofile:\n  attitude: {attitude}\n")
    assert err.value.errors()[0]["loc"][:2] == ("profile", "attitude")


@pytest.mark.parametrize(
    "line, loc",
    [
        ("  personality: bossy", ("profile", "personality")),
        ("  roles: [decider, boss]", ("profile", "roles", 1)),
        ("  level: ceo", ("profile", "level")),
        ("  supporter: fan", ("profile", "supporter")),
    ],
)
def test_profile_enums(line, loc):
    with pytest.raises(ValidationError) as err:
        contact(f"name: A\nprofile:\n{line}\n")
    assert err.value.errors()[0]["loc"] == loc


def test_activity_kinds_and_outcomes():
    assert (
        Activity.model_validate({"date": "2026-11-01", "kind": "call", "outcome": "meeting-set"}).outcome
        == "meeting-set"
    )
    with pytest.raises(ValidationError):
        Activity.model_validate({"date": "2026-11-01", "kind": "lunch"})
    with pytest.raises(ValidationError):
        Activity.model_validate({"date": "2026-11-01", "kind": "call", "outcome": "maybe"})


def test_history_entry_accepts_stage_aliases():
    assert HistoryEntry.model_validate({"date": date(2026, 1, 2), "stage": "成交"}).stage is Stage.CLOSED


# --- dates -------------------------------------------------------------------------


def test_dates_parse():
    c = contact("""
        name: A
        created: 2026-10-05
        first_meeting: 2026-10-08
        next_meeting: 2026-10-20T14:00
        criteria:
          signing_date: 2026-10-30
        signed: 2026-10-30
        paid: '2026-11-01'
        """)
    assert (c.created, c.first_meeting, c.signed, c.paid) == (
        date(2026, 10, 5),
        date(2026, 10, 8),
        date(2026, 10, 30),
        date(2026, 11, 1),
    )
    assert c.criteria.signing_date == date(2026, 10, 30)
    assert c.next_meeting == datetime(2026, 10, 20, 14, 0)
    assert c.next_meeting_date == date(2026, 10, 20)


def test_next_meeting_may_be_a_date():
    c = contact("name: A\nnext_meeting: 2026-10-20\n")
    assert c.next_meeting == date(2026, 10, 20) and c.next_meeting_date == date(2026, 10, 20)


@pytest.mark.parametrize(
    "line, loc",
    [
        ("created: 2026-02-30", ("created",)),
        ("first_meeting: 2026-13-01", ("first_meeting",)),
        ("signed: next week", ("signed",)),
        ("paid: 20261101", ("paid",)),
        ("criteria:\n  signing_date: 2026-11-31", ("criteria", "signing_date")),
    ],
)
def test_impossible_dates_are_errors_on_their_field(line, loc):
    data = load(f"name: A\n{line}\n")
    with pytest.raises(ValidationError) as err:
        Contact.model_validate(data)
    assert err.value.errors()[0]["loc"] == loc


def test_impossible_date_stays_text_in_the_fast_loader():
    assert load("name: A\ncreated: 2026-02-30\n")["created"] == "2026-02-30"


# --- amounts, settings, accounts -------------------------------------------------------


def test_collected_defaults_to_value():
    assert contact("name: A\nvalue: 18000\n").collected == 18000
    assert contact("name: A\nvalue: 18000\npaid_amount: 5000\n").collected == 5000
    assert contact("name: A\n").collected is None


def test_value_must_not_be_negative():
    with pytest.raises(ValidationError):
        contact("name: A\nvalue: -5\n")


def test_settings_defaults():
    s = Settings()
    assert (s.sales_cycle_days, s.cycle_sample, s.cycle_min_deals, s.cooling_off_days) == (28, 10, 3, 10)
    assert (s.week_start, s.language, s.currency, s.first_meeting_weight) == ("monday", "en", "CNY", 0)
    assert s.targets.model_dump() == {
        "contacts_per_deal": 20,
        "prospects_per_deal": 5,
        "dials_per_day": 15,
        "connects_per_day": 7,
        "meetings_per_day": 1,
        "meetings_per_week": 8,
        "working_weeks": 50,
    }


@pytest.mark.parametrize(
    "line, loc",
    [
        ("cycle_sample: 21", ("cycle_sample",)),
        ("cycle_sample: 0", ("cycle_sample",)),
        ("sales_cycle_days: 0", ("sales_cycle_days",)),
        ("language: fr", ("language",)),
        ("week_start: someday", ("week_start",)),
        ("targets:\n  working_weeks: 53", ("targets", "working_weeks")),
    ],
)
def test_settings_ranges(line, loc):
    with pytest.raises(ValidationError) as err:
        Settings.model_validate(load(line + "\n"))
    assert err.value.errors()[0]["loc"] == loc


def test_settings_week_start_is_case_insensitive():
    assert Settings.model_validate(load("week_start: Friday\n")).week_start == "friday"


def test_account_fields():
    acc = Account.model_validate(
        load("""
        name: 某印刷公司
        tier: gold
        size: 1000
        share_of_wallet: 0.3
        opportunity:
          budget: 200000
          purchase_date: 2027-03-01
          fit: true
          can_win: unknown
        products_in_use: [{product: PBX, brand: X, quantity: 1, years: 6}]
        """)
    )
    assert acc.tier == "gold" and acc.size == 1000 and acc.share_of_wallet == 0.3
    assert acc.opportunity.purchase_date == date(2027, 3, 1)
    assert acc.opportunity.can_win == "unknown"
    assert acc.products_in_use == [{"product": "PBX", "brand": "X", "quantity": 1, "years": 6}]
    for bad in ("tier: diamond", "share_of_wallet: 1.5", "size: -1"):
        with pytest.raises(ValidationError):
            Account.model_validate(load(f"name: B\n{bad}\n"))


def test_account_budget_is_an_amount_too():
    with pytest.raises(ValidationError) as err:
        Account.model_validate(load("name: B\nopportunity:\n  budget: -200\n"))
    assert err.value.errors()[0]["loc"][:2] == ("opportunity", "budget")
    assert Account.model_validate(load("name: B\nopportunity:\n  budget: no\n")).opportunity.budget is False
