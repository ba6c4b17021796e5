"""Spreadsheets in and out: CSV (UTF-8, with or without BOM, or GB18030 as Chinese
Excel saves it) and xlsx (openpyxl). Returns plain cells; knows nothing of contacts."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pipetrack.domain.errors import DataError


def read_table(path: Path, display: str) -> tuple[list[Any], list[tuple[int, list[Any]]]]:
    """The header row and the data rows, each with its row number in the sheet (the header is row 1).

    Rows with every cell empty are left out. Raises DataError naming the file."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            rows = _xlsx_rows(path)
        elif suffix in (".csv", ".txt", ".tsv"):
            rows = _csv_rows(path.read_bytes())
        else:
            raise DataError(display, None, "is not a .csv or .xlsx file", code="load.import_kind")
    except OSError as exc:
        raise DataError(
            display, None, f"cannot be read ({exc.strerror})", code="load.unreadable", why=exc.strerror
        ) from None
    numbered = [(i, r) for i, r in enumerate(rows, start=1) if any(_filled(c) for c in r)]
    if not numbered:
        raise DataError(display, None, "is empty (no header row)", code="load.import_empty")
    (_, header), *data = numbered
    return header, data


def _filled(cell: Any) -> bool:
    return cell is not None and str(cell).strip() != ""


def _csv_rows(data: bytes) -> list[list[Any]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any bytes
        text = data.decode("utf-8", "replace")
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [list(r) for r in csv.reader(io.StringIO(text, newline=""), dialect)]


def _xlsx_rows(path: Path) -> list[list[Any]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DataError(
            str(path), None, f"is not a readable xlsx file ({exc})", code="load.import_xlsx", why=str(exc)
        ) from None
    try:
        sheet = book.worksheets[0]
        return [list(r) for r in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def csv_bytes(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows([["" if v is None else v for v in r] for r in rows])
    return buf.getvalue().encode("utf-8")


def xlsx_bytes(headers: Sequence[str], rows: Sequence[Sequence[Any]], title: str = "contacts") -> bytes:
    """One sheet, the header row bold and frozen; every cell as text or a number
    (dates as ISO text, so no spreadsheet turns them into its own format)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.worksheets[0]  # a new workbook's one sheet (``active`` may also be a chart sheet)
    sheet.title = title
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for r in rows:
        sheet.append([_xlsx_cell(v) for v in r])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text that looks like a formula stays text
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _xlsx_cell(value: Any) -> Any:
    if value is None or isinstance(value, (int, float, str)):
        return value
    return str(value)
