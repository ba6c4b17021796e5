"""The Chinese of pipetrack's error lines (``error.<code>``): the refusals of the write
commands, usage errors (Click's and pipetrack's own), region files and import. The English
is the error's own message (``str()``); a code missing here is said in English."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "prefix": "error:",
        "see_help": "{line} (see {command} --help)",
    },
    "zh": {
        "prefix": "错误:",
        "see_help": "{line}(见 {command} --help)",
        # Click's usage errors
        "usage_missing": "{name}: 缺少这一项",
        "usage_no_option": "没有这个选项: {name}",
        "usage_extra": "多余的参数: {args}",
        "usage_no_command": "没有这个命令: {name}",
        "usage_choice": "{name}: {value} 不是可选值之一({choices})",
        # finding a record
        "ambiguous": "{ref!r} 对应多个{kind_label}: {shown};请用 id",
        "not_found": "没有{kind_label} {ref!r}(id 或名称){hint}",
        "did_you_mean": ";是否是 {close}?",
        "kind_contacts": "联系人",
        "kind_accounts": "客户",
        "kind_projects": "项目",
        "kind_contact": "联系人",
        "kind_account": "客户",
        "kind_project": "项目",
        "not_found_any": "没有联系人、客户或项目 {ref!r}(id 或名称)",
        "not_found_archived": "没有已归档的联系人 {ref!r}(已归档: {shown})",
        "not_found_file": "没有联系人 {ref!r}({path} 不存在)",
        # add, log, move
        "name_empty": "NAME 不能为空",
        "out_of_range": "{option}: {shown} 超出范围(0 到 {limit})",
        "bad_id": "--id: {value!r} 不是有效的 id(小写 a-z、0-9 和 '-',最多 64 个字符)",
        "bad_tier": "{option}: {value!r} 不是 platinum、gold、silver 之一",
        "bad_kind": "KIND: {value!r} 不是以下之一: {choices}",
        "outcome_for_calls": "--outcome 只用于电话(no-answer、connected、meeting-set)",
        "bad_outcome": "--outcome: {value!r} 不是以下之一: {choices}",
        "before_first_meeting": "--date: {day} 早于初次见面日期 {first};联系人在那之后才能到 {target}",
        "exists_already": "{path} 已经存在;没有移动任何文件",
        "editor": "无法启动编辑器 {editor!r}({why});请设置 $VISUAL 或 $EDITOR",
        # set, unset
        "key_value": "{pair!r}: 请用 KEY=VALUE(例如 criteria.budget=50000);删除一项请用 unset",
        "empty_key": "键为空;请用 KEY=VALUE(例如 criteria.budget=50000)",
        "name_required": "name: 必填,不能删除",
        "given_twice": "{key}: 给了两次",
        "key_ambiguous": "{key}: 可能是 {shown};请把键写完整",
        "key_managed": "{key}: 请用 `{command}` 记录,不能用 set",
        "not_a_field": "{key}: 不是{kind_label}的字段{hint}(pipetrack set --help 列出全部字段)",
        "not_an_amount": "{key}: {value!r} 不是金额(例如 50000、50k、5万)",
        "not_an_email": "{key}: {value!r} 不是电子邮件地址(name@example.com)",
        "not_a_phone": "{key}: {value!r} 不是电话号码(只能有数字、空格和 + - ( ))",
        "empty_evidence": "{key}: 值为空;请写 yes、no 或一句说明(或用 `unset`)",
        "not_whole": "{key}: {value!r} 不是整数",
        "empty_text": "{key}: 值为空(删除字段请用 `pipetrack unset`)",
        "bad_value": "{key}: {value!r} 无效",
        # dates and weeks
        "date_empty": "{what}: 空值不是日期(YYYY-MM-DD);也可以用 {forms}",
        "not_a_date": "{what}: {value!r} 不是日期(YYYY-MM-DD);也可以用 {forms}",
        "date_future": "{what}: {value!r} 是 {day},在将来;必须是今天或更早",
        "not_a_datetime": "{what}: {value!r} 不是日期或日期时间(YYYY-MM-DDTHH:MM)",
        "no_such_time": "{what}: {value!r} 不是一天中的有效时间",
        "not_a_week": "--week: {value!r} 不是一周(YYYY-Www、this、last,或 -1、-2 … 表示往前几周)",
        "week_range": "--week: {value!r} 超出范围({first}-W01 到 {last}-W52)",
        "week_of_year": "--week: {value!r} 不是那一年的某一周",
        "region_account": "--account: 区域的工具表按团队列出;客户请在团队的文件夹里查",
        "region_updates": "--updates: 区域的工具表按团队列出;更新日请在团队的文件夹里查",
        # region.yaml and --data
        "region_unreadable": "--data: 无法读取 {path}: {why}",
        "import_no_column": "{file}: --map: 文件里没有列 {column!r}(现有的列: {headers})",
        "import_not_field": "{file}: --map: {target!r} 不是字段({fields}, …)",
        "import_no_name": "{file}: 没有姓名列(现有的列: {headers});请用 --map 列名=name 指定",
        "import_map": "--map: {pair!r} 不是 列名=字段 的形式",
        "import_owner": "--owner: {value!r} 不是有效的 id(小写字母、数字和 '-')",
        "xlsx_out": "--format xlsx: 请用 --out 指定文件(或输出到管道)",
        "region_file_alone": "--data: {path} 是区域文件:请单独给出它,或列出它的团队文件夹",
        "region_twice": "--data: 团队文件夹 {path} 给了两次",
        "region_same_name": "--data: 两个团队都叫 {name!r}({first}、{second}):"
        "请在 region.yaml 里给它们命名(teams: - path: ... name: ...)",
        "region_slash": "--data: 团队名称里不能有 '/': {name!r}",
        # import
        "import_exists": "{path} 已经存在(导入期间新建的);没有导入任何内容",
    },
}
