"""`report weekly` as views: one team's report or a region's, in Markdown, HTML or JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pipetrack.render.formats import View
from pipetrack.render.html import weekly_html
from pipetrack.render.region import region_html, region_markdown, region_title
from pipetrack.render.weekly import report_title, week_word, weekly_markdown

if TYPE_CHECKING:
    from pipetrack.domain.weekly import WeeklyReport


def weekly_view(rep: WeeklyReport, lang: str) -> View:
    """The weekly report as `report weekly` writes it: Markdown, one HTML page, or its JSON."""
    own = {"markdown": lambda _: weekly_markdown(rep, lang), "html": lambda _: weekly_html(rep, lang)}
    return View(report_title(rep, lang), rep, own=own)


def region_view(rep: dict[str, Any], lang: str) -> View:
    """A region's weekly report: the teams side by side, in Markdown, HTML or JSON."""
    own = {
        "markdown": lambda _: region_markdown(rep, lang, week_word(rep, lang)),
        "html": lambda _: region_html(rep, lang),
    }
    return View(region_title(rep, lang), rep, own=own)
