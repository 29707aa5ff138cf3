"""The shipped wiki: it passes check, builds, and every concept is two clicks from the home page."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import REPO, TEMPLATES
from generator.build import build

CONTENT = REPO / "content"


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href and not re.match(r"^[a-z]+:", href) and not href.startswith("#"):
            self.hrefs.append(href.partition("#")[0])


def links_of(page: Path) -> set[Path]:
    parser = Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return {(page.parent / href).resolve() for href in parser.hrefs if href}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("shipped") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1782000000")
        checked = build(CONTENT, TEMPLATES, out)
    assert checked.warnings == [] or all(w.severity == "warning" for w in checked.warnings)
    return out


def test_the_shipped_content_passes_check_and_builds(site):
    assert (site / "wiki" / "inference-time-compute" / "index.html").is_file()


def test_every_concept_is_reachable_from_the_home_page_in_two_clicks(site):
    home = site / "index.html"
    one_click = links_of(home)
    two_clicks = set(one_click)
    for page in one_click:
        if page.is_file() and page.suffix == ".html":
            two_clicks |= links_of(page)
    concepts = sorted((site / "wiki").glob("*/index.html"))
    concept_pages = [p.resolve() for p in concepts
                     if 'class="article article-concept"' in p.read_text(encoding="utf-8")]
    assert len(concept_pages) >= 16
    unreachable = [p.parent.name for p in concept_pages if p not in two_clicks]
    assert unreachable == []


def test_no_compute_role_or_figure_directive_is_left_unrendered(site):
    for page in (site / "wiki").glob("*/index.html"):
        html = page.read_text(encoding="utf-8")
        assert "{compute}" not in html, page.parent.name
        assert "{figure-compute}" not in html, page.parent.name
