"""The folder loader, wrapped by the cache (as beancount's pickle cache wraps its loader).

``load`` lists the folder, takes each unchanged file's record from the index
(cache.index), parses the rest (many at once over a process pool), assembles the
folder in file-name order as if read one by one, and saves the cache and the
deal list. It sees the store only through :class:`Source`, so the cache never
imports the store.
"""

from __future__ import annotations

import functools
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from pipetrack.domain.errors import DataError, NotFoundError, Problem
from pipetrack.domain.ids import is_valid_id
from pipetrack.storage import fs, yamlio
from pipetrack.storage.cache import codec, facts, pool
from pipetrack.storage.cache.codec import Key
from pipetrack.storage.cache.deals import save_deals
from pipetrack.storage.cache.index import Index, Row
from pipetrack.storage.folder import KINDS, Folder, closed_deals, model_for
from pipetrack.storage.validate import validate

if TYPE_CHECKING:
    from pipetrack.domain.models import Settings

#: A listed data file: its id (the name without extension) and its directory entry.
Listed = tuple[str, os.DirEntry]


class Source(Protocol):
    """What the loader needs of a data folder (the store is one)."""

    root: Path

    def display(self, path: Path) -> str: ...

    def listing(self, kind: str) -> list[Listed]: ...

    def escapes(self, entry: os.DirEntry) -> bool: ...

    def load_settings(self) -> Settings: ...

    def context(self, kind: str) -> dict[str, Any] | None: ...


def parse_job(job: pool.Job, contexts: dict[str, Any] | None = None) -> pool.Parsed:
    """One file of a load, read, parsed and validated: ``(record, problems, sha256)``;
    ``contexts`` gives the validation context of each kind (the folder's contact method)."""
    kind, path, rel, stem = job
    digest = None
    try:
        data = fs.read_limited(Path(path), rel, yamlio.MAX_FILE_BYTES)
        digest = hashlib.sha256(data).digest()
        mapping = yamlio.load_mapping(data, rel)
        context = contexts.get(kind) if contexts else None
        record = validate(model_for(kind), mapping, rel=rel, record_id=stem, source=data, context=context)
    except DataError as exc:
        return None, list(exc.problems), digest
    except NotFoundError:  # a link to nothing, or removed since the listing
        return None, [Problem(rel, None, "does not exist (a broken link?)", code="load.broken_link")], digest
    return record, [], digest


@dataclass
class _Run:
    """One load in progress: what was listed, found in the index, or parsed."""

    listed: dict[str, list[Listed]]
    index: Index | None
    rows: dict[str, Row]
    full: bool = False
    #: only bring the index up to date: an unchanged file's row is not decoded
    refresh: bool = False
    keys: dict[str, Key | None] = field(default_factory=dict)
    found: dict[str, pool.Parsed] = field(default_factory=dict)
    hits: set[str] = field(default_factory=set)
    #: the records parsed this run with their key: (rel, kind, key, record), for the index
    fresh: list[tuple[str, str, Key, Any]] = field(default_factory=list)


def load(
    source: Source,
    use_cache: bool = True,
    progress: pool.Progress | None = None,
    full: bool = False,
    refresh: bool = False,
) -> Folder:
    """Load the whole folder. Bad files become problems; the rest still loads.

    Unchanged files come from the index unless ``use_cache`` is false (every
    file is parsed then, and the index is left as it is). Contacts from the
    index are slim (domain.slim) unless ``full`` asks for pydantic models.
    ``refresh`` only brings the index up to date (``pipetrack query``): the
    records of unchanged files are then not built (their rows stand in for
    them), only the problems of the folder mean anything.
    """
    folder = Folder(root=source.root, settings=source.load_settings())
    with pool.gc_paused():
        settings = codec.settings_bytes(source.root) if use_cache else b""
        index = Index(source.root, settings) if use_cache else None
        rows = index.read(full) if index else {}
        listed: dict[str, list[Listed]] = {
            kind: sorted(source.listing(kind), key=lambda f: (f[0], f[1].name)) for kind in KINDS
        }
        run = _Run(listed, index, rows, full, refresh)
        contexts: dict[str, Any] = {kind: source.context(kind) for kind in KINDS}
        jobs = _lookup(source, run, contexts)
        parse = functools.partial(parse_job, contexts=contexts) if any(contexts.values()) else parse_job
        for job, result in zip(jobs, pool.parse_many(parse, jobs, progress), strict=True):
            run.found[f"{job[0]}/{os.path.basename(job[1])}"] = result
        bad = _assemble(source, run, folder)
        if index:
            index.save(run.fresh, set(run.keys))
        if index and not refresh:
            read = {name: result[2] for name, result in run.found.items()}  # (None for index hits)
            save_deals(
                source.root, settings, run.keys, lambda: closed_deals(folder.contacts.values()), read, bad
            )
    return folder


def _from_row(kind: str, row: Row, decode: Any, run: _Run, context: Any) -> Any | None:
    """The record of an index row: slim facts, a model rebuilt from them, or the pickled model."""
    _key, slim, pickled = row
    if run.refresh:
        return row if slim is not None or pickled is not None else None
    try:
        if slim is not None:
            record = decode(slim)
            return facts.to_model(record, context) if run.full else record
        if pickled is not None:
            record = codec.load_one(pickled)
            return record if type(record) is model_for(kind) else None
    except Exception:  # a row we cannot read is parsed again (and replaced)
        return None
    return None


def _lookup(source: Source, run: _Run, contexts: dict[str, Any]) -> list[pool.Job]:
    """Take each unchanged file from the index; the jobs to parse the others."""
    jobs: list[pool.Job] = []
    decode = facts.decoder()
    rows, keys, found, hits = run.rows, run.keys, run.found, run.hits
    file_key = codec.file_key if run.index else lambda entry: None
    for kind in KINDS:
        # only a link, or a file in a linked folder, can lead outside the folder
        linked = os.path.islink(source.root / kind)
        for stem, entry in run.listed[kind]:
            name = f"{kind}/{entry.name}"
            key = keys[name] = file_key(entry)  # before reading
            if (linked or entry.is_symlink()) and source.escapes(entry):
                continue
            row = rows.get(name)
            record = None
            if row is not None and key is not None and row[0] == key:  # (only a valid id has a row)
                record = _from_row(kind, row, decode, run, contexts.get(kind))
            if record is not None and key is not None:
                found[name] = (record, [], None)
                hits.add(name)
                rows[name] = (key, None, None)  # its bytes are not needed again: freed as we go
            elif is_valid_id(stem):
                jobs.append((kind, entry.path, source.display(Path(entry.path)), stem))
    return jobs


def _assemble(source: Source, run: _Run, folder: Folder) -> list[str]:
    """The folder in file-name order, as if read one by one; the names of the bad files."""
    bad: list[str] = []
    for kind in KINDS:
        target: dict[str, Any] = getattr(folder, kind)
        for stem, entry in run.listed[kind]:
            name = f"{kind}/{entry.name}"
            result = run.found.get(name)
            if result is None or stem in target:
                folder.problems.append(_why(source.display(Path(entry.path)), stem, target))
                bad.append(name)
                continue
            record, problems, _ = result
            if problems:
                folder.problems.extend(problems)
                bad.append(name)
                continue
            if run.index and name not in run.hits and (key := run.keys.get(name)) is not None:
                run.fresh.append((name, kind, key, record))
            target[stem] = record
    return bad


def _why(rel: str, stem: str, target: dict[str, Any]) -> Problem:
    """Why a listed file is not a record: a bad id, a second file of that id, a link out."""
    if not is_valid_id(stem):
        message, code = (
            f"file name {stem!r} is not a valid id (lowercase a-z, 0-9 and '-')",
            "load.bad_file_id",
        )
    elif stem in target:
        message, code = f"duplicate id {stem!r}: another file has the same name", "load.duplicate_id"
    else:
        message, code = "symbolic link to outside the data folder; ignored", "load.link_outside"
    return Problem(rel, None, message, code=code, params={"stem": repr(stem)})
