"""Import and export of contacts as a table (CSV, xlsx): columns, values, duplicates. Pure.

Export writes one documented column set (``EXPORT_COLUMNS``); import reads it back, and also the
columns teams keep in their own sheets, in English or Chinese (``HEADER_ALIASES``). A row becomes
the fields of a contact file, or a reason it is refused; a row that names a contact already there
(same e-mail, same phone, or same name at the same account) is a duplicate, skipped.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from pipetrack.domain.errors import CodedValueError
from pipetrack.domain.models import Contact, Stage, parse_stage

#: The export's columns, in order: every field of a contact. Lists of entries
#: (history, activities) and keys pipetrack does not know (extra) are JSON text;
#: roles and needs are comma-separated; dates ISO; booleans true/false.
EXPORT_COLUMNS = (
    "id",
    "name",
    "account",
    "account_name",
    "owner",
    "stage",
    "title",
    "phone",
    "email",
    "source",
    "created",
    "first_meeting",
    "next_meeting",
    "value",
    "paid_amount",
    "signed",
    "paid",
    "lost_reason",
    "criteria.right_person",
    "criteria.plan_fits",
    "criteria.budget",
    "criteria.signing_date",
    "criteria.next_step",
    "profile.function",
    "profile.level",
    "profile.roles",
    "profile.supporter",
    "profile.attitude",
    "profile.attitude_stated",
    "profile.personality",
    "profile.style",
    "profile.relationship",
    "profile.needs",
    "notes",
    "history",
    "activities",
    "extra",
)
IMPORT_FIELDS = frozenset(EXPORT_COLUMNS)

_ALIASES = {
    "name": "name 姓名 名字 联系人 客户姓名 联系人姓名 full_name contact contact_name person",
    "account": "account 公司 客户 单位 客户名称 公司名称 企业 company organisation organization customer",
    "phone": "phone 电话 手机 手机号 手机号码 联系电话 电话号码 mobile tel telephone cell",
    "email": "email 邮箱 电子邮件 邮件 电子邮箱 e_mail mail",
    "title": "title 职位 职务 头衔 position job_title role",
    "stage": "stage 阶段 销售阶段 状态 status",
    "source": "source 来源 客户来源 渠道 lead_source channel",
    "owner": "owner 负责人 销售 业务员 销售代表 跟进人 rep sales_rep",
    "first_meeting": "first_meeting 首次见面 初次见面 首次见面日期 first_meeting_date",
    "next_meeting": "next_meeting 下次见面 下次拜访 下次见面时间",
    "value": "value 金额 预计金额 合同金额 商机金额 amount deal_value expected_value",
    "created": "created 创建 创建日期 录入日期 created_at date_added",
    "notes": "notes 备注 说明 note comments",
    "criteria.signing_date": "criteria.signing_date 签约日期 signing_date",
    "signed": "signed 签约 签约日",
    "paid": "paid 付款 付款日期 回款日期",
}
#: A header (case-, space- and width-folded) → the field it fills.
HEADER_ALIASES: dict[str, str] = {}
for _field, _words in _ALIASES.items():
    for _word in _words.split():
        HEADER_ALIASES[_word] = _field
for _column in EXPORT_COLUMNS:
    HEADER_ALIASES.setdefault(_column, _column)

_LIST_TEXT = frozenset({"profile.roles", "profile.needs"})
_JSON = frozenset({"history", "activities", "extra"})
_NUMBERS = frozenset({"value", "paid_amount", "profile.attitude"})
_DATES = frozenset({"created", "first_meeting", "signed", "paid", "criteria.signing_date"})
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def header_key(header: Any) -> str:
    text = unicodedata.normalize("NFKC", str(header or "")).strip().casefold()
    return re.sub(r"[\s\-]+", "_", text)


def map_headers(headers: list[Any], overrides: dict[str, str]) -> tuple[dict[int, str], list[str]]:
    """Column index → field; and the headers no field was found for. ``overrides`` (``--map
    COLUMN=field``) win; CodedValueError for a column that is not there or a field that does not exist."""
    columns = ", ".join(map(str, headers))
    by_key = {header_key(h): i for i, h in enumerate(headers)}
    mapping: dict[int, str] = {}
    for column, target in overrides.items():
        i = by_key.get(header_key(column))
        if i is None:
            message = f"--map: no column {column!r} in the file ({columns})"
            raise CodedValueError("import_no_column", message, column=column, headers=columns)
        fld = HEADER_ALIASES.get(header_key(target), header_key(target))
        if fld not in IMPORT_FIELDS and fld != "-":
            message = f"--map: {target!r} is not a field ({', '.join(sorted(_ALIASES))}, …)"
            raise CodedValueError(
                "import_not_field", message, target=target, fields=", ".join(sorted(_ALIASES))
            )
        mapping[i] = fld
    unknown: list[str] = []
    for i, h in enumerate(headers):
        if i in mapping:
            continue
        found = HEADER_ALIASES.get(header_key(h))
        if found is None:
            if str(h or "").strip():
                unknown.append(str(h))
            continue
        if found not in mapping.values():
            mapping[i] = found
    return {i: f for i, f in mapping.items() if f != "-"}, unknown


# --- values ------------------------------------------------------------------


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def parse_day(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = unicodedata.normalize("NFKC", str(value)).strip()
    m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", text)
    if not m:
        raise ValueError(f"{text!r} is not a date (YYYY-MM-DD)")
    return date(int(m[1]), int(m[2]), int(m[3]))


def parse_moment(value: Any) -> date | datetime:
    """A day, or a day and a time (``2026-11-24 10:00``, ``2026-11-24T10:00``)."""
    if isinstance(value, datetime):
        return value if (value.hour, value.minute, value.second) != (0, 0, 0) else value.date()
    if isinstance(value, date):
        return value
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(:\d{2})?", text):
        return datetime.fromisoformat(text.replace(" ", "T"))
    return parse_day(text)


def parse_number(value: Any) -> int | float:
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    if isinstance(value, (int, float)):
        number = value
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "").replace("_", "")
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"{str(value)!r} is not a number") from None
    return int(number) if float(number).is_integer() else number


def _evidence(value: Any) -> Any:
    """A criterion: true/false, an amount, or a note."""
    text = _text(value)
    if text is None:
        return None
    folded = text.casefold()
    if folded in ("true", "yes", "是"):
        return True
    if folded in ("false", "no", "否"):
        return False
    try:
        return parse_number(text)
    except ValueError:
        return text


def _set(fields: dict[str, Any], path: str, value: Any) -> None:
    if "." in path:
        block, key = path.split(".", 1)
        fields.setdefault(block, {})[key] = value
    else:
        fields[path] = value


def _entries_value(fld: str, raw: Any) -> Any:
    text = _text(raw)
    value = json.loads(text) if text else None
    if fld != "extra" and value is not None:
        if not isinstance(value, list) or not all(isinstance(e, dict) for e in value):
            raise ValueError("not a JSON list of entries")
        value = [{**e, "date": parse_day(e["date"])} if "date" in e else e for e in value]
    return value


def _checked_text(fld: str, text: str) -> str:
    if fld == "email" and not _EMAIL.match(text):
        raise ValueError(f"{text!r} is not an e-mail address")
    if fld == "phone" and len(re.sub(r"\D", "", text)) < 5:
        raise ValueError(f"{text!r} is not a phone number")
    return text


_PARSERS: dict[str, Any] = {
    "notes": str,  # as written: line breaks and a final newline too
    "next_meeting": parse_moment,
    "stage": lambda raw: parse_stage(_text(raw)).value,
    **{f: parse_day for f in _DATES},
    **{f: parse_number for f in _NUMBERS},
    **{f: _evidence for f in ("criteria.right_person", "criteria.plan_fits", "criteria.budget")},
    **{
        f: lambda raw: [p.strip() for p in re.split(r"[,;，、]", _text(raw) or "") if p.strip()]
        for f in _LIST_TEXT
    },
}


def _value(fld: str, raw: Any) -> Any:
    """One cell as the field's value (None for an empty cell); ValueError says why not."""
    if fld in _JSON:
        return _entries_value(fld, raw)
    text = _text(raw)
    if text is None:
        return None
    parse = _PARSERS.get(fld)
    return parse(raw) if parse else _checked_text(fld, text)


@dataclass
class Row:
    """One data row: its spreadsheet row number and the fields it fills."""

    number: int
    fields: dict[str, Any] = field(default_factory=dict)


def read_row(number: int, cells: list[Any], mapping: dict[int, str]) -> Row:
    """The fields of one row; raises ValueError naming the column and what is wrong."""
    row = Row(number)
    for i, fld in mapping.items():
        raw = cells[i] if i < len(cells) else None
        try:
            value = _value(fld, raw)
        except (ValueError, json.JSONDecodeError) as exc:
            raise ValueError(f"{fld}: {exc}") from None
        if value is None:
            continue
        if fld == "extra":
            if not isinstance(value, dict):
                raise ValueError("extra: not a JSON object")
            for key, sub in value.items():
                row.fields.setdefault(key, sub)
            continue
        _set(row.fields, fld, value)
    if not row.fields.get("name"):
        raise ValueError("name: empty (every contact needs a name)")
    return row


# --- duplicates --------------------------------------------------------------


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().casefold()


def phone_key(phone: str | None) -> str | None:
    """Digits only, the last 11 (a Chinese mobile; +86 or 0086 in front do not matter)."""
    digits = re.sub(r"\D", "", phone or "")
    return digits[-11:] if len(digits) >= 5 else None


def identity(name: str, account: str | None, email: str | None, phone: str | None) -> list[tuple[str, str]]:
    """The keys two records of one person share: e-mail, phone, name + account."""
    keys = [("name", f"{_fold(name)}\0{account or ''}")]
    if email:
        keys.append(("email", _fold(email)))
    if phone_key(phone):
        keys.append(("phone", phone_key(phone) or ""))
    return keys


class Seen:
    """The people already there (the folder, then each accepted row): key → id."""

    def __init__(self, contacts: Any = ()):
        self.keys: dict[tuple[str, str], str] = {}
        for c in contacts:
            self.add(c.id, c.name, c.account, c.email, c.phone)

    def add(self, cid: str, name: str, account: str | None, email: str | None, phone: str | None) -> None:
        for key in identity(name, account, email, phone):
            self.keys.setdefault(key, cid)

    def match(
        self, name: str, account: str | None, email: str | None, phone: str | None
    ) -> tuple[str, str] | None:
        """(what matched: email, phone or name, the id it matched) or None."""
        for key in identity(name, account, email, phone):
            if key in self.keys:
                return key[0], self.keys[key]
        return None


# --- the import plan ---------------------------------------------------------


@dataclass
class ImportPlan:
    """What an import does: the files to create and the rows it skips or refuses."""

    #: (account id, its fields), new accounts only
    accounts: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    #: (row number, contact id, its fields in file order)
    contacts: list[tuple[int, str, dict[str, Any]]] = field(default_factory=list)
    #: (row number, name, what matched: email/phone/name, the id it matched)
    duplicates: list[tuple[int, str, str, str]] = field(default_factory=list)
    #: (row number, reason)
    refused: list[tuple[int, str]] = field(default_factory=list)
    #: headers no field was found for (their cells are not imported)
    ignored_columns: list[str] = field(default_factory=list)


_CONTACT_ORDER = tuple(k for k in Contact.model_fields if k != "id")


def _ordered(fields: dict[str, Any]) -> dict[str, Any]:
    known = {k: fields[k] for k in _CONTACT_ORDER if k in fields}
    return {**known, **{k: v for k, v in fields.items() if k not in known}}


class _Accounts:
    """Account references of the rows → ids: existing by id or name, else new ones (once each)."""

    def __init__(self, accounts: dict[str, Any], taken: set[str]):
        self.by_key = {_fold(a.name): a.id for a in accounts.values()}
        self.by_key.update({a.id: a.id for a in accounts.values()})
        self.taken = taken
        self.new: list[tuple[str, dict[str, Any]]] = []

    def resolve(self, ref: str, name: str | None) -> str:
        from pipetrack.domain.ids import is_valid_id, slugify, unique_id

        for key in (ref, _fold(ref), _fold(name or "")):
            if key and key in self.by_key:
                return self.by_key[key]
        shown = name or ref
        wanted = ref if is_valid_id(ref) else slugify(shown, person=False)
        aid = unique_id(wanted, self.taken)
        self.taken.add(aid)
        self.new.append((aid, {"name": shown}))
        self.by_key[_fold(ref)] = self.by_key[aid] = self.by_key[_fold(shown)] = aid
        return aid


def _plan_row(
    plan: ImportPlan,
    number: int,
    cells: list[Any],
    mapping: dict[int, str],
    accounts: _Accounts,
    seen: Seen,
    owner: str | None,
    today: date,
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """One row's fields and the contact they make; None when the row is a duplicate or is
    refused (the plan notes which, and why)."""
    from pipetrack.domain.ids import is_valid_id

    try:
        row = read_row(number, cells, mapping)
        fields = row.fields
        name = str(fields["name"])
        account_name = fields.pop("account_name", None)
        if fields.get("account"):
            before = len(accounts.new)
            fields["account"] = accounts.resolve(str(fields["account"]), account_name)
            made = accounts.new[before:]
        else:
            made = []
        match = seen.match(name, fields.get("account"), fields.get("email"), fields.get("phone"))
        if match is not None:
            del accounts.new[len(accounts.new) - len(made) :]  # a duplicate creates no account
            plan.duplicates.append((number, name, match[0], match[1]))
            return None
        contact = _contact_fields(fields, owner, today)
        if contact.get("owner") is not None and not is_valid_id(str(contact["owner"])):
            raise ValueError(f"owner: {contact['owner']!r} is not an id (lowercase a-z, 0-9 and '-')")
        Contact.model_validate(contact)  # the same model as a loaded file
    except ValueError as exc:
        plan.refused.append((number, _one_line(exc)))
        return None
    return fields, contact


def plan_import(
    headers: list[Any],
    rows: list[tuple[int, list[Any]]],
    overrides: dict[str, str],
    folder_contacts: dict[str, Contact],
    folder_accounts: dict[str, Any],
    taken_ids: tuple[set[str], set[str]],
    owner: str | None,
    today: date,
) -> ImportPlan:
    """Every row → a new contact, a duplicate, or a refusal with its reason. ``taken_ids``: the
    contact and account file stems already in the folder. CodedValueError for a bad ``--map``."""
    from pipetrack.domain.ids import is_valid_id, slugify, unique_id

    mapping, ignored = map_headers(headers, overrides)
    plan = ImportPlan(ignored_columns=ignored)
    if "name" not in mapping.values():
        found = ", ".join(map(str, headers))
        raise CodedValueError(
            "import_no_name",
            f"no name column (found {found}); name one with --map COLUMN=name",
            headers=found,
        )
    contact_ids = set(taken_ids[0])
    accounts = _Accounts(folder_accounts, set(taken_ids[1]))
    seen = Seen(folder_contacts.values())
    for number, cells in rows:
        got = _plan_row(plan, number, cells, mapping, accounts, seen, owner, today)
        if got is None:
            continue
        fields, contact = got
        name = str(fields["name"])
        wanted = fields.get("id")
        cid = str(wanted) if wanted and is_valid_id(str(wanted)) else slugify(name)
        cid = unique_id(cid, contact_ids)
        contact.pop("id", None)
        contact_ids.add(cid)
        seen.add(cid, name, contact.get("account"), contact.get("email"), contact.get("phone"))
        plan.contacts.append((number, cid, _ordered(contact)))
    plan.accounts = accounts.new
    return plan


def _contact_fields(fields: dict[str, Any], owner: str | None, today: date) -> dict[str, Any]:
    contact = dict(fields)
    if owner and not contact.get("owner"):
        contact["owner"] = owner
    stage = contact.setdefault("stage", Stage.OPPORTUNITY.value)
    if "created" not in contact:
        meet = contact.get("first_meeting")
        contact["created"] = meet if isinstance(meet, date) and meet < today else today
    if "history" not in contact:
        contact["history"] = [{"date": contact["created"], "stage": stage}]
    return contact


def _one_line(exc: Exception) -> str:
    from pydantic import ValidationError

    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        # the field's path, without pydantic's union branches ('constrained-int', 'float')
        tags = {"int", "float", "str", "bool", "date", "datetime", "list", "dict"}
        where = ".".join(
            str(p) for p in first["loc"] if isinstance(p, int) or ("-" not in str(p) and p not in tags)
        )
        return f"{where}: {first['msg']}" if where else str(first["msg"])
    return " ".join(str(exc).split())
