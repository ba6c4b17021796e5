"""YAML in and out, on bytes only (the store does the file I/O).

Two parsers serve two jobs:

* reading: PyYAML's libyaml ``CSafeLoader`` (about 12x faster than the
  round-trip parser), with YAML 1.2 scalars so ``yes``/``no``/``on`` stay text,
  as they do for ruamel; guarded against the inputs that would hurt
  (tags, aliases, deep nesting, huge files, merge-conflict markers);
* writing: ruamel.yaml round-trip for the one file being changed, set up so a
  no-op load/dump is byte-identical and an edit changes only its own lines.
"""

from __future__ import annotations

import dataclasses
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import yaml

from pipetrack.domain.errors import DataError
from pipetrack.storage.yamlerrors import MAX_DEPTH, too_deep, yaml_error

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_FLOW_DEPTH = 50  # more brackets than this get a closer look
#: The biggest file pipetrack edits, in lines and in values (each key, value, list and
#: mapping): the round-trip parser that keeps every comment and quote costs about
#: 0.2 ms per value, so 10,000 values are about 2 s (a 1.75 MB contact of 50,000
#: activities made `log` take 57 s of CPU). Bigger files are read, never edited.
MAX_EDIT_LINES = 10_000
MAX_EDIT_VALUES = 10_000
#: Lines indented further than this (spaces and `- `/`? ` indicators) get an
#: exact depth count before the parse: libyaml's composer recurses in C and a
#: few thousand levels of `- - - - x` crash the interpreter.
_PREFIX_COLUMNS = 40
_LINE_PREFIX = re.compile(r"^(?:[ \t]|[-?:](?=[ \t]|$))+", re.MULTILINE)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
BOM = b"\xef\xbb\xbf"
_CONFLICT = re.compile(rb"^(<{7}|={7}|>{7}|\|{7})(?: |\r?$)", re.MULTILINE)


@dataclass(frozen=True)
class TextFormat:
    """How a file spells its bytes, so a write gives them back the same way."""

    bom: bool = False
    #: the line end every line has: "\n", "\r\n" (Windows) or "\r" (old Mac)
    newline: str = "\n"
    #: lines end in more than one way (CRLF and LF, or a lone CR among them)
    mixed: bool = False
    #: the file does not end with a newline
    no_final_newline: bool = False
    #: lists written flush with their key (``history:\n- {…}``) rather than indented
    flush_lists: bool = False


# --- fast safe reading -------------------------------------------------------

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Safe loader with YAML 1.2 core-schema scalars."""


_Loader.yaml_implicit_resolvers = {}
for _tag, _regexp, _first in (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (
        "tag:yaml.org,2002:int",
        r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$",
        "-+0123456789",
    ),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    (
        "tag:yaml.org,2002:timestamp",
        r"^(?:[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
        r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}"
        r"(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$",
        "0123456789",
    ),
):
    _Loader.add_implicit_resolver(_tag, re.compile(_regexp), list(_first))


def _construct_int(loader: Any, node: Any) -> int:
    text = loader.construct_scalar(node)
    try:
        if text.startswith("0o"):
            return int(text[2:], 8)
        return int(text, 0) if text.startswith("0x") else int(text)
    except ValueError:  # more digits than Python converts (4300)
        raise yaml.constructor.ConstructorError(
            None, None, f"number with {len(text)} digits is too long", node.start_mark
        ) from None


def _construct_mapping(loader: Any, node: Any, deep: bool = False) -> dict[Any, Any]:
    # PyYAML keeps the last of two equal keys without a word; the user would see
    # one value in the file and pipetrack would use another. Refuse instead.
    mapping = yaml.constructor.SafeConstructor.construct_mapping(loader, node, deep)
    if len(mapping) < len(node.value):
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = loader.construct_object(key_node)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r} (first on line {seen[key]})", key_node.start_mark
                )
            seen[key] = key_node.start_mark.line + 1
    return mapping


def _construct_timestamp(loader: Any, node: Any) -> Any:
    # An impossible date (2026-02-30) stays text, so validation can name the field.
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_Loader.construct_mapping = _construct_mapping
# Plain values only: no bytes, sets or ordered pairs (and, being a safe loader,
# no python objects); an unknown tag is refused with its line.
for _name in ("binary", "set", "omap", "pairs"):
    _Loader.yaml_constructors.pop(f"tag:yaml.org,2002:{_name}", None)


def split_format(data: bytes) -> tuple[bytes, TextFormat]:
    """Strip a BOM and make line ends LF; say which were there."""
    bom = data.startswith(BOM)
    if bom:
        data = data[len(BOM) :]
    newline, mixed = "\n", False
    if b"\r" in data:
        crlf = data.count(b"\r\n")
        cr, lf = data.count(b"\r") - crlf, data.count(b"\n") - crlf
        kinds = [end for end, n in (("\r\n", crlf), ("\r", cr), ("\n", lf)) if n]
        newline, mixed = kinds[0], len(kinds) > 1
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")  # as YAML reads them: each is a line break
    return data, TextFormat(
        bom=bom, newline=newline, mixed=mixed, no_final_newline=bool(data) and not data.endswith(b"\n")
    )


def join_format(text: str, fmt: TextFormat) -> bytes:
    if fmt.no_final_newline and text.endswith("\n"):
        text = text[:-1]
    if fmt.newline != "\n":
        text = text.replace("\n", fmt.newline)
    data = text.encode("utf-8")
    return BOM + data if fmt.bom else data


def conflict_line(data: bytes) -> int | None:
    """The line of the first git merge-conflict marker, if any."""
    if b"<<<<<<<" not in data and b">>>>>>>" not in data:
        return None
    match = _CONFLICT.search(data)
    return data.count(b"\n", 0, match.start()) + 1 if match else None


def decode(data: bytes, path: str) -> tuple[str, TextFormat]:
    """Bytes to text, refusing what no YAML file of ours can be."""
    if len(data) > MAX_FILE_BYTES:
        # The store reads one byte past the limit, so the size itself is unknown here.
        mb = MAX_FILE_BYTES // 2**20
        raise DataError(
            path,
            None,
            f"file is too large (more than {mb} MB); is it a data file?",
            code="load.too_large",
            mb=mb,
        )
    line = conflict_line(data)
    if line is not None:
        raise DataError(
            path, line, f"unresolved git merge conflict in {path}:{line}", code="load.merge_conflict", at=line
        )
    data, fmt = split_format(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = f"{data[exc.start]:02x}"
        raise DataError(
            path,
            line,
            f"not valid UTF-8 (byte 0x{byte}); save the file as UTF-8",
            code="load.not_utf8",
            byte=byte,
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise DataError(path, line, "contains a NUL character", code="load.nul")
    return text, fmt


def _flow_may_nest(text: str) -> bool:
    """Whether ``[``/``{`` might nest deeper than three levels (cheap, C speed).

    Brackets are counted anywhere, strings included, so this only decides
    whether the exact count (an event parse) is needed: libyaml's parser is
    quadratic in flow depth and its composer overflows the C stack, so deep
    flow must be stopped at the first level too many.
    """
    if text.count("[") + text.count("{") <= MAX_FLOW_DEPTH:
        return False
    marks = _NOT_BRACKET.sub("", text)
    for _ in range(3):  # each pass removes the innermost pairs
        marks = marks.replace("[]", "").replace("{}", "")
    return "[" in marks or "{" in marks


def _check_structure(text: str, path: str) -> None:
    """Refuse aliases and deep nesting before libyaml recurses into them."""
    anchors = "&" in text or "*" in text
    deep = _flow_may_nest(text) or max(map(len, _LINE_PREFIX.findall(text)), default=0) > _PREFIX_COLUMNS
    if not (anchors or deep):
        return
    # The event parser keeps its own stack (no recursion); stopping at the first
    # offence keeps it fast on hostile input.
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            mark: Any = event.start_mark
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                line = mark.line + 1
                raise DataError(
                    path, line, "anchors and aliases (&name, *name) are not allowed", code="load.anchors"
                )
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise too_deep(path, mark.line + 1)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return  # the real parse reports it with its line; it stops there too


def load_mapping(data: bytes, path: str) -> dict[str, Any]:
    """Parse one file into plain Python data with the fast safe loader."""
    text, _ = decode(data, path)
    if not text.strip():
        raise DataError(path, None, "file is empty (expected keys such as `name:`)", code="load.empty_file")
    _check_structure(text, path)
    try:
        value = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise yaml_error(exc, text, path) from None
    except RecursionError:
        raise DataError(path, None, "nested too deeply", code="load.nested_too_deeply") from None
    if value is None:
        raise DataError(path, None, "file is empty (expected keys such as `name:`)", code="load.empty_file")
    if not isinstance(value, dict):
        kind = "a list" if isinstance(value, list) else f"a single value ({type(value).__name__})"
        raise DataError(
            path,
            1,
            f"expected a mapping of keys (name: …), found {kind}",
            code="load.not_mapping",
            found="list" if isinstance(value, list) else "value",
            type=type(value).__name__,
        )
    bad = next((k for k in value if not isinstance(k, str)), None)
    if bad is not None:
        raise DataError(path, None, f"key {bad!r} is not text", code="load.key_not_text", key=repr(bad))
    return value


# --- round-trip writing ------------------------------------------------------


_RT_CONSTRUCTOR: Any = None


def _rt_constructor() -> Any:
    """ruamel's round-trip constructor, except that an impossible date
    (2026-02-30) stays text, as in the fast reader, so validation names it."""
    global _RT_CONSTRUCTOR
    if _RT_CONSTRUCTOR is None:
        from ruamel.yaml.constructor import RoundTripConstructor

        class Constructor(RoundTripConstructor):
            pass

        def timestamp(constructor: Any, node: Any) -> Any:
            try:
                return RoundTripConstructor.construct_yaml_timestamp(constructor, node)
            except (ValueError, OverflowError):
                return constructor.construct_scalar(node)

        Constructor.add_constructor("tag:yaml.org,2002:timestamp", timestamp)
        _RT_CONSTRUCTOR = Constructor
    return _RT_CONSTRUCTOR


_FLUSH_LIST = re.compile(r"^[^\s#-][^\n]*:[ \t]*(#[^\n]*)?\n- ", re.MULTILINE)


def _rt(flush_lists: bool = False):
    from ruamel.yaml import YAML

    rt = YAML(typ="rt")
    rt.Constructor = _rt_constructor()
    rt.preserve_quotes = True
    # ruamel has one list indent per document: keep the file's, so an edit rewrites no other line
    if flush_lists:
        rt.indent(mapping=2, sequence=2, offset=0)
    else:
        rt.indent(mapping=2, sequence=4, offset=2)
    rt.width = 4096
    rt.allow_duplicate_keys = False
    # The same date object under two keys must not become an &anchor/*alias.
    rt.representer.ignore_aliases = lambda data: True
    rt.representer.add_representer(str, _represent_str)
    return rt


#: Characters YAML reads as a line break (or drops) unless escaped in double quotes.
_NEEDS_ESCAPE = re.compile("[\x85\u2028\u2029\r\ufeff]")


def _represent_str(representer: Any, data: str) -> Any:
    """A new text value with NEL, a Unicode line or paragraph separator or a CR is
    written double-quoted, where each is an escape (\\N, \\L, \\P, \\r) and reads
    back as itself; any other style would fold it into a line break or a space."""
    style = '"' if _NEEDS_ESCAPE.search(data) else None
    return representer.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_RAW_BREAK = re.compile("[\x85\u2028\u2029]")
_BREAK_NAMES = {"\x85": "next line", "\u2028": "line separator", "\u2029": "paragraph separator"}


def refuse_long(data: bytes, path: str) -> None:
    """Refuse to edit a file of more than MAX_EDIT_LINES lines (costs a count of
    newlines: call it before any parse)."""
    lines = data.count(b"\n")
    if lines > MAX_EDIT_LINES:
        _too_big(path, f"{lines:,} lines", MAX_EDIT_LINES)


def refuse_big(mapping: Any, path: str) -> None:
    """Refuse to edit a file whose parsed ``mapping`` holds more than
    MAX_EDIT_VALUES values (keys, values, lists and mappings)."""
    count, stack = 0, [mapping]
    while stack:
        node = stack.pop()
        count += 1
        if isinstance(node, dict):
            count += len(node)  # the keys
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
        if count > MAX_EDIT_VALUES:
            _too_big(path, f"more than {MAX_EDIT_VALUES:,} values", MAX_EDIT_VALUES)


def _too_big(path: str, size: str, limit: int) -> None:
    raise DataError(
        path,
        None,
        f"is too big to edit in time ({size}; pipetrack edits files of at most {limit:,}); "
        "it is still read: edit it by hand, or move old entries out of it; nothing was changed",
    )


def load_roundtrip(data: bytes, path: str, checked: bool = False) -> tuple[Any, TextFormat]:
    """Parse one file for editing: comments, order and quoting are kept.

    The file first passes every refusal of a read (``load_mapping``; ``checked``
    says the caller did that already, and :func:`refuse_big`), so an edit never
    starts from something a read would not accept; a file too big to edit in
    time is refused before any parse.
    """
    refuse_long(data, path)
    if not checked:
        refuse_big(load_mapping(data, path), path)
    text, fmt = decode(data, path)
    if fmt.mixed:
        raise DataError(
            path,
            None,
            "has mixed line ends (CRLF, LF or CR in one file), which an edit cannot keep; "
            "save it with one kind of line end and try again",
        )
    if _FLUSH_LIST.search(text):
        fmt = dataclasses.replace(fmt, flush_lists=True)
    from ruamel.yaml.error import YAMLError as RuamelError

    try:
        doc = _rt().load(text)
    except RuamelError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DataError(path, line, f"YAML syntax error: {problem}") from None
    except RecursionError:
        raise DataError(path, None, "nested too deeply") from None
    except Exception as exc:
        raise DataError(path, None, f"cannot be parsed for editing ({type(exc).__name__})") from None
    if not isinstance(doc, dict) or not hasattr(doc, "lc"):
        raise DataError(path, 1, "expected a mapping of keys (name: …)")
    raw = _RAW_BREAK.search(text)
    if raw and dump_roundtrip(doc, fmt) != data:
        # ruamel re-spells some of these (a quoted one becomes a space): refuse rather than change it
        line = text.count("\n", 0, raw.start()) + 1
        raise DataError(
            path,
            line,
            f"contains a raw U+{ord(raw[0]):04X} ({_BREAK_NAMES[raw[0]]}), which YAML reads as a line break "
            "and an edit would change; write it as an escape in double quotes (\\N, \\L, \\P) or remove it",
        )
    return doc, fmt


def dump_roundtrip(doc: Any, fmt: TextFormat = TextFormat()) -> bytes:
    buf = io.StringIO()
    _rt(fmt.flush_lists).dump(doc, buf)
    return join_format(buf.getvalue(), fmt)


def flow_map(items: dict[str, Any]) -> Any:
    """A ``{date: …, stage: …}`` entry, the style of history and activities."""
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.scalarstring import SingleQuotedScalarString

    # ruamel (YAML 1.2) writes `?x` and `:x` plain inside `{…}`, where libyaml
    # (1.1) fails on them or, worse, reads `?x` as a mapping key: quote them.
    entry = CommentedMap(
        (k, SingleQuotedScalarString(v) if type(v) is str and v[:1] in ("?", ":") else v)
        for k, v in items.items()
    )
    entry.fa.set_flow_style()
    return entry


def compose(data: bytes, path: str) -> Any:
    """The node tree of a file (libyaml, fast), for line numbers: keys carry their marks."""
    text, _ = decode(data, path)
    _check_structure(text, path)
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise yaml_error(exc, text, path) from None


def node_line(node: Any, loc: tuple[str | int, ...]) -> int | None:
    """1-based line of the deepest key of ``loc`` found in a composed node tree."""
    line = None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            match = next((kv for kv in node.value if kv[0].value == part), None)
            if match is None:
                break
            line = match[0].start_mark.line + 1
            node = match[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


def to_plain(value: Any) -> Any:
    """Round-trip containers to plain ones (for validation after an edit)."""
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_plain(v) for v in value]
    if isinstance(value, (datetime, date, bool, int, float)) or value is None:
        return value
    return str(value)
