"""Control characters in data never reach a terminal, a spreadsheet or a viewer.

A name or note may hold an escape sequence (an OSC title, a clear screen, a C1
CSI): printed raw, the terminal would obey it. Every byte of output passes
through :func:`visible` on its way out: ``SafeConsole`` for everything Rich
prints (after layout, so pipetrack's own colours, which Rich adds as it
writes, are untouched), and ``emit`` for JSON, CSV, Markdown and HTML. C0
controls (except tab, newline and a CRLF line end), DEL and C1 controls become visible
stand-ins: U+2400… control pictures (ESC is ␛) and U+FFFD for C1. JSON keeps
the data exact instead: its strings carry them as ``\\u00XX`` escapes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rich.console import Console
from rich.segment import Segment

# (a CR before LF is a line end, as ICS and Windows text have them; a lone CR is a control)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")


def _stand_in(match: re.Match[str]) -> str:
    code = ord(match[0])
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟ (␛ for ESC, ␍ for a carriage return)
    return "\u2421" if code == 0x7F else "\ufffd"


def visible(text: str) -> str:
    """``text`` with every control character but tab, newline and CRLF made visible."""
    return _CONTROL.sub(_stand_in, text) if _CONTROL.search(text) else text


_JSON_UNESCAPED = re.compile("[\x7f-\x9f]")  # json.dumps escapes C0 itself, not DEL and C1


def json_escape_controls(text: str) -> str:
    """JSON text with DEL and C1 characters as ``\\u00XX`` escapes (the same data)."""
    return _JSON_UNESCAPED.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


class SafeConsole(Console):
    """A Rich console that writes data's control characters as visible stand-ins."""

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return super()._render_buffer(
            Segment(visible(seg.text), seg.style, seg.control) if not seg.control else seg for seg in buffer
        )
