"""What a write command is given, checked before anything is written: a new record's name,
a number within the model's bounds, an activity kind and call outcome (services and
project_ops call these; each refusal is a coded UsageError)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pipetrack.domain.errors import UsageError
from pipetrack.domain.models import ACTIVITY_KINDS, CALL_OUTCOMES

TIERS = ("platinum", "gold", "silver")

__all__ = ["Activity", "bounded", "check_tier", "parse_activity", "require_name"]


def require_name(name: str) -> str:
    """A new record's name, stripped; refused when empty."""
    name = name.strip()
    if not name:
        raise UsageError("NAME must not be empty", "name_empty")
    return name


def bounded(number: float | None, option: str, limit_name: str) -> None:
    """Refuse a number beyond the model's bound ``limit_name`` (nan, inf, 1e308) with one line."""
    import math

    from pipetrack.domain import models

    limit = getattr(models, limit_name)
    if number is None:
        return
    if not (number <= limit if isinstance(number, int) else math.isfinite(number) and number <= limit):
        shown = f"{number:,}" if isinstance(number, int) else f"{number:g}"
        raise UsageError(
            f"{option}: {shown} is out of range (0 to {limit:,})",
            "out_of_range",
            option=option,
            shown=shown,
            limit=f"{limit:,}",
        )


@dataclass(frozen=True)
class Activity:
    kind: str
    outcome: str | None = None


def _one_of(label: str, value: str, choices: Sequence[str], code: str) -> None:
    """UsageError ``code`` (with the value and the choices) unless ``value`` is one of ``choices``."""
    if value not in choices:
        message = f"{label}: {value!r} is not one of {', '.join(choices)}"
        raise UsageError(message, code, value=value, choices=list(choices))


def parse_activity(kind: str, outcome: str | None) -> Activity:
    """An activity kind and call outcome as typed (any case, `_` for `-`); UsageError if unknown."""
    kind = kind.strip().lower()
    _one_of("KIND", kind, ACTIVITY_KINDS, "bad_kind")
    if outcome is not None:
        outcome = outcome.strip().lower().replace("_", "-")
        if kind != "call":
            raise UsageError(
                "--outcome is for calls (no-answer, connected, meeting-set)", "outcome_for_calls"
            )
        _one_of("--outcome", outcome, CALL_OUTCOMES, "bad_outcome")
    return Activity(kind, outcome)


def check_tier(tier: str | None) -> None:
    """An account tier as given to --tier: platinum, gold or silver (or none)."""
    if tier is not None and tier not in TIERS:
        message = f"--tier: {tier!r} is not one of platinum, gold, silver"
        raise UsageError(message, "bad_tier", option="--tier", value=tier)
