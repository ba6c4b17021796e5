"""The report data's codes put into words, in the language of the output.

The domain's reports carry codes and parameters (a criterion's ``code``/``params``, a
stage's ``missing_codes``, the shape's ``pattern``/``facts``, a problem's ``code``/``params``);
these functions add the text beside them (``reason``, ``missing``, the shape's ``name``,
``remedy`` and ``reason``, a problem's ``message``), so the terminal, Markdown, CSV, HTML
and JSON all say the same words in one language. Each returns the report it was given.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pipetrack.domain.errors import Problem
from pipetrack.text import name_shape, reason, text


def missing_text(codes: list[dict[str, Any]], lang: str) -> list[str]:
    return [reason(m["code"], m["params"], lang) for m in codes]


def contact_view(view: dict[str, Any], lang: str) -> dict[str, Any]:
    """`pipetrack show`'s view: each criterion's ``reason`` and the stage's ``missing`` in words."""
    for criterion in view["criteria"]:
        code = criterion["code"]
        criterion["reason"] = reason(code, criterion["params"], lang) if code else ""
    view["missing"] = missing_text(view["missing_codes"], lang)
    return view


def pipeline(rep: dict[str, Any], lang: str) -> dict[str, Any]:
    if rep["shape"] is not None:  # (the Prospect Management System's diagnosis)
        name_shape(rep["shape"], lang)
    return rep


def review(rep: dict[str, Any], lang: str) -> dict[str, Any]:
    for item in rep["unsupported"]:
        item["missing"] = missing_text(item["missing_codes"], lang)
    return rep


def check_message(code: str, params: Mapping[str, Any], lang: str = "en") -> str:
    """One finding of pipetrack's checks in words (an unsupported stage lists what it lacks)."""
    values = dict(params)
    if code == "unsupported_stage":
        values["why"] = "; ".join(reason(c, p, lang) for c, p in values.pop("missing"))
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


def problem_message(problem: Problem, lang: str = "en") -> str:
    """What a problem says: a check's code in ``lang``, else the loader's own message."""
    return check_message(problem.code, problem.params, lang) if problem.code else problem.message


def weekly(rep: dict[str, Any], lang: str) -> dict[str, Any]:
    """The weekly report: its pipeline's shape, review and data problems in words."""
    pipeline(rep["pipeline"], lang)
    review(rep["review"], lang)
    for problem in rep["problems"]:
        if problem["code"]:
            problem["message"] = check_message(problem["code"], problem["params"], lang)
    return rep
