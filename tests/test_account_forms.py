"""The account forms of the key-account courses (communication styles, buying steps and the
selling step each calls for, the contact rhythm by client class, department needs, the
needs-research checklist, stated versus judged attitude) and the method's numbers that
are settings (near days, shape threshold, lever samples, forecast weights)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from conftest import DataFolder
from pipetrack.domain import intel, levers, rules
from pipetrack.domain.models import Account, Contact, Profile, Settings, Stage
from pipetrack.text import tips as text_tips

TODAY = date(2026, 11, 23)
EXAMPLE = Path(__file__).resolve().parent.parent / "data" / "example"


def contact(cid: str, **fields) -> Contact:
    fields.setdefault("name", cid)
    fields.setdefault("account", "acme")
    return Contact.model_validate({"id": cid, **fields})


@pytest.mark.parametrize(
    "step,selling",
    [
        ("need", "develop"),
        ("screening", "enter"),
        ("criteria", "propose"),
        ("tender", "bid"),
        ("commitment", "negotiate"),
        ("implementation", "implement"),
        ("指定采购指标", "propose"),  # the course's own words are accepted
        ("招标评标", "bid"),
    ],
)
def test_each_buying_step_calls_for_its_selling_step(step, selling):
    account = Account.model_validate({"name": "Acme", "buying_step": step})
    assert intel.buying_step(account)["selling_step"] == selling


@pytest.mark.parametrize(
    "stages,cls,days",
    [
        (["opportunity"], "prospect", 30),
        (["opportunity", "25%"], "interested", 14),
        (["50%", "closed"], "closed", 60),
    ],
)
def test_client_class_and_its_rhythm(stages, cls, days):
    people = [
        contact(f"c{i}", stage=s, activities=[{"date": "2026-11-01", "kind": "call"}])
        for i, s in enumerate(stages)
    ]
    r = intel.rhythm(people, Settings(), TODAY)
    assert (r["class"], r["days"], r["last_contact"]) == (cls, days, "2026-11-01")
    assert r["due"] == date.fromordinal(date(2026, 11, 1).toordinal() + days).isoformat()
    assert r["overdue"] is (days < 22)


def test_the_rhythm_per_class_is_a_setting():
    people = [contact("c", stage="25%", activities=[{"date": "2026-11-20", "kind": "visit"}])]
    settings = Settings.model_validate({"rhythm_days": {"interested": 2}})
    r = intel.rhythm(people, settings, TODAY)
    assert (r["due"], r["overdue"]) == ("2026-11-22", True)


def test_stated_attitude_two_apart_is_flagged():
    people = [
        contact("smiles", profile={"attitude": -1, "attitude_stated": 1, "level": "management"}),
        contact("honest", profile={"attitude": 2, "attitude_stated": 3, "level": "executive"}),
    ]
    notes = {p["id"]: p for p in intel.people_notes(people)}
    assert notes["smiles"]["two_faced"] is True and notes["honest"]["two_faced"] is False
    assert notes["smiles"]["needs"] == ["level.management"]


def test_styles_map_to_personalities_and_accept_chinese():
    assert [Profile(style=s).style for s in ("老虎", "孔雀", "考拉熊", "猫头鹰", "变色龙")] == [
        "tiger",
        "peacock",
        "koala",
        "owl",
        "chameleon",
    ]
    tips = text_tips.contact_tips(contact("t", profile={"style": "tiger"}), Settings(), TODAY, "en")
    assert (tips["personality"]["type"], tips["personality"]["style_label"]) == ("driver", "tiger (driver)")
    cham = text_tips.contact_tips(contact("c", profile={"style": "chameleon"}), Settings(), TODAY, "zh")
    assert cham["personality"]["tips"] == ["和谁在一起就像谁:看他在你面前表现出四种中的哪一种,就按那一种应对"]


def test_needs_research_lists_every_question_open_or_answered():
    account = Account.model_validate({"name": "A", "needs_research": {"who": "王经理", "timing": "Q1"}})
    rows = intel.needs_research(account)
    assert [r["question"] for r in rows] == ["who", "why", "strategy", "goal", "market", "new", "timing"]
    assert [r["answer"] for r in rows] == ["王经理", None, None, None, None, None, "Q1"]


def test_near_days_is_a_setting():
    account = Account.model_validate(
        {
            "name": "A",
            "opportunity": {
                "budget": 1,
                "purchase_date": "2027-03-01",
                "fit": True,
                "worth_it": True,
                "can_win": True,
            },
        }
    )
    assert intel.opportunity_questions(account, TODAY)["verdict"] == "go"  # 98 days, within 180
    assert intel.opportunity_questions(account, TODAY, 60)["verdict"] == "not_yet"


# --- item 4: the invented numbers are settings -------------------------------------------


def test_forecast_weights_are_settings():
    c = contact("x", stage="50%", value=1000)
    assert rules.weighted_value(c, Settings()) == 500
    assert rules.weighted_value(c, Settings.model_validate({"weights": {"p50": 0.4}})) == 400


def test_shape_stuck_share_is_a_setting():
    counts = {Stage.FIRST_MEETING: 2, Stage.P25: 3, Stage.P50: 2, Stage.P90: 0}
    stale = {Stage.P25: 2}  # 2 of 5 stale
    assert rules.diagnose_shape(counts, stale, Settings()).pattern == "ideal"
    assert rules.diagnose_shape(counts, stale, Settings(shape_stuck_share=0.4)).pattern == "C"


def test_lever_sample_sizes_are_settings():
    # 5 dials, 4 connects: too few dials for their own rate by default (target 7/15 used)
    default = levers.call_levers(5, 4, 0, Settings(), 5)
    own = levers.call_levers(5, 4, 0, Settings(lever_min_dials=5, lever_min_connects=4), 5)
    assert {lv.key: round(lv.gain_meetings, 2) for lv in default}["dials"] != {
        lv.key: round(lv.gain_meetings, 2) for lv in own
    }["dials"]


# --- the acceptance: account huanan-printing --lang zh on the example data -----------------


def test_example_account_in_chinese_shows_the_forms(tmp_path):
    import shutil

    root = tmp_path / "example"
    shutil.copytree(EXAMPLE, root)
    out = DataFolder.__new__(DataFolder)
    out.root = root
    result = out.run("--lang", "zh", "account", "huanan-printing")
    assert result.exit_code == 0, result.output
    text = re.sub(r"\s+", "", result.stdout)  # table cells wrap: compare without spaces
    for expected in (
        "老虎(主观型)",  # 陈总's communication style
        "孔雀(情感型)",
        "客户采购阶段:指定采购指标→对应销售阶段:提案",
        "联系节奏:意向客户",
        "下次2026-12-04",  # last visit 2026-11-20 + 14 days
        "管理层关注人",
        "执行层关注事",
        "组织利益",
        "大力支持",  # the attitude names
        "毫无兴趣",
        "表面+1,判断为-1:当面支持,背后反对",
        "需求调研",
    ):
        assert expected in text, expected
