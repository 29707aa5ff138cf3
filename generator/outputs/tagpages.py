"""Tag pages: /tags/ lists every tag with its article count, /tags/<tag>/ lists the articles carrying it."""

from __future__ import annotations

from generator.markdown.dialect import anchor_slug
from generator.render.pages import Page, relative_url

TAGS_PATH = "tags/"


def tag_path(tag: str) -> str:
    return f"{TAGS_PATH}{anchor_slug(tag)}/"


def articles_by_tag(wiki) -> dict[str, list[str]]:
    """Tag (as first written) → slugs, both sorted; tags differing only in case are one tag."""
    names: dict[str, str] = {}
    tagged: dict[str, set[str]] = {}
    for slug, article in sorted(wiki.articles.items()):
        for tag in article.meta.tags:
            key = anchor_slug(tag)
            names.setdefault(key, tag)
            tagged.setdefault(key, set()).add(slug)
    return {names[key]: sorted(slugs, key=lambda s: (wiki.title(s).casefold(), s))
            for key, slugs in sorted(tagged.items())}


def tag_links(article, page_path: str) -> list[dict]:
    """The article's own tags as links, for its page."""
    return [{"name": tag, "url": relative_url(page_path, tag_path(tag))} for tag in article.meta.tags]


def tag_pages(checked, renderer) -> list[Page]:
    groups = articles_by_tag(renderer.wiki)
    context = renderer.base_context(TAGS_PATH, "Tags", f"Every tag used in {renderer.site.title}")
    context["tags"] = [{"name": tag, "count": len(slugs), "url": relative_url(TAGS_PATH, tag_path(tag))}
                       for tag, slugs in groups.items()]
    pages = [Page(TAGS_PATH, renderer.env.get_template("tags.html").render(context))]
    for tag, slugs in groups.items():
        path = tag_path(tag)
        context = renderer.base_context(path, f"Tag: {tag}", f"Articles tagged “{tag}” in {renderer.site.title}")
        context.update({"tag": tag, "entries": [renderer.link(slug, path) for slug in slugs],
                        "tags_url": relative_url(path, TAGS_PATH)})
        pages.append(Page(path, renderer.env.get_template("tag.html").render(context)))
    return pages
