"""Site outputs for crawlers and feed readers: sitemap.xml, an Atom feed of recently updated articles, robots.txt.

Deterministic: dates come from front matter (`updated`, else `published`), never from the clock, and
every list is sorted. URLs are canonical (the site's `base_url`).
"""

from __future__ import annotations

import datetime as dt
import heapq
from functools import lru_cache
from xml.sax.saxutils import escape

QUOTE = {'"': "&quot;"}  # attribute values are double-quoted: a '"' in a tag or title must not end one

from generator.kinds import KINDS
from generator.render.pages import Page, article_path
from generator.outputs.tagpages import articles_by_tag, tag_path

FEED_PATH = "feed.xml"
FEED_SIZE = 20
# Pages that are not articles but belong in the sitemap (tag pages are added from the content).
LISTING_PATHS = ["", *(kind.index_path for kind in KINDS), "references/", "graph/", "search/", "tags/"]


def _date(article) -> dt.date:
    return article.meta.updated or article.meta.published


def recent_articles(wiki, limit: int = FEED_SIZE) -> list:
    return heapq.nlargest(limit, wiki.articles.values(), key=lambda a: (_date(a), a.slug))  # = sorted(…)[:limit]


def sitemap(renderer) -> str:
    wiki = renderer.wiki
    newest = max((_date(a) for a in wiki.articles.values()), default=None)
    rows = [(renderer.canonical(path), newest) for path in LISTING_PATHS]
    rows += [(renderer.canonical(tag_path(tag)), None) for tag in articles_by_tag(wiki)]
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [_url_line(url, lastmod) for url, lastmod in rows]
    lines += [_url_line(renderer.canonical(article_path(slug)), _date(article))
              for slug, article in sorted(wiki.articles.items())]
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


@lru_cache(maxsize=1 << 16)  # an article's line, made again only when its date moves
def _url_line(url: str, lastmod: dt.date | None) -> str:
    modified = f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else ""
    return f"  <url><loc>{escape(url)}</loc>{modified}</url>"


def atom_feed(renderer) -> str:
    site, wiki = renderer.site, renderer.wiki
    entries = recent_articles(wiki)
    updated = max((_date(a) for a in entries), default=dt.date(1970, 1, 1))
    feed_url = renderer.canonical(FEED_PATH)
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{escape(site.language, QUOTE)}">',
             f"  <title>{escape(site.title)}: recently updated</title>",
             f"  <subtitle>{escape(site.description or site.title)}</subtitle>",
             f'  <link rel="self" type="application/atom+xml" href="{escape(feed_url, QUOTE)}"/>',
             f'  <link rel="alternate" type="text/html" href="{escape(renderer.canonical(""), QUOTE)}"/>',
             f"  <id>{escape(feed_url)}</id>",
             f"  <updated>{_timestamp(updated)}</updated>",
             f"  <author><name>{escape(site.publisher)}</name></author>",
             f"  <rights>{escape(site.licence)}</rights>"]
    for article in entries:
        url = renderer.canonical(article_path(article.slug))
        lines += ["  <entry>",
                  f"    <title>{escape(article.title)}</title>",
                  f'    <link rel="alternate" type="text/html" href="{escape(url, QUOTE)}"/>',
                  f"    <id>{escape(url)}</id>",
                  f"    <published>{_timestamp(article.meta.published)}</published>",
                  f"    <updated>{_timestamp(_date(article))}</updated>",
                  f'    <category term="{escape(article.kind, QUOTE)}"/>',
                  *[f'    <category term="{escape(tag, QUOTE)}"/>' for tag in article.meta.tags],
                  f"    <summary>{escape(article.meta.summary)}</summary>",
                  "  </entry>"]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def robots(renderer) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {renderer.canonical('sitemap.xml')}\n"


def site_outputs(checked, renderer) -> list[Page]:
    return [Page("sitemap.xml", sitemap(renderer)), Page(FEED_PATH, atom_feed(renderer)),
            Page("robots.txt", robots(renderer))]
