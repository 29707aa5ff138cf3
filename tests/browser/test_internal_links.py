"""No internal link of the built site is broken: every href and src names a file, every fragment an id."""

from __future__ import annotations

from .checks import broken_internal_links, url_path_of


def test_every_internal_link_and_fragment_of_the_built_site_resolves(built_site):
    broken, _ = broken_internal_links(built_site)
    assert broken == [], "\n".join(broken)


def test_every_page_is_linked_from_some_other_page(built_site):
    """A page nothing links to cannot be found by browsing (404.html is served for missing addresses)."""
    _, linked = broken_internal_links(built_site)
    pages = {url_path_of(built_site, path) for path in built_site.rglob("*.html")}
    unlinked = sorted(pages - linked - {"/", "/404.html"})
    assert unlinked == [], "pages no other page links to: " + ", ".join(unlinked)
