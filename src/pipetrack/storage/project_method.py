"""The folder's project method and its go/no-go checkpoints, read once per process.

The method comes from :func:`pipetrack.storage.methods.load_method` (a folder's own
``methods/<name>.yaml``, else the shipped one); the ``checkpoints`` block of the same file
is parsed here by :func:`pipetrack.domain.project_rules.parse_checkpoints`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipetrack.domain.errors import DataError

if TYPE_CHECKING:
    from pipetrack.domain.method import Method
    from pipetrack.domain.models import Settings
    from pipetrack.domain.project_rules import CheckpointDef

#: The project method a folder uses unless its settings name another (`methods: {projects: …}`).
DEFAULT = "project"


@dataclass(frozen=True)
class ProjectMethod:
    method: Method
    checkpoints: tuple[CheckpointDef, ...]


def method_name(settings: Settings) -> str:
    """Settings `methods.projects`, else ``project``."""
    chosen = getattr(settings, "methods", None)
    found = chosen.get("projects") if isinstance(chosen, dict) else getattr(chosen, "projects", None)
    return str(found) if found else DEFAULT


_loaded: dict[tuple[str, str], ProjectMethod] = {}


def load(root: Path, settings: Settings, display: Callable[[Path], str] = str) -> ProjectMethod:
    """The project method of the folder at ``root``; DataError naming the file when broken."""
    from pipetrack.domain.project_rules import parse_checkpoints
    from pipetrack.storage import methods, yamlio

    name = method_name(settings)
    method = methods.load_method(root, name, display)
    if method.kind != "projects":
        raise DataError("pipetrack.yaml", None, f"methods.projects: {name!r} is a method of {method.kind}")
    own = methods.folder_files(root).get(name)
    if own is None:
        doc, source = methods.read_shipped(name)
    else:
        source = display(own)
        doc = yamlio.load_mapping(own.read_bytes(), source)
    key = (source, repr(doc.get("checkpoints")))
    found = _loaded.get(key)
    if found is None or found.method is not method:
        try:
            checkpoints = parse_checkpoints(doc.get("checkpoints"), source)
        except ValueError as exc:
            raise DataError(source, None, str(exc).removeprefix(f"{source}: ")) from None
        found = _loaded[key] = ProjectMethod(method, checkpoints)
    return found
