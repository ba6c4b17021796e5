"""The report data's codes put into words, in the language of the output.

The domain's reports carry codes and parameters (a criterion's ``code``/``params``, a
stage's ``missing_codes``, the shape's ``pattern``/``facts``, a problem's ``code``/``params``);
these functions add the text beside them (``reason``, ``missing``, the shape's ``name``,
``remedy`` and ``reason``, a problem's ``message``), so the terminal, Markdown, CSV, HTML
and JSON all say the same words in one language. Each returns the report it was given.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pipetrack.domain.errors import Problem
from pipetrack.text import has_text, name_shape, reason, stage_label, text
from pipetrack.text.loading import YAML_PROBLEMS

if TYPE_CHECKING:
    from pipetrack.domain.reports import ContactView, PipelineReport, ReviewReport
    from pipetrack.domain.reports.common import MissingCode
    from pipetrack.domain.weekly import WeeklyReport


def missing_text(codes: list[MissingCode], lang: str) -> list[str]:
    return [reason(m["code"], m["params"], lang) for m in codes]


def contact_view(view: ContactView, lang: str) -> ContactView:
    """`pipetrack show`'s view: each criterion's ``reason`` and the stage's ``missing`` in words."""
    for criterion in view["criteria"]:
        code = criterion["code"]
        criterion["reason"] = reason(code, criterion["params"], lang) if code else ""
    view["missing"] = missing_text(view["missing_codes"], lang)
    return view


def pipeline(rep: PipelineReport, lang: str) -> PipelineReport:
    if rep["shape"] is not None:  # (the Prospect Management System's diagnosis)
        name_shape(rep["shape"], lang)
    return rep


def review(rep: ReviewReport, lang: str) -> ReviewReport:
    for item in rep["unsupported"]:
        item["missing"] = missing_text(item["missing_codes"], lang)
    return rep


def check_message(code: str, params: Mapping[str, Any], lang: str = "en") -> str:
    """One finding of pipetrack's checks in words (an unsupported stage lists what it lacks)."""
    values = dict(params)
    if code == "unsupported_stage":
        values["why"] = "; ".join(reason(c, p, lang) for c, p in values.pop("missing"))
        if lang != "en":  # the stages in the words of the output (销售机会), as everywhere else
            values.update({k: stage_label(values[k], lang) for k in ("stage", "supported") if k in values})
    _project_words(values, lang)
    return text(f"check.{code}", lang, **values)


def _project_words(values: dict[str, Any], lang: str) -> None:
    """A project finding's parameters in ``lang``: stage labels given in both languages by the
    method, a power circle's code, the reasons of a gate."""
    for key, value in values.items():
        if isinstance(value, dict) and set(value) == {"en", "zh"}:
            values[key] = value[lang if lang in value else "en"]
    if "circle" in values:
        values["circle"] = text(f"project.circle.{values['circle']}", lang)
    if isinstance(values.get("missing"), list):
        values["missing"] = "; ".join(reason(c, p, lang) for c, p in values["missing"])


def load_message(code: str, params: Mapping[str, Any], lang: str, message: str) -> str:
    """A loader's problem (``load.<kind>``) in ``lang``: the loader's own English ``message``,
    or its words in Chinese (pipetrack.text.loading) with its coded params put into words."""
    if not has_text(code, lang):  # English: the loader's message is the words
        return message
    values = {str(k): v for k, v in params.items()}
    for key in ("bound", "expected", "found"):
        if key in values:
            values[key] = text(f"load.{key}.{values[key]}", lang, **values)
    if "allowed" in values:  # pydantic's list ends "… or finance"
        values["allowed"] = str(values["allowed"]).replace(" or ", ", ")
    if code == "load.yaml_syntax":
        values["problem"] = YAML_PROBLEMS.get(values["problem"], values["problem"])
    if "why" in values:  # the system's reason (strerror), in Chinese where pipetrack knows it
        values["why"] = text(f"load.why.{values['why']}", lang, default=str(values["why"]))
    return text(code, lang, **values)


def coded_message(code: str, params: Mapping[str, Any], lang: str, message: str = "") -> str:
    """A problem's words in ``lang``: a loader's (``load.*``) or one of pipetrack's checks."""
    if code.startswith("load."):
        return load_message(code, params, lang, message)
    return check_message(code, params, lang)


def problem_message(problem: Problem, lang: str = "en") -> str:
    """What a problem says in ``lang``: a check's code or a loader's, else the loader's message."""
    return (
        coded_message(problem.code, problem.params, lang, problem.message)
        if problem.code
        else problem.message
    )


def weekly(rep: WeeklyReport, lang: str) -> WeeklyReport:
    """The weekly report: its pipeline's shape, review and data problems in words."""
    pipeline(rep["pipeline"], lang)
    review(rep["review"], lang)
    for problem in rep["problems"]:
        if problem["code"]:
            problem["message"] = coded_message(
                problem["code"], problem["params"] or {}, lang, problem["message"]
            )
    return rep
