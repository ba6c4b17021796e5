"""Every label and message in English and Chinese, behind one call: ``text(key, lang, **params)``.

The tables live in :mod:`pipetrack.text.labels` (the pipeline views, reports and the reason
codes of the method's rules), :mod:`pipetrack.text.intel` (account intelligence) and
:mod:`pipetrack.text.daily_write` (the write commands of a rep's day, ``daily.<key>``). One
flat key space per language: a stage is ``stage.<stage>``, a criterion ``criterion.<key>``,
a reason code ``reason.<code>``, a shape ``shape.<pattern>`` and ``shape.<pattern>.remedy``.
A key missing from Chinese falls back to English, a key missing from both is returned as it
is, so a new label never breaks a report. The domain returns codes and parameters; this
package turns them into words.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pipetrack.domain.method import Method, StageDef
from pipetrack.domain.methodfile import builtin
from pipetrack.text import columns as _columns
from pipetrack.text import daily_write as _daily
from pipetrack.text import errors as _errors
from pipetrack.text import intel as _intel
from pipetrack.text import labels as _labels
from pipetrack.text import levers as _levers
from pipetrack.text import loading as _loading
from pipetrack.text import projects as _projects

if TYPE_CHECKING:
    from pipetrack.domain.reports import ShapeData

#: The languages of labels and messages (`--lang`, settings `language`).
LANGS = ("en", "zh")


def _table(lang: str) -> dict[str, str]:
    table = dict(_intel.TEXTS[lang])
    table.update(_labels.LABELS[lang])
    for prefix, source in (
        ("criterion", _labels.CRITERION_LABELS),
        ("reason", _labels.REASONS),
        ("check", _labels.CHECKS),
        ("daily", _daily.MESSAGES),
        ("error", _errors.MESSAGES),
        ("columns", _columns.MESSAGES),
        ("load", _loading.MESSAGES),
        ("lever", _levers.MESSAGES),
        ("updates", _levers.UPDATES),
        ("project", _projects.MESSAGES),
        ("reason", _projects.REASONS),
        ("check", _projects.CHECKS),
    ):
        table.update({f"{prefix}.{key}": value for key, value in source.get(lang, {}).items()})
    for pattern, why in _labels.SHAPE_REASONS.get(lang, {}).items():
        table[f"shape.{pattern}.reason"] = why
    for pattern, (name, remedy) in _labels.SHAPES[lang].items():
        table[f"shape.{pattern}"] = name
        table[f"shape.{pattern}.remedy"] = remedy
    return table


_TABLES = {lang: _table(lang) for lang in LANGS}


def text(key: str, lang: str = "en", /, *, default: str | None = None, **params: Any) -> str:
    """The text for ``key`` in ``lang`` (English when missing, else ``default``, else the key),
    with ``{params}`` filled in."""
    fallback = key if default is None else default
    own = _method.reason(key[7:], lang) if _method is not None and key.startswith("reason.") else None
    template = own or _TABLES.get(lang, _TABLES["en"]).get(key) or _TABLES["en"].get(key)
    if template is None:
        # a stage's label lives in its method file
        template = _method_text(key, lang) or fallback
    return template.format(**params) if params else template


def has_text(key: str, lang: str = "en") -> bool:
    table = _TABLES.get(lang, _TABLES["en"])
    return key in table or (key.startswith("stage.") and _stage_def(key[6:]) is not None)


def lang_problem(option: str, value: str) -> str | None:
    """The one message for a language that pipetrack does not speak (None when it does)."""
    if value in LANGS:
        return None
    return f"{option}: use {' or '.join(LANGS)} (not {value!r})"


#: The method whose stage labels and own reasons are shown (the CLI sets the folder's
#: contact method; None: the Prospect Management System's).
_method: Method | None = None


def use_method(method: Method | None) -> None:
    """Speak the stage labels and reason sentences of ``method``."""
    global _method
    _method = method


def stage_label(stage: object, lang: str = "en") -> str:
    """A stage's label in ``lang``, from its method file (pipetrack/methods/pms.yaml, or the
    folder's own method); a word no method knows is shown as it is."""
    found = _stage_def(str(stage))
    return found.label(lang) if found is not None else str(stage)


def _method_text(key: str, lang: str) -> str | None:
    """A stage's label or a reason's sentence that lives in a method file."""
    if key.startswith("stage."):
        found = _stage_def(key[6:])
        return found.label(lang) if found is not None else None
    return None


def _stage_def(stage: str) -> StageDef | None:
    for method in (_method, builtin("pms")):
        found = method.by_id(stage) if method is not None else None
        if found is not None:
            return found
    return None


def criterion_label(key: str, lang: str = "en") -> str:
    return text(f"criterion.{key}", lang) if has_text(f"criterion.{key}") else key


def label(kind: str, value: str | None, lang: str = "en") -> str:
    """A vocabulary label such as ``label("level", "executive", "zh")`` → 决策层."""
    return text(f"{kind}.{value if value is not None else 'none'}", lang)


def join_names(names: list[str], lang: str = "en") -> str:
    return ("、" if lang == "zh" else ", ").join(names)


def reason(code: str, params: Mapping[str, Any] | None = None, lang: str = "en") -> str:
    """One reason code of the rules in words; a ``criterion`` reason nests the criterion's own."""
    values = dict(params or {})
    if code == "criterion":
        key = values["key"]
        values["label"] = key.replace("_", " ") if lang == "en" else criterion_label(key, lang)
        why_code, why_params = values["why"]
        values["reason"] = reason(why_code, why_params, lang)
    if "key" in values:
        values["key_label"] = _labels.DATE_LABELS.get(lang, {}).get(values["key"], values["key"])
    return text(f"reason.{code}", lang, **values)


def reasons(items: list[Any], lang: str = "en") -> list[str]:
    """Each object's ``code``/``params`` (a rules.Missing, a criterion result) in words."""
    return [reason(item.code, item.params, lang) for item in items]


def _n(count: float, noun: str) -> str:
    return f"{count:g} {noun}" if count == 1 else f"{count:g} {noun}s"


def shape_reason(pattern: str, f: Mapping[str, float], lang: str = "en") -> str:
    """Why the shape is what it is, from the counts the diagnosis gives (its ``facts``)."""
    if lang == "zh":
        return text(f"shape.{pattern}.reason", "zh").format(**f)
    if pattern == "B":
        return (
            f"{_n(f['effective'], 'effective prospect')} (25%/50%/90%), "
            f"fewer than the {f['need']:g} one deal consumes"
        )
    if pattern == "A":
        return f"{f['late']:g} at 50%/90% against {f['early']:g} at first-meeting/25%"
    if pattern == "C":
        return f"{f['stuck']:g} of {f['middle']:g} contacts at 25%/50% are past the sales cycle"
    return f"{_n(f['fm'], 'first meeting')}, {f['p25']:g} at 25%, {f['p50']:g} at 50%, {f['p90']:g} at 90%"


def shape_text(pattern: str, lang: str = "en") -> tuple[str, str]:
    """(name, remedy) of a shape diagnosis."""
    return text(f"shape.{pattern}", lang), text(f"shape.{pattern}.remedy", lang)


def name_shape(shape: ShapeData, lang: str) -> None:
    """Fill a report's shape (``pattern`` and ``facts`` from the rules) with its name,
    remedy and reason in ``lang``: the one place the shape is put into words."""
    name, remedy = shape_text(shape["pattern"], lang)
    shape["name"], shape["remedy"] = name, remedy
    shape["reason"] = shape_reason(shape["pattern"], shape["facts"], lang)
