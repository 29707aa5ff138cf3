"""Search: the /search/ page, and a Pagefind index of the finished site written into site/pagefind/.

Pagefind runs on the fresh build directory, before it is swapped in, so a site and its index always
match. It reads a scratch copy of the pages rather than the site itself, so the text it
indexes can be prepared: a power written `10<sup>25</sup>` (by any module) is indexed as
"10^25", never as "1025". Which parts of an article weigh more is said in the templates
(`data-pagefind-weight` on the title, summary and aliases; `data-pagefind-body` on the article).

Search needs JavaScript and a served site (browsers do not let pages fetch files from file://); the
/search/ page lists every article with its aliases, so it is useful without either.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from pathlib import Path

from pagefind_bin import get_executable

from generator.pages import Page

SEARCH_PATH = "search/"
BUNDLE_DIR = "pagefind"
# Parts of an article that repeat other pages (their titles and summaries) or the site's chrome.
EXCLUDED = [".breadcrumbs", ".toc", ".how-to-cite", ".backlinks", ".used-by", ".related", ".local-graph",
            'section[aria-labelledby="uses-concepts"]', 'section[aria-labelledby="discusses-concepts"]',
            'section[aria-labelledby="topic-articles"]']
# A superscript right after a digit is a power: give the index a caret so "10<sup>25</sup>" reads 10^25.
BARE_POWER = re.compile(r"(\d)<sup(\s[^>]*)?>(?=-?\d)")


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site (the build fails rather than ship a stale or empty search)."""


def text_for_index(html: str) -> str:
    return BARE_POWER.sub(lambda m: f"{m.group(1)}<sup{m.group(2) or ''}>^", html)


def index_site(site_dir: Path) -> None:
    """Write a Pagefind index of the pages in `site_dir` into `site_dir/pagefind/`.

    Pagefind reads a copy of the pages prepared for indexing (see `text_for_index`), so the site itself is
    untouched. A site without a search page (a partial build in tests) has nothing to search and is left alone.
    """
    if not (site_dir / SEARCH_PATH / "index.html").is_file():
        return
    with tempfile.TemporaryDirectory(prefix="policywiki-search-") as scratch:
        source = Path(scratch) / "site"
        for page in sorted(site_dir.rglob("*.html")):
            target = source / page.relative_to(site_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text_for_index(page.read_text(encoding="utf-8")), encoding="utf-8")
        config = {"site": str(source), "output_path": str(site_dir / BUNDLE_DIR), "keep_index_url": True,
                  "exclude_selectors": EXCLUDED, "quiet": True}
        (Path(scratch) / "pagefind.json").write_text(json.dumps(config), encoding="utf-8")
        result = subprocess.run([str(get_executable())], cwd=scratch, capture_output=True, text=True, timeout=300)
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
