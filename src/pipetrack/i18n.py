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
    },
}


def t(key: str, lang: str = "en") -> str:
    table = LABELS.get(lang, LABELS["en"])
    return table.get(key) or LABELS["en"].get(key, key)


def stage_label(stage: object, lang: str = "en") -> str:
    key = str(stage)
    return STAGE_LABELS.get(lang, STAGE_LABELS["en"]).get(key, key)


def criterion_label(key: str, lang: str = "en") -> str:
    return CRITERION_LABELS.get(lang, CRITERION_LABELS["en"]).get(key, key)
