"""The formatter objects (render/formats.py): one per format, chosen once, each rendering a View."""

from __future__ import annotations

import pytest
from rich.console import Console
from rich.text import Text

from pipetrack.render.formats import FORMATTERS, View, formatter
from pipetrack.render.tables import Section


def _view(**kwargs: object) -> View:
    built = (
        [Text("as of 2026-11-25")],
        [Section("Pipeline", ["stage", "count"], [["25%", 3], ["50%", 1]], "lr")],
    )
    return View("Pipeline", {"b": 1, "a": [2]}, kwargs.pop("sections", built), **kwargs)  # type: ignore[arg-type]


def test_every_format_has_one_formatter_by_its_name():
    assert sorted(FORMATTERS) == ["csv", "html", "json", "markdown", "table"]
    assert all(formatter(name) is FORMATTERS[name] for name in FORMATTERS)


def test_json_is_the_data_with_sorted_keys():
    assert formatter("json").render(_view(), 80) == '{\n  "a": [\n    2\n  ],\n  "b": 1\n}\n'


def test_markdown_renders_title_header_and_sections():
    out = formatter("markdown").render(_view(), 80)
    assert out == (
        "# Pipeline\n\nas of 2026-11-25\n\n"
        "| stage | count |\n| ----- | ----: |\n| 25%   |     3 |\n| 50%   |     1 |\n"
    )


def test_csv_is_the_report_own_csv_else_the_first_section():
    assert formatter("csv").render(_view(), 80) == "stage,count\n25%,3\n50%,1\n"
    assert formatter("csv").render(_view(csv=lambda: "id\nx\n"), 80) == "id\nx\n"


def test_table_is_a_renderable_of_the_sections():
    console = Console(width=40, record=True, color_system=None)
    console.print(formatter("table").render(_view(), 40))
    shown = console.export_text()
    assert "as of 2026-11-25" in shown and "Pipeline" in shown and "25%" in shown


def test_a_report_own_view_wins_for_its_format_and_gets_the_width():
    view = _view(own={"table": lambda width: f"plain at {width}"})
    assert formatter("table").render(view, 66) == "plain at 66"
    assert formatter("json").render(view, 66).startswith("{")  # the other formats: as before


def test_sections_are_built_only_for_a_format_that_shows_them():
    built: list[str] = []

    def sections() -> tuple[list[object], list[Section]]:
        built.append("sections")
        return [], [Section("t", ["h"], [["v"]])]

    view = _view(sections=sections, csv=lambda: "h\nv\n")
    formatter("json").render(view, 80)
    formatter("csv").render(view, 80)
    assert built == []
    formatter("markdown").render(view, 80)
    assert built == ["sections"]


def test_a_format_without_a_view_of_this_report_is_an_error_not_empty_output():
    with pytest.raises(ValueError, match="no html view"):
        formatter("html").render(_view(), 80)
    assert formatter("ics").render(_view(own={"ics": lambda _: "BEGIN:VCALENDAR"}), 80) == "BEGIN:VCALENDAR"
