"""previews.json: slug → title, summary, kind and URL, for the hover and focus previews in reader.js.

One small file for the whole site, written once, so a preview never fetches a whole page.
URLs are site paths (relative to the site root), which reader.js resolves against the root.
"""

from __future__ import annotations

import json
from functools import lru_cache

from generator.render.pages import Page, article_path

PREVIEWS_PATH = "previews.json"


def preview_index(checked, renderer) -> list[Page]:
    """json.dumps(slug → entry, ensure_ascii=False, sort_keys=True, separators=(",", ":")), byte for byte, from
    each article's entry kept by what it shows (`_entry`): after a title edit, serve encodes one again."""
    entries = [_entry(slug, article.title, article.meta.summary, article.kind)
               for slug, article in sorted(renderer.wiki.articles.items())]
    return [Page(PREVIEWS_PATH, "{" + ",".join(entries) + "}\n")]


@lru_cache(maxsize=1 << 16)
def _entry(slug: str, title: str, summary: str, kind: str) -> str:
    entry = {"title": title, "summary": summary, "kind": kind, "url": article_path(slug)}
    return json.dumps({slug: entry}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))[1:-1]
