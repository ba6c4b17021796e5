"""The method files: the ones shipped in the package and a folder's own ``methods/*.yaml``.

This module reads them; :mod:`pipetrack.domain.method` parses the mappings. A shipped
method is parsed once per process; a folder's files are parsed when the folder's
settings name a method they define (or override), and a broken one is a DataError
naming the file and the key.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipetrack.domain.errors import DataError

if TYPE_CHECKING:
    from pipetrack.domain.method import Method

METHODS_DIR = "methods"


def _shipped() -> Any:
    """The package's methods folder: a plain folder beside this module when installed as files
    (as pip does), else through importlib.resources (a zip), whose import costs ~20 ms a run."""
    here = Path(__file__).resolve().parent.parent / "methods"
    if here.is_dir():
        return here
    from importlib import resources  # pragma: no cover - a zipped install

    return resources.files("pipetrack") / "methods"  # pragma: no cover


def read_shipped(name: str) -> tuple[Any, str]:
    """The mapping of the shipped method file ``name`` and the name to show for it."""
    from pipetrack.storage import yamlio

    source = f"pipetrack/methods/{name}.yaml"
    try:
        data = (_shipped() / f"{name}.yaml").read_bytes()
    except OSError:
        raise DataError(source, None, f"no method {name!r} is shipped with pipetrack") from None
    return yamlio.load_mapping(data, source), source


def shipped_names() -> list[str]:
    return sorted(p.name[: -len(".yaml")] for p in _shipped().iterdir() if p.name.endswith(".yaml"))


def folder_files(root: Path) -> dict[str, Path]:
    """A folder's own method files by name (``methods/<name>.yaml``), from the listing alone."""
    folder = Path(root) / METHODS_DIR
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return {}
    found: dict[str, Path] = {}
    for entry in sorted(entries, key=lambda e: e.name):
        name = entry.name
        if not name.startswith(".") and name.endswith((".yaml", ".yml")) and entry.is_file():
            found.setdefault(name.rsplit(".", 1)[0], Path(entry.path))
    return found


def folder_bytes(root: Path) -> bytes:
    """The bytes of a folder's method files (part of the cache's identity: a stage a method
    file adds or renames changes how contact files validate)."""
    parts = []
    for name, path in folder_files(root).items():
        try:
            parts.append(name.encode() + b"\0" + path.read_bytes())
        except OSError:
            continue
    return b"\0\0".join(parts)


_parsed: dict[tuple[str, bytes], Method] = {}


def load_method(root: Path, name: str, display: Any = str) -> Method:
    """The method ``name`` of a folder: its own ``methods/<name>.yaml``, else the shipped one.
    Raises DataError (one line naming the file and the key) for a broken or unknown one."""
    from pipetrack.domain import methodfile
    from pipetrack.storage import yamlio

    own = folder_files(root).get(name)
    if own is None:
        try:
            return methodfile.builtin(name)
        except DataError:
            known = sorted({*shipped_names(), *folder_files(root)})
            raise DataError(
                "pipetrack.yaml", None, f"methods: no method {name!r} (known: {', '.join(known)})"
            ) from None
    rel = display(own)
    data = own.read_bytes()
    found = _parsed.get((rel, data))
    if found is None:
        try:
            found = methodfile.parse_method(yamlio.load_mapping(data, rel), rel, name)
        except ValueError as exc:
            raise DataError(rel, None, str(exc).removeprefix(f"{rel}: ")) from None
        if found.id != name:
            raise DataError(rel, None, f"id: {found.id!r} differs from the file name ({name!r})")
        _parsed[(rel, data)] = found
    return found


def contacts_method(root: Path, name: str, display: Any = str) -> Method | None:
    """The method the folder's contacts follow; None for the shipped Prospect Management
    System (the fast path: nothing to read). A folder's own ``methods/pms.yaml`` may change
    its labels, aliases, weights and gates, but not its stage ids (the funnel, the shape and
    the weekly sheet are built on them)."""
    from pipetrack.domain.methodfile import builtin

    if name == "pms" and "pms" not in folder_files(root):
        return None
    found = load_method(root, name, display)
    source = display(folder_files(root)[name]) if name in folder_files(root) else "pipetrack.yaml"
    if found.kind != "contacts":
        raise DataError("pipetrack.yaml", None, f"methods.contacts: {name!r} is a method of {found.kind}")
    shipped = builtin("pms")
    if name == "pms" and (found.ids, found.won, found.lost) != (shipped.ids, shipped.won, shipped.lost):
        raise DataError(
            source, None, f"stages: the Prospect Management System keeps its stage ids ({shipped.choices})"
        )
    return found


def adopt(root: Path, settings: Any, display: Any = str) -> dict[str, Any] | None:
    """Resolve the folder's contact method (settings ``methods.contacts``) onto ``settings``;
    the validation context of its contact files (None: the shipped method). DataError
    naming the method file when it is broken."""
    found = contacts_method(root, settings.methods.contacts, display)
    if found is None:
        return None
    settings._contacts = found
    return {"contacts": found}
