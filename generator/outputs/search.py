"""Search: the /search/ page, and the site's own search index written beside it (generator/outputs/searchindex.py).

Each article's search record is made in the render worker from the page it has just rendered (or comes
from the build cache when the page is linked unchanged); the records are merged (searchmerge.py) into small
JSON shards under search/ in the fresh site, before it is swapped in, so a site and its index always match.

Search needs JavaScript and a served site (browsers do not let pages fetch files from file://); the
/search/ page lists every article with its aliases, so it is useful without either.
"""

from __future__ import annotations

from markupsafe import Markup

from generator.render.listings import search_item
from generator.render.pages import Page
from generator.outputs.searchindex import SearchRecord
from generator.outputs.searchmerge import index_files

SEARCH_PATH = "search/"


def index_pages(records: list[SearchRecord]) -> list[Page]:
    """The files of the search index of `records` (one per article), merged from nothing. (An incremental
    build merges from the last merge's state instead: generator/incremental/wholesite.py.)"""
    return [Page(path, data) for path, data in index_files(records, None, SEARCH_PATH)[0]]


def search_page(checked, renderer) -> list[Page]:
    """The /search/ page: results when scripts run, and every article A–Z (with aliases) when they do not."""
    context = renderer.base_context(SEARCH_PATH, "Search", f"Search {renderer.site.title}")
    articles = [renderer.wiki.articles[slug] for slug in renderer.slugs_by_title]
    context["items"] = Markup("".join([search_item(SEARCH_PATH, a.slug, a.title, a.meta.summary, tuple(a.meta.aliases))
                                       for a in articles]))
    return [Page(SEARCH_PATH, renderer.env.get_template("search.html").render(context))]
