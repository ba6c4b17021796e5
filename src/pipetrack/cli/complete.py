"""Shell completion that knows the data: ids and names, stages, owners, weeks, keys.

Completion runs on every <TAB>, so it reads file names (and, for names and
owners, one cheap line scan of each file), never a full validated load; it
never fails: a folder it cannot find completes nothing.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path
from typing import Any

_NAME = re.compile(rb"^name:[ \t]*['\"]?(.*?)['\"]?[ \t]*(?:#.*)?$", re.MULTILINE)
_OWNER = re.compile(rb"^owner:[ \t]*['\"]?([a-z0-9][a-z0-9-]*)['\"]?[ \t]*(?:#.*)?$", re.MULTILINE)
#: Above this many files, names and owners are not scanned (ids still complete).
SCAN_LIMIT = 20_000


def _root(ctx: Any) -> Path | None:
    from pipetrack.storage.store import SETTINGS_FILE

    data = None
    with contextlib.suppress(AttributeError):
        data = ctx.find_root().params.get("data")
    if isinstance(data, (list, tuple)):  # --data may be given several times
        data = data[0] if data else None
    data = data or os.environ.get("PIPETRACK_DATA")
    if data:
        root = Path(data).expanduser()
        return root if (root / SETTINGS_FILE).is_file() else None
    cwd = Path.cwd()
    for folder in (cwd, *cwd.parents):
        if (folder / SETTINGS_FILE).is_file():
            return folder
    return None


def _stems(root: Path, sub: str) -> list[tuple[str, Path]]:
    try:
        names = os.listdir(root / sub)
    except OSError:
        return []
    return sorted(
        (n.rsplit(".", 1)[0], root / sub / n)
        for n in names
        if n.endswith((".yaml", ".yml")) and not n.startswith(".")
    )


def _head(path: Path) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(4096)
    except OSError:
        return b""


def _records(ctx: Any, incomplete: str, sub: str) -> list[tuple[str, str]]:
    root = _root(ctx)
    if root is None:
        return []
    files = _stems(root, sub)
    key = incomplete.casefold()
    out = [(stem, "") for stem, _ in files if stem.startswith(key)]
    if (out and incomplete.isascii()) or len(files) > SCAN_LIMIT:
        return _with_names(out, dict(files))
    for stem, path in files:  # a name typed (Chinese too): scan each file's name line
        m = _NAME.search(_head(path))
        name = m[1].decode("utf-8", "replace") if m else ""
        if name and name.casefold().startswith(key):
            out.append((name, stem))
    return out


def _with_names(found: list[tuple[str, str]], paths: dict[str, Path]) -> list[tuple[str, str]]:
    if len(found) > 50:
        return found
    named = []
    for stem, _ in found:
        m = _NAME.search(_head(paths[stem]))
        named.append((stem, m[1].decode("utf-8", "replace") if m else ""))
    return named


def contacts(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    return _records(ctx, incomplete, "contacts")


def accounts(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    return _records(ctx, incomplete, "accounts")


def records(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    return contacts(ctx, incomplete) + accounts(ctx, incomplete)


def archived(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    return _records(ctx, incomplete, "archive/contacts")


def stages(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    import pipetrack.storage  # noqa: F401  (reads the shipped method files)
    from pipetrack.domain.method import normalize
    from pipetrack.domain.methodfile import builtin

    key = incomplete.casefold()
    found: dict[str, str] = {}
    for stage in builtin("pms").stages:
        for word in (stage.id, *stage.aliases, stage.label_en, stage.label_zh):
            found.setdefault(normalize(word), stage.id)
    return [(alias, stage) for alias, stage in found.items() if alias.startswith(key) and " " not in alias]


def owners(ctx: Any, incomplete: str) -> list[str]:
    root = _root(ctx)
    if root is None:
        return []
    found: set[str] = set()
    settings = _head(root / "pipetrack.yaml")
    found.update(m.decode() for m in _OWNER.findall(settings))
    files = _stems(root, "contacts")
    if len(files) <= SCAN_LIMIT:
        for _, path in files:
            found.update(m.decode() for m in _OWNER.findall(_head(path)))
    return sorted(o for o in found if o.startswith(incomplete))


def weeks(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    choices = [
        ("this", "this week"),
        ("last", "last week"),
        ("-1", "last week"),
        ("-2", "the week before"),
        ("-3", "three weeks back"),
        ("-4", "four weeks back"),
    ]
    return [c for c in choices if c[0].startswith(incomplete)]


def set_keys(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """``KEY=`` for set/unset: the keys of a contact, or of an account with --account."""
    from pipetrack.domain.fields import ACCOUNT_FIELDS, CONTACT_FIELDS

    if "=" in incomplete:
        return []
    is_account = bool(ctx.params.get("account")) if hasattr(ctx, "params") else False
    suffix = "" if ctx.info_name == "unset" else "="
    typed = incomplete.casefold()
    out = []
    for f in ACCOUNT_FIELDS if is_account else CONTACT_FIELDS:
        # the shell keeps only what starts with the typed text: offer the name that matched
        name = next((n for n in (f.key, f.path[-1], *f.labels) if n.casefold().startswith(typed)), None)
        if name is not None:
            out.append((name + suffix, f.key))
    return out
