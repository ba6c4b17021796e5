"""`pipetrack import` and `pipetrack export`: contacts from and to a spreadsheet.

No ``from __future__ import annotations``: Typer reads the option annotations.
"""

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from pipetrack.cli.env import env_of
from pipetrack.domain.errors import UsageError

if TYPE_CHECKING:
    from pipetrack.cli.env import Env
    from pipetrack.storage.folder import Folder

IMPORT_HELP = """Create contacts (and the accounts they name) from a CSV or xlsx file.

The first row names the columns. Recognised, in English or Chinese: name
(姓名, 名字, 联系人), account (公司, 客户, 单位), phone (电话, 手机), email
(邮箱), title (职位, 职务), stage (阶段), source (来源), owner (负责人, 销售),
first_meeting (首次见面), next_meeting (下次见面), value (金额), created
(创建日期), notes (备注), signing date (签约日期), and every column of
`export`. --map COLUMN=field names a column's field (--map 客户经理=owner;
field - ignores it).

A row naming someone already there (the same email, the same phone, or the
same name at the same account), in the folder or earlier in the file, is a
duplicate: skipped, never created twice. A row with a bad value is refused.
Each skipped and refused row is listed with its row number; the others are
created, all or (on a write error) none. --dry-run writes nothing. Exit 1 when
a row was refused."""

EXPORT_HELP = """Every field of every contact (or account), one row each, in one
documented column set: the column names are the file's keys (criteria.budget,
profile.roles …), dates ISO, numbers without grouping, booleans true/false;
history, activities and keys pipetrack does not know (extra) are JSON text.
`import` reads the file back: export, then import into an empty folder, gives
the same contacts. xlsx goes to --out (or a pipe)."""


class ExportWhat(StrEnum):
    contacts = "contacts"
    accounts = "accounts"


class ExportFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"
    json = "json"


def _overrides(pairs: list[str] | None) -> dict[str, str]:
    out = {}
    for pair in pairs or []:
        column, sep, target = pair.partition("=")
        if not sep or not column.strip() or not target.strip():
            raise UsageError(f"--map: {pair!r} is not COLUMN=field", "import_map", pair=pair)
        out[column.strip()] = target.strip()
    return out


def import_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A .csv or .xlsx file.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Say what would happen; write nothing.")] = False,
    mapping: Annotated[
        list[str] | None,
        typer.Option("--map", metavar="COLUMN=FIELD", help="This column fills this field."),
    ] = None,
    owner: Annotated[
        str | None, typer.Option("--owner", metavar="OWNER", help="Owner of rows without one.")
    ] = None,
) -> None:
    from pipetrack.domain import importing
    from pipetrack.domain.ids import is_valid_id
    from pipetrack.storage import tabular

    env = env_of(ctx)
    if owner is not None and not is_valid_id(owner):
        raise UsageError(
            f"--owner: {owner!r} is not a valid id (lowercase letters, digits and '-')",
            "import_owner",
            value=owner,
        )
    overrides = _overrides(mapping)
    path = env.cwd / file
    headers, rows = tabular.read_table(path, str(file))
    folder = env.load_folder()
    store = env.store
    taken = (set(store.ids("contacts")), set(store.ids("accounts")))
    try:
        plan = importing.plan_import(
            headers, rows, overrides, folder.contacts, folder.accounts, taken, owner, env.today
        )
    except ValueError as exc:
        coded = getattr(exc, "code", "")
        raise UsageError(f"{file}: {exc}", coded, file=str(file), **getattr(exc, "params", {})) from None
    written: list[str] = []
    if not dry_run and (plan.contacts or plan.accounts):
        from pipetrack.storage.importer import write_import

        written = write_import(store, plan)
    _report(env, plan, dry_run, len(written), env.language(folder.settings))
    if plan.refused:
        raise typer.Exit(1)


def export_command(
    ctx: typer.Context,
    what: Annotated[ExportWhat, typer.Argument(help="contacts (default) or accounts.")] = ExportWhat.contacts,
    fmt: Annotated[ExportFormat, typer.Option("--format", help="csv, xlsx or json.")] = ExportFormat.csv,
    out: Annotated[
        Path | None,
        typer.Option("--out", metavar="FILE", help="Write here (atomically) instead of stdout."),
    ] = None,
) -> None:
    import sys

    from pipetrack.storage import tabular

    env = env_of(ctx)
    folder = env.load_folder(full=True)  # export dumps the models
    if fmt is ExportFormat.json:
        from pipetrack.domain import exporting
        from pipetrack.render.tables import to_json

        records = folder.contacts if what is ExportWhat.contacts else folder.accounts
        json_rows = [exporting.export_record(r) for _, r in sorted(records.items())]
        _write(env, out, to_json(json_rows).encode("utf-8"), len(json_rows), what.value)
        return
    columns, rows = _export_rows(folder, what)
    if fmt is ExportFormat.csv:
        from pipetrack.render.rows import csv_cell

        data = tabular.csv_bytes(columns, [[csv_cell(r[c]) for c in columns] for r in rows])
    else:
        if out is None and sys.stdout.isatty():
            raise UsageError("--format xlsx: name a file with --out (or send it to a pipe)", "xlsx_out")
        data = tabular.xlsx_bytes(columns, [[r[c] for c in columns] for r in rows], what.value)
    _write(env, out, data, len(rows), what.value)


def _export_rows(folder: "Folder", what: ExportWhat) -> tuple[tuple[str, ...], list[dict[str, Any]]]:
    """The export's columns and a row per record (by id), contacts naming their account."""
    from pipetrack.domain import exporting, importing

    if what is ExportWhat.contacts:
        names = {a.id: a.name for a in folder.accounts.values()}
        return importing.EXPORT_COLUMNS, [
            exporting.contact_export_row(c, names.get(c.account or ""))
            for c in sorted(folder.contacts.values(), key=lambda c: c.id)
        ]
    return exporting.ACCOUNT_EXPORT_COLUMNS, [
        exporting.account_export_row(a) for a in sorted(folder.accounts.values(), key=lambda a: a.id)
    ]


def register(app: typer.Typer) -> None:
    app.command(
        "import",
        help=IMPORT_HELP,
        short_help="Contacts from a CSV or xlsx file; duplicates skipped, bad rows listed.",
        epilog="Example: pipetrack import 客户名单.xlsx --owner li-na --dry-run",
    )(import_command)
    app.command(
        "export",
        help=EXPORT_HELP,
        short_help="Every contact (or account) to CSV, xlsx or JSON.",
        epilog="Example: pipetrack export contacts --format xlsx --out contacts.xlsx",
    )(export_command)


def _write(env: "Env", out: Path | None, data: bytes, count: int, what: str) -> None:
    import sys

    if out is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    from pipetrack.storage.outfile import write_out

    write_out(env.cwd / out, data)
    env.err.print(f"{count} {what} → {out}", soft_wrap=True)


def _report(env: "Env", plan: Any, dry_run: bool, written: int, lang: str) -> None:
    from rich.markup import escape

    from pipetrack.text.columns import message

    verb = "would_create" if dry_run else "created"
    env.out.print(
        message(verb, lang, contacts=len(plan.contacts), accounts=len(plan.accounts)), soft_wrap=True
    )
    if plan.ignored_columns:
        env.out.print(
            message("ignored_columns", lang, columns=", ".join(plan.ignored_columns)), soft_wrap=True
        )
    if plan.duplicates:
        env.out.print(message("duplicates", lang, n=len(plan.duplicates)), soft_wrap=True)
        for number, name, what, cid in plan.duplicates:
            line = message(
                "duplicate_row", lang, row=number, name=name, what=message(f"same_{what}", lang), id=cid
            )
            env.out.print(escape(line), soft_wrap=True)
    if plan.refused:
        env.out.print(message("refused", lang, n=len(plan.refused)), soft_wrap=True)
        for number, reason in plan.refused:
            env.out.print(escape(message("refused_row", lang, row=number, reason=reason)), soft_wrap=True)
