"""The Nu Html Checker finds no error in any page of the built site."""

from __future__ import annotations

from .checks import describe_vnu, run_vnu


def test_every_page_of_the_built_site_is_valid_html(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 10, "the real wiki builds to dozens of pages"
    errors = run_vnu(pages)
    assert errors == [], describe_vnu(errors, built_site)
