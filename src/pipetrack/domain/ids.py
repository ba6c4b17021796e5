"""Safe file ids made from names (SPEC section 2)."""

from __future__ import annotations

import hashlib
import re
import unicodedata

MAX_ID_LENGTH = 64
ID_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
_WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(10)} | {f"lpt{i}" for i in range(10)}
)
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def is_valid_id(value: str) -> bool:
    """An id is a lowercase ASCII slug that every filesystem accepts as a file stem."""
    # fullmatch: `$` alone would accept a trailing newline ("a\n").
    return bool(ID_PATTERN.fullmatch(value)) and value not in _WINDOWS_RESERVED


def slugify(name: str) -> str:
    """A stable, safe id for a name.

    ASCII letters and digits survive (accents are folded: ``José`` → ``jose``).
    When the name has characters with no ASCII form (Chinese, say), a short hash
    of the whole name is added so that ``王经理`` and ``李经理`` differ, and the
    same name always gives the same id.
    """
    normal = unicodedata.normalize("NFKC", name).strip()
    folded = unicodedata.normalize("NFKD", normal)
    ascii_part = folded.encode("ascii", "ignore").decode("ascii").lower()
    slug = _NON_SLUG.sub("-", ascii_part).strip("-")
    lost = any(
        unicodedata.category(ch)[0] in "LN" and not ch.isascii()
        for ch in folded
        if unicodedata.category(ch) != "Mn"
    )
    if lost or not slug:
        digest = hashlib.sha256(normal.encode("utf-8")).hexdigest()[:8]
        slug = f"{slug[: MAX_ID_LENGTH - 9].rstrip('-')}-{digest}" if slug else f"x{digest}"
    slug = slug[:MAX_ID_LENGTH].strip("-")
    if slug in _WINDOWS_RESERVED:
        slug = f"{slug}-1"
    return slug


def unique_id(base: str, taken) -> str:
    """``base``, or ``base-2``, ``base-3`` … : the first not in ``taken``."""
    if base not in taken:
        return base
    n = 2
    while True:
        suffix = f"-{n}"
        candidate = base[: MAX_ID_LENGTH - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        n += 1
