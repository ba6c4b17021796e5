"""Labels in English and Chinese. Names and notes are never translated.

``t(key, lang)`` returns the label; a key missing from Chinese falls back to
English, so a new label never breaks a report. Keep keys short and stable.
"""

from __future__ import annotations

LANGS = ("en", "zh")

STAGE_LABELS = {
    "en": {
        "opportunity": "opportunity",
        "first-meeting": "first meeting",
        "25%": "25%",
        "50%": "50%",
        "90%": "90%",
        "closed": "closed",
        "lost": "lost",
    },
    "zh": {
        "opportunity": "销售机会",
        "first-meeting": "约定初次见面",
        "25%": "25%",
        "50%": "50%",
        "90%": "90%",
        "closed": "成交",
        "lost": "退出",
    },
}

CRITERION_LABELS = {
    "en": {
        "right_person": "right person",
        "plan_fits": "plan fits",
        "budget": "budget",
        "timing": "timing",
        "next_step": "next step",
    },
    "zh": {
        "right_person": "对的人(决策者)",
        "plan_fits": "方案合适",
        "budget": "预算",
        "timing": "时间(签约日期)",
        "next_step": "下一步",
    },
}

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "stage": "stage",
        "supported": "evidence supports",
        "account": "account",
        "owner": "owner",
        "title": "title",
        "phone": "phone",
        "created": "created",
        "first_meeting": "first meeting",
        "days_since": "days since first meeting",
        "sales_cycle": "sales cycle",
        "my_sales_cycle": "my sales cycle",
        "days": "days",
        "next_meeting": "next meeting",
        "criteria": "the five 50% criteria",
        "activities": "activities",
        "history": "history",
        "value": "value",
        "signed": "signed",
        "paid": "paid",
        "notes": "notes",
        "stale": "stale",
        "stale_note": "first meeting more than one sales cycle ago: send back to opportunity",
        "none": "none",
        "date": "date",
        "kind": "kind",
        "outcome": "outcome",
        "note": "note",
        "profile": "profile",
        "lost_reason": "lost reason",
        "missing": "missing",
        "period": "period",
        "count": "count",
        "contacts": "contacts",
        "weighted": "weighted",
        "total": "total",
        "shape": "shape",
        "remedy": "remedy",
        "pipeline_title": "Pipeline — the weekly action tool",
        "funnel_title": "Weekly funnel",
        "team_title": "Team tracking sheet",
        "review_title": "Weekly review",
        "cycle_title": "Sales cycle",
        "plan_title": "Ratio plan",
        "dials": "dials",
        "connects": "connects",
        "meetings_set": "meetings set",
        "observed": "observed",
        "target": "target",
        "new_contacts": "new contacts",
        "new_prospects": "new prospects",
        "deals": "deals",
        "moves": "stage moves",
        "yes": "yes",
        "moves_to_apply": "{n} move(s) to apply: pipetrack review --apply",
        "moves_by_kind": "stage moves by kind",
        "moves_hidden": "{n} moves in all; --all lists each one",
        "targets_for_reps": "targets for {n} reps",
        "levers_on_target": "every lever is at or above its target",
        "lever_gain": "reaching target gives about +{n} meetings this week",
        "weakest_lever": "weakest lever",
        "first_meetings": "first meetings",
        "collected": "collected",
        "booked": "booked",
        "subtotal": "subtotal",
        "to_send_back": "stale: send back to opportunity",
        "to_close": "past cooling-off: close",
        "unsupported": "stage not supported by the evidence",
        "no_next_meeting": "prospects with no next meeting",
        "missing_dates": "missing dates",
        "nothing_to_apply": "nothing to apply",
        "more": "more",
        "source_default": "default (too few closed deals)",
        "source_deals": "average of the last closed deals",
        "created_to_signed": "created → signed",
        "per_week": "per week",
        "per_day": "per day",
        "lever_dials": "dials",
        "lever_connect_rate": "dial → connect rate",
        "lever_meeting_rate": "connect → meeting rate",
        "expected_deals": "expected deals from the pipeline",
        "prospects_to_add": "prospects to add to stay level",
        "prospects_now": "prospects now",
        "meetings": "meetings",
        # the weekly report (pipetrack report weekly)
        "weekly_title": "Weekly report",
        "as_of": "as of",
        "week": "week",
        "prospects": "prospects",
        "weighted_total": "weighted pipeline",
        "this_week": "this week",
        "shape_chart": "Pipeline shape against the ideal pyramid",
        "ideal": "ideal",
        "calls_chart": "Dials → connects → meetings set (15-7-1)",
        "ratio_chart": "New contacts → new prospects → deals (20:5:1)",
        "trend_title": "The last 8 weeks: meetings set and deals closed",
        "trend_chart": "Meetings set and deals closed per week",
        "problems_title": "Data problems",
        "no_problems": "no problems found",
        "file": "file",
        "line": "line",
        "severity": "severity",
        "message": "message",
        "error": "error",
        "warning": "warning",
        "review_as_of": "the update due on",
        "working_days": "working days",
        "cooling_off_ended": "cooling-off ended",
        "prospects_note": "prospects (first meeting … 90%)",
        "amounts_in": "amounts in",
        "stale_count": "of them stale",
        "rate": "rate",
        "generated_by": "made by pipetrack from the data folder",
    },
    "zh": {
        "stage": "阶段",
        "supported": "证据支持",
        "account": "客户",
        "owner": "负责人",
        "title": "职位",
        "phone": "电话",
        "created": "首次接触",
        "first_meeting": "初次见面",
        "days_since": "距初次见面天数",
        "sales_cycle": "销售周期",
        "my_sales_cycle": "我的销售周期",
        "days": "天",
        "next_meeting": "下次见面",
        "criteria": "判断50%的五项标准",
        "activities": "活动记录",
        "history": "阶段历史",
        "value": "金额",
        "signed": "签约",
        "paid": "付款",
        "notes": "备注",
        "stale": "超期",
        "stale_note": "初次见面已超过一个销售周期:退回销售机会",
        "none": "无",
        "date": "日期",
        "kind": "类型",
        "outcome": "结果",
        "note": "说明",
        "profile": "人物分析",
        "lost_reason": "退出原因",
        "missing": "缺少",
        "period": "统计期",
        "count": "数量",
        "contacts": "联系人",
        "weighted": "加权金额",
        "total": "合计",
        "shape": "漏斗形态",
        "remedy": "对策",
        "pipeline_title": "潜在客户管理行动工具表",
        "funnel_title": "本周漏斗",
        "team_title": "小组追踪表",
        "review_title": "每周更新",
        "cycle_title": "销售周期",
        "plan_title": "比例计划",
        "dials": "拨打",
        "connects": "接通",
        "meetings_set": "约见",
        "observed": "实际",
        "target": "目标",
        "new_contacts": "新联系人",
        "new_prospects": "新潜在客户",
        "deals": "成交",
        "moves": "阶段变化",
        "yes": "是",
        "moves_to_apply": "有 {n} 项变更待执行: pipetrack review --apply",
        "kind_call": "电话",
        "kind_meeting": "会面",
        "kind_proposal": "方案",
        "kind_message": "消息",
        "kind_visit": "拜访",
        "kind_other": "其他",
        "outcome_no-answer": "未接通",
        "outcome_connected": "已接通",
        "outcome_meeting-set": "约定见面",
        "moves_by_kind": "阶段变化（按类型）",
        "moves_hidden": "共 {n} 次变化；--all 列出每一次",
        "targets_for_reps": "目标按 {n} 名销售计",
        "levers_on_target": "各环节均已达到目标",
        "lever_gain": "达到目标约可多约见 {n} 次",
        "weakest_lever": "最弱环节",
        "first_meetings": "约定初次见面",
        "collected": "预收款",
        "booked": "签约额",
        "subtotal": "小计",
        "to_send_back": "超期:退回销售机会",
        "to_close": "已过冷静期:成交",
        "unsupported": "阶段缺少证据",
        "no_next_meeting": "没有下次见面的潜在客户",
        "missing_dates": "缺少日期",
        "nothing_to_apply": "没有需要更新的",
        "more": "更多",
        "source_default": "默认值(成交太少)",
        "source_deals": "最近成交的平均值",
        "created_to_signed": "首次接触 → 签约",
        "per_week": "每周",
        "per_day": "每天",
        "lever_dials": "拨打量",
        "lever_connect_rate": "接通率",
        "lever_meeting_rate": "约见率",
        "expected_deals": "现有潜在客户预计成交",
        "prospects_to_add": "保持水平需新增潜在客户",
        "prospects_now": "现有潜在客户",
        "meetings": "见面",
        # 每周报告 (pipetrack report weekly)
        "weekly_title": "每周报告",
        "as_of": "截至",
        "week": "周",
        "prospects": "潜在客户",
        "weighted_total": "加权总额",
        "this_week": "本周",
        "shape_chart": "漏斗形态与理想金字塔",
        "ideal": "理想",
        "calls_chart": "拨打 → 接通 → 约见(15-7-1)",
        "ratio_chart": "新联系人 → 新潜在客户 → 成交(20:5:1)",
        "trend_title": "近8周:约见与成交",
        "trend_chart": "每周约见与成交",
        "problems_title": "数据问题",
        "no_problems": "未发现问题",
        "file": "文件",
        "line": "行",
        "severity": "级别",
        "message": "问题",
        "error": "错误",
        "warning": "警告",
        "review_as_of": "更新日期",
        "working_days": "个工作日",
        "cooling_off_ended": "冷静期结束",
        "prospects_note": "潜在客户(约定初次见面 … 90%)",
        "amounts_in": "金额单位",
        "stale_count": "其中超期",
        "rate": "比率",
        "generated_by": "由 pipetrack 根据数据文件夹生成",
    },
}

SHAPES = {
    "en": {
        "ideal": ("Ideal shape", "Keep it: a steady flow of first meetings, more at 25% than 50%, more at 50% than 90%."),
        "A": ("A — top-heavy",
              "Good money this month, a slump next month: keep developing new prospects and setting first meetings."),
        "B": ("B — empty",
              "Hardly any prospects: a new rep needs the supervisor to join visits; an experienced rep must change "
              "work habits."),
        "C": ("C — proposal pending",
              "Prospects pile up at 25%/50% and nothing moves: check whether the proposals really fit the need; do "
              "the weekly review and update the system."),
    },
    "zh": {
        "ideal": ("理想形式", "保持:稳定的初次见面,25%多于50%,50%多于90%。"),
        "A": ("A — 头重脚轻", "本月业绩好,下月会下滑:继续开发新的潜在客户,约定初次见面。"),
        "B": ("B — 空洞", "几乎没有潜在客户:新销售需要主管陪同拜访;老销售必须改变工作习惯。"),
        "C": ("C — 方案等待", "潜在客户堆积在25%/50%,没有进展:检查方案是否真正符合需求;做每周检查并更新系统。"),
    },
}


def t(key: str, lang: str = "en", default: str | None = None) -> str:
    """A label in ``lang``, else in English, else ``default`` (else the key)."""
    table = LABELS.get(lang, LABELS["en"])
    return table.get(key) or LABELS["en"].get(key) or (key if default is None else default)


def stage_label(stage: object, lang: str = "en") -> str:
    key = str(stage)
    return STAGE_LABELS.get(lang, STAGE_LABELS["en"]).get(key, key)


def criterion_label(key: str, lang: str = "en") -> str:
    return CRITERION_LABELS.get(lang, CRITERION_LABELS["en"]).get(key, key)


def shape_text(pattern: str, lang: str = "en") -> tuple[str, str]:
    """(name, remedy) of a shape diagnosis."""
    return SHAPES.get(lang, SHAPES["en"]).get(pattern) or SHAPES["en"][pattern]


#: Why evidence does not hold or a stage is not supported: (code, params) from
#: pipetrack.rules, rendered here so the terminal and reports speak the language.
REASONS: dict[str, dict[str, str]] = {
    "en": {
        "no_decider": "not dealing with the decision maker yet",
        "plan_unconfirmed": "the plan is not confirmed to fit the need",
        "no_price": "no price or price range discussed",
        "no_signing_date": "no signing date set",
        "no_first_meeting_for_cycle": "no first meeting to measure the cycle from",
        "signing_before_first": "signing date {sign} is before the first meeting {first}",
        "signing_beyond_cycle": ("signing date {sign} is {days} days after the first meeting, beyond the "
                                 "{cycle_days}-day sales cycle"),
        "no_next_step": "the client does not know the next step",
        "no_first_meeting": "no first meeting date (first_meeting)",
        "first_meeting_future": "the first meeting on {first} has not happened yet",
        "criterion": "the {label} criterion ({field}): {reason}",
        "no_date": "no {key} date ({key})",
        "date_future": "the {key} date {when} is in the future",
        "cooling_off": "the cooling-off period runs until {ends}",
    },
    "zh": {
        "no_decider": "还没有接触到决策者",
        "plan_unconfirmed": "方案尚未确认符合需求",
        "no_price": "还没有谈到价格或价格范围",
        "no_signing_date": "没有签约日期",
        "no_first_meeting_for_cycle": "没有初次见面日期，无法按销售周期衡量",
        "signing_before_first": "签约日期 {sign} 早于初次见面 {first}",
        "signing_beyond_cycle": "签约日期 {sign} 在初次见面 {days} 天之后，超出 {cycle_days} 天的销售周期",
        "no_next_step": "客户不清楚下一步",
        "no_first_meeting": "没有初次见面日期 (first_meeting)",
        "first_meeting_future": "{first} 的初次见面还没有发生",
        "criterion": "{label} ({field}): {reason}",
        "no_date": "没有{key_label}日期 ({key})",
        "date_future": "{key_label}日期 {when} 还没到",
        "cooling_off": "冷静期到 {ends} 才结束",
    },
}
_DATE_LABELS = {"zh": {"signed": "签约", "paid": "付款"}}


def reason(code: str, params: dict | None = None, lang: str = "en") -> str:
    """One reason in words; a ``criterion`` reason nests the criterion's own."""
    params = dict(params or {})
    if code == "criterion":
        key = params["key"]
        params["label"] = key.replace("_", " ") if lang == "en" else criterion_label(key, lang)
        params["reason"] = reason(*params["why"], lang=lang)
    if "key" in params:
        params["key_label"] = _DATE_LABELS.get(lang, {}).get(params["key"], params["key"])
    templates = REASONS.get(lang, REASONS["en"])
    return (templates.get(code) or REASONS["en"][code]).format(**params)
