"""A method as data (pipetrack.domain.method): the check kinds, stage lookup, the gates,
the stale rules, and the one-line errors of a broken method file."""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace as NS

import pytest

import pipetrack.storage  # noqa: F401  (the shipped method files)
from pipetrack.domain import method as m
from pipetrack.domain.method import Missing
from pipetrack.domain.methodfile import builtin, parse_method
from pipetrack.domain.models import Settings, Stage

TODAY = date(2026, 12, 1)
SETTINGS = Settings(cooling_off_days=10, first_meeting_weight=0.1)


def gate_of(*checks):
    """The checks of a one-gate method file, parsed as pipetrack parses one."""
    stages = [{"id": "a"}, {"id": "b", "gate": list(checks)}, {"id": "lost"}]
    return parse_method({"id": "t", "stages": stages, "lost": "lost"}, "t.yaml").stages[1].gate


def check(**doc):
    doc.setdefault("key", "k")
    doc.setdefault("code", "no_k")
    return gate_of(doc)[0]


def judge(chk, record, cycle=28):
    return m.evaluate(chk, record, today=TODAY, cycle_days=cycle, settings=SETTINGS)


# --- the check kinds --------------------------------------------------------


@pytest.mark.parametrize(
    "kind,value,holds",
    [
        ("fact", True, True),
        ("fact", False, False),
        ("fact", "yes, the director", True),
        ("fact", "  ", False),
        ("fact", None, False),
        ("fact", 0, True),
        ("fact", [], False),
        ("fact", ["a"], True),
        ("text", "plan agreed", True),
        ("text", "", False),
        ("text", True, False),
        ("number", 1500, True),
        ("number", 0, False),
        ("number", True, False),
        ("number", "about 2k", False),
        ("date", date(2030, 1, 1), True),
        ("date", None, False),
        ("date_past", TODAY, True),
        ("date_past", datetime(2026, 11, 30, 9, 0), True),
    ],
)
def test_value_checks(kind, value, holds):
    got = judge(check(check=kind, field="x"), NS(x=value))
    assert (got is None) is holds
    if not holds:
        assert got == Missing("k", "no_k")


@pytest.mark.parametrize(
    "value,holds", [(True, True), (False, False), ("discussed", True), (5, True), (0, False)]
)
def test_number_allow_true_takes_a_yes_or_a_note(value, holds):
    assert (judge(check(check="number", field="x", allow_true=True), NS(x=value)) is None) is holds


def test_date_past_names_the_future_date_under_its_own_code_and_name():
    chk = check(
        key="signed",
        check="date_past",
        field="signed",
        code="no_date",
        codes={"future": "date_future"},
        params={"key": "signed"},
        rename={"date": "when"},
    )
    assert judge(chk, NS(signed=None)) == Missing("signed", "no_date", {"key": "signed"})
    assert judge(chk, NS(signed=date(2026, 12, 5))) == Missing(
        "signed", "date_future", {"key": "signed", "when": date(2026, 12, 5)}
    )
    assert judge(chk, NS(signed=TODAY)) is None


WITHIN = dict(
    check="within",
    field="sign",
    days="cycle",
    unless="signed",
    codes={"from": "no_from", "before": "too_early", "beyond": "too_late"},
    **{"from": "first"},
)


@pytest.mark.parametrize(
    "sign,first,signed,expected",
    [
        (date(2026, 12, 20), date(2026, 12, 1), None, None),  # 19 days, cycle 28
        (date(2026, 12, 29), date(2026, 12, 1), None, None),  # exactly the cycle
        (None, date(2026, 12, 1), None, Missing("k", "no_k")),
        (date(2026, 12, 20), None, None, Missing("k", "no_from")),
        (
            date(2026, 11, 20),
            date(2026, 12, 1),
            None,
            Missing("k", "too_early", {"date": date(2026, 11, 20), "from": date(2026, 12, 1)}),
        ),
        (
            date(2027, 1, 30),
            date(2026, 12, 1),
            None,
            Missing("k", "too_late", {"date": date(2027, 1, 30), "days": 60, "limit": 28}),
        ),
        (date(2027, 1, 30), date(2026, 12, 1), date(2026, 11, 30), None),  # signed in fact
        (None, None, date(2026, 11, 30), None),
        (None, None, date(2026, 12, 2), Missing("k", "no_k")),  # signed tomorrow: not yet
    ],
)
def test_within_a_number_of_days_or_the_sales_cycle(sign, first, signed, expected):
    assert judge(check(**WITHIN), NS(sign=sign, first=first, signed=signed)) == expected


def test_within_days_may_be_a_number_or_a_setting():
    rec = NS(sign=date(2026, 12, 15), first=date(2026, 12, 1))
    assert judge(check(check="within", field="sign", days=10, **{"from": "first"}), rec) is not None
    assert judge(check(check="within", field="sign", days=14, **{"from": "first"}), rec) is None
    by_setting = check(
        check="within", field="sign", days={"setting": "cooling_off_days"}, **{"from": "first"}
    )
    assert judge(by_setting, rec) == Missing(
        "k", "no_k", {"date": date(2026, 12, 15), "days": 14, "limit": 10}
    )


@pytest.mark.parametrize(
    "paid,expected",
    [
        (None, None),  # not paid: the business of the check before it
        (date(2026, 12, 3), None),  # paid in the future: likewise
        (date(2026, 11, 21), None),  # 10 days passed
        (date(2026, 11, 25), Missing("cooling_off", "cooling_off", {"ends": date(2026, 12, 5)})),
    ],
)
def test_elapsed_days_after_a_date(paid, expected):
    chk = check(
        key="cooling_off",
        check="elapsed",
        field="paid",
        days={"setting": "cooling_off_days"},
        code="cooling_off",
        rename={"until": "ends"},
    )
    assert judge(chk, NS(paid=paid)) == expected


GROUP = [
    {"contact": "chen", "role": "decider", "supporter": "sponsor", "date": date(2026, 11, 1)},
    {"contact": "li", "role": "user", "supporter": "insider", "date": date(2026, 11, 20)},
    {"contact": "wu", "role": "influencer", "supporter": "coach", "date": date(2026, 12, 9)},
]


@pytest.mark.parametrize(
    "options,found",
    [
        ({"where": {"role": "decider"}}, 1),
        ({"where": {"supporter": ["insider", "coach"]}}, 2),
        ({"where": {"supporter": ["insider", "coach"]}, "past": True}, 1),  # wu's date is ahead
        ({"after": "since"}, 2),
        ({"after": "since", "past": True}, 1),
        ({"where": {"role": "technical"}}, 0),
        ({"after": "unset"}, 0),  # after a date that is not set: none counts
    ],
)
def test_count_members_matching_a_condition(options, found):
    rec = NS(group=GROUP, since=date(2026, 11, 10), unset=None)
    holds = judge(check(check="count", field="group", min=1, **options), rec)
    assert holds == (None if found else Missing("k", "no_k", {"found": 0, "min": 1}))
    two = judge(check(check="count", field="group", min=2, **options), rec)
    assert two == (None if found >= 2 else Missing("k", "no_k", {"found": found, "min": 2}))


def test_any_holds_when_one_member_holds_and_reports_its_own_code():
    chk = check(
        key="further",
        check="any",
        code="no_further",
        of=[{"key": "a", "check": "fact", "field": "a"}, {"key": "b", "check": "text", "field": "b"}],
    )
    assert judge(chk, NS(a=None, b="next week")) is None
    assert judge(chk, NS(a=None, b="")) == Missing("further", "no_further")
    assert m.first_holding(chk, NS(a=None, b="x"), today=TODAY, cycle_days=28, settings=SETTINGS) == "b"


def test_all_reports_the_first_member_that_fails():
    (chk,) = gate_of(
        {
            "key": "met",
            "check": "all",
            "of": [
                {"check": "date_past", "field": "first", "code": "no_first", "codes": {"future": "ahead"}},
                {"key": "x", "check": "fact", "field": "x", "code": "no_x"},
            ],
        }
    )
    assert judge(chk, NS(first=date(2026, 12, 9), x=None)) == Missing(
        "met", "ahead", {"date": date(2026, 12, 9)}
    )
    assert judge(chk, NS(first=TODAY, x=None)) == Missing("x", "no_x")
    assert judge(chk, NS(first=TODAY, x=True)) is None


def test_wrap_nests_the_reason_as_why():
    chk = check(key="budget", check="number", field="c.budget", code="no_price", wrap="criterion")
    assert judge(chk, NS(c=NS(budget=None))) == Missing(
        "budget", "criterion", {"key": "budget", "field": "c.budget", "why": ("no_price", None)}
    )


def test_a_group_rule_registered_in_code():
    def sponsor_in_power(record, chk, today):
        if record.circle in ("political", "core"):
            return True
        return Missing(chk.key, chk.code, {"circle": record.circle})

    m.register_group_rule("test_sponsor_in_power", sponsor_in_power)
    m.register_group_rule("test_never", lambda record, chk, today: False)
    chk = check(check="group", rule="test_sponsor_in_power", code="sponsor_outside")
    assert judge(chk, NS(circle="core")) is None
    assert judge(chk, NS(circle="watcher")) == Missing("k", "sponsor_outside", {"circle": "watcher"})
    assert judge(check(check="group", rule="test_never"), NS()) == Missing("k", "no_k")


def test_fields_are_read_along_dotted_paths_of_attributes_or_keys():
    assert m.lookup(NS(a=NS(b={"c": 3})), "a.b.c") == 3
    assert m.lookup(NS(a=None), "a.b") is None
    assert m.lookup({"a": {}}, "a.b") is None


# --- a method: stages, lookup, gates ----------------------------------------

INBOUND = {
    "id": "inbound",
    "kind": "contacts",
    "label": {"en": "Inbound leads", "zh": "来访线索"},
    "stages": [
        {"id": "new", "label": {"en": "new", "zh": "新线索"}, "aliases": ["lead", "新線索"]},
        {
            "id": "qualified",
            "label": {"en": "qualified", "zh": "已确认"},
            "weight": 0.2,
            "days": 14,
            "gate": [{"key": "need", "check": "text", "field": "notes", "code": "no_need"}],
        },
        {
            "id": "demo",
            "label": {"en": "demo", "zh": "演示"},
            "weight": {"setting": "weights.p50"},
            "gate": [
                {"key": "demo", "check": "date_past", "field": "first_meeting", "code": "no_demo"},
                {"key": "need", "check": "fact", "field": "notes", "code": "no_need_again"},
            ],
        },
        {
            "id": "won",
            "label": {"en": "won", "zh": "赢单"},
            "weight": 1,
            "gate": [{"key": "signed", "check": "date_past", "field": "signed", "code": "no_signed"}],
        },
        {"id": "lost", "label": {"en": "lost", "zh": "流失"}},
    ],
    "won": "won",
    "lost": "lost",
    "stale": {"rule": "days_in_stage"},
}


@pytest.fixture
def inbound():
    return parse_method(INBOUND, "methods/inbound.yaml")


@pytest.mark.parametrize(
    "word,stage",
    [
        ("new", "new"),
        ("NEW", "new"),
        ("lead", "new"),
        ("新线索", "new"),
        ("新線索", "new"),
        (" Demo ", "demo"),
        ("演示", "demo"),
        ("赢单", "won"),
        ("流失", "lost"),
    ],
)
def test_stage_lookup_by_id_alias_or_label(inbound, word, stage):
    assert inbound.stage(word).id == stage


def test_an_unknown_stage_names_the_choices(inbound):
    with pytest.raises(ValueError, match=r"^'hot' is not a stage \(new, qualified, demo, won, lost\)$"):
        inbound.stage("hot")
    with pytest.raises(ValueError, match=r"^True is not a stage"):
        inbound.stage(True)


def test_rank_ladder_weights(inbound):
    assert [s.id for s in inbound.ladder] == ["new", "qualified", "demo", "won"]
    assert [inbound.rank(s) for s in inbound.ids] == [0, 1, 2, 3, -1]
    assert [inbound.weight(s, SETTINGS) for s in inbound.ids] == [0, 0.2, 0.5, 1, 0]
    assert inbound.by_id("demo").label("zh") == "演示" and inbound.label("zh") == "来访线索"


def lead(**kw):
    base = dict(stage="new", notes=None, first_meeting=None, signed=None, history=[], created=None)
    return NS(**{**base, **kw})


@pytest.mark.parametrize(
    "record,stage,codes,supported",
    [
        (lead(), "new", [], "new"),
        (lead(), "demo", ["no_need", "no_demo"], "new"),  # need reported once, at qualified
        (lead(notes="wants 20 seats"), "demo", ["no_demo"], "qualified"),
        (lead(notes="x", first_meeting=TODAY), "won", ["no_signed"], "demo"),
        (lead(notes="x", first_meeting=TODAY, signed=TODAY), "won", [], "won"),
        (lead(stage="lost"), "lost", [], "lost"),
    ],
)
def test_requirements_and_supported_stage(inbound, record, stage, codes, supported):
    got = m.requirements(inbound, record, stage, today=TODAY, cycle_days=28, settings=SETTINGS)
    assert [x.code for x in got] == codes
    assert m.supported_stage(inbound, record, today=TODAY, cycle_days=28, settings=SETTINGS) == supported


@pytest.mark.parametrize(
    "history,created,stale",
    [
        ([{"date": date(2026, 11, 10), "stage": "qualified"}], None, True),  # 21 days > 14
        ([{"date": date(2026, 11, 20), "stage": "qualified"}], None, False),
        ([], date(2026, 11, 1), True),  # never moved: since created
        ([], None, False),
    ],
)
def test_days_in_stage_stale_rule(inbound, history, created, stale):
    rec = lead(stage="qualified", history=history, created=created)
    assert m.is_stale(inbound, rec, today=TODAY, cycle_days=28) is stale
    assert m.is_stale(inbound, lead(history=history, created=created), today=TODAY, cycle_days=28) is False


# --- the shipped Prospect Management System -----------------------------------


def test_the_shipped_pms_is_the_stage_enum_with_its_labels_and_stale_rule():
    pms = builtin("pms")
    assert pms.ids == tuple(s.value for s in Stage)
    assert [pms.rank(s) for s in pms.ids] == [s.rank for s in Stage]
    assert [pms.by_id(s).label("zh") for s in pms.ids] == [
        "销售机会",
        "约定初次见面",
        "25%",
        "50%",
        "90%",
        "成交",
        "退出",
    ]
    assert (pms.won, pms.lost, pms.stale.rule, pms.stale.stages) == (
        "closed",
        "lost",
        "cycle_since",
        ("first-meeting", "25%", "50%"),
    )
    assert [pms.weight(s, SETTINGS) for s in pms.ids] == [0, 0.1, 0.25, 0.5, 0.9, 1, 0]


# --- broken method files: one line naming the file and the key ----------------


def broken(path, value):
    doc = {**INBOUND, "stages": [dict(s) for s in INBOUND["stages"]]}
    target = doc
    *head, last = path
    for part in head:
        target = target[part]
    if value is KeyError:
        del target[last]
    else:
        target[last] = value
    return doc


@pytest.mark.parametrize(
    "path,value,message",
    [
        (("kind",), "deals", "kind: 'deals' is not one of: contacts, projects"),
        (("lost",), KeyError, "lost: is required"),
        (("won",), "demo", "won: must be the last stage before the lost end ('won')"),
        (
            ("lost",),
            "gone",
            "lost: 'gone' is not a stage of this method (new, qualified, demo, won, lost)",
        ),
        (("stages",), "new", "stages: expected a list of at least two stages"),
        (
            ("stages", 1, "weight"),
            2,
            "stages[1].weight: expected a share from 0 to 1 or {setting: NAME}, found 2",
        ),
        (
            ("stages", 1, "colour"),
            "red",
            "stages[1].colour: unknown key (known: aliases, days, gate, id, label, weight)",
        ),
        (("stages", 2, "aliases"), ["lead"], "stages[2]: 'lead' names stage 'new' too"),
        (
            ("stages", 1, "gate"),
            [{"check": "dat", "field": "x", "code": "c"}],
            "stages[1].gate[0].check: 'dat' is not a check kind (fact, text, number, "
            "date, date_past, within, elapsed, count, any, all, group)",
        ),
        (
            ("stages", 1, "gate"),
            [{"check": "fact", "field": "x"}],
            "stages[1].gate[0].code: is required",
        ),
        (
            ("stages", 1, "gate"),
            [{"check": "fact", "code": "c"}],
            "stages[1].gate[0].field: is required",
        ),
        (
            ("stages", 1, "gate"),
            [{"check": "within", "field": "x", "code": "c", "from": "y"}],
            "stages[1].gate[0].days: is required",
        ),
        (
            ("stages", 1, "gate"),
            [{"key": "k", "check": "group", "rule": "nobody", "code": "c"}],
            "stages[1].gate[0].rule: 'nobody' is not a buying-group rule",
        ),
        (
            ("stale",),
            {"rule": "weekly"},
            "stale.rule: 'weekly' is not a stale rule (none, cycle_since, days_in_stage)",
        ),
    ],
)
def test_a_broken_method_file_is_one_line_naming_the_file_and_the_key(path, value, message):
    with pytest.raises(ValueError) as err:
        parse_method(broken(path, value), "methods/inbound.yaml")
    assert str(err.value).startswith(f"methods/inbound.yaml: {message}")
    assert "\n" not in str(err.value)
