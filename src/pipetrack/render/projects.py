"""Project report data → sections (table, Markdown, CSV): the board, one project, the review's
projects part. Labels from ``text`` (``project.*``), stage labels from the method."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from pipetrack.render.tables import Section, money
from pipetrack.text import reason, text

if TYPE_CHECKING:
    from pipetrack.domain.method import Method
    from pipetrack.domain.project_reports import AccountProjects, Board, ReviewPart
    from pipetrack.domain.project_rules import CheckpointDef
    from pipetrack.domain.project_view import ProjectView
    from pipetrack.render.formats import View


def _t(key: str, lang: str, **params: Any) -> str:
    return text(f"project.{key}", lang, **params)


def stage_label(method: Method, stage: str | None, lang: str) -> str:
    found = method.find(stage) if stage else None
    return found.label(lang) if found is not None else str(stage or "—")


def _day(value: date | None) -> str:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    return value.isoformat() if isinstance(value, date) else "—" if value is None else str(value)


def _budget(value: bool | float | str | None) -> str:
    """An amount as the other amounts (860,000), a yes/no or text budget as written."""
    if value is None:
        return "—"
    return money(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)


def _code(kind: str, value: object, lang: str) -> str:
    return _t(f"{kind}.{value if value is not None else 'none'}", lang)


def gate_label(key: str, lang: str) -> str:
    """A gate check by its key (the method file's; a key pipetrack does not know as written)."""
    return text(f"project.gate.{key}", lang, default=key)


def board_sections(rep: Board, method: Method, lang: str) -> list[Section]:
    """A section per stage that has projects (in method order), then the stages' totals."""
    cols = ("project", "value", "days", "tender", "next_step", "gaps")
    heads = [_t(f"col.{c}", lang) for c in cols]
    out = []
    for st in rep["stages"]:
        rows = []
        for r in (r for r in rep["projects"] if r["stage"] == st["stage"]):
            days = "—" if r["days_in_stage"] is None else str(r["days_in_stage"])
            if r["stalled"]:
                days += f" > {r['stall_limit']}"
            deadline = r["tender_deadline"]
            rows.append(
                [
                    r["name"],
                    money(r["value"]),
                    days,
                    _day(deadline.date() if isinstance(deadline, datetime) else deadline),
                    r["next_step"] or "—",
                    _first_gap(r["gap_keys"], lang),
                ]
            )
        if rows:
            out.append(Section(stage_label(method, st["stage"], lang), heads, rows, "lrrrll"))
    if not out:
        out.append(Section(_t("board_title", lang), [], [], notes=[_t("none", lang)]))
    by_stage = [
        [stage_label(method, s["stage"], lang), s["count"], money(s["value"]), money(s["weighted_value"])]
        for s in rep["stages"]
    ]
    tot = rep["totals"]
    by_stage.append(
        [_t("total", lang), tot["open_count"], money(tot["open_value"]), money(tot["weighted_value"])]
    )
    headers = [_t("col.stage", lang), "#", _t("col.value", lang), _t("weighted", lang)]
    return [*out, Section(_t("board_title", lang), headers, by_stage, "lrrr", total=True)]


def _first_gap(keys: list[str], lang: str) -> str:
    """The first gate check the next stage lacks, by name, and how many more."""
    if not keys:
        return "—"
    return gate_label(keys[0], lang) + (f" (+{len(keys) - 1})" if len(keys) > 1 else "")


def board_csv_rows(rep: Board) -> tuple[list[str], list[list[object]]]:
    keys = ["id", "name", "account", "owner", "stage", "value", "weighted_value", "days_in_stage"]
    keys += ["stall_limit", "stalled", "tender_deadline", "next_step", "gaps"]
    rows = [[";".join(r["gaps"]) if k == "gaps" else r.get(k) for k in keys] for r in rep["projects"]]
    return keys, rows


def _facts(rep: ProjectView, method: Method, lang: str) -> Section:
    cand = rep["candidate"]
    stage = stage_label(method, rep["stage"], lang)
    if rep["stalled"]:
        stage += (
            "  ("
            + _t("stalled", lang, days=rep["days_in_stage"], stage=stage, limit=rep["stall_limit"])
            + ")"
        )
    rows: list[list[object]] = [
        [_t("col.account", lang), rep["account"] or "—"],
        [_t("col.owner", lang), rep["owner"] or "—"],
        [_t("col.stage", lang), stage],
        [_t("col.days", lang), "—" if rep["days_in_stage"] is None else rep["days_in_stage"]],
        [_t("col.value", lang), money(rep["value"])],
        [_t("need", lang), rep["need"] or "—"],
        [_t("budget", lang), _budget(rep["budget"])],
        [_t("purchase_date", lang), _day(rep["purchase_date"])],
        [_t("client_step", lang), _code("step", rep["client_step"], lang) if rep["client_step"] else "—"],
        [_t("candidate", lang), _t(f"candidate.{cand['position']}", lang)],
        [_t("next_step", lang), rep["next_step"] or "—"],
        [_t("next_meeting", lang), _day(rep["next_meeting"])],
    ]
    rows += [[_t(f"team.{k}", lang), v] for k, v in rep["team"].items() if v]
    return Section(f"{rep['name']} ({rep['id']})", ["", ""], rows, "ll")


def _group(rep: ProjectView, lang: str) -> list[Section]:
    rows = [
        [
            m["name"],
            _code("role", m["role"], lang),
            _code("circle", m["circle"], lang),
            _code("supporter", m["supporter"], lang),
            "—" if m["weight"] is None else m["weight"],
            "—" if m["attitude"] is None else f"{m['attitude']:+d}",
            ("、" if lang == "zh" else ", ").join(m["criteria"]) or "—",
        ]
        for m in rep["buying_group"]
    ]
    cols = ("contact", "role", "circle", "supporter", "weight", "attitude", "criteria")
    group = Section(_t("sec.group", lang), [_t(f"col.{c}", lang) for c in cols], rows, "llllrrl")
    if not rows:
        group.notes.append(_t("none_found", lang))
    names = {m["contact"]: m["name"] for m in rep["buying_group"]}
    cells = [
        [
            _code("role", c["role"], lang),
            _code("circle", c["circle"], lang),
            ", ".join(
                names[m["contact"]]
                + (f" ({_code('supporter', m['supporter'], lang)})" if m["supporter"] else "")
                for m in c["members"]
            ),
        ]
        for c in rep["map"]
    ]
    heads = [_t("col.role", lang), _t("col.circle", lang), _t("col.contact", lang)]
    return [group, Section(_t("sec.map", lang), heads, cells, "lll")] if cells else [group]


def _checks(rep: ProjectView, method: Method, questions: dict[str, str], lang: str) -> list[Section]:
    ki = rep["key_info"]
    total = len(ki["known"]) + len(ki["missing"])
    ki_rows = [
        [_t(f"ki.{k}", lang), _t("ok" if k in ki["known"] else "missing", lang)]
        for k in (*ki["known"], *ki["missing"])
    ]
    ki_sec = Section(
        _t("sec.ki", lang),
        ["", ""],
        ki_rows,
        "ll",
        caption=_t("ki_complete", lang, known=len(ki["known"]), total=total),
    )
    gate_rows = [
        [
            stage_label(method, g["stage"], lang),
            gate_label(g["key"], lang),
            _t("ok" if g["ok"] else "missing", lang),
        ]
        for g in rep["gates"]
    ]
    heads = [_t("col.stage", lang), _t("col.check", lang), _t("col.status", lang)]
    gate_sec = Section(_t("sec.gates", lang), heads, gate_rows, "lll")
    gate_sec.caption = _t("gate_supported", lang, stage=stage_label(method, rep["supported_stage"], lang))
    return [ki_sec, gate_sec, _checkpoints(rep, questions, lang)]


def _answer(value: bool | None, lang: str) -> str:
    return _t("unanswered" if value is None else "yes" if value else "no", lang)


def _checkpoints(rep: ProjectView, questions: dict[str, str], lang: str) -> Section:
    """One row per question, the checkpoint's verdict on its first row."""
    rows = []
    for cp in rep["checkpoints"]:
        head = _t(f"checkpoint.{cp['id']}", lang) + (f" ({_t('current', lang)})" if cp["current"] else "")
        verdict = _t(f"verdict.{cp['verdict']}", lang)
        for i, a in enumerate(cp["answers"]):
            asked = questions.get(f"{cp['id']}.{a['question']}", a["question"])
            rows.append(
                [head if i == 0 else "", verdict if i == 0 else "", asked, _answer(a["answer"], lang)]
            )
    heads = ["", _t("col.status", lang), _t("col.question", lang), _t("col.answer", lang)]
    return Section(_t("sec.checkpoints", lang), heads, rows, "llll")


def _closing(rep: ProjectView, lang: str) -> list[Section]:
    t = rep["tender"]
    rows = [
        [_t("tender.form", lang), _code("form", t["form"], lang) if t["form"] else "—"],
        [_t("tender.documents", lang), _day(t["documents"])],
        [_t("tender.deadline", lang), _day(t["deadline"])],
        [_t("tender.bid_submitted", lang), _day(t["bid_submitted"])],
    ]
    tender = Section(_t("sec.tender", lang), ["", ""], rows, "ll")
    risk_rows: list[list[object]] = []
    for r in rep["risks"]:
        params: dict[str, Any] = {k: r[k] for k in ("contact", "circle", "attitude") if r[k] is not None}
        if "circle" in params:
            params["circle"] = _code("circle", params["circle"], lang)
        risk_rows.append([str(len(risk_rows) + 1), text(f"check.{r['code']}", lang, **params)])
    risks = Section(_t("sec.risks", lang), ["", ""], risk_rows, "rl")
    if not risk_rows:
        risks.notes.append(_t("none_found", lang))
    moves = [
        [str(i), reason(m["code"], None, lang) + (f": {m['command']}" if m["command"] else "")]
        for i, m in enumerate(rep["next_moves"], 1)
    ]
    nxt = Section(_t("sec.moves", lang), ["", ""], moves, "rl")
    if not moves:
        nxt.notes.append(_t("none_found", lang))
    return [tender, risks, nxt]


def view_sections(
    rep: ProjectView, method: Method, checkpoints: Sequence[CheckpointDef], lang: str
) -> list[Section]:
    """The sections of `project X`; ``checkpoints`` (the method's) give the questions' words."""
    questions = {f"{c.id}.{q.id}": (q.zh if lang == "zh" else q.en) for c in checkpoints for q in c.questions}
    return [
        _facts(rep, method, lang),
        *_group(rep, lang),
        *_checks(rep, method, questions, lang),
        *_closing(rep, lang),
    ]


def review_sections(rep: ReviewPart, lang: str) -> list[Section]:
    """The projects part of the review and the weekly report."""
    stalled = [
        [r["name"], r["stage_name"], f"{r['days_in_stage']} > {r['stall_limit']}"] for r in rep["stalled"]
    ]
    tenders = [[r["name"], r["stage_name"], _day(r["deadline"]), r["days_left"]] for r in rep["tenders"]]
    no_insider = [[r["name"], r["stage_name"], r["owner"] or "—"] for r in rep["no_insider"]]
    project, stage = _t("col.project", lang), _t("col.stage", lang)
    out = []
    for title, heads, rows, align in (
        (_t("review.stalled", lang), [project, stage, _t("col.days", lang)], stalled, "llr"),
        (
            _t("review.tenders", lang, days=rep["window_days"]),
            [project, stage, _t("col.tender", lang), _t("col.days_left", lang)],
            tenders,
            "lllr",
        ),
        (_t("review.no_insider", lang), [project, stage, _t("col.owner", lang)], no_insider, "lll"),
    ):
        sec = Section(title, heads, rows, align)
        if not rows:
            sec.notes.append(_t("review.nothing", lang))
        out.append(sec)
    return out


def accounts_section(rows: list[AccountProjects], names: dict[str, str], lang: str) -> Section:
    """`accounts`: the open projects of each account (a folder with projects only)."""
    cells = [
        [
            names.get(r["account"], r["account"]),
            r["open_projects"],
            money(r["open_value"]),
            money(r["weighted_value"]),
        ]
        for r in rows
    ]
    heads = [_t("col.account", lang), "#", _t("open_value", lang), _t("weighted", lang)]
    sec = Section(_t("accounts.title", lang), heads, cells, "lrrr")
    if not cells:
        sec.notes.append(_t("none", lang))
    return sec


def section_text(sec: Section, width: int | None) -> str:
    """A section as plain text (render/plain): fast for a board of a thousand projects,
    where a Rich table takes ~7 ms a row. Words are never broken; Chinese folds."""
    from rich.cells import cell_len

    from pipetrack.render import plain

    if not sec.rows:
        return "\n".join([sec.title, *map(str, sec.notes)]) + "\n"
    cells = [[str(c) for c in row] for row in sec.rows]
    columns = [[sec.headers[i], *(r[i] for r in cells)] for i in range(len(sec.headers))]
    cols = [str(i) for i in range(len(columns))]  # plain.fit names columns
    need = {
        c: max((plain.unbreakable(w) for v in columns[int(c)] for w in v.split()), default=1) for c in cols
    }
    natural = {c: max(need[c], *(cell_len(v) for v in columns[int(c)])) for c in cols}
    widths = plain.fit(need, natural, cols, width)
    right = {i for i in range(len(cols)) if sec.align[i : i + 1] == "r"}
    body = plain.table_text(sec.headers, cells, right, [widths[c] for c in cols], sec.title or None)
    if sec.total and len(cells) > 1:  # a rule above the total row
        lines = body.rstrip("\n").split("\n")
        rule = next(line for line in lines if line.startswith("─"))
        lines.insert(len(lines) - 1, rule)
        body = "\n".join(lines) + "\n"
    return body


def board_text(rep: Board, method: Method, lang: str, width: int | None) -> str:
    return "\n".join(section_text(s, width) for s in board_sections(rep, method, lang))


def board_view(rep: Board, method: Method, lang: str) -> View:
    """The board in every format; the terminal's is plain text (a board of a thousand
    projects prints in well under a second)."""
    from pipetrack.render.formats import View
    from pipetrack.render.tables import to_csv

    def csv() -> str:
        return to_csv(*board_csv_rows(rep))

    return View(
        text("project.board_title", lang),
        rep,
        lambda: ([], board_sections(rep, method, lang)),
        csv,
        {"table": lambda width: board_text(rep, method, lang, width)},
    )
