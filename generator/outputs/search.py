"""Search: the /search/ page, and the site's own search index written beside it (generator/outputs/searchindex.py).

Each article's search record is made in the render worker from the page it has just rendered (or comes
from the build cache when the page is linked unchanged); `index_pages` merges them into small JSON shards
under search/ in the fresh site, before it is swapped in, so a site and its index always match. The files
go through FreshTree.put: a file whose bytes did not change is a hard link to the old one.

Pagefind did this before (the binary reading every article page): 9.5 ms of CPU and about 260 KB of memory
per page, the whole site again after any change. Measured at 10,000 articles (bench corpus, busy machine): the
records about 1 ms of CPU per page in the render workers, the merge 0.14 ms per page, the cached records
1.4 KB per article (before each record also kept up to 3,000 characters of the page's text for snippets,
searchindex.TEXT_CHARS: now up to about 4.5 KB).

Search needs JavaScript and a served site (browsers do not let pages fetch files from file://); the
/search/ page lists every article with its aliases, so it is useful without either.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.render.pages import Page
from generator.outputs.searchindex import IndexState, SearchRecord, index_files

if TYPE_CHECKING:  # the plain build merges from nothing and never imports the incremental machinery
    from generator.incremental.cache import BuildCache

SEARCH_PATH = "search/"
INDEX_STATE = "search-index.pickle"  # the last merge's IndexState


def index_pages(records: list[SearchRecord], cache: BuildCache | None = None) -> list[Page]:
    """The files of the search index of `records` (one per article), as pages for the fresh site: the build
    merges them in one of the processes that make the whole-site pages, beside those. With a cache, the
    merge starts from the last one's state and encodes again only the words whose scores changed (at
    10,000 articles about 1 s from nothing)."""
    previous = cache.load(INDEX_STATE) if cache is not None else None
    files, state = index_files(records, previous if isinstance(previous, IndexState) else None, SEARCH_PATH)
    if cache is not None:
        cache.save(INDEX_STATE, state)
    return [Page(path, data) for path, data in files]


def search_page(checked, renderer) -> list[Page]:
    """The /search/ page: results when scripts run, and every article A–Z (with aliases) when they do not."""
    context = renderer.base_context(SEARCH_PATH, "Search", f"Search {renderer.site.title}")
    articles = sorted(renderer.wiki.articles.values(), key=lambda a: (a.title.casefold(), a.slug))
    entries = []
    for article in articles:
        entry = renderer.link(article.slug, SEARCH_PATH)
        entry["aliases"] = list(article.meta.aliases)
        entries.append(entry)
    context["entries"] = entries
    return [Page(SEARCH_PATH, renderer.env.get_template("search.html").render(context))]
