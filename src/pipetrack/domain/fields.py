"""The fields a person may set from the command line, and how their text becomes a value.

``pipetrack set wang-jingli 预算=50k signing_date=fri signed=today`` goes
through here: :func:`resolve_key` turns what was typed (a full key such as
``criteria.budget``, its last part ``budget``, a Chinese label ``预算``, or an
unambiguous beginning of any of them) into one field; :func:`coerce` turns
the text into the value the file will hold, checked with the same model as a
loaded file. Pure: ``today`` is passed in, nothing is read or written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pipetrack.domain.dates import Direction, parse_day, parse_moment
from pipetrack.domain.errors import UsageError


@dataclass(frozen=True)
class Field:
    """One settable field: its dotted key, how its text is read, and its names."""

    key: str
    kind: (
        str  # text | date | moment | amount | budget | yesno | int | list | choice | ref | email | phone | id
    )
    labels: tuple[str, ...] = ()
    direction: Direction = "any"
    #: a value that says what to type (shown in the commands `move` suggests)
    example: str = ""

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(self.key.split("."))


def _f(key: str, kind: str, *labels: str, direction: Direction = "any", example: str = "") -> Field:
    return Field(key, kind, labels, direction, example)


CONTACT_FIELDS: tuple[Field, ...] = (
    _f("name", "text", "姓名", "名字"),
    _f("account", "ref", "客户", "公司"),
    _f("owner", "id", "负责人"),
    _f("title", "text", "职位"),
    _f("phone", "phone", "电话", "手机"),
    _f("email", "email", "邮箱"),
    _f("source", "text", "来源"),
    _f("created", "date", "首次接触", "创建", direction="past", example="YYYY-MM-DD"),
    _f("first_meeting", "date", "初次见面", "首次见面", example="YYYY-MM-DD"),
    _f("next_meeting", "moment", "下次见面", direction="future", example="YYYY-MM-DDTHH:MM"),
    _f("criteria.right_person", "yesno", "合适的人", "对的人", "决策者", example="yes"),
    _f("criteria.plan_fits", "yesno", "计划符合客户需要", "方案合适", example="yes"),
    _f("criteria.budget", "budget", "预算合理", "预算", example="AMOUNT"),
    _f("criteria.signing_date", "date", "合适的时间", "签约日期", direction="future", example="YYYY-MM-DD"),
    _f("criteria.next_step", "text", "有更进一步发展", "下一步", example='"TEXT"'),
    _f("signed", "date", "签约", direction="past", example="YYYY-MM-DD"),
    _f("paid", "date", "付款", direction="past", example="YYYY-MM-DD"),
    _f("value", "amount", "金额", "成交金额", example="AMOUNT"),
    _f("paid_amount", "amount", "付款金额", "已收金额"),
    _f("lost_reason", "text", "退出原因"),
    _f("profile.function", "choice", "职能"),
    _f("profile.level", "choice", "层级"),
    _f("profile.roles", "list", "角色"),
    _f("profile.supporter", "choice", "向导", "支持者"),
    _f("profile.attitude", "int", "态度"),
    _f("profile.attitude_stated", "int", "表面态度"),
    _f("profile.personality", "choice", "性格"),
    _f("profile.style", "choice", "沟通风格"),
    _f("profile.relationship", "choice", "关系"),
    _f("profile.needs", "list", "需求"),
    _f("notes", "text", "备注"),
)

ACCOUNT_FIELDS: tuple[Field, ...] = (
    _f("name", "text", "名称", "客户名称"),
    _f("tier", "choice", "等级", "级别"),
    _f("industry", "text", "行业"),
    _f("size", "int", "规模", "人数"),
    _f("share_of_wallet", "amount", "份额", "采购份额"),
    _f("opportunity.budget", "budget", "预算"),
    _f("opportunity.purchase_date", "date", "采购时间", "采购日期"),
    _f("opportunity.fit", "yesno", "适合", "产品适合"),
    _f("opportunity.worth_it", "yesno", "值得", "值得投入"),
    _f("opportunity.can_win", "yesno", "能赢", "赢单"),
    _f("notes", "text", "备注"),
)

#: Keys that another command records, with that command.
MANAGED = {
    "stage": "pipetrack move CONTACT STAGE",
    "buying_group": "pipetrack member",
    "history": "pipetrack move",
    "activities": "pipetrack log",
    "products_in_use": "pipetrack edit",
    "competitors": "pipetrack edit",
}


def fields_of(kind: str) -> tuple[Field, ...]:
    if kind == "projects":
        return _project_fields()
    return CONTACT_FIELDS if kind == "contacts" else ACCOUNT_FIELDS


_PROJECT_FIELDS: list[tuple[Field, ...]] = []


def _project_fields() -> tuple[Field, ...]:
    if not _PROJECT_FIELDS:
        from pipetrack.domain.project_fields import PROJECT_FIELDS

        _PROJECT_FIELDS.append(tuple(Field(*spec) for spec in PROJECT_FIELDS))
    return _PROJECT_FIELDS[0]


def field_by_key(kind: str, key: str) -> Field:
    return next(f for f in fields_of(kind) if f.key == key)


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().casefold().replace("-", "_").replace(" ", "_")


def _names(f: Field) -> tuple[str, ...]:
    return (f.key, f.path[-1], *f.labels)


def resolve_key(kind: str, typed: str) -> Field:
    """The field a typed key means: exact key, last part, Chinese label, or an
    unambiguous beginning of one of them (one-line UsageError otherwise)."""
    key = _norm(typed)
    if not key:
        raise UsageError("an empty key; use KEY=VALUE (e.g. criteria.budget=50000)", "empty_key")
    if (
        kind == "projects"
        and key.startswith("checkpoints.")
        and key.count(".") == 2
        and "" not in key.split(".")
    ):
        return Field(key, "yesno", example="yes")  # checkpoints.CHECKPOINT.QUESTION (the method's ids)
    fields = fields_of(kind)
    for exact in (True, False):
        found = []
        for f in fields:
            names = [_norm(n) for n in _names(f)]
            if any(n == key for n in names) if exact else any(n.startswith(key) for n in names):
                found.append(f)
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            shown = ", ".join(f.key for f in found[:8])
            raise UsageError(
                f"{typed}: could mean {shown}; type more of the key", "key_ambiguous", key=typed, shown=shown
            )
    top = key.split(".")[0]
    if top in MANAGED:
        raise UsageError(
            f"{typed}: is recorded with `{MANAGED[top]}`, not set",
            "key_managed",
            key=typed,
            command=MANAGED[top],
        )
    import difflib

    every = [n for f in fields for n in _names(f)]
    close = difflib.get_close_matches(typed, every, n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise UsageError(
        f"{typed}: not a field of a {kind[:-1]}{hint} (pipetrack set --help lists them)",
        "not_a_field",
        key=typed,
        kind=kind,
        close=close,
    )


# --- values ------------------------------------------------------------------

_AMOUNT = re.compile(r"^([+-]?\d+(?:\.\d+)?)\s*(k|m|w|万|千)?$", re.IGNORECASE)
_MULTIPLIER = {"k": 1_000, "千": 1_000, "m": 1_000_000, "w": 10_000, "万": 10_000}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_PHONE = re.compile(r"^\+?[\d\s\-().]{5,}$")
_YES = {"yes", "y", "true", "on", "是", "对", "有"}
_NO = {"no", "n", "false", "off", "否", "不", "没有"}


def _amount(text: str, key: str) -> int | float:
    m = _AMOUNT.match(unicodedata.normalize("NFKC", text).strip().replace(",", "").replace("_", ""))
    if m is None:
        raise UsageError(
            f"{key}: {text!r} is not an amount (e.g. 50000, 50k, 5万)", "not_an_amount", key=key, value=text
        )
    number = float(m[1]) * _MULTIPLIER.get((m[2] or "").casefold(), 1)
    return int(number) if number.is_integer() else number


def check_email(text: str, what: str = "email") -> str:
    value = text.strip()
    if not _EMAIL.match(value):
        raise UsageError(
            f"{what}: {text!r} is not an e-mail address (name@example.com)",
            "not_an_email",
            key=what,
            value=text,
        )
    return value


def check_phone(text: str, what: str = "phone") -> str:
    value = unicodedata.normalize("NFKC", text).strip()
    digits = sum(ch.isdigit() for ch in value)
    if not _PHONE.match(value) or digits < 5:
        raise UsageError(
            f"{what}: {text!r} is not a phone number (digits, spaces, + - ( ) only)",
            "not_a_phone",
            key=what,
            value=text,
        )
    return value


def _yesno(raw: str, key: str) -> Any:
    word = raw.casefold()
    if word in _YES:
        return True
    if word in _NO:
        return False
    if not raw:
        raise UsageError(
            f"{key}: an empty value; use yes, no or a note (or `unset`)", "empty_evidence", key=key
        )
    return raw  # a note is evidence too ("the CFO, Mr Li")


def _budget(raw: str, key: str) -> Any:
    found = _yesno(raw, key)
    if not isinstance(found, str):
        return found
    try:
        return _amount(raw, key)
    except UsageError:
        return raw  # a range or a note: "50k-60k", "about 5万"


def _int(raw: str, key: str) -> int:
    try:
        return int(unicodedata.normalize("NFKC", raw))
    except ValueError:
        raise UsageError(f"{key}: {raw!r} is not a whole number", "not_whole", key=key, value=raw) from None


def _text(raw: str, key: str) -> str:
    if not raw:
        raise UsageError(
            f"{key}: an empty value (to remove the field use `pipetrack unset`)", "empty_text", key=key
        )
    return raw


_READERS: dict[str, Callable[[str, str], Any]] = {
    "amount": _amount,
    "int": _int,
    "yesno": _yesno,
    "budget": _budget,
    "list": lambda raw, key: [part.strip() for part in re.split(r"[,,、]", raw) if part.strip()],
    "email": check_email,
    "phone": check_phone,
    "choice": lambda raw, key: raw.casefold(),
}


def coerce(field: Field, text: str, today: date) -> Any:
    """The value ``text`` gives ``field``, as it will be written to the file.

    Checks that only need the text are made here (dates in the future for a
    past-only field, amounts, e-mail and phone); the model checks the rest
    (see :func:`validate_value`).
    """
    raw = text.strip()
    if field.kind == "date":
        return parse_day(raw, today, field.direction, field.key)
    if field.kind == "moment":
        return parse_moment(raw, today, field.direction, field.key)
    return _READERS.get(field.kind, _text)(raw, field.key)


def validate_value(model: Any, field: Field, value: Any) -> None:
    """Check ``value`` for ``field`` with the same model as a loaded file;
    one-line UsageError naming the key and what is wrong."""
    from pydantic import ValidationError

    data: dict[str, Any] = {"name": "x"}
    node = data
    for part in field.path[:-1]:
        node = node.setdefault(part, {})
    node[field.path[-1]] = value
    try:
        model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        ctx = err.get("ctx") or {}
        if err["type"] == "literal_error":
            why = f"is not one of: {ctx.get('expected', '').replace(chr(39), '')}"
        elif err["type"].startswith(("greater", "less")):
            why = f"is out of range ({err['msg'].lower()})"
        else:
            why = err["msg"].removeprefix("Value error, ").lower()
        shown = value.isoformat() if isinstance(value, (date, datetime)) else value
        raise UsageError(f"{field.key}: {shown!r} {why}") from None


def suggested_command(contact_id: str, missing_key: str) -> str | None:
    """The `pipetrack set` command that records what a stage lacks (``rules.Missing.key``)."""
    key = {
        "timing": "criteria.signing_date",
        "right_person": "criteria.right_person",
        "plan_fits": "criteria.plan_fits",
        "budget": "criteria.budget",
        "next_step": "criteria.next_step",
        "further": "next_meeting",  # 25%: one sign of further cooperation
    }.get(missing_key, missing_key)
    try:
        field = field_by_key("contacts", key)
    except StopIteration:
        return None
    return f"pipetrack set {contact_id} {field.key}={field.example or 'VALUE'}"
