"""Column labels of `list`, `agenda`, `import` and `export` tables, English and Chinese.

Only the terminal table and Markdown use them: JSON keys and CSV headers are
the column names themselves (a stable contract, the same in every language).
"""

from __future__ import annotations

from typing import Any

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
        "time": "时间",
        "kind": "事项",
        "contact": "联系人",
    },
}


def column_label(column: str, lang: str = "en") -> str:
    """A column's heading: Chinese where there is one, else the name with spaces."""
    return COLUMN_LABELS.get(lang, {}).get(column) or column.replace("_", " ")


MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "rows_listed": "{n} listed",
        "columns_left_out": "not shown at {width} columns: {columns} (see --columns, or widen the terminal)",
        "columns_dropped": "not shown at {width} columns: {columns} (widen the terminal)",
        "agenda_title": "Agenda {start} to {end}",
        "agenda_title_day": "Agenda {start}",
        "agenda_empty": "Nothing due.",
        "kind_first_meeting": "first meeting",
        "kind_meeting": "meeting",
        "kind_signing": "signing date",
        "kind_ready_to_close": "ready to close",
        "kind_follow_up": "follow up",
        "kind_turns_stale": "turns stale",
        "kind_first_meeting_passed": "move to 25%?",
        "kind_rhythm": "keep in touch",
        "detail_signing": "expected {value}",
        "detail_ready_to_close": "cooling-off to {detail}: pipetrack move {id} closed",
        "detail_follow_up": "closed {detail}: call within 2 days",
        "detail_turns_stale": "first meeting {detail}, one sales cycle ago",
        "detail_first_meeting_passed": "first meeting {detail} passed, still at first meeting",
        "detail_rhythm": "{cls} (every {days} days); last contact {last}",
        "detail_rhythm_overdue": "{cls} (every {days} days); last contact {last}, {n} days overdue",
        "calls_today": "Today's 15-7-1 so far: dials {dials}/{target_dials}, connects {connects}/"
        "{target_connects}, meetings set {meetings_set}/{target_meetings_set}",
        "ics_first_meeting": "First meeting: {name}",
        "ics_meeting": "Meeting: {name}",
        "ics_signing": "Signing: {name}",
        "ics_rhythm": "Keep in touch: {name}",
        "would_create": (
            "Would create {contacts} contact(s) and {accounts} account(s) (dry run: nothing written)"
        ),
        "created": "Created {contacts} contact(s) and {accounts} account(s)",
        "ignored_columns": "Columns not imported (no field; see --map): {columns}",
        "duplicates": "Skipped {n} duplicate(s):",
        "duplicate_row": "  row {row}: {name}: {what} as {id}",
        "same_email": "same email",
        "same_phone": "same phone",
        "same_name": "same name and account",
        "refused": "Refused {n} row(s):",
        "refused_row": "  row {row}: {reason}",
    },
    "zh": {
        "rows_listed": "共 {n} 条",
        "columns_left_out": "{width} 列宽放不下: {columns} (可用 --columns, 或加宽终端)",
        "columns_dropped": "{width} 列宽放不下: {columns} (请加宽终端)",
        "agenda_title": "日程 {start} 至 {end}",
        "agenda_title_day": "日程 {start}",
        "agenda_empty": "没有到期的事项。",
        "kind_first_meeting": "初次见面",
        "kind_meeting": "见面",
        "kind_signing": "签约日期",
        "kind_ready_to_close": "可以成交",
        "kind_follow_up": "成交后回访",
        "kind_turns_stale": "将过期",
        "kind_first_meeting_passed": "该进 25%?",
        "kind_rhythm": "定期联系",
        "detail_signing": "预计 {value}",
        "detail_ready_to_close": "犹豫期 {detail} 结束: pipetrack move {id} closed",
        "detail_follow_up": "{detail} 成交: 2 天内回访",
        "detail_turns_stale": "初次见面 {detail}, 已满一个销售周期",
        "detail_first_meeting_passed": "初次见面 {detail} 已过, 仍在约定初次见面",
        "detail_rhythm": "{cls}(每{days}天);上次联系 {last}",
        "detail_rhythm_overdue": "{cls}(每{days}天);上次联系 {last},已逾期{n}天",
        "calls_today": "今天的 15-7-1: 拨打 {dials}/{target_dials}, 接通 {connects}/{target_connects}, "
        "约见 {meetings_set}/{target_meetings_set}",
        "ics_first_meeting": "初次见面: {name}",
        "ics_meeting": "见面: {name}",
        "ics_signing": "签约: {name}",
        "ics_rhythm": "定期联系: {name}",
        "would_create": "将创建 {contacts} 个联系人和 {accounts} 个客户 (试运行: 未写入任何文件)",
        "created": "已创建 {contacts} 个联系人和 {accounts} 个客户",
        "ignored_columns": "未导入的列 (没有对应字段, 见 --map): {columns}",
        "duplicates": "跳过 {n} 个重复:",
        "duplicate_row": "  第 {row} 行: {name}: 与 {id} {what}",
        "same_email": "邮箱相同",
        "same_phone": "电话相同",
        "same_name": "姓名和客户相同",
        "refused": "拒绝 {n} 行:",
        "refused_row": "  第 {row} 行: {reason}",
    },
}


def message(key: str, lang: str = "en", **params: Any) -> str:
    """A message of these commands (``text("columns.<key>")``, the one lookup of pipetrack.text)."""
    from pipetrack.text import text

    return text(f"columns.{key}", lang, **params)
