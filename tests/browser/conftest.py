"""Fixtures for tests in a real browser: the real content/ built once and served on localhost, one chromium.

Reusable by any test under tests/browser/:
    built_site  the built site (a Path), built once per session from content/ on a fixed date
    site_url    its base URL on 127.0.0.1 ('http://127.0.0.1:PORT/')
    browser     one Debian chromium for the whole session (Playwright, sync API)
    page        a fresh page in a fresh browser context (no cookies or storage), 1280 x 900
    page_types  {"home": "", "concept": "wiki/…/", …}: one URL path per kind of page the site has
    serve_site  serve_site(content_dir) -> base URL: build and serve another wiki (a hostile fixture, say)
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from .harness import REPO, build_site, launch_chromium, missing_browser_tools, serve_directory

TEMPLATES = REPO / "templates"
VIEWPORT = {"width": 1280, "height": 900}

# Pages that exist only once the reader features land; tested whenever the build writes them.
OPTIONAL_PAGES = {"search": "search/", "graph": "graph/", "tags": "tags/", "figures": "figures/"}


@pytest.fixture(scope="session", autouse=True)
def browser_tools_present() -> None:
    """Without chromium or the npm checkers there is nothing to drive. In CI that is a failure, not a skip."""
    missing = missing_browser_tools()
    if missing:
        message = "browser tools missing (run `make browser-deps`): " + "; ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    return build_site(REPO / "content", TEMPLATES, tmp_path_factory.mktemp("browser") / "site")


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    with serve_directory(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def serve_site(tmp_path_factory) -> Iterator[Callable[[Path], str]]:
    """A factory: build `content_dir` with the project's templates, serve it, return its base URL."""
    with ExitStack() as servers:
        def serve(content_dir: Path) -> str:
            out = build_site(content_dir, TEMPLATES, tmp_path_factory.mktemp("served") / "site")
            return servers.enter_context(serve_directory(out))
        yield serve


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport=VIEWPORT)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


def _article_kind(html: str) -> str | None:
    match = re.search(r'<article class="article article-(\w+)"', html)
    return match.group(1) if match else None


@pytest.fixture(scope="session")
def page_types(built_site: Path) -> dict[str, str]:
    """One page of every type, by URL path relative to the site root. For each kind of article, the
    longest one, so the checks see the most markup (tables, figures, notes)."""
    types = {"home": "", "concepts-index": "concepts/", "instruments-index": "instruments/",
             "topics-index": "topics/", "references": "references/", "not-found": "404.html"}
    longest: dict[str, tuple[int, str]] = {}
    for path in sorted((built_site / "wiki").glob("*/index.html")):
        html = path.read_text(encoding="utf-8")
        kind = _article_kind(html)
        if kind and len(html) > longest.get(kind, (0, ""))[0]:
            longest[kind] = (len(html), f"wiki/{path.parent.name}/")
    types.update({kind: url for kind, (_, url) in sorted(longest.items())})
    for name, url in OPTIONAL_PAGES.items():
        if (built_site / url / "index.html").is_file():
            types[name] = url
    tag_pages = sorted((built_site / "tags").glob("*/index.html"))
    if tag_pages:
        types["tag"] = f"tags/{tag_pages[0].parent.name}/"
    return types


@pytest.fixture(scope="session")
def all_pages(built_site: Path) -> list[str]:
    """Every HTML page of the built site, as URL paths ('wiki/x/' for wiki/x/index.html)."""
    pages = []
    for path in sorted(built_site.rglob("*.html")):
        relative = path.relative_to(built_site).as_posix()
        pages.append(relative[: -len("index.html")] if relative.endswith("index.html") else relative)
    return pages
