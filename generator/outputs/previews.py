"""previews.json: slug → title, summary, kind and URL, for the hover and focus previews in reader.js.

One small file for the whole site, written once, so a preview never fetches a whole page.
URLs are site paths (relative to the site root), which reader.js resolves against the root.
"""

from __future__ import annotations

import json

from generator.render.pages import Page, article_path

PREVIEWS_PATH = "previews.json"


def preview_index(checked, renderer) -> list[Page]:
    entries = {slug: {"title": article.title, "summary": article.meta.summary, "kind": article.kind,
                      "url": article_path(slug)}
               for slug, article in sorted(renderer.wiki.articles.items())}
    return [Page(PREVIEWS_PATH, json.dumps(entries, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n")]
