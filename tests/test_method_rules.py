"""Known answers for the Prospect Management System rules that pipetrack used to
loosen or leave out: 25% needs a sign of further cooperation, a first meeting is
with a decision maker, a prospect meets within the sales cycle, the shape is judged
on effective prospects, a 90% that cannot complete goes back to 50%, dials are calls
to new contacts, and the team sheet's two amounts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from conftest import DataFolder
from pipetrack.domain import reports, rules
from pipetrack.domain.models import Contact, Settings, Stage
from pipetrack.text import shape_reason

TODAY = date(2026, 11, 23)  # a Monday
W47 = reports.Period(date(2026, 11, 16), date(2026, 11, 22))
S = Settings()  # 28-day cycle, 10 cooling-off days
CYCLE = rules.SalesCycle(28, "default")


def contact(cid: str, **fields) -> Contact:
    fields.setdefault("name", cid)
    fields.setdefault("owner", "li-na")
    return Contact.model_validate({"id": cid, **fields})


def ahead(days: int) -> str:
    return (TODAY + timedelta(days=days)).isoformat()


CRITERIA = {"right_person": True, "plan_fits": True, "budget": 5000, "next_step": "sign"}


# --- 25%: met and agreed to further cooperation ---------------------------------


@pytest.mark.parametrize(
    "extra,evidence",
    [
        ({}, None),
        ({"next_meeting": "2026-11-30"}, "next_meeting"),
        ({"criteria": {"next_step": "send the quote"}}, "next_step"),
        ({"activities": [{"date": "2026-11-20", "kind": "proposal"}]}, "activity"),
        ({"activities": [{"date": "2026-11-18", "kind": "meeting"}]}, "activity"),
        # the first meeting itself is no sign of more, nor a call after it
        ({"activities": [{"date": "2026-11-16", "kind": "meeting"}]}, None),
        ({"activities": [{"date": "2026-11-20", "kind": "call", "outcome": "connected"}]}, None),
    ],
)
def test_25_needs_a_sign_of_further_cooperation(extra, evidence):
    c = contact("a", stage="25%", first_meeting="2026-11-16", **extra)
    assert rules.further_cooperation(c, TODAY) == evidence
    supported = rules.supported_stage(c, S, 28, TODAY)
    assert supported is (Stage.P25 if evidence else Stage.FIRST_MEETING)
    if not evidence:
        assert [m.code for m in rules.requirements(c, Stage.P25, S, 28, TODAY)] == ["no_further_cooperation"]


# --- first meeting with the decision maker -----------------------------------------


@pytest.mark.parametrize(
    "stage,right_person,flagged",
    [
        ("first-meeting", False, True),
        ("25%", False, True),
        ("first-meeting", None, False),  # not known yet: no warning
        ("first-meeting", True, False),
        ("opportunity", False, False),  # no meeting agreed: nothing to flag
    ],
)
def test_first_meeting_not_with_the_decider_is_flagged(stage, right_person, flagged):
    c = contact("a", stage=stage, first_meeting="2026-11-30", criteria={"right_person": right_person})
    assert rules.not_with_decider(c) is flagged
    rep = reports.review_report([c], S, CYCLE, TODAY)
    assert [r["id"] for r in rep["not_decider"]] == (["a"] if flagged else [])


def test_check_warns_about_right_person_false(folder: DataFolder):
    folder.contact(
        "a", "name: A\nstage: first-meeting\nfirst_meeting: 2026-11-30\ncriteria: {right_person: false}\n"
    )
    result = folder.run("check")
    assert result.exit_code == 0  # a warning, not an error
    assert "contacts/a.yaml:4: warning: criteria.right_person: false at first-meeting" in result.output


# --- a prospect meets within the average sales cycle ------------------------------


@pytest.mark.parametrize("days_ahead,prospect", [(40, False), (29, False), (28, True), (3, True)])
def test_a_first_meeting_beyond_one_cycle_is_not_a_prospect(days_ahead, prospect):
    c = contact("far", stage="first-meeting", first_meeting=ahead(days_ahead), created="2026-11-20")
    assert rules.beyond_cycle(c, 28, TODAY) is not prospect
    rep = reports.pipeline_report([c], S, CYCLE, reports.week_period(None, TODAY, "monday"), TODAY)
    fm = next(s for s in rep["stages"] if s["stage"] == "first-meeting")
    assert (fm["count"], rep["prospects"]) == ((1, 1) if prospect else (0, 0))
    assert [r["id"] for r in rep["beyond_cycle"]] == ([] if prospect else ["far"])
    review = reports.review_report([c], S, CYCLE, TODAY)
    assert [r["id"] for r in review["beyond_cycle"]] == ([] if prospect else ["far"])


def test_a_far_first_meeting_becomes_a_new_prospect_when_it_comes_within_the_cycle():
    # moved to first-meeting on 11-17 with the meeting on 12-27 (40 days on): a prospect from 11-29
    c = contact(
        "far",
        stage="first-meeting",
        first_meeting="2026-12-27",
        created="2026-11-17",
        history=[{"date": "2026-11-17", "stage": "first-meeting"}],
    )
    w48 = reports.Period(date(2026, 11, 23), date(2026, 11, 29))
    counts = reports.week_counts([c], S, [W47, w48], cycle_days=28)
    assert [n.new_prospects for n in counts] == [0, 1]
    assert reports.team_report([c], S, W47, TODAY, 28)["total"]["first_meetings"] == 0


# --- effective prospects and the shape --------------------------------------------


def shape_of(fm: int, p25: int = 0, p50: int = 0, p90: int = 0) -> rules.Shape:
    counts = {Stage.FIRST_MEETING: fm, Stage.P25: p25, Stage.P50: p50, Stage.P90: p90}
    return rules.diagnose_shape(counts, {}, S)


def test_ten_first_meetings_and_nothing_beyond_is_not_ideal():
    shape = shape_of(10)
    assert shape.pattern == "B"
    assert (shape.facts["prospects"], shape.facts["effective"]) == (10, 0)
    assert (
        shape_reason("B", shape.facts)
        == "0 effective prospects (25%/50%/90%), fewer than the 5 one deal consumes"
    )


@pytest.mark.parametrize(
    "counts,pattern",
    [
        ((4, 3, 1, 0), "B"),  # 4 effective
        ((4, 3, 2, 0), "ideal"),  # 5 effective, narrowing
        ((0, 2, 2, 2), "A"),  # 6 effective, top-heavy
    ],
)
def test_the_shape_counts_effective_prospects(counts, pattern):
    assert shape_of(*counts).pattern == pattern


def test_pipeline_shows_both_counts():
    cs = [
        contact("f1", stage="first-meeting", first_meeting=ahead(3)),
        contact("f2", stage="first-meeting", first_meeting=ahead(5)),
        contact("q", stage="25%", first_meeting="2026-11-20", next_meeting=ahead(2)),
    ]
    rep = reports.pipeline_report(cs, S, CYCLE, reports.week_period(None, TODAY, "monday"), TODAY)
    assert (rep["prospects"], rep["effective_prospects"]) == (3, 1)


# --- 90% that cannot complete goes back to 50% -------------------------------------


NINETY = """\
name: Ninety
owner: li-na
stage: 90%
created: 2026-10-01
first_meeting: 2026-10-10
signed: 2026-10-30
criteria: {right_person: true, plan_fits: true, budget: 9000, signing_date: 2026-11-03, next_step: pay}
value: 9000
"""


def test_90_twenty_days_past_its_signing_date_without_payment_goes_back_to_50(folder: DataFolder):
    path = folder.contact("ninety", NINETY)  # signing date 11-03, 20 days before today; never paid
    c = contact(
        "n",
        stage="90%",
        first_meeting="2026-10-10",
        signed="2026-10-30",
        criteria={**CRITERIA, "signing_date": "2026-11-03"},
    )
    assert rules.cannot_complete(c, S, 28, TODAY) == date(2026, 11, 13)
    review = folder.run("review", "--format", "json")
    assert '"back_to_50"' in review.output and '"deadline": "2026-11-13"' in review.output
    result = folder.run("review", "--apply")
    assert result.exit_code == 0, result.output
    assert "Moved Ninety (ninety): 90% → 50% on 2026-11-23" in result.output
    text = path.read_text(encoding="utf-8")
    assert "stage: 50%" in text and "- {date: 2026-11-23, stage: 50%}" in text.replace("'", "")


@pytest.mark.parametrize(
    "signing_date,paid,back",
    [
        ("2026-11-13", None, False),  # deadline 11-23 is today: still time
        ("2026-11-12", None, True),  # deadline 11-22 has passed
        ("2026-11-03", "2026-11-05", False),  # signed and paid: it completes (closes later)
    ],
)
def test_the_deadline_is_the_signing_date_plus_the_cooling_off_days(signing_date, paid, back):
    c = contact(
        "n",
        stage="90%",
        first_meeting="2026-10-20",
        signed="2026-10-30",
        paid=paid,
        criteria={**CRITERIA, "signing_date": signing_date},
    )
    assert (rules.cannot_complete(c, S, 28, TODAY) is not None) is back


def test_a_90_whose_50_evidence_fails_too_is_left_to_the_rep():
    c = contact("n", stage="90%", first_meeting="2026-10-20", criteria={"signing_date": "2026-11-01"})
    assert rules.cannot_complete(c, S, 28, TODAY) is None
    rep = reports.review_report([c], S, CYCLE, TODAY)
    assert (rep["back_to_50"], [u["id"] for u in rep["unsupported"]]) == ([], ["n"])


# --- dials are calls to new contacts ---------------------------------------------------


def test_a_call_to_a_25_contact_is_a_follow_up_not_a_dial():
    new = contact(
        "new",
        created="2026-11-16",
        activities=[{"date": "2026-11-17", "kind": "call", "outcome": "connected"}],
    )
    p25 = contact(
        "p25",
        stage="25%",
        created="2026-10-01",
        first_meeting="2026-11-02",
        next_meeting="2026-11-30",
        activities=[{"date": "2026-11-18", "kind": "call", "outcome": "meeting-set"}],
    )
    rep = reports.funnel_report([new, p25], S, W47, TODAY)
    calls = rep["calls"]
    assert (calls["dials"], calls["connects"], calls["meetings_set"], calls["follow_ups"]) == (1, 1, 0, 1)


def test_a_call_counts_by_the_stage_on_its_day():
    # called at opportunity on 11-16, moved to first-meeting on 11-17, called again on 11-18
    c = contact(
        "c",
        stage="first-meeting",
        created="2026-11-10",
        first_meeting="2026-11-25",
        history=[
            {"date": "2026-11-10", "stage": "opportunity"},
            {"date": "2026-11-17", "stage": "first-meeting"},
        ],
        activities=[
            {"date": "2026-11-16", "kind": "call", "outcome": "meeting-set"},
            {"date": "2026-11-18", "kind": "call", "outcome": "connected"},
        ],
    )
    n = reports.week_counts([c], S, [W47])[0]
    assert (n.dials, n.meetings, n.follow_ups) == (1, 1, 1)


# --- the team sheet's two amounts ------------------------------------------------------


def test_team_sheet_collected_and_closed_value():
    cs = [
        # paid in W47, closes later: collected 7,000, not closed
        contact("paid", stage="90%", signed="2026-11-10", paid="2026-11-18", value=9000, paid_amount=7000),
        # closed in W47 (cooling-off ended 11-20): closed value 5,000; signed and paid earlier
        contact("won", stage="closed", signed="2026-11-01", paid="2026-11-10", value=5000),
        # signed in W47 only: booked
        contact("signed", stage="50%", signed="2026-11-19", value=3000),
    ]
    total = reports.team_report(cs, S, W47, TODAY)["total"]
    assert (total["collected"], total["closed"], total["closed_value"], total["booked"]) == (
        7000,
        1,
        5000,
        3000,
    )
