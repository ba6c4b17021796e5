"""Report data of the Prospect Management System, on small sets of contacts with
known answers: week periods, pipeline snapshot and shape, the weekly funnel,
the ratio plan, the sales cycle, the weekly review and the team sheet."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from pipetrack.domain import reports, rules
from pipetrack.domain.errors import UsageError
from pipetrack.domain.models import Contact, Settings
from pipetrack.text import name_shape, shape_reason
from pipetrack.text.reports import review as review_words

TODAY = date(2026, 11, 23)  # a Monday, ISO week 2026-W48
W47 = reports.Period(date(2026, 11, 16), date(2026, 11, 22))  # Monday … Sunday
W48 = reports.Period(date(2026, 11, 23), date(2026, 11, 29))


def contact(cid: str, **fields) -> Contact:
    fields.setdefault("name", cid.title())
    fields.setdefault("owner", "li-na")
    return Contact.model_validate({"id": cid, **fields})


def hist(*pairs: tuple[str, str]) -> list[dict]:
    return [{"date": d, "stage": s} for d, s in pairs]


def calls(day: str, *outcomes: str) -> list[dict]:
    return [{"date": day, "kind": "call", "outcome": o} for o in outcomes]


def ago(days: int, today: date = TODAY) -> str:
    return (today - timedelta(days=days)).isoformat()


CRITERIA = {
    "right_person": True,
    "plan_fits": True,
    "budget": 5000,
    "signing_date": "2026-11-01",
    "next_step": "deliver",
}


def default_cycle(settings: Settings) -> rules.SalesCycle:
    return rules.SalesCycle(settings.sales_cycle_days, "default")


# --- weeks -------------------------------------------------------------------


@pytest.mark.parametrize(
    "spec, week_start, start, end, label",
    [
        (None, "monday", "2026-11-23", "2026-11-29", "2026-W48"),
        ("this", "monday", "2026-11-23", "2026-11-29", "2026-W48"),
        ("last", "monday", "2026-11-16", "2026-11-22", "2026-W47"),
        ("2026-W47", "monday", "2026-11-16", "2026-11-22", "2026-W47"),
        ("2026w01", "monday", "2025-12-29", "2026-01-04", "2026-W01"),
        # the weekly action sheet: last Friday to this Thursday
        ("this", "friday", "2026-11-20", "2026-11-26", "2026-W48"),
        ("last", "friday", "2026-11-13", "2026-11-19", "2026-W47"),
        ("2026-W47", "friday", "2026-11-13", "2026-11-19", "2026-W47"),
        ("2026-W48", "friday", "2026-11-20", "2026-11-26", "2026-W48"),
    ],
)
def test_week_period(spec, week_start, start, end, label):
    period = reports.week_period(spec, TODAY, week_start)
    assert (period.start.isoformat(), period.end.isoformat(), period.label) == (start, end, label)


def test_week_period_friday_start_on_a_friday_starts_that_day():
    period = reports.week_period("this", date(2026, 11, 20), "friday")
    assert (period.start, period.end) == (date(2026, 11, 20), date(2026, 11, 26))


@pytest.mark.parametrize("spec", ["next", "2026-W60", "W47", "2026-47"])
def test_week_period_rejects_a_bad_week(spec):
    with pytest.raises(UsageError, match="--week"):
        reports.week_period(spec, TODAY)


# --- the acceptance example: 20:5:1 -----------------------------------------


def twenty_five_one() -> list[Contact]:
    """20 contacts created and called in W47; 5 reached first meeting or beyond; 1 closed."""
    out = []
    for i in range(20):
        created = date(2026, 11, 16) + timedelta(days=i % 5)
        h = [(created.isoformat(), "opportunity")]
        stage = "opportunity"
        if i < 5:
            h.append(("2026-11-20", "first-meeting"))
            stage = "first-meeting"
        if i == 0:
            h += [
                ("2026-11-20", "25%"),
                ("2026-11-21", "50%"),
                ("2026-11-21", "90%"),
                ("2026-11-22", "closed"),
            ]
            stage = "closed"
        outcome = "meeting-set" if i < 5 else "connected" if i < 9 else "no-answer"
        out.append(
            contact(
                f"c{i:02d}",
                created=created.isoformat(),
                stage=stage,
                history=hist(*h),
                activities=calls(created.isoformat(), outcome),
                first_meeting="2026-11-20" if i < 5 else None,
            )
        )
    return out


def test_funnel_twenty_five_one():
    rep = reports.funnel_report(twenty_five_one(), Settings(), W47, TODAY)
    assert rep["ratio"] == {
        "new_contacts": 20,
        "new_prospects": 5,
        "deals": 1,
        "target": [20, 5, 1],
        "contacts_per_prospect": 4,
        "prospects_per_deal": 5,
    }
    assert rep["calls"] == {
        "dials": 20,
        "connects": 9,
        "meetings_set": 5,
        "follow_ups": 0,
        "target_dials": 75,
        "target_connects": 35,
        "target_meetings": 5,
        "connect_rate": 0.45,
        "meeting_rate": 0.56,
        "target_connect_rate": 0.47,
        "target_meeting_rate": 0.14,
    }
    # dials are the lever: 75 dials at 9/20 and 5/9 give 18.75 meetings, 13.75 more;
    # at the week's 1 deal of 5 prospects, 2.75 deals (one deal: no deal size to count value in)
    assert rep["weakest_lever"] == {
        "lever": "dials",
        "observed": 20,
        "target": 75,
        "gain_deals": 2.75,
        "gain_meetings": 13.8,
        "gain_value": None,
        "reason": None,
        "params": {},
    }
    assert (rep["week"], rep["start"], rep["end"], rep["working_days"]) == (
        "2026-W47",
        "2026-11-16",
        "2026-11-22",
        5,
    )


def test_funnel_other_weeks_see_nothing_of_it():
    rep = reports.funnel_report(twenty_five_one(), Settings(), W48, TODAY)
    assert (rep["ratio"]["new_contacts"], rep["ratio"]["new_prospects"], rep["ratio"]["deals"]) == (0, 0, 0)
    assert rep["calls"]["dials"] == 0 and rep["moves"] == []
    assert rep["calls"]["connect_rate"] is None and rep["ratio"]["prospects_per_deal"] is None


def test_funnel_moves_promotions_and_demotions():
    cs = [
        contact(
            "back",
            created="2026-09-01",
            stage="opportunity",
            history=hist(("2026-09-01", "opportunity"), ("2026-09-10", "25%"), ("2026-11-17", "opportunity")),
        ),
        contact(
            "up",
            created="2026-11-02",
            stage="25%",
            history=hist(
                ("2026-11-02", "opportunity"), ("2026-11-18", "first-meeting"), ("2026-11-22", "25%")
            ),
        ),
        contact(
            "gone",
            created="2026-10-01",
            stage="lost",
            history=hist(("2026-10-01", "first-meeting"), ("2026-11-23", "lost")),
        ),
    ]
    rep = reports.funnel_report(cs, Settings(), W47, TODAY)
    assert [(m["date"], m["id"], m["from"], m["to"], m["direction"]) for m in rep["moves"]] == [
        ("2026-11-17", "back", "25%", "opportunity", "demotion"),
        ("2026-11-18", "up", "opportunity", "first-meeting", "promotion"),
        ("2026-11-22", "up", "first-meeting", "25%", "promotion"),
    ]
    # only `up` entered a prospect stage from opportunity in the week
    assert rep["ratio"]["new_prospects"] == 1
    w48 = reports.funnel_report(cs, Settings(), W48, TODAY)
    assert [(m["id"], m["to"], m["direction"]) for m in w48["moves"]] == [("gone", "lost", "demotion")]


def test_funnel_new_prospect_again_after_being_sent_back():
    c = contact(
        "again",
        created="2026-08-01",
        stage="first-meeting",
        history=hist(
            ("2026-08-01", "opportunity"),
            ("2026-08-05", "first-meeting"),
            ("2026-10-01", "opportunity"),
            ("2026-11-19", "first-meeting"),
        ),
    )
    assert reports.funnel_report([c], Settings(), W47, TODAY)["ratio"]["new_prospects"] == 1
    # moving on from 25% to 50% is not becoming a prospect
    d = contact(
        "on",
        created="2026-08-01",
        stage="50%",
        history=hist(("2026-08-01", "first-meeting"), ("2026-08-05", "25%"), ("2026-11-19", "50%")),
    )
    assert reports.funnel_report([d], Settings(), W47, TODAY)["ratio"]["new_prospects"] == 0


def test_funnel_call_definitions_and_week_start_friday():
    c = contact(
        "x",
        activities=[
            *calls("2026-11-19", "no-answer", "connected", "meeting-set"),  # Thursday
            *calls("2026-11-20", "meeting-set", "no-answer"),  # Friday
            {"date": "2026-11-19", "kind": "meeting"},  # not a dial
            {"date": "2026-11-20", "kind": "call"},  # a dial without outcome
        ],
    )
    friday = Settings(week_start="friday")
    this = reports.funnel_report([c], friday, reports.week_period("this", TODAY, "friday"), TODAY)["calls"]
    last = reports.funnel_report([c], friday, reports.week_period("last", TODAY, "friday"), TODAY)["calls"]
    monday = reports.funnel_report([c], Settings(), W47, TODAY)["calls"]
    assert (this["dials"], this["connects"], this["meetings_set"]) == (3, 1, 1)
    assert (last["dials"], last["connects"], last["meetings_set"]) == (3, 2, 1)
    assert (monday["dials"], monday["connects"], monday["meetings_set"]) == (6, 3, 2)


def test_funnel_targets_follow_settings_and_owner_filter():
    settings = Settings(
        working_days=4, targets={"dials_per_day": 20, "connects_per_day": 10, "meetings_per_day": 2}
    )
    cs = [
        contact("a", activities=calls("2026-11-17", "connected")),
        contact("b", owner="wang", activities=calls("2026-11-17", "connected", "no-answer")),
    ]
    rep = reports.funnel_report(cs, settings, W47, TODAY, owner="wang")
    c = rep["calls"]
    assert (c["target_dials"], c["target_connects"], c["target_meetings"]) == (80, 40, 8)
    assert (c["dials"], c["connects"], rep["owner"], rep["working_days"]) == (2, 1, "wang", 4)


def test_team_funnel_targets_are_per_rep():
    """Without --owner the call targets are the per-rep targets times the owners in view."""
    settings = Settings(
        working_days=4, targets={"dials_per_day": 20, "connects_per_day": 10, "meetings_per_day": 2}
    )
    cs = [
        contact("a", activities=calls("2026-11-17", "connected")),
        contact("b", owner="wang", activities=calls("2026-11-17", "connected", "no-answer")),
        contact("c", owner="wang"),
        contact("d", owner=None),
    ]
    rep = reports.funnel_report(cs, settings, W47, TODAY)
    c = rep["calls"]
    assert (rep["reps"], c["target_dials"], c["target_connects"], c["target_meetings"]) == (2, 160, 80, 16)
    # the dials lever aims at the team's 160 dials (3 dials are too few for their own rates:
    # the targets' 50% and 20%); no prospects: 16 meetings at the target 1 in 5 are 3.2 deals
    lever = rep["weakest_lever"]
    assert (lever["lever"], lever["observed"], lever["target"]) == ("dials", 3, 160)
    assert (lever["gain_meetings"], lever["gain_deals"]) == (16, 3.2)
    assert reports.funnel_report(cs, settings, W47, TODAY, owner="li-na")["reps"] == 1
    assert reports.funnel_report([contact("x", owner=None)], settings, W47, TODAY)["reps"] == 1


def test_week_counts_match_one_funnel_per_week():
    """The trend's one-pass counts are the funnel's counts, week by week."""
    settings = Settings()
    cs = [
        contact(
            "a",
            created="2026-11-03",
            first_meeting="2026-11-05",
            history=hist(
                ("2026-11-03", "opportunity"),
                ("2026-11-05", "first-meeting"),
                ("2026-11-12", "opportunity"),
                ("2026-11-18", "25%"),
            ),
            activities=calls("2026-11-04", "meeting-set", "no-answer") + calls("2026-11-17", "connected"),
        ),
        contact(
            "b",
            created="2026-11-10",
            stage="closed",
            signed="2026-11-11",
            paid="2026-11-12",
            history=hist(("2026-11-10", "90%"), ("2026-11-19", "closed")),
        ),
    ]
    weeks = [
        reports.Period(date(2026, 11, 2) + timedelta(days=7 * i), date(2026, 11, 8) + timedelta(days=7 * i))
        for i in range(3)
    ]
    counts = reports.week_counts(cs, settings, weeks)
    assert [(n.dials, n.connects, n.meetings, n.new_contacts, n.new_prospects, n.deals) for n in counts] == [
        (2, 1, 1, 1, 1, 0),
        (0, 0, 0, 1, 1, 0),
        (1, 1, 0, 0, 1, 1),
    ]
    for week, n in zip(weeks, counts, strict=True):
        f = reports.funnel_report(cs, settings, week, TODAY)
        assert (
            f["calls"]["dials"],
            f["calls"]["meetings_set"],
            f["ratio"]["new_prospects"],
            f["ratio"]["deals"],
        ) == (n.dials, n.meetings, n.new_prospects, n.deals)


@pytest.mark.parametrize(
    "dials, connects, meetings, lever, observed, target, gain, deals",
    [
        # no calls at all: dialling to target gives the 5 target meetings (no prospects yet:
        # 1 deal in 5 of them)
        (0, 0, 0, "dials", 0, 75, 5, 1),
        # 75 dials but 1 in 5 connects: the connect rate is the lever (+2.7 meetings)
        (75, 15, 2, "connect_rate", 0.2, 0.47, 2.7, 0.53),
        # 75 dials, 35 connects, 2 meetings: the connect→meeting rate (+3 meetings)
        (75, 35, 2, "meeting_rate", 0.06, 0.14, 3, 0.6),
        # one lucky dial: too few calls for their own rates, the targets' rates give 75 x 7/15 x 1/7 - 1 = +4
        (1, 1, 1, "dials", 1, 75, 4, 0.8),
        # 12 dials (enough for their own rate), 6 connects, no meeting:
        # 12 x 1/2 x 1/7 = +0.9 from the meeting rate
        (12, 6, 0, "meeting_rate", 0, 0.14, 0.9, 0.17),
    ],
)
def test_weakest_lever(dials, connects, meetings, lever, observed, target, gain, deals):
    outcomes = (
        ["meeting-set"] * meetings
        + ["connected"] * (connects - meetings)
        + ["no-answer"] * (dials - connects)
    )
    c = contact("x", activities=calls("2026-11-17", *outcomes))
    assert reports.funnel_report([c], Settings(), W47, TODAY)["weakest_lever"] == {
        "lever": lever,
        "observed": observed,
        "target": target,
        "gain_deals": deals,
        "gain_meetings": gain,
        "gain_value": None,
        "reason": None,
        "params": {},
    }


# --- pipeline ----------------------------------------------------------------


def stages(rep: dict) -> dict[str, list[str]]:
    return {s["stage"]: [c["id"] for c in s["contacts"]] for s in rep["stages"]}


def test_pipeline_stale_is_more_than_one_cycle():
    cs = [
        contact("d29", stage="25%", first_meeting=ago(29)),
        contact("d28", stage="25%", first_meeting=ago(28)),
        contact("fm29", stage="first-meeting", first_meeting=ago(29)),
        contact("p90", stage="90%", first_meeting=ago(60)),
    ]
    rep = reports.pipeline_report(cs, Settings(), default_cycle(Settings()), W48, TODAY)
    flags = {c["id"]: c["stale"] for s in rep["stages"] for c in s["contacts"]}
    assert flags == {"d29": True, "d28": False, "fm29": True, "p90": False}
    assert {s["stage"]: s["stale"] for s in rep["stages"]} == {
        "opportunity": 0,
        "first-meeting": 1,
        "25%": 1,
        "50%": 0,
        "90%": 0,
        "closed": 0,
    }
    days = {c["id"]: c["days_since_first_meeting"] for s in rep["stages"] for c in s["contacts"]}
    assert days == {"d29": 29, "d28": 28, "fm29": 29, "p90": 60}


def test_pipeline_snapshot_closed_in_period_lost_excluded_and_weights():
    cs = [
        contact("opp", stage="opportunity", value=700),
        contact("fm", stage="first-meeting", first_meeting="2026-11-25", value=500),
        contact("p25", stage="25%", first_meeting="2026-11-10", value=1000),
        contact("p50", stage="50%", first_meeting="2026-11-09", value=2000),
        contact("p90", stage="90%", first_meeting="2026-11-08", value=4000),
        contact(
            "won",
            stage="closed",
            first_meeting="2026-10-01",
            value=10000,
            history=hist(("2026-10-01", "first-meeting"), ("2026-11-24", "closed")),
        ),
        contact(
            "old",
            stage="closed",
            first_meeting="2026-09-01",
            value=99999,
            history=hist(("2026-09-01", "first-meeting"), ("2026-10-20", "closed")),
        ),
        # closed by the end of cooling-off (paid 11-15 + 10 days = 11-25), no history entry
        contact(
            "cool",
            stage="closed",
            first_meeting="2026-10-02",
            value=3000,
            paid="2026-11-15",
            signed="2026-11-14",
        ),
        contact("gone", stage="lost", first_meeting="2026-11-01", value=5000),
    ]
    settings = Settings()
    rep = reports.pipeline_report(cs, settings, default_cycle(settings), W48, date(2026, 11, 30))
    assert rep["as_of"] == "2026-11-29"
    assert stages(rep) == {
        "opportunity": ["opp"],
        "first-meeting": ["fm"],
        "25%": ["p25"],
        "50%": ["p50"],
        "90%": ["p90"],
        "closed": ["won", "cool"],
    }
    assert [s["stage"] for s in rep["stages"]] == [
        "opportunity",
        "first-meeting",
        "25%",
        "50%",
        "90%",
        "closed",
    ]
    assert {s["stage"]: (s["count"], s["value"], s["weighted_value"]) for s in rep["stages"]} == {
        "opportunity": (1, 700, 0),
        "first-meeting": (1, 500, 0),
        "25%": (1, 1000, 250),
        "50%": (1, 2000, 1000),
        "90%": (1, 4000, 3600),
        "closed": (2, 13000, 13000),
    }
    # the weighted pipeline is the open deals' (250 + 1000 + 3600); the closed ones are closed value
    assert rep["weighted_total"] == 4850 and rep["closed_value"] == 13000 and rep["prospects"] == 4
    # the week before: `won` and `cool` had not closed yet, `old` closed long before
    w47 = reports.pipeline_report(cs, settings, default_cycle(settings), W47, date(2026, 11, 30))
    assert stages(w47)["closed"] == []
    # `won` was still at first-meeting; `fm` has no history, so its recorded stage stands
    assert stages(w47)["first-meeting"] == ["won", "fm"]


def test_pipeline_first_meeting_weight_setting():
    settings = Settings(first_meeting_weight=0.1)
    rep = reports.pipeline_report(
        [contact("fm", stage="first-meeting", first_meeting="2026-11-25", value=500)],
        settings,
        default_cycle(settings),
        W48,
        TODAY,
    )
    assert rep["stages"][1]["weighted_value"] == 50


def test_pipeline_snapshot_follows_history_and_today():
    c = contact(
        "mover",
        created="2026-11-01",
        stage="50%",
        first_meeting="2026-11-05",
        history=hist(
            ("2026-11-01", "opportunity"),
            ("2026-11-05", "first-meeting"),
            ("2026-11-12", "25%"),
            ("2026-11-26", "50%"),
        ),
    )
    late = contact("late", created="2026-11-25", stage="opportunity")
    settings = Settings()
    cyc = default_cycle(settings)
    # W46 ends 2026-11-15: at 25% then; `late` did not exist yet
    w46 = reports.pipeline_report([c, late], settings, cyc, reports.week_period("2026-W46", TODAY), TODAY)
    assert (stages(w46)["25%"], stages(w46)["opportunity"]) == (["mover"], [])
    # this week, seen on Monday 11-23 (--today earlier than the end): still 25%
    now = reports.pipeline_report([c, late], settings, cyc, W48, TODAY)
    assert (now["as_of"], stages(now)["25%"], stages(now)["50%"]) == ("2026-11-23", ["mover"], [])
    # seen on Friday 11-27: 50%, and `late` exists
    fri = reports.pipeline_report([c, late], settings, cyc, W48, date(2026, 11, 27))
    assert (stages(fri)["50%"], stages(fri)["opportunity"]) == (["mover"], ["late"])


def test_pipeline_owner_and_account_filters_and_order():
    cs = [
        contact("b", stage="25%", first_meeting="2026-11-10", account="acme"),
        contact("a", stage="25%", first_meeting="2026-11-12", account="acme"),
        contact("c", stage="25%", first_meeting="2026-11-01", owner="wang", account="acme"),
        contact("d", stage="25%", first_meeting="2026-11-02", account="other"),
    ]
    s = Settings()
    assert stages(reports.pipeline_report(cs, s, default_cycle(s), W48, TODAY))["25%"] == ["c", "d", "b", "a"]
    rep = reports.pipeline_report(cs, s, default_cycle(s), W48, TODAY, owner="li-na", account="acme")
    assert stages(rep)["25%"] == ["b", "a"] and (rep["owner"], rep["account"]) == ("li-na", "acme")


def shape_folder(fm: int, p25: int, p50: int, p90: int, stale25: int = 0, stale50: int = 0) -> list[Contact]:
    out = []
    for stage, n, stale in (
        ("first-meeting", fm, 0),
        ("25%", p25, stale25),
        ("50%", p50, stale50),
        ("90%", p90, 0),
    ):
        for i in range(n):
            out.append(
                contact(f"{stage.rstrip('%')}-{i}", stage=stage, first_meeting=ago(40 if i < stale else 5))
            )
    return out


@pytest.mark.parametrize(
    "counts, pattern",
    [
        # the shape is judged on effective prospects (25%, 50%, 90%), 5 for one deal
        ((3, 3, 2, 0, 0, 0), "ideal"),
        ((2, 3, 1, 1, 0, 0), "ideal"),  # exactly 5 effective prospects is not empty
        ((9, 2, 1, 1, 0, 0), "B"),  # 4 effective: first meetings alone are no pipeline
        ((10, 0, 0, 0, 0, 0), "B"),
        ((0, 0, 0, 0, 0, 0), "B"),
        ((1, 1, 3, 1, 0, 0), "A"),  # 4 at 50/90% against 2 at fm/25%
        ((1, 2, 2, 1, 0, 0), "ideal"),  # 3 against 3 is not top-heavy
        ((2, 3, 2, 0, 2, 1), "C"),  # 3 of 5 at 25/50% stale
        ((2, 3, 1, 1, 1, 1), "C"),  # exactly half stale
        ((2, 3, 1, 1, 1, 0), "ideal"),  # 1 of 4 stale
    ],
)
def test_pipeline_shape(counts, pattern):
    settings = Settings()
    rep = reports.pipeline_report(shape_folder(*counts), settings, default_cycle(settings), W48, TODAY)
    assert rep["shape"]["pattern"] == pattern
    assert [s["count"] for s in rep["stages"][1:5]] == list(counts[:4])


def test_pipeline_shape_reason_states_the_counts():
    settings = Settings()
    rep = reports.pipeline_report(shape_folder(1, 1, 3, 1), settings, default_cycle(settings), W48, TODAY)
    name_shape(rep["shape"], "en")
    assert (rep["shape"]["pattern"], rep["shape"]["reason"]) == (
        "A",
        "4 at 50%/90% against 2 at first-meeting/25%",
    )
    assert rep["shape"]["facts"] == {
        "fm": 1,
        "p25": 1,
        "p50": 3,
        "p90": 1,
        "prospects": 6,
        "effective": 5,
        "need": 5,
        "late": 4,
        "early": 2,
        "middle": 4,
        "stuck": 0,
    }
    assert shape_reason("A", rep["shape"]["facts"], "zh") == "50%/90% 共 4 个,多于约定初次见面/25% 的 2 个"


# --- plan --------------------------------------------------------------------


PLAN_KEYS = (
    "deals",
    "per",
    "weeks",
    "deals_per_week",
    "prospects",
    "contacts",
    "meetings_per_week",
    "dials_per_day",
    "connects_per_day",
    "meetings_per_day",
)


@pytest.mark.parametrize(
    "deals, per, expected",
    [
        (50, "year", (50, "year", 50, 1, 250, 1000, 8, 15, 7, 1)),
        (100, "year", (100, "year", 50, 2, 500, 2000, 16, 30, 14, 2)),
        (4, "month", (4, "month", 4.17, 0.96, 20, 80, 7.68, 14.4, 6.72, 0.96)),
        (2, "week", (2, "week", 1, 2, 10, 40, 16, 30, 14, 2)),
    ],
)
def test_plan_backwards_from_targets(deals, per, expected):
    s = Settings()
    rep = reports.plan_report(deals, per, [], s, default_cycle(s), TODAY)
    assert tuple(rep[k] for k in PLAN_KEYS) == expected
    assert (rep["basis"], rep["observed"]) == ("targets", None)


def observed_folder() -> list[Contact]:
    """4 contacts, 2 became prospects, 1 closed; 12 dials on 2 days, 6 connects, 3 meetings set."""
    return [
        contact(
            "won",
            created="2026-10-01",
            stage="closed",
            first_meeting="2026-10-05",
            history=hist(
                ("2026-10-01", "opportunity"),
                ("2026-10-05", "first-meeting"),
                ("2026-10-20", "90%"),
                ("2026-11-01", "closed"),
            ),
            activities=calls(
                "2026-10-02", "meeting-set", "meeting-set", "connected", "no-answer", "no-answer", "no-answer"
            ),
        ),
        contact(
            "fm",
            created="2026-10-02",
            stage="25%",
            first_meeting="2026-11-20",
            history=hist(
                ("2026-10-02", "opportunity"), ("2026-11-10", "first-meeting"), ("2026-11-20", "25%")
            ),
            activities=calls(
                "2026-10-03", "meeting-set", "connected", "connected", "no-answer", "no-answer", "no-answer"
            ),
        ),
        contact("o1", created="2026-10-03", history=hist(("2026-10-03", "opportunity"))),
        contact("o2", created="2026-10-04"),
        # created after today: not counted
        contact("future", created="2026-12-01", activities=calls("2026-12-01", "meeting-set")),
    ]


def test_plan_observed_ratios():
    s = Settings()
    rep = reports.plan_report(50, "year", observed_folder(), s, default_cycle(s), TODAY, observed=True)
    assert rep["observed"] == {
        "contacts_per_deal": 4,
        "prospects_per_deal": 2,
        "dials_per_day": 6,
        "connects_per_day": 3,
        "meetings_per_day": 1.5,
        "basis": {
            "contacts": 4,
            "prospects": 2,
            "deals": 1,
            "dials": 12,
            "connects": 6,
            "meetings_set": 3,
            "call_days": 2,
        },
    }
    # 1 deal a week: 2 prospects and 4 contacts per deal; 1 meeting a day takes 4 dials and 2 connects
    # at the observed 12:6:3 (not the rep's current 6 dials a day)
    assert tuple(rep[k] for k in PLAN_KEYS) == (50, "year", 50, 1, 100, 200, 8, 4, 2, 1)
    assert rep["basis"] == "observed"
    # forwards: `fm` (25%) is the one prospect now; 2 prospects make a deal
    assert rep["pipeline"] == {
        "prospects": 1,
        "expected_deals": 0.5,
        "prospects_to_add": 1,
        "sales_cycle_days": 28,
    }


def test_plan_observed_without_data_keeps_the_targets():
    s = Settings()
    rep = reports.plan_report(
        50, "year", [contact("a", created="2026-11-01")], s, default_cycle(s), TODAY, observed=True
    )
    assert tuple(rep[k] for k in PLAN_KEYS) == (50, "year", 50, 1, 250, 1000, 8, 15, 7, 1)
    assert rep["observed"]["contacts_per_deal"] is None


def test_plan_forwards_from_the_pipeline():
    cs = [
        *shape_folder(4, 3, 2, 1),
        contact("opp"),
        contact("won", stage="closed"),
        contact("x", stage="lost"),
    ]
    s = Settings()
    rep = reports.plan_report(50, "year", cs, s, rules.SalesCycle(30, "deals"), TODAY)
    assert rep["pipeline"] == {
        "prospects": 10,
        "expected_deals": 2,
        "prospects_to_add": 10,
        "sales_cycle_days": 30,
    }


# --- sales cycle -------------------------------------------------------------


def deal(cid: str, created: str, signed: str, **kw) -> Contact:
    return contact(
        cid,
        created=created,
        signed=signed,
        stage="closed",
        paid=signed,
        history=hist((signed, "closed")),
        **kw,
    )


def test_cycle_average_of_the_last_deals():
    cs = [
        deal("a", "2026-09-01", "2026-09-21"),  # 20 days
        deal("b", "2026-09-01", "2026-10-01"),  # 30
        deal("c", "2026-10-01", "2026-11-10"),  # 40
        deal("later", "2026-11-01", "2026-12-01"),  # signed after today: not yet
        contact("open", created="2026-10-01", stage="90%", signed="2026-10-20"),
    ]
    cyc = rules.sales_cycle(cs, Settings(), TODAY)
    rep = reports.cycle_report(cyc, Settings())
    assert (rep["sales_cycle_days"], rep["source"]) == (30, "deals")
    assert [(d["id"], d["created"], d["signed"], d["days"]) for d in rep["deals"]] == [
        ("c", "2026-10-01", "2026-11-10", 40),
        ("b", "2026-09-01", "2026-10-01", 30),
        ("a", "2026-09-01", "2026-09-21", 20),
    ]
    # the sample is the most recent N
    two = reports.cycle_report(
        rules.sales_cycle(cs, Settings(cycle_sample=2, cycle_min_deals=2), TODAY), Settings(cycle_sample=2)
    )
    assert (two["sales_cycle_days"], [d["id"] for d in two["deals"]]) == (35, ["c", "b"])


def test_cycle_rounds_half_up():
    cs = [deal("a", "2026-09-01", "2026-09-21"), deal("b", "2026-09-01", "2026-09-22")]
    assert rules.sales_cycle(cs, Settings(cycle_min_deals=2), TODAY).days == 21  # 20.5


def test_cycle_falls_back_to_the_default_with_too_few_deals():
    cs = [
        deal("a", "2026-09-01", "2026-09-21"),
        deal("b", "2026-09-01", "2026-10-01"),
        contact("undated", stage="closed", history=hist(("2026-10-01", "closed"))),
    ]
    s = Settings(sales_cycle_days=35)
    rep = reports.cycle_report(rules.sales_cycle(cs, s, TODAY), s)
    assert (rep["sales_cycle_days"], rep["source"], rep["default_days"], rep["undated_closed"]) == (
        35,
        "default",
        35,
        1,
    )
    assert [d["id"] for d in rep["deals"]] == ["b", "a"]
    assert (rep["sample"], rep["min_deals"]) == (10, 3)


# --- weekly review -----------------------------------------------------------


def full_90(cid: str, paid: str, **kw) -> Contact:
    return contact(
        cid,
        stage="90%",
        created="2026-10-01",
        first_meeting="2026-10-05",
        criteria=CRITERIA,
        signed="2026-11-01",
        paid=paid,
        value=5000,
        **kw,
    )


def test_review_lists():
    cs = [
        contact("stale29", stage="25%", created="2026-10-01", first_meeting=ago(29), next_meeting=ago(-2)),
        contact("ok28", stage="25%", created="2026-10-01", first_meeting=ago(28), next_meeting=ago(-2)),
        full_90("close10", paid=ago(10)),  # cooling-off ended today
        full_90("wait9", paid=ago(9), next_meeting=ago(-3)),
        contact(
            "no-budget",
            stage="50%",
            created="2026-11-01",
            first_meeting="2026-11-10",
            criteria={**CRITERIA, "budget": None, "signing_date": "2026-11-30"},
            next_meeting="2026-11-24T10:00",
        ),
        contact(
            "past-next",
            stage="first-meeting",
            created="2026-11-01",
            first_meeting="2026-11-20",
            next_meeting=date(2026, 11, 21),
        ),  # a YAML date, not a date-time
        contact("ahead", stage="first-meeting", created="2026-11-01", first_meeting="2026-11-25"),
        contact("nodate", stage="25%", next_meeting="2026-11-30"),
        contact("gone", stage="lost", first_meeting=ago(60)),  # out of the process: never listed
    ]
    s = Settings()
    rep = review_words(reports.review_report(cs, s, default_cycle(s), TODAY), "en")
    for x in rep["unsupported"]:  # the codes behind the words are tested in test_rules
        del x["missing_codes"]
    assert [
        (x["id"], x["stage"], x["days_since_first_meeting"], x["move_to"], x["date"]) for x in rep["stale"]
    ] == [("stale29", "25%", 29, "opportunity", "2026-11-23")]
    assert [
        (x["id"], x["paid"], x["cooling_off_ended"], x["move_to"], x["date"]) for x in rep["to_close"]
    ] == [("close10", "2026-11-13", "2026-11-23", "closed", "2026-11-23")]
    assert rep["unsupported"] == [
        {
            "id": "no-budget",
            "name": "No-Budget",
            "owner": "li-na",
            "value": None,
            "recorded": "50%",
            "supported": "25%",
            "missing": ["the budget criterion (criteria.budget): no price or price range discussed"],
        },
        {
            "id": "nodate",
            "name": "Nodate",
            "owner": "li-na",
            "value": None,
            "recorded": "25%",
            "supported": "opportunity",
            "missing": ["no first meeting date (first_meeting)"],
        },
    ]
    assert [(x["id"], x["next_meeting"]) for x in rep["no_next_meeting"]] == [("past-next", "2026-11-21")]
    assert [(x["id"], x["missing"]) for x in rep["missing_dates"]] == [
        ("nodate", ["created", "first_meeting"])
    ]
    assert rep["to_apply"] == 2


def test_review_owner_filter():
    cs = [
        contact("a", stage="25%", first_meeting=ago(40)),
        contact("b", stage="25%", first_meeting=ago(40), owner="wang"),
    ]
    s = Settings()
    rep = reports.review_report(cs, s, default_cycle(s), TODAY, owner="wang")
    assert [x["id"] for x in rep["stale"]] == ["b"] and rep["to_apply"] == 1


# --- team sheet --------------------------------------------------------------


def team_folder() -> list[Contact]:
    return [
        contact(
            "l-fm",
            stage="first-meeting",
            first_meeting="2026-11-25",
            created="2026-11-17",
            history=hist(("2026-11-17", "opportunity"), ("2026-11-18", "first-meeting")),
        ),
        contact("l-25", stage="25%", first_meeting="2026-11-02"),
        contact(
            "l-won",
            stage="closed",
            created="2026-10-01",
            first_meeting="2026-10-05",
            signed="2026-11-05",
            paid="2026-11-06",
            value=10000,
            paid_amount=8000,
            history=hist(("2026-10-05", "first-meeting"), ("2026-11-06", "90%"), ("2026-11-19", "closed")),
        ),
        contact(
            "l-old",
            stage="closed",
            signed="2026-09-01",
            paid="2026-09-02",
            value=7000,
            history=hist(("2026-09-12", "closed")),
        ),
        contact("w-50", owner="wang", stage="50%", first_meeting="2026-11-01"),
        contact(
            "w-90",
            owner="wang",
            stage="90%",
            first_meeting="2026-11-01",
            signed="2026-11-17",
            paid="2026-11-18",
            value=5000,
            created="2026-11-16",
            history=hist(("2026-11-16", "first-meeting"), ("2026-11-18", "90%")),
        ),
        # moved to 50% after the period ended: counted at 25% in W47
        contact(
            "w-later",
            owner="wang",
            stage="50%",
            first_meeting="2026-11-01",
            history=hist(("2026-11-01", "25%"), ("2026-11-24", "50%")),
        ),
        contact("w-lost", owner="wang", stage="lost", first_meeting="2026-11-01"),
        contact(
            "nobody", owner=None, stage="25%", first_meeting="2026-11-10", signed="2026-11-20", value=300
        ),
    ]


def test_team_sheet():
    rep = reports.team_report(team_folder(), Settings(), W47, TODAY)
    cols = (
        "owner",
        "first_meetings",
        "p25",
        "p50",
        "p90",
        "closed",
        "collected",
        "booked",
        "new_contacts",
        "new_prospects",
        "deals",
    )
    assert [tuple(r[k] for k in cols) for r in rep["rows"]] == [
        ("(none)", 0, 1, 0, 0, 0, 0, 300, 0, 0, 0),
        ("li-na", 1, 1, 0, 0, 1, 0, 0, 1, 1, 1),
        ("wang", 0, 1, 1, 1, 0, 5000, 5000, 1, 1, 0),
    ]
    assert rep["total"] == {
        "first_meetings": 1,
        "p25": 3,
        "p50": 1,
        "p90": 1,
        "closed": 1,
        "collected": 5000,
        "closed_value": 10000,  # li-na's deal closed in W47 (the sheet's second amount)
        "booked": 5300,
        "new_contacts": 2,
        "new_prospects": 2,
        "deals": 1,
    }
    for key, value in rep["total"].items():
        assert value == sum(r[key] for r in rep["rows"])
    assert (rep["as_of"], rep["week"], rep["target"]) == ("2026-11-22", "2026-W47", [20, 5, 1])


def test_team_collected_is_paid_amount_else_value_in_the_period():
    rep = reports.team_report(team_folder(), Settings(), reports.week_period("2026-W45", TODAY), TODAY)
    lina = rep["rows"][1]
    assert (lina["owner"], lina["collected"], lina["booked"], lina["closed"]) == ("li-na", 8000, 10000, 0)
