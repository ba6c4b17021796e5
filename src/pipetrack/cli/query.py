"""`pipetrack query SQL`: read-only SQL over the folder's index (storage.cache.index)."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated

import typer

from pipetrack.cli.options import env_of, output
from pipetrack.domain.errors import UsageError

QUERY_HELP = """Ask the folder a question in SQL (SQLite), read-only.

Tables: contacts, accounts, projects, activities, history (their columns: README, Query the
folder); dates are ISO text (2026-11-23), so strftime and date() work on them, and
today() is the day of --today (else the clock). The index is
brought up to date first (a changed file costs its parse). One SELECT statement; anything that
writes, ATTACH and PRAGMA are refused (exit 2).
"""
EXAMPLE = (
    "Example: pipetrack query \"SELECT owner, strftime('%Y-%m', date) AS month, count(*) AS deals "
    "FROM history JOIN contacts ON contacts.id = history.contact WHERE history.stage = 'closed' "
    'GROUP BY owner, month"'
)


class QueryFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


#: SQLite's most common complaints, in Chinese (the rest keep SQLite's words).
_ZH = (
    (re.compile(r"^no such table: (.+)$"), "没有这张表: {0}"),
    (re.compile(r"^no such column: (.+)$"), "没有这一列: {0}"),
    (re.compile(r'^near "(.+)": syntax error$'), "“{0}” 附近有语法错误"),
    (re.compile(r"^incomplete input$"), "语句不完整"),
    (re.compile(r"^You can only execute one statement at a time\.$"), "一次只能执行一条语句"),
    (re.compile(r"^ambiguous column name: (.+)$"), "列名不明确: {0}"),
)


def _why(detail: str, lang: str) -> str:
    if lang == "zh":
        for pattern, words in _ZH:
            if found := pattern.match(detail):
                return words.format(*found.groups())
    return detail


def query(
    ctx: typer.Context,
    sql: Annotated[str, typer.Argument(metavar="SQL", help="One SELECT statement.")],
    fmt: Annotated[QueryFormat, typer.Option("--format", help="table, json or csv.")] = QueryFormat.table,
) -> None:
    from pipetrack.render import query as render
    from pipetrack.render.formats import View
    from pipetrack.storage.cache import index, load, settings_bytes
    from pipetrack.text import text

    env = env_of(ctx)
    lang = env.language()
    if not env.use_cache:
        raise UsageError(text("query.no_cache", lang))
    # the index brought up to date: the stat walk of every report, without building the records
    problems = load.load(env.store, True, env._progress_bar(), refresh=True).problems
    env.warn_unreadable([p.path for p in problems if p.severity == "error"])
    try:
        columns, rows = index.query(
            env.store.root, settings_bytes(env.store.root), sql, env.today.isoformat()
        )
    except index.QueryError as exc:
        raise UsageError(text(f"query.{exc.code}", lang, why=_why(exc.detail, lang))) from None
    footer = text("query.rows", lang, n=len(rows))
    own = {
        "json": lambda _: render.query_json(columns, rows),
        "csv": lambda _: render.query_csv(columns, rows),
        "table": lambda width: render.query_text(columns, rows, width, footer),
    }
    output(env, fmt, View("query", rows, own=own))


def register(app: typer.Typer) -> None:
    """Add `query` to the main app."""
    app.command(
        "query", help=QUERY_HELP, short_help="Read-only SQL over the folder's index.", epilog=EXAMPLE
    )(query)
