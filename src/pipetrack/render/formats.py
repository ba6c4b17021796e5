"""The output formats as formatter objects, one per format, chosen once from ``--format``.

A command computes its report once and describes it as a :class:`View`: the data (what
JSON prints), a title, its sections (the terminal table and Markdown render them) and its
CSV. A report with a view of its own for some format (the accounts' wide table, the
project board's plain text, the weekly report's HTML) names it in ``View.own``. The
formatter of the format asked for turns the view into text, or into a Rich renderable
for the terminal; ``cli.options.output`` is the one place that writes it out.

Add a format: a ``Formatter`` subclass with its ``name`` and ``default`` (what it makes
of any view), registered in ``FORMATTERS``; a command offers it in its ``--format`` choices.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import RenderableType

    from pipetrack.render.tables import Section

#: A report's sections as the renderers take them: the header lines, then the titled tables.
Built = tuple[list[Any], list["Section"]]


@dataclass
class View:
    """One report, ready for every format. ``sections`` and ``csv`` may be given as functions,
    so a format that does not need them does not build them; ``own`` maps a format's name to
    the report's own view in it (a function of the terminal width)."""

    title: str
    data: object
    sections: Built | Callable[[], Built] | None = None
    csv: str | Callable[[], str] | None = None
    own: Mapping[str, Callable[[int], str | RenderableType]] = field(default_factory=dict)

    def built(self) -> Built:
        sections = self.sections() if callable(self.sections) else self.sections
        if sections is None:
            raise ValueError(f"{self.title}: no sections to render")
        return sections


class Formatter:
    """One output format: the report's own view in it if it has one, else ``default``."""

    name = ""

    def render(self, view: View, width: int) -> str | RenderableType:
        own = view.own.get(self.name)
        return own(width) if own is not None else self.default(view)

    def default(self, view: View) -> str | RenderableType:
        raise ValueError(f"{view.title}: no {self.name} view")


class TableFormatter(Formatter):
    """The terminal: the sections as Rich tables (colour and width by the console)."""

    name = "table"

    def default(self, view: View) -> RenderableType:
        from pipetrack.render.tables import sections_renderable

        header, sections = view.built()
        return sections_renderable(sections, header)


class MarkdownFormatter(Formatter):
    name = "markdown"

    def default(self, view: View) -> str:
        from pipetrack.render.tables import sections_markdown

        header, sections = view.built()
        return sections_markdown(view.title, sections, header)


class CsvFormatter(Formatter):
    """The report's own CSV (its JSON keys as headers), else its first section as it shows."""

    name = "csv"

    def default(self, view: View) -> str:
        from pipetrack.render.tables import plain, to_csv

        own = view.csv() if callable(view.csv) else view.csv
        if own:
            return own
        first = view.built()[1][0]
        return to_csv(first.headers, [[plain(c) for c in r] for r in first.rows])


class JsonFormatter(Formatter):
    """The report's data: sorted keys, ISO dates (the contract in docs/json.md)."""

    name = "json"

    def default(self, view: View) -> str:
        from pipetrack.render.tables import to_json

        return to_json(view.data)


class HtmlFormatter(Formatter):
    """One self-contained page: only a report with an HTML view of its own (the weekly report)."""

    name = "html"


_ALL = (TableFormatter(), MarkdownFormatter(), CsvFormatter(), JsonFormatter(), HtmlFormatter())
FORMATTERS: dict[str, Formatter] = {f.name: f for f in _ALL}


def formatter(name: str) -> Formatter:
    """The formatter of ``--format NAME`` (a format only a report's own view knows, as ``ics``,
    gets a formatter with no default)."""
    found = FORMATTERS.get(name)
    if found is None:
        found = Formatter()
        found.name = name
    return found
