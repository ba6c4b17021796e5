"""What a load of a data folder gives: the records, the settings and the problems met."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pipetrack.domain.errors import Problem

if TYPE_CHECKING:
    from pipetrack.domain.models import Account, Contact, DealFacts, Settings
    from pipetrack.domain.projects import Project

Kind = Literal["contacts", "accounts", "projects"]
#: The record kinds, each a folder of ``<id>.yaml`` files (projects/: project sales).
KINDS: tuple[Kind, ...] = ("contacts", "accounts", "projects")


@dataclass
class Folder:
    """Everything loaded from a data folder, with the problems met on the way.

    ``contacts`` holds ``Contact`` models, or, from the folder's index, slim
    contacts (``domain.slim.SlimContact``: the same attributes, no pydantic)
    unless the load asked for models (``full``)."""

    root: Path
    settings: Settings
    accounts: dict[str, Account] = field(default_factory=dict)
    contacts: dict[str, Contact] = field(default_factory=dict)
    projects: dict[str, Project] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def model_for(kind: str) -> type[Contact] | type[Account] | type[Project]:
    """The model of a file kind (``contacts``, ``accounts`` or ``projects``)."""
    from pipetrack.domain.models import Account, Contact

    if kind == "projects":
        from pipetrack.domain.projects import Project

        return Project
    return Contact if kind == "contacts" else Account


def deal_of(contact: Contact) -> DealFacts | None:
    """A contact that is, or was, closed, as the sales cycle reads it
    (rules.closed_on: the closed history entries, the stage and dates);
    None for any other contact."""
    from pipetrack.domain.models import DealFacts, HistoryFact, Stage

    closed = tuple(HistoryFact(h.date, h.stage) for h in contact.history if h.stage is Stage.CLOSED)
    if contact.stage is not Stage.CLOSED and not closed:
        return None
    return DealFacts(
        contact.id,
        contact.name,
        contact.owner,
        contact.value,
        contact.created,
        contact.signed,
        contact.paid,
        contact.stage,
        closed,
    )


def closed_deals(contacts: Iterable[Contact]) -> list[DealFacts]:
    """The deal list of a folder: :func:`deal_of` each contact that is one."""
    return [d for d in map(deal_of, contacts) if d is not None]
