"""The project-sales method on project records: every gate check and every buying-group rule
with a known answer, the stall rule, go/no-go and the candidate rank."""

from __future__ import annotations

from datetime import date

import pytest

from pipetrack.domain import method as M
from pipetrack.domain import project_rules as R
from pipetrack.domain.projects import Project
from pipetrack.storage import methods
from pipetrack.storage.project_method import load

TODAY = date(2026, 11, 23)
METHOD = methods.load_method(__import__("pathlib").Path("/nonexistent"), "project")

#: Evidence that meets every gate up to contract signed.
FULL = {
    "name": "华南印刷 二期",
    "need": "二期印刷线",
    "budget": 1200000,
    "purchase_date": "2027-03-01",
    "buying_group": [
        {"contact": "chen-zong", "role": "decider", "circle": "core", "supporter": "sponsor", "attitude": 2},
        {
            "contact": "zhou-gong",
            "role": "technical",
            "circle": "political",
            "supporter": "coach",
            "attitude": 1,
        },
        {"contact": "xiao-li", "role": "user", "circle": "watcher", "supporter": "insider", "attitude": 1},
    ],
    "ki": dict.fromkeys(("buying_group", "need", "budget", "process", "competition"), True),
    "evidence": dict.fromkeys(
        (
            "org_chart",
            "step_deciders",
            "our_terms_in_tender",
            "rival_blocked",
            "qualified_to_bid",
            "commercial_terms",
        ),
        True,
    ),
    "tender": {"form": "public", "documents": "2026-11-01", "bid_submitted": "2026-11-20"},
    "contract": {"signed": "2026-11-22", "technical_agreement": "2026-11-22"},
}


def project(stage: str = "qualified", **changes) -> Project:
    data = {**FULL, "stage": stage}
    for key, value in changes.items():
        if "." in key:
            block, sub = key.split(".")
            data[block] = {**data[block], sub: value}
        else:
            data[key] = value
    return Project.model_validate(data)


def lacking(p: Project, stage: str) -> list[tuple[str, str]]:
    found = M.requirements(METHOD, p, stage, today=TODAY, cycle_days=0, settings=None)
    return [(m.key, m.code) for m in found]


def test_full_evidence_supports_every_stage():
    p = project()
    for stage in METHOD.ids:
        assert lacking(p, stage) == []
    assert M.supported_stage(METHOD, p, today=TODAY, cycle_days=0, settings=None) == "contract-signed"


@pytest.mark.parametrize(
    ("stage", "change", "expected"),
    [
        # qualified (default): a need, a budget, a purchase time
        ("qualified", {"need": None}, [("need", "no_need")]),
        ("qualified", {"budget": None}, [("budget", "no_budget")]),
        ("qualified", {"budget": "yes"}, []),
        ("qualified", {"purchase_date": None}, [("purchase_date", "no_purchase_date")]),
        # initial contact: the five checks
        (
            "initial-contact",
            {"buying_group": [{"contact": "a", "supporter": "insider", "attitude": 0}]},
            [("accepts_us", "no_acceptor")],
        ),
        ("initial-contact", {"evidence.org_chart": False}, [("org_chart", "no_org_chart")]),
        (
            "initial-contact",
            {"buying_group": [{"contact": "a", "supporter": "sponsor", "attitude": 3}]},
            [("insider_or_coach", "no_insider_or_coach")],
        ),
        ("initial-contact", {"ki.process": None}, [("ki_process", "no_key_info")]),
        ("initial-contact", {"evidence.step_deciders": "no"}, [("step_deciders", "no_step_deciders")]),
        # technical breakthrough: the three checks
        (
            "technical-breakthrough",
            {"evidence.our_terms_in_tender": False},
            [("our_terms", "terms_not_ours")],
        ),
        (
            "technical-breakthrough",
            {"evidence.rival_blocked": None},
            [("rival_blocked", "rival_not_blocked")],
        ),
        (
            "technical-breakthrough",
            {"evidence.qualified_to_bid": None},
            [("qualified_to_bid", "not_qualified_to_bid")],
        ),
        # commercial breakthrough (default): terms discussed, the decider for us
        (
            "commercial-breakthrough",
            {"evidence.commercial_terms": None},
            [("commercial_terms", "no_commercial_terms")],
        ),
        (
            "commercial-breakthrough",
            {
                "buying_group": [
                    {"contact": "a", "role": "decider", "supporter": "coach", "attitude": -1},
                    {"contact": "b", "supporter": "insider", "attitude": 2},
                ]
            },
            [("decider_support", "no_decider_support")],
        ),
        # tender (default): documents, bid submitted (on or before today)
        ("tender", {"tender.documents": None}, [("tender_documents", "no_tender_documents")]),
        ("tender", {"tender.bid_submitted": "2026-11-30"}, [("bid_submitted", "no_bid")]),
        # contract signed: the contract AND the technical agreement
        ("contract-signed", {"contract.signed": None}, [("contract", "no_contract")]),
        (
            "contract-signed",
            {"contract.technical_agreement": None},
            [("technical_agreement", "no_technical_agreement")],
        ),
        (
            "contract-signed",
            {"contract": {}},
            [("contract", "no_contract"), ("technical_agreement", "no_technical_agreement")],
        ),
        # lost needs nothing: it is a decision
        ("lost", {"need": None, "contract": {}}, []),
    ],
)
def test_each_gate_check(stage, change, expected):
    assert lacking(project(**change), stage) == expected


def test_each_stage_needs_the_earlier_gates():
    p = project(**{"evidence.our_terms_in_tender": False})
    assert lacking(p, "initial-contact") == []
    assert ("our_terms", "terms_not_ours") in lacking(p, "tender")
    assert M.supported_stage(METHOD, p, today=TODAY, cycle_days=0, settings=None) == "initial-contact"


def risks(p: Project) -> list[str]:
    return [r.code for r in R.buying_group_risks(p, METHOD)]


@pytest.mark.parametrize(
    ("stage", "group", "expected"),
    [
        # a sponsor must be in the political or core circle
        (
            "qualified",
            [{"contact": "a", "supporter": "sponsor", "circle": "watcher"}],
            ["sponsor_outside_circle"],
        ),
        (
            "qualified",
            [{"contact": "a", "supporter": "sponsor", "circle": "unaware"}],
            ["sponsor_outside_circle"],
        ),
        ("qualified", [{"contact": "a", "supporter": "sponsor", "circle": "political"}], []),
        ("qualified", [{"contact": "a", "supporter": "sponsor", "circle": "core"}], []),
        # an insider at least watches
        ("qualified", [{"contact": "a", "supporter": "insider", "circle": "unaware"}], ["insider_unaware"]),
        # no decision maker mapped (past qualified)
        ("initial-contact", [{"contact": "a", "supporter": "coach"}], ["no_decider"]),
        # past initial contact without an insider or coach
        (
            "technical-breakthrough",
            [{"contact": "a", "role": "decider"}, {"contact": "t", "role": "technical", "attitude": 2}],
            ["no_insider_or_coach_yet"],
        ),
        # a decision maker or technical lead opposed
        (
            "initial-contact",
            [{"contact": "a", "role": "decider", "attitude": -2, "supporter": "coach"}],
            ["decider_opposed"],
        ),
        (
            "initial-contact",
            [
                {"contact": "a", "role": "decider", "supporter": "coach"},
                {"contact": "t", "role": "technical", "attitude": -1},
            ],
            ["technical_opposed"],
        ),
        # the technical lead not won by technical breakthrough
        (
            "technical-breakthrough",
            [
                {"contact": "a", "role": "decider", "supporter": "coach"},
                {"contact": "t", "role": "technical", "attitude": 0},
            ],
            ["technical_lead_not_won"],
        ),
        (
            "initial-contact",
            [
                {"contact": "a", "role": "decider", "supporter": "coach"},
                {"contact": "t", "role": "technical", "attitude": 0},
            ],
            [],
        ),
        # won and lost projects are not judged
        ("lost", [{"contact": "a", "supporter": "coach"}], []),
    ],
)
def test_each_buying_group_rule(stage, group, expected):
    assert risks(project(stage, buying_group=group)) == expected


def test_stage_aliases_and_days_in_stage():
    p = project(
        "技术突破",
        history=[
            {"date": "2026-08-01", "stage": "qualified"},
            {"date": "2026-09-01", "stage": "technical-breakthrough"},
            {"date": "2026-09-10", "stage": "技术突破"},
        ],
    )
    assert R.stage_id(p, METHOD) == "technical-breakthrough"
    assert R.stage_since(p, METHOD) == date(2026, 9, 1)
    assert R.days_in_stage(p, METHOD, TODAY) == 83
    assert R.stall_limit(p, METHOD) == 45
    assert R.is_stalled(p, METHOD, TODAY)
    assert not R.is_stalled(p, METHOD, date(2026, 10, 16))  # 45 days: not beyond
    assert R.is_stalled(p, METHOD, date(2026, 10, 17))
    won = project("contract-signed", history=[{"date": "2026-01-01", "stage": "contract-signed"}])
    assert not R.is_stalled(won, METHOD, TODAY)


def test_weighted_value():
    assert R.weighted_value(project("tender", value=1000000), METHOD) == 800000
    assert R.weighted_value(project("lost", value=1000000), METHOD) == 0


def test_go_no_go_and_candidate_rank():
    checkpoints = load(__import__("pathlib").Path("/nonexistent"), None).checkpoints
    assert [c.id for c in checkpoints] == ["early", "middle", "late"]
    assert all(len(c.questions) == 4 for c in checkpoints)
    early = [q.id for q in checkpoints[0].questions]
    p = project(
        "initial-contact",
        checkpoints={"early": dict.fromkeys(early, "yes"), "middle": {"shares_info": False}, "late": {}},
    )
    results = R.go_no_go(p, METHOD, checkpoints)
    assert [(r.id, r.current, r.verdict) for r in results] == [
        ("early", True, "go"),
        ("middle", False, "no_go"),
        ("late", False, "open"),
    ]
    assert [R.candidate_position(n) for n in (None, 0, 1, 2, 3)] == [
        "unknown",
        "not_shortlisted",
        "first",
        "second",
        "behind",
    ]


def test_chinese_terms_and_unknown_keys():
    p = Project.model_validate(
        {
            "name": "x",
            "buying_group": [
                {"contact": "a", "role": "决策者", "circle": "核心圈", "supporter": "赞助者", "mood": 1}
            ],
            "tender": {"form": "邀标"},
            "client_step": "评估最佳选择",
            "extra_key": {"kept": True},
        }
    )
    m = p.buying_group[0]
    assert (m.role, m.circle, m.supporter, m.model_extra) == ("decider", "core", "sponsor", {"mood": 1})
    assert (p.tender.form, p.client_step, p.model_extra) == (
        "invited",
        "evaluate",
        {"extra_key": {"kept": True}},
    )
