"""The deal list: the closed contacts of the last full load, and a journal of pipetrack's writes since.

``deals.pickle`` holds the closed contacts of the last full load with a
fingerprint of every file's key, so ``show`` and ``move`` get the sales cycle
from a stat of the folder instead of a load. ``deals.journal`` records
pipetrack's own writes since (old key, new key, hash of the bytes written, the
contact's deal entry); anything else that changed a file sends the next
one-contact command to a full load, which starts a new deal list.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from pipetrack.domain.models import DealFacts
from pipetrack.storage import fs
from pipetrack.storage.cache import codec
from pipetrack.storage.cache.codec import Key
from pipetrack.storage.fs import CACHE_DIR

#: The closed deals of a folder whose files have all settled: the sales cycle
#: for the one-contact commands (show, move) without loading every record.
DEALS_FILE = "deals.pickle"
#: pipetrack's own writes since the deal list was saved (move, log, add, review
#: --apply), so the next one-contact command need not load the whole folder.
JOURNAL_FILE = "deals.journal"
#: A longer journal is ignored (the next full load starts a new deal list).
JOURNAL_MAX = 1000

Keys = Mapping[str, Key | None]
#: One journal entry: base (deal list token), rel, old and new key, sha (of the bytes written), deal.
Entry = dict[str, Any]


def keys_digest(keys: Keys) -> str:
    """One fingerprint of every file's name and key, so the deal list stays small
    to read: sha256 of the names, then Python's hash of the keys (integers hash
    the same in every process, unlike text). ~9 ms for 11,000 files."""
    names = sorted(keys)
    unknown = (-1, -1, -1, -1)
    digest = hashlib.sha256("\0".join(names).encode("utf-8", "surrogateescape"))  # any file name
    digest.update(hash(tuple([keys[name] or unknown for name in names])).to_bytes(8, "little", signed=True))
    return digest.hexdigest()


def save_deals(
    root: Path,
    settings: bytes,
    keys: Keys,
    closed: Callable[[], list[DealFacts]],
    read: Mapping[str, bytes | None],
    bad: list[str],
) -> None:
    """Remember the closed deals with a fingerprint of the key of every file.

    An unchanged listing of keys later proves the deals are still the same,
    except for a file changed within RACY_NS of now ("racily clean": an edit in
    the same timestamp tick could keep its key): for those, the hash of the
    bytes parsed (``read``: sha256 by file, of this load's parses) is kept and
    checked. ``bad`` names the files that could not be read (for the warning
    of a one-contact command). A new deal list starts an empty journal (see
    :func:`note_write`).
    """
    cutoff = codec._now() - codec.RACY_NS
    racy = {rel: read.get(rel) for rel, k in keys.items() if k is None or k[1] >= cutoff or k[2] >= cutoff}
    if any(k is None for k in keys.values()) or None in racy.values():
        return
    folder = Path(root) / CACHE_DIR
    ident = codec.identity(settings, folder)
    with contextlib.suppress(Exception):  # a cache that cannot be written is just not used
        digest = keys_digest(keys)
        old = codec.read_cache_file(folder / DEALS_FILE, ident, body=False)  # a warm run reads no deals
        if (
            old is not None
            and old[0].get("keys") == digest
            and old[0].get("token")
            and not racy
            and not old[0].get("racy")
            and not (folder / JOURNAL_FILE).exists()
        ):
            return
        ident["folder"] = codec.made_folder(folder)
        if ident["folder"] is None:
            return  # a link (or a file) where the cache folder should be: never written through
        header = {**ident, "token": secrets.token_hex(8), "keys": digest, "racy": bool(racy)}
        codec.write_cache_file(folder / DEALS_FILE, header, {"closed": closed(), "racy": racy, "bad": bad})
        with contextlib.suppress(FileNotFoundError):
            os.unlink(folder / JOURNAL_FILE)


def note_write(
    root: Path, rel: str, old: Key | None, new: Key | None, data: bytes, deal: DealFacts | None
) -> None:
    """Journal one of pipetrack's own writes (under the store's lock): the file's
    key before and after, a hash of the bytes written and, for a contact, its
    entry in the deal list (None when it is not a deal). Best effort: without a
    journal entry the next one-contact command loads the whole folder."""
    folder = Path(root) / CACHE_DIR
    # only onto a deal list of this pipetrack: another's writes are its business
    ident = codec.identity(codec.settings_bytes(root), folder)
    found = codec.read_cache_file(folder / DEALS_FILE, ident, body=False)
    if found is None or new is None or not isinstance(found[0].get("token"), str):
        return
    entry = {
        "base": found[0]["token"],
        "rel": rel,
        "old": old,
        "new": new,
        "sha": hashlib.sha256(data).digest(),
        "deal": deal,
    }
    blob = codec.dump_one(entry)
    flags = (
        os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    )
    with contextlib.suppress(OSError):
        fd = os.open(folder / JOURNAL_FILE, flags, 0o644)
        try:
            os.write(fd, len(blob).to_bytes(4, "little") + blob)  # one append: a torn one spoils the journal
        finally:
            os.close(fd)


def _read_journal(path: Path, token: str) -> list[Entry] | None:
    """The journal entries written on the deal list ``token``; None when it cannot be trusted."""
    if not os.path.lexists(path):
        return []
    fh = fs.open_regular(path)  # a link or a pipe in its place is not our journal
    if fh is None:
        return None
    try:
        with fh:
            data = fh.read()
    except OSError:
        return None
    entries, pos = [], 0
    try:
        while pos < len(data):
            size = int.from_bytes(data[pos : pos + 4], "little")
            if pos + 4 + size > len(data):
                return None  # a torn append
            entry = codec.load_one(data[pos + 4 : pos + 4 + size])
            pos += 4 + size
            if not isinstance(entry, dict):
                return None
            if entry.get("base") == token:
                entries.append(entry)
            if len(entries) > JOURNAL_MAX:
                return None
    except Exception:
        return None
    return entries


def load_deals(root: Path, settings: bytes, keys: Keys) -> tuple[list[DealFacts], list[str]] | None:
    """The closed deals saved by the last full load, with pipetrack's own writes
    since (the journal) applied, and the files it could not read, if no file has
    changed otherwise; else None (also for anything malformed: it is a cache).

    A journaled file must still have the key it had after the write and the
    bytes written (a hash), so an edit in the same timestamp tick is seen too.
    """
    try:
        return _load_deals(Path(root), settings, keys)
    except Exception:
        return None


def _is_key(value: Any) -> bool:
    return value is None or (type(value) is tuple and len(value) == 4 and all(type(n) is int for n in value))


def _valid_entry(entry: Entry, keys: Keys) -> bool:
    rel = entry.get("rel")
    return (
        isinstance(rel, str)
        and rel in keys
        and _is_key(entry.get("old"))
        and _is_key(entry.get("new"))
        and isinstance(entry.get("sha"), bytes)
        and (entry.get("deal") is None or isinstance(entry["deal"], DealFacts))
    )


def _payload(found: tuple[codec.Header, Any]) -> tuple[list[DealFacts], dict, list[str]] | None:
    """The deal list's (closed, racy, bad), checked; None when malformed."""
    payload = found[1]
    closed, racy, bad = payload.get("closed"), payload.get("racy") or {}, payload.get("bad") or []
    if (
        not isinstance(closed, list)
        or not all(isinstance(c, DealFacts) for c in closed)
        or not isinstance(racy, dict)
        or not isinstance(bad, list)
        or not all(isinstance(b, str) for b in bad)
    ):
        return None
    return closed, racy, bad


def _replay(journal: list[Entry], keys: Keys) -> tuple[dict[str, Key | None], dict[str, Entry]] | None:
    """Each journaled file's key before our first write and its last entry;
    None when a file changed between two writes of ours (or an entry is malformed)."""
    first: dict[str, Key | None] = {}
    last: dict[str, Entry] = {}
    for entry in journal:
        if not _valid_entry(entry, keys):
            return None
        rel = entry["rel"]
        if rel in last:
            if last[rel]["new"] != entry["old"]:
                return None  # changed by someone else between two writes of ours
        else:
            first[rel] = entry["old"]
        last[rel] = entry
    return first, last


def _sha(path: Path) -> bytes:
    return hashlib.sha256(path.read_bytes()).digest()


def _expected_keys(
    root: Path, keys: Keys, first: dict[str, Key | None], last: dict[str, Entry]
) -> dict | None:
    """The keys the folder had at the last full load, if only our journaled writes changed it."""
    expected = dict(keys)
    for rel, entry in last.items():
        if keys.get(rel) != entry["new"]:
            return None
        stem = rel.rsplit(".", 1)[0]
        if any(other in keys for other in (f"{stem}.yaml", f"{stem}.yml") if other != rel):
            return None  # a twin file with the same id: a full load reports it
        if _sha(root / rel) != entry["sha"]:
            return None
        if first[rel] is None:
            del expected[rel]
        else:
            expected[rel] = first[rel]
    return expected


def _load_deals(root: Path, settings: bytes, keys: Keys) -> tuple[list[DealFacts], list[str]] | None:
    folder = root / CACHE_DIR
    found = codec.read_cache_file(folder / DEALS_FILE, codec.identity(settings, folder))
    checked = _payload(found) if found is not None else None
    if found is None or checked is None:
        return None
    closed, racy, bad = checked
    token = found[0].get("token")
    journal = _read_journal(folder / JOURNAL_FILE, token) if token else []
    replayed = _replay(journal, keys) if journal is not None else None
    if replayed is None:
        return None
    first, last = replayed
    expected = _expected_keys(root, keys, first, last)
    if expected is None or found[0].get("keys") != keys_digest(expected):
        return None
    for rel, digest in racy.items():
        if rel not in last and _sha(root / rel) != digest:
            return None  # (a journaled file's bytes were checked against the journal's hash)
    # the contacts written since, by id (their file may be a .yml)
    written = {
        os.path.splitext(rel)[0].split("/", 1)[1]: entry
        for rel, entry in last.items()
        if rel.startswith("contacts/")
    }
    closed = [c for c in closed if c.id not in written]
    closed += [entry["deal"] for entry in written.values() if entry["deal"] is not None]
    return closed, [b for b in bad if b not in last]  # a file we wrote since was readable
