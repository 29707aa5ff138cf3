"""Side outputs: files written beside the pages (exports, feeds, indexes, data for scripts).

Each producer takes the checked content and the renderer and returns Pages; build.py writes them all.
Add a producer to PRODUCERS rather than to build.py, so that features stay in their own modules.

Outputs that belong to one article and depend on little of it (its citation files) go in
PER_ARTICLE_PRODUCERS instead: `key(checked, renderer, article)` is a string of everything the
files show, and `make(checked, renderer, article)` the files. A build remakes an article's files only
when its key (or the generator) changed, and links the previous ones otherwise, like article pages.
Outputs made from references.bib alone go in BIBLIOGRAPHY_PRODUCERS, which are given nothing else.
PRODUCERS are remade, all of them, whenever anything they may show changed: an article's front matter,
links, citations or figures (generator/incremental/fingerprint.py `site_signature`), the bibliography, data/, the
templates or the site settings. Not its prose: a producer must not show article text (a page's words
belong in the search index, which is merged again after every page change); one that does is caught by the
property tests (tests/test_incremental_properties.py), whose prose edits must give the clean build's bytes.
Article pages, by contrast, read other articles only through generator/render/reads.py, which records it. Each producer's pages are
written by the process that made them, so no two producers may write the same file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from generator.render.citations import bibliography_files, citation_download_key, citation_downloads
from generator.outputs.explorer.page import explorer_pages
from generator.outputs.figurepages import figure_pages
from generator.outputs.favicon import favicon_file
from generator.outputs.feeds import site_outputs
from generator.render.graphview import graph_json_file, graph_page
from generator.outputs.nav import nav_file
from generator.render.pages import Page
from generator.outputs.previews import preview_index
from generator.outputs.search import search_page
from generator.outputs.tagpages import tag_pages

Producer = Callable[["Checked", "Renderer"], list[Page]]  # noqa: F821

# The build hands the producers to its worker processes in this order: the costliest first, so that the
# processes finish together (at 10,000 articles the graph page takes about 0.6 s of CPU, most of it its spring
# layout, graph.json about 0.4 s, the others less).
PRODUCERS: list[Producer] = [
    graph_page,
    graph_json_file,
    search_page,
    tag_pages,
    preview_index,
    site_outputs,
    figure_pages,
    explorer_pages,
    nav_file,
    favicon_file,
]


@dataclass(frozen=True)
class PerArticleProducer:
    name: str  # unique: the build records each article's files under it
    key: Callable[["Checked", "Renderer", "Article"], str]  # noqa: F821 — all that the files show
    make: Callable[["Checked", "Renderer", "Article"], list[Page]]  # noqa: F821


PER_ARTICLE_PRODUCERS: list[PerArticleProducer] = [
    PerArticleProducer("citation downloads", citation_download_key, citation_downloads),
]


# Outputs made from references.bib alone. Each is given the bibliography and nothing else, so it cannot show
# an article: an incremental build makes them again only when references.bib, the templates, the site
# settings or the generator changed, not when an article did (generator/incremental/wholesite.py).
BIBLIOGRAPHY_PRODUCERS: list[Callable[["Bibliography"], list[Page]]] = [  # noqa: F821
    bibliography_files,
]
