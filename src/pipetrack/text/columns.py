"""Column labels of `list`, `agenda`, `import` and `export` tables, English and Chinese.

Only the terminal table and Markdown use them: JSON keys and CSV headers are
the column names themselves (a stable contract, the same in every language).
"""

from __future__ import annotations

COLUMN_LABELS: dict[str, dict[str, str]] = {
    "en": {},
    "zh": {
        "id": "编号",
        "name": "姓名",
        "account": "客户",
        "owner": "负责人",
        "stage": "阶段",
        "title": "职位",
        "phone": "电话",
        "email": "邮箱",
        "source": "来源",
        "created": "创建",
        "first_meeting": "首次见面",
        "next_meeting": "下次见面",
        "signing_date": "签约日期",
        "value": "金额",
        "stale": "过期",
        "last_activity": "最近活动",
        "tier": "级别",
        "industry": "行业",
        "size": "规模",
        "contacts": "联系人",
        "prospects": "潜在客户",
        "owners": "负责人",
        "row": "行",
        "reason": "原因",
        "action": "处理",
        "when": "时间",
        "what": "事项",
        "detail": "说明",
    },
}


def column_label(column: str, lang: str = "en") -> str:
    """A column's heading: Chinese where there is one, else the name with spaces."""
    return COLUMN_LABELS.get(lang, {}).get(column) or column.replace("_", " ")


MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "rows_listed": "{n} listed",
        "columns_left_out": "not shown at {width} columns: {columns} (see --columns, or widen the terminal)",
    },
    "zh": {
        "rows_listed": "共 {n} 条",
        "columns_left_out": "{width} 列宽放不下: {columns} (可用 --columns, 或加宽终端)",
    },
}


def message(key: str, lang: str = "en", **params: object) -> str:
    """A message of these commands; Chinese falls back to English only for a missing key."""
    text = MESSAGES.get(lang, {}).get(key) or MESSAGES["en"][key]
    return text.format(**params) if params else text
