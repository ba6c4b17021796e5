"""Export of contacts and accounts as a table: every field under the export's column
names (``importing.EXPORT_COLUMNS``, the columns `import` reads back), dates ISO, lists
and entries as JSON text."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from pipetrack.domain.importing import EXPORT_COLUMNS
from pipetrack.domain.models import Contact, Stage

#: The accounts export's columns, in order.
ACCOUNT_EXPORT_COLUMNS = (
    "id",
    "name",
    "tier",
    "industry",
    "size",
    "share_of_wallet",
    "opportunity.budget",
    "opportunity.purchase_date",
    "opportunity.fit",
    "opportunity.worth_it",
    "opportunity.can_win",
    "products_in_use",
    "competitors",
    "notes",
    "extra",
)


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return _cell(value)


def _entries(items: list[Any]) -> str | None:
    dumped = [_jsonable(e.model_dump(exclude_none=True)) for e in items]
    return json.dumps(dumped, ensure_ascii=False, sort_keys=False) if dumped else None


def contact_export_row(c: Contact, account_name: str | None) -> dict[str, Any]:
    """Every field of a contact under the export's column names (a value, or None)."""
    row: dict[str, Any] = {col: None for col in EXPORT_COLUMNS}
    data = c.model_dump(exclude={"criteria", "profile", "history", "activities"})
    known = set(Contact.model_fields) - {"id"}
    for key, value in data.items():
        if key in known and key in row:
            row[key] = _cell(value.value if isinstance(value, Stage) else value)
    row["id"] = c.id
    row["account_name"] = account_name
    for block in ("criteria", "profile"):
        sub = getattr(c, block).model_dump()
        for key, value in sub.items():
            col = f"{block}.{key}"
            if col in row:
                row[col] = (
                    ", ".join(value)
                    if isinstance(value, list) and value
                    else (None if value == [] else _cell(value))
                )
    row["history"] = _entries(c.history)
    row["activities"] = _entries(c.activities)
    extra = {k: v for k, v in (c.model_extra or {}).items()}
    for block in ("criteria", "profile"):
        sub_extra = getattr(c, block).model_extra or {}
        if sub_extra:
            extra.setdefault(block, {}).update(sub_extra)
    row["extra"] = json.dumps(_jsonable(extra), ensure_ascii=False) if extra else None
    return row


def export_record(record: Any) -> dict[str, Any]:
    """A contact or account for JSON: every field, nested as in its file, with its id."""
    return {"id": record.id, **record.model_dump(mode="json")}


def account_export_row(a: Any) -> dict[str, Any]:
    row: dict[str, Any] = {col: None for col in ACCOUNT_EXPORT_COLUMNS}
    data = a.model_dump(exclude={"opportunity"})
    for key, value in data.items():
        if key in row and key not in ("products_in_use", "competitors"):
            row[key] = _cell(value)
    row["id"] = a.id
    for key, value in a.opportunity.model_dump().items():
        row[f"opportunity.{key}"] = _cell(value)
    for key in ("products_in_use", "competitors"):
        items = getattr(a, key)
        row[key] = json.dumps(_jsonable(items), ensure_ascii=False) if items else None
    extra = dict(a.model_extra or {})
    row["extra"] = json.dumps(_jsonable(extra), ensure_ascii=False) if extra else None
    return row
