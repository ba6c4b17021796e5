"""`pipetrack accounts`: one row per account and the 80/20 view, as sections, a terminal
table that fits its width, and CSV."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from rich.console import Group
from rich.text import Text

from pipetrack.render.tables import Section, money, plain, section_table, to_csv
from pipetrack.text import label, stage_label, text

if TYPE_CHECKING:
    from pipetrack.domain.intel_data import AccountRow, AccountsReport
    from pipetrack.render.formats import View


def _account_row(r: AccountRow, lang: str) -> list[object]:
    name = Text(r["name"])
    name.append(f"\n{r['id']}", style="dim")
    return [
        name,
        label("tier", r["tier"], lang),
        r["contacts"],
        stage_label(r["best_stage"], lang) if r["best_stage"] else "—",
        money(r["open_weighted_value"]),
        money(r["closed_value"]),
        label("depthshort", r["depth"], lang),
        Text(str(r["gaps"]), style="red" if r["gaps"] else "green"),
        "●" if r["top80"] else "",
    ]


def _notes(rep: AccountsReport, lang: str) -> list[Text]:
    """The currency, the 80/20 view in a sentence, then each account's flag."""
    names = {r["id"]: r["name"] for r in rep["accounts"]}
    if rep["top80"]:
        note = Text(
            text(
                "pareto_note",
                lang,
                n=len(rep["top80"]),
                total=len(rep["accounts"]),
                value=money(rep["top80_value"]),
                all=money(rep["closed_total"]),
                currency=rep["currency"],
            )
        )
    else:
        note = Text(text("pareto_none", lang), style="dim")
    return [
        Text(text("amounts", lang, currency=rep["currency"]), style="dim"),
        Text.assemble((f"{text('pareto', lang)}: ", "bold"), note),
        *(
            Text(f"! {text('flag.' + f['flag'], lang, name=names[f['account']])}", style="yellow")
            for f in rep["flags"]
        ),
    ]


def accounts_sections(rep: AccountsReport, lang: str) -> tuple[list[Any], list[Section]]:
    """`pipetrack accounts`: one row per account, then the 80/20 view."""
    header = [Text(f"{text('owner', lang)}: {rep['owner']}")] if rep["owner"] else []
    rows = [_account_row(r, lang) for r in rep["accounts"]]
    heads = [
        text("account", lang),
        text("tier", lang),
        text("contacts", lang),
        text("best_stage", lang),
        text("open_weighted", lang),
        text("closed_value", lang),
        text("depth_head", lang),
        text("gaps_count", lang),
        text("top80", lang),
    ]
    return header, [Section(text("accounts_title", lang), heads, rows, "llrlrrlrl", _notes(rep, lang))]


def _columns_that_fit(
    heads: list[str], rows: list[list[object]], name_width: int, width: int | None
) -> list[int]:
    """The columns kept at ``width``: those that do not fit are left out from the right (two stay)."""
    from rich.cells import cell_len

    kept = list(range(len(heads)))
    need = [name_width] + [
        max(cell_len(plain(c)) for c in [heads[i], *(row[i] for row in rows)]) for i in range(1, len(heads))
    ]
    # SIMPLE_HEAD: an edge and a padding cell each side, three cells between columns
    while width and len(kept) > 2 and sum(need[i] for i in kept) + 3 * len(kept) + 1 > width:
        kept.pop()
    return kept


def accounts_renderable(rep: AccountsReport, lang: str, width: int | None = None) -> Group:
    """The accounts table for a terminal: the tier goes under the name and the
    80% mark beside the closed value, so that nine facts fit in 80 columns.

    An id or an English word is never broken (ids are copied into commands), a
    Chinese name folds between characters; with ``width``, columns that still do
    not fit are left out from the right and a last line names them."""
    from pipetrack.render.plain import unbreakable

    header, sections = accounts_sections(rep, lang)
    sec = sections[0]
    rows = []
    for row in sec.rows:
        name = cast(Text, row[0]).copy()  # (the account column is Text: _account_row)
        name.append(f" · {plain(row[1])}", style="dim")
        closed = Text(plain(row[5]))
        closed.append(" ●" if row[8] else "  ", style="bold")
        rows.append([name, row[2], row[3], row[4], closed, row[6], row[7]])
    heads = [
        sec.headers[0],
        sec.headers[2],
        text("stage_head", lang),
        text("weighted_head", lang),
        text("closed_head", lang),
        *sec.headers[6:8],
    ]
    words = [w for row in rows for w in plain(row[0]).split()] + heads[0].split()
    name_width = max(8, *(unbreakable(w) for w in words))
    kept = _columns_that_fit(heads, rows, name_width, width)
    table = section_table(
        Section(
            sec.title,
            [heads[i] for i in kept],
            [[row[i] for i in kept] for row in rows],
            "".join("lrlrrlr"[i] for i in kept),
        )
    )
    table.columns[0].no_wrap = False
    table.columns[0].min_width = name_width
    for col in table.columns[1:]:  # numbers and depth: never folded, the name column takes the rest
        col.no_wrap = True
    left_out = [heads[i] for i in range(len(heads)) if i not in kept]
    if left_out:
        from pipetrack.text.columns import message

        sec.notes.append(Text(message("columns_dropped", lang, columns=", ".join(left_out), width=width)))
    return Group(*header, table, *sec.notes)


ACCOUNTS_CSV = [
    "id",
    "name",
    "tier",
    "contacts",
    "best_stage",
    "open_weighted_value",
    "closed_value",
    "share_of_wallet",
    "depth",
    "gaps",
    "gap_keys",
    "verdict",
    "top80",
    "top20",
]


def accounts_csv(rep: AccountsReport) -> str:
    rows = [
        [";".join(r["gap_keys"]) if k == "gap_keys" else r.get(k) for k in ACCOUNTS_CSV]
        for r in rep["accounts"]
    ]
    return to_csv(ACCOUNTS_CSV, rows)


def accounts_view(rep: AccountsReport, lang: str) -> View:
    """All accounts in every format; the terminal's table drops columns to fit its width.
    A folder with projects adds their open value by account (``rep["projects"]``)."""
    from pipetrack.render.formats import View

    def extra() -> list[Section]:
        if "projects" not in rep:
            return []
        from pipetrack.render.projects import accounts_section

        names = {r["id"]: r["name"] for r in rep["accounts"]}
        return [accounts_section(rep["projects"], names, lang)]

    def sections() -> tuple[list[Any], list[Section]]:
        header, secs = accounts_sections(rep, lang)
        return header, [*secs, *extra()]

    def table(width: int) -> Group:
        from pipetrack.render.tables import sections_renderable

        more = extra()
        return Group(accounts_renderable(rep, lang, width), *([sections_renderable(more)] if more else []))

    return View(text("accounts_title", lang), rep, sections, lambda: accounts_csv(rep), {"table": table})
