"""The fields of a project a person may set from the command line (``pipetrack set PROJECT …``).

Keys as in the file (``tender.deadline``), their last part (``deadline``) or a Chinese
label (投标截止); read by :mod:`pipetrack.domain.fields` like a contact's.
"""

from __future__ import annotations

from typing import Any


def _f(
    key: str, kind: str, labels: tuple[str, ...] = (), *, direction: str = "any", example: str = ""
) -> Any:
    return (key, kind, labels, direction, example)


#: ``(key, kind, labels, direction, example)`` of each field (domain.fields makes them ``Field``s).
PROJECT_FIELDS: tuple[tuple[Any, ...], ...] = (
    _f("name", "text", ("项目名称", "名称")),
    _f("account", "ref", ("客户",)),
    _f("owner", "id", ("负责人",)),
    _f("team.sales", "id", ("销售代表",)),
    _f("team.technical", "id", ("技术顾问",)),
    _f("team.project_manager", "id", ("项目经理",)),
    _f("team.account_manager", "id", ("客户经理",)),
    _f("value", "amount", ("金额", "项目金额"), example="AMOUNT"),
    _f("need", "text", ("需求", "客户需求"), example='"TEXT"'),
    _f("budget", "budget", ("预算", "费用预算"), example="AMOUNT"),
    _f("purchase_date", "date", ("采购时间", "采购日期"), example="YYYY-MM-DD"),
    _f("ki.buying_group", "yesno", ("参与购买者",), example="yes"),
    _f("ki.need", "yesno", ("需求及购买环境", "客户需求及购买环境"), example="yes"),
    _f("ki.budget", "yesno", ("费用预算信息",), example="yes"),
    _f("ki.process", "yesno", ("决策过程", "决策过程及时间构架"), example="yes"),
    _f("ki.competition", "yesno", ("竞争态势",), example="yes"),
    _f("evidence.org_chart", "yesno", ("采购组织分析图", "组织图"), example="yes"),
    _f("evidence.step_deciders", "yesno", ("关键决策人",), example="yes"),
    _f("evidence.our_terms_in_tender", "yesno", ("我定规则",), example="yes"),
    _f("evidence.rival_blocked", "yesno", ("屏蔽对手",), example="yes"),
    _f("evidence.qualified_to_bid", "yesno", ("获得资格", "投标资格"), example="yes"),
    _f("evidence.commercial_terms", "yesno", ("商务条件",), example="yes"),
    _f("tender.form", "choice", ("招标形式",)),
    _f("tender.documents", "date", ("招标文件",), direction="past", example="YYYY-MM-DD"),
    _f("tender.deadline", "moment", ("投标截止", "截止"), example="YYYY-MM-DD"),
    _f("tender.bid_submitted", "date", ("已投标", "投标"), direction="past", example="YYYY-MM-DD"),
    _f("client_step", "choice", ("客户决策阶段", "决策阶段")),
    _f("contract.signed", "date", ("正式合同", "合同"), direction="past", example="YYYY-MM-DD"),
    _f("contract.technical_agreement", "date", ("技术协议",), direction="past", example="YYYY-MM-DD"),
    _f("candidate_rank", "int", ("候选排名", "第几候选"), example="1"),
    _f("next_step", "text", ("下一步",)),
    _f("next_meeting", "moment", ("下次见面",), direction="future", example="YYYY-MM-DDTHH:MM"),
    _f("lost_reason", "text", ("丢单原因", "放弃原因")),
    _f("notes", "text", ("备注",)),
)
