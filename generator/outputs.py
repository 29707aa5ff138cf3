"""Side outputs: files written beside the pages (exports, feeds, indexes, data for scripts).

Each producer takes the checked content and the renderer and returns Pages; build.py writes them all.
Add a producer to PRODUCERS rather than to build.py, so that features stay in their own modules.
"""

from __future__ import annotations

from typing import Callable

from generator.citations import citation_pages
from generator.figurepages import figure_pages
from generator.feeds import site_outputs
from generator.graphview import graph_pages
from generator.pages import Page
from generator.previews import preview_index
from generator.search import search_page
from generator.tagpages import tag_pages

Producer = Callable[["Checked", "Renderer"], list[Page]]  # noqa: F821

PRODUCERS: list[Producer] = [
    citation_pages,
    search_page,
    graph_pages,
    tag_pages,
    preview_index,
    site_outputs,
    figure_pages,
]


def side_outputs(checked, renderer) -> list[Page]:
    pages: list[Page] = []
    for producer in PRODUCERS:
        pages.extend(producer(checked, renderer))
    return pages
