"""Messages of set, unset, edit, archive, unarchive and undo, in English and Chinese
(read through ``pipetrack.text.text`` as ``daily.<key>``)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "set": "Set {fields} on {name} ({id})",
        "unset": "Removed {fields} from {name} ({id})",
        "unchanged": "{name}: nothing changed",
        "archived": "Archived {id}: {source} → {target}",
        "unarchived": "Unarchived {id}: {source} → {target}",
        "undid": "Undid #{seq} `{command}`: {files}",
        "nothing_to_undo": "nothing to undo",
        "no_changes": "{path}: no changes; nothing was written",
        "edit_again": "Edit again? (no: abort and write nothing)",
        "aborted": "aborted; nothing was written",
        "editor_failed": "the editor exited with status {status}; nothing was written",
        "wrote": "Wrote {path}",
        "yes": "yes",
        "no": "no",
        "record_with": "; record it with:",
    },
    "zh": {
        "set": "已记录 {fields}: {name} ({id})",
        "unset": "已删除 {fields}: {name} ({id})",
        "unchanged": "{name}: 没有变化",
        "archived": "已归档 {id}: {source} → {target}",
        "unarchived": "已取回 {id}: {source} → {target}",
        "undid": "已撤销 #{seq} `{command}`: {files}",
        "nothing_to_undo": "没有可撤销的操作",
        "no_changes": "{path}: 没有改动, 什么也没写",
        "edit_again": "重新编辑? (否: 放弃, 什么也不写)",
        "aborted": "已放弃, 什么也没写",
        "editor_failed": "编辑器退出状态为 {status}, 什么也没写",
        "wrote": "已写入 {path}",
        "yes": "是",
        "no": "否",
        "record_with": "; 用以下命令记录:",
    },
}
