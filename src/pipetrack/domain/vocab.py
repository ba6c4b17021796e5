"""The Chinese words a person may type for the key-account vocabulary (README: Key accounts).

A profile's function, level, roles, supporter kind, personality, style, relationship and
needs, an account's tier and buying step: the files hold the English keys, and the method's
Chinese terms (and the words earlier versions printed) are read as those keys.
"""

from __future__ import annotations

from typing import Any

from pydantic import BeforeValidator

#: Chinese words accepted for the profile's and the tier's keys: the method's terms and the
#: words earlier versions printed (管理部门, 技术把关者, 白金 …), so either may be typed.
_ZH_KEYS: dict[str, str] = {
    "使用部门": "user",
    "监察部门": "oversight",
    "管理部门": "oversight",
    "财务部门": "finance",
    "操作层": "operational",
    "执行层": "operational",
    "管理层": "management",
    "决策层": "executive",
    "发起者": "initiator",
    "决策者": "decider",
    "设计者": "designer",
    "评估者": "evaluator",
    "使用者": "user",
    "技术推荐者": "technical",
    "技术把关者": "technical",
    "影响者": "influencer",
    "内线": "insider",
    "赞助者": "sponsor",
    "支持者": "sponsor",
    "教练": "coach",
    "分析型": "analytical",
    "主观型": "driver",
    "情感型": "expressive",
    "随和型": "amiable",
    "认识": "acquainted",
    "约会": "dating",
    "信赖": "trust",
    "同盟": "alliance",
    "安全": "security",
    "安全感": "security",
    "归属": "belonging",
    "归属感": "belonging",
    "尊重": "respect",
    "自我实现": "self-actualization",
    "权力": "power",
    "成就": "achievement",
    "成就感": "achievement",
    "赏识": "recognition",
    "接纳": "acceptance",
    "白金卡": "platinum",
    "白金": "platinum",
    "金卡": "gold",
    "黄金": "gold",
    "银卡": "silver",
    "白银": "silver",
    "老虎": "tiger",
    "孔雀": "peacock",
    "考拉熊": "koala",
    "考拉": "koala",
    "猫头鹰": "owl",
    "变色龙": "chameleon",
    "内部需求和立项": "need",
    "立项": "need",
    "初步调查筛选": "screening",
    "筛选": "screening",
    "指定采购指标": "criteria",
    "招标评标": "tender",
    "招标": "tender",
    "购买承诺": "commitment",
    "安装实施": "implementation",
}


def _zh_key(value: Any) -> Any:
    if isinstance(value, str):
        return _ZH_KEYS.get(value.strip(), value)
    if isinstance(value, list):
        return [_zh_key(v) for v in value]
    return value


ZhKey = BeforeValidator(_zh_key)
