"""Safe file ids made from names (README: The data folder)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Any

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


#: Two-character Chinese surnames: kept together (欧阳娜娜 → ouyang-nana).
_COMPOUND_SURNAMES = frozenset(
    {"欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐", "慕容", "司徒", "尉迟"}
    | {"长孙", "夏侯", "公孙", "宇文", "轩辕", "端木", "西门", "南宫", "独孤", "呼延"}
)


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


def _as_is(chars: str) -> Any:
    return list(chars)


def _pinyin_runs(text: str, person: bool) -> str:
    """Each run of Chinese characters in its pinyin, tone marks dropped.

    A person's name that begins in Chinese reads surname-given name
    (``王经理`` → ``wang jingli``); any other run is one word
    (``华南印刷`` → ``huananyinshua``). A character pypinyin does not know
    stays as it is (and the caller falls back to a hash).
    """
    from pypinyin import Style, lazy_pinyin

    def spell(run: str) -> list[str]:
        # errors: an unknown character comes back unchanged, so the caller sees it is not ASCII
        syllables = lazy_pinyin(run, style=Style.NORMAL, errors=_as_is, v_to_u=False)
        return [s.lower() for s in syllables]

    out: list[str] = []
    i, first = 0, True
    while i < len(text):
        if not _is_han(text[i]):
            out.append(text[i])
            i += 1
            if not text[i - 1].isspace():
                first = False
            continue
        j = i
        while j < len(text) and _is_han(text[j]):
            j += 1
        run = text[i:j]
        syllables = spell(run)
        if person and first and len(run) > 1 and len(syllables) == len(run):
            cut = 2 if len(run) > 2 and run[:2] in _COMPOUND_SURNAMES else 1
            out.append(f" {''.join(syllables[:cut])} {''.join(syllables[cut:])} ")
        else:
            out.append(f" {''.join(syllables)} ")
        first = False
        i = j
    return "".join(out)


def slugify(name: str, person: bool = True) -> str:
    """A stable, safe id for a name.

    ASCII letters and digits survive (accents are folded: ``José`` → ``jose``).
    Chinese is spelled in pinyin (``王经理`` → ``wang-jingli``; ``person=False``
    for an organisation: ``华南印刷`` → ``huananyinshua``). Only when a character
    has no ASCII form even so (``ß``, kana, an emoji) is a short hash of the
    whole name added, so that different names still differ and the same name
    always gives the same id.
    """
    normal = unicodedata.normalize("NFKC", name).strip()
    spelled = _pinyin_runs(normal, person) if any(_is_han(ch) for ch in normal) else normal
    folded = unicodedata.normalize("NFKD", spelled)
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
