"""`check` on project files: a list of small functions over the folder's projects.

Each takes the loaded folder, the project method and the day and yields
``checks.Finding``s (codes and parameters; ``text`` words them). Schema errors come
from the loader; these look at the method, the references and the buying group.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from pipetrack.domain import method as M
from pipetrack.domain import project_rules as R
from pipetrack.domain.checks import Finding
from pipetrack.domain.projects import MEMBER_KEYS, PROJECT_BLOCKS, PROJECT_KEYS, Project

if TYPE_CHECKING:
    from pipetrack.domain.method import Method, StageDef
    from pipetrack.domain.models import Account, Settings


class ProjectRecords(Protocol):
    """What the project checks read of a loaded folder (``storage.folder.Folder`` is one)."""

    @property
    def projects(self) -> Mapping[str, Project]: ...

    @property
    def accounts(self) -> Mapping[str, Account]: ...


def _label(stage: StageDef) -> dict[str, str]:
    return {"en": stage.id, "zh": stage.label_zh or stage.id}


def check_stages(
    folder: ProjectRecords, method: Method, today: date, settings: Settings
) -> Iterator[Finding]:
    """A stage the method does not know (error); a stage the evidence does not support (error)."""
    for p in folder.projects.values():
        sid = R.stage_id(p, method)
        if sid is None:
            unknown = {"stage": p.stage, "method": method.id, "choices": method.choices}
            yield Finding("projects", p.id, ("stage",), "project_unknown_stage", unknown)
            continue
        if sid == method.lost:
            continue
        missing = M.requirements(method, p, sid, today=today, cycle_days=0, settings=settings)
        if missing:
            supported = M.supported_stage(method, p, today=today, cycle_days=0, settings=settings)
            params: dict[str, Any] = {
                "stage": _label(method.stage(sid)),
                "supported": _label(method.stage(supported)),
                "missing": [(m.code, m.params) for m in missing],
            }
            yield Finding("projects", p.id, ("stage",), "project_unsupported_stage", params)


def check_refs(folder: ProjectRecords, method: Method, today: date, settings: Settings) -> Iterator[Finding]:
    for p in folder.projects.values():
        if p.account and p.account not in folder.accounts:
            yield Finding("projects", p.id, ("account",), "project_no_account", {"account": p.account})
        if R.stage_id(p, method) == method.lost and not p.lost_reason:
            yield Finding("projects", p.id, ("stage",), "project_lost_no_reason", {}, "warning")


def check_buying_group(
    folder: ProjectRecords, method: Method, today: date, settings: Settings
) -> Iterator[Finding]:
    """The course's buying-group rules (project_rules.buying_group_risks), as warnings."""
    for p in folder.projects.values():
        for risk in R.buying_group_risks(p, method):
            yield Finding("projects", p.id, risk.loc, risk.code, dict(risk.params), "warning")


def check_key_typos(
    folder: ProjectRecords, method: Method, today: date, settings: Settings
) -> Iterator[Finding]:
    """An unknown key that looks like a known one is probably a typo (kept, but flagged)."""
    for p in folder.projects.values():
        blocks: list[tuple[tuple[str | int, ...], dict[str, Any], frozenset[str]]]
        blocks = [((), p.model_extra or {}, PROJECT_KEYS)]
        blocks += [((b,), getattr(p, b).model_extra or {}, keys) for b, keys in PROJECT_BLOCKS.items()]
        blocks += [
            (("buying_group", i), m.model_extra or {}, MEMBER_KEYS) for i, m in enumerate(p.buying_group)
        ]
        for where, extra, known in blocks:
            for key in extra:
                match = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.75)
                if match:
                    name = ".".join(map(str, (*where, key)))
                    params = {"name": name, "suggestion": ".".join(map(str, (*where, match[0])))}
                    yield Finding("projects", p.id, (*where, key), "key_typo", params, "warning")


PROJECT_CHECKS: list[Callable[[ProjectRecords, Method, date, Settings], Iterable[Finding]]] = [
    check_stages,
    check_refs,
    check_buying_group,
    check_key_typos,
]


def project_findings(
    folder: ProjectRecords, method: Method, today: date, settings: Settings
) -> Iterator[Finding]:
    for check in PROJECT_CHECKS:
        yield from check(folder, method, today, settings)
