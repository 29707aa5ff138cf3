"""Search: the /search/ page, and a Pagefind index of the finished site written into site/pagefind/.

Pagefind runs on the fresh build directory, before it is swapped in, so a site and its index always
match. It reads the article pages straight from that directory (nothing passes through Python), and only
them: `data-pagefind-body` is on article pages alone, so the glob merely spares Pagefind parsing the other
pages. Which parts of an article weigh more is said in the templates (`data-pagefind-weight` on the title,
summary and aliases). A power is indexed as "10^25" because its markup carries a visually hidden caret
(`generator.mathml.power_html`, and raw `10<sup>25</sup>` in Markdown gets one at parse time).

Measured at 1,000 articles (2 cores): the `pagefind` binary run on the folder takes 5 s and 262 MB; the
Python API's `add_directory` writes the same bytes in 8.5 s and 295 MB (its JSON service and asyncio on
top of the same binary), so the binary it is. Pagefind itself holds about 260 KB per indexed page.

Search needs JavaScript and a served site (browsers do not let pages fetch files from file://); the
/search/ page lists every article with its aliases, so it is useful without either.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

from pagefind_bin import get_executable

from generator.pages import Page

SEARCH_PATH = "search/"
BUNDLE_DIR = "pagefind"
ARTICLE_PAGES = "wiki/*/index.html"  # where render.py puts article pages, the only ones with data-pagefind-body
# Parts of an article that repeat other pages (their titles and summaries) or the site's chrome.
EXCLUDED = [".breadcrumbs", ".toc", ".how-to-cite", ".backlinks", ".used-by", ".related", ".local-graph",
            'section[aria-labelledby="uses-concepts"]', 'section[aria-labelledby="discusses-concepts"]',
            'section[aria-labelledby="topic-articles"]']


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site (the build fails rather than ship a stale or empty search)."""


def pagefind_config(site_dir: Path) -> dict:
    return {"site": str(site_dir), "glob": ARTICLE_PAGES, "output_path": str(site_dir / BUNDLE_DIR),
            "keep_index_url": True, "exclude_selectors": EXCLUDED, "quiet": True}


def index_site(site_dir: Path) -> None:
    """Write a Pagefind index of the article pages in `site_dir` into `site_dir/pagefind/`.

    Pagefind reads the pages itself and writes only into pagefind/. A site without a search page (a partial
    build in tests) or without articles has nothing to search and is left alone.
    """
    if not (site_dir / SEARCH_PATH / "index.html").is_file() or next(site_dir.glob(ARTICLE_PAGES), None) is None:
        return  # Pagefind fails on a folder with nothing to index
    # The configuration goes in a folder of its own: Pagefind also reads any pagefind.* config in its cwd.
    with tempfile.TemporaryDirectory(prefix="policywiki-search-") as scratch:
        (Path(scratch) / "pagefind.json").write_text(json.dumps(pagefind_config(site_dir.resolve())),
                                                     encoding="utf-8")
        result = subprocess.run([str(get_executable())], cwd=scratch, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise SearchIndexError(f"search index failed: {(result.stderr or result.stdout).strip()}")


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
