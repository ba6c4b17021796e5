"""The five levers of the funnel (``lever.<key>``) and the weekly action sheet's update days
(``updates.<key>``), in English and Chinese."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "title": "five levers: deals a week if each reached its target",
        "gain_deals": "+ deals/week",
        "gain_value": "+ value/week",
        "closing_ratio": "closing ratio",
        "deal_size": "average deal size",
        "weakest": "weakest lever: {lever}: +{deals} deals a week at its target",
        "weakest_meetings": " (+{meetings} meetings)",
        "ranked_on_target": "every ranked lever is at or above its target",
        "few_prospects": "{lever}: not ranked: {n} new prospect(s) in {weeks} weeks, fewer than {min}",
        "few_deals": "{lever}: not ranked: {n} closed deal(s) with a value in {weeks} weeks, "
        "fewer than {min}",
        "no_deal_value": "{lever}: not ranked: no deal with a value closed in {weeks} weeks "
        "and no target_deal_value set",
        "window": "closing ratio and deal size over {weeks} weeks ({start} – {end}): "
        "{prospects} new prospect(s), {deals} deal(s)",
        "target": "deal size target: {target}",
        "target_median": "median of the folder's deals",
        "target_set": "target_deal_value",
    },
    "zh": {
        "title": "五个环节:各自达到目标每周可多成交",
        "gain_deals": "每周多成交",
        "gain_value": "每周多成交额",
        "closing_ratio": "成交率",
        "deal_size": "平均成交额",
        "weakest": "最弱环节: {lever}: 达到目标每周约可多成交 {deals} 笔",
        "weakest_meetings": "(多约见 {meetings} 次)",
        "ranked_on_target": "参与排名的环节均已达到目标",
        "few_prospects": "{lever}: 不排名: {weeks} 周内新潜在客户 {n} 个,少于 {min} 个",
        "few_deals": "{lever}: 不排名: {weeks} 周内有金额的成交 {n} 笔,少于 {min} 笔",
        "no_deal_value": "{lever}: 不排名: {weeks} 周内没有有金额的成交,也未设置 target_deal_value",
        "window": "成交率与成交额按 {weeks} 周计({start} – {end}): 新潜在客户 {prospects} 个,成交 {deals} 笔",
        "target": "成交额目标: {target}",
        "target_median": "本文件夹成交额的中位数",
        "target_set": "target_deal_value",
    },
}

UPDATES: dict[str, dict[str, str]] = {
    "en": {
        "title": "the weekly action sheet by update day",
        "team_title": "team tracking sheet by update day",
        "effective": "effective (25–90%)",
        "monday": "Mon",
        "wednesday": "Wed",
        "friday": "Fri",
        "covers": "updated Monday (covering Fri–Sun), Wednesday (Mon–Tue) and Friday (Wed–Thu); "
        "each column is the sheet as it stood that day",
        "covers_team": "updated Monday (covering Fri–Sun), Wednesday (Mon–Tue) and Friday (Wed–Thu); "
        "each cell holds the counts of those days",
        "later": "update days still to come: {days}",
        "cells": "stage counts: {days}; amounts as of the last",
    },
    "zh": {
        "title": "潜在客户管理行动工具表(按更新日)",
        "team_title": "小组追踪表(按更新日)",
        "effective": "有效潜在客户",
        "monday": "周一",
        "wednesday": "周三",
        "friday": "周五",
        "covers": "每周一(更新上周五至周日)、周三(周一至周二)、周五(周三至周四)更新;每一列是当天的工具表",
        "covers_team": "每周一(更新上周五至周日)、周三(周一至周二)、周五(周三至周四)更新;"
        "每格依次是各更新日的人数",
        "later": "尚未到来的更新日: {days}",
        "cells": "各阶段人数: {days};金额截至最后一次更新",
    },
}
