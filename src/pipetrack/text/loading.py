"""The loader's problems in Chinese (``load.<code>``): a file that cannot be read, parsed or
validated, as `check` lists it and a command names it.

The English words are the loader's own message (storage/, which may not import text/), so
``en`` is empty here and a ``load.*`` key falls back to that message; these are the same
sentences in Chinese, filled in from the problem's params. Words a param holds that are
themselves codes (a range bound, an expected type, what was found) are ``load.<key>.<code>``.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "en": {},
    "zh": {
        # the system's reasons a file cannot be read or written (strerror)
        "why.No such file or directory": "文件不存在",
        "why.Permission denied": "没有权限",
        "why.Is a directory": "这是一个文件夹",
        "why.Not a directory": "路径中有一项不是文件夹",
        "why.No space left on device": "磁盘空间不足",
        "why.Read-only file system": "文件系统只读",
        # region.yaml
        "region_name": "name: 应为文字(区域的名称)",
        "region_teams": "teams: 应为团队文件夹的列表(路径,或 path: 和 name:)",
        "region_no_path": "teams: 第 {n} 项没有路径(一个文件夹,文字)",
        "region_team_name": "teams: 第 {n} 项: name: 应为文字",
        # import
        "import_write": "无法写入({why});没有导入任何内容",
        "import_kind": "不是 .csv 或 .xlsx 文件",
        "import_empty": "是空的(没有标题行)",
        "import_xlsx": "不是可读的 xlsx 文件({why})",
        # a field of the file against the model
        "required": "{name}: 必填",
        "not_one_of": "{name}: {value} 不是可选值之一: {allowed}",
        "bad_date": "{name}: {value} 不是有效的日期 (YYYY-MM-DD)",
        "out_of_range": "{name}: {value} 超出范围 ({bound} {limit})",
        "bound.at_least": "最小为",
        "bound.more_than": "必须大于",
        "bound.at_most": "最大为",
        "bound.less_than": "必须小于",
        "bound.within": "范围",
        "value_error": "{name}: {detail}",
        "empty_text": "{name}: 不能为空",
        "expected_keys": "{name}: 下面应是键值 (key: value),实际是 {value}",
        "expected_list": "{name}: 应是列表,实际是 {value}",
        "wrong_type": "{name}: {value} 类型不对 (应是{expected})",
        "expected.integer": "整数",
        "expected.number": "数字",
        "expected.finite_number": "有限的数字",
        "expected.text": "文本",
        "expected.boolean": "true 或 false",
        "expected.other": "其他类型",
        "not_a_stage": "{name}: {value} 不是阶段 ({choices})",
        "date_out_of_range": "{name}: {value} 超出范围 ({first} 至 {last})",
        "amount_too_large": "{name}: 金额超出范围 (最大为 {max})",
        "not_an_amount": "{name}: {value} 不是金额 (0 到 {max} 的数字,或 true)",
        # the file as YAML
        "too_large": "文件太大 (超过 {mb} MB),是数据文件吗?",
        "merge_conflict": "第 {at} 行有未解决的 git 合并冲突",
        "not_utf8": "不是有效的 UTF-8 (字节 0x{byte}),请把文件存为 UTF-8",
        "nul": "含有 NUL 字符",
        "anchors": "不允许使用锚点和别名 (&name, *name)",
        "too_deep": "嵌套超过 {depth} 层",
        "nested_too_deeply": "嵌套太深",
        "duplicate_key": "键 {key} 重复 (第一次在第 {first} 行)",
        "number_too_long": "数字有 {digits} 位,太长",
        "yaml_tag": "不允许使用 YAML 标签 {tag} (只能写普通值)",
        "tab_indent": "用了制表符缩进,请用空格缩进",
        "yaml_syntax": "YAML 语法错误: {problem}",
        "empty_file": "文件是空的 (应有 name: 等键)",
        "not_mapping": "应是键值映射 (name: …),实际是{found}",
        "found.list": "列表",
        "found.value": "单个值 ({type})",
        "key_not_text": "键 {key} 不是文本",
        # the file on disk
        "is_folder": "是文件夹,不是文件",
        "not_regular": "不是普通文件",
        "permission": "无法读取 (没有权限)",
        "unreadable": "无法读取 ({why})",
        "broken_link": "不存在 (链接已断?)",
        "link_outside": "是指向数据文件夹之外的符号链接,已忽略",
        "bad_file_id": "文件名 {stem} 不是有效的 id (小写 a-z、0-9 和 '-')",
        "duplicate_id": "id {stem} 重复: 另一个文件同名",
    },
}

#: libyaml's most frequent complaints in Chinese; any other is quoted as the parser says it
YAML_PROBLEMS: dict[str, str] = {
    "did not find expected key": "没有找到应有的键",
    "did not find expected ',' or ']'": "没有找到应有的 ',' 或 ']'",
    "did not find expected ',' or '}'": "没有找到应有的 ',' 或 '}'",
    "did not find expected '-' indicator": "没有找到应有的 '-'",
    "did not find expected node content": "没有找到应有的内容",
    "mapping values are not allowed in this context": "这里不能写键值 (多了一个冒号?)",
    "mapping values are not allowed here": "这里不能写键值 (多了一个冒号?)",
    "could not find expected ':'": "没有找到应有的 ':'",
    "found character that cannot start any token": "有不能作为开头的字符",
    "found unexpected end of stream": "文件意外结束 (引号或括号没有闭合?)",
    "found undefined alias": "用了未定义的别名",
    "found a tab character that violates indentation": "制表符破坏了缩进",
}
