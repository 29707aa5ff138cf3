"""nav.json: the site's navigation (each kind with its articles' slugs and titles), for the explorer that
nav.js draws in every page's side rail.

One shared file, so that no page lists every article: a title edit rewrites this file (it is a whole-site
output, remade when any front matter changes) and leaves every other article's page as it was. Pages carry
only a fallback that needs no script: a link to each kind's index.
"""

from __future__ import annotations

import json
from functools import lru_cache

from generator.render.pages import Page
from generator.render.renderer import KIND_INDEX, KIND_PLURAL

NAV_PATH = "nav.json"


def nav_file(checked, renderer) -> list[Page]:
    """json.dumps(the kinds and their articles, ensure_ascii=False, separators=(",", ":")), byte for byte, from
    each article's entry kept by its slug and title (`_entry`): after a title edit, serve encodes one again."""
    articles = renderer.wiki.articles
    kinds = []
    for kind, index in KIND_INDEX.items():  # each kind's articles A–Z by title, then by slug
        entries = [_entry(slug, articles[slug].title)
                   for slug in renderer.slugs_by_title if articles[slug].kind == kind]
        head = _compact({"kind": kind, "label": KIND_PLURAL[kind], "index": index + "index.html"})[:-1]
        kinds.append(head + ',"articles":[' + ",".join(entries) + "]}")
    return [Page(NAV_PATH, '{"article_path":"wiki/{slug}/index.html","kinds":[' + ",".join(kinds) + "]}\n")]


def _compact(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@lru_cache(maxsize=1 << 16)
def _entry(slug: str, title: str) -> str:
    return _compact([slug, title])
