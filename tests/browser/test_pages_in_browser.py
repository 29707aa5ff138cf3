"""Every type of page opens in chromium without errors and is screenshotted at phone and desktop widths."""

from __future__ import annotations

import pytest

from .harness import ARTIFACTS

PAGE_TYPES = ["home", "concept", "instrument", "topic", "concepts-index", "instruments-index", "topics-index",
              "references", "not-found", "search", "graph", "tags", "tag", "figures"]
WIDTHS = {"phone": 390, "desktop": 1280}
SCREENSHOTS = ARTIFACTS / "screenshots"


def url_of(page_types: dict[str, str], site_url: str, page_type: str) -> str:
    if page_type not in page_types:
        pytest.skip(f"the built site has no {page_type} page yet")
    return site_url + page_types[page_type]


def is_favicon_probe(url: str) -> bool:
    """Chromium asks every site for /favicon.ico on its own; a site that declares no icon does not fail."""
    return url.endswith("/favicon.ico")


def open_watching_errors(page, url: str) -> list[str]:
    """Load `url` and return every script error, console error and failed request the page caused."""
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("console", lambda message: problems.append(f"console {message.type}: {message.text}"
                                                        f" ({message.location.get('url')})")
            if message.type == "error" and not is_favicon_probe(message.location.get("url", "")) else None)
    page.on("requestfailed", lambda request: problems.append(f"request failed: {request.url}"))
    page.on("response", lambda response: problems.append(f"HTTP {response.status}: {response.url}")
            if response.status >= 400 else None)
    response = page.goto(url, wait_until="load")
    assert response is not None and response.status == 200, f"{url} answered {response and response.status}"
    return problems


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_each_page_type_loads_cleanly_and_is_screenshotted_at_phone_and_desktop_width(
        page, site_url, page_types, page_type):
    problems = open_watching_errors(page, url_of(page_types, site_url, page_type))
    assert page.locator("h1").count() == 1, "a page has exactly one h1"
    assert page.locator("main").count() == 1, "a page has exactly one main landmark"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"at {width} px the page scrolls sideways by {overflow} px"
        page.screenshot(path=str(SCREENSHOTS / f"{page_type}-{width}.png"), full_page=True)
        assert (SCREENSHOTS / f"{page_type}-{width}.png").stat().st_size > 0
    assert problems == [], "\n".join(problems)
