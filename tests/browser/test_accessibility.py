"""axe-core finds no accessibility violation: on every page at desktop width, on each page type at phone width,
and no colour-contrast failure in the dark theme."""

from __future__ import annotations

import pytest

from .checks import describe_violations, run_axe
from .test_pages_in_browser import PAGE_TYPES, url_of

DARK_THEME_RULES = ["color-contrast", "link-in-text-block"]


def test_no_page_of_the_site_has_an_axe_violation(page, site_url, all_pages):
    """Every page, not only one of each type: articles differ in tables, figures and notes."""
    failures = []
    for path in all_pages:
        page.goto(site_url + path)
        violations = run_axe(page)
        if violations:
            failures.append(f"/{path}\n{describe_violations(violations)}")
    assert failures == [], "\n\n".join(failures)


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_each_page_type_has_no_axe_violation_at_phone_width(page, site_url, page_types, page_type):
    """At 390 px wide: reflow problems (scrolling boxes, overlapping targets) show only on a narrow screen."""
    url = url_of(page_types, site_url, page_type)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(url)
    violations = run_axe(page)
    assert violations == [], describe_violations(violations)


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_each_page_type_has_enough_contrast_in_the_dark_theme(page, site_url, page_types, page_type):
    """The dark palette only changes colours, so only axe's colour rules need to run again."""
    url = url_of(page_types, site_url, page_type)
    page.emulate_media(color_scheme="dark")
    page.goto(url)
    violations = run_axe(page, rules=DARK_THEME_RULES)
    assert violations == [], describe_violations(violations)
