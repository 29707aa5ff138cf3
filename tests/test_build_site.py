"""`policywiki build`: a whole small wiki into site/, links that work from disk, atomic and deterministic."""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import REPO, TEMPLATES, replace_in, run_cli, tree_bytes
from generator.build import build
from generator.publish import write_site
from generator.problems import ContentError

GOLDEN = REPO / "tests" / "golden"


class LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        for name in ("href", "src"):
            if tag in ("a", "link", "img", "script") and attributes.get(name):
                self.hrefs.append(attributes[name])


def parse(path: Path) -> LinkCollector:
    collector = LinkCollector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


@pytest.fixture
def built(small_wiki, tmp_path) -> Path:
    out = tmp_path / "site"
    build(small_wiki, TEMPLATES, out)
    return out


def test_the_build_writes_home_indexes_articles_and_a_404_page(built):
    expected = ["index.html", "404.html", "concepts/index.html", "instruments/index.html", "topics/index.html",
                "wiki/alpha-concept/index.html", "wiki/test-act/index.html", "wiki/test-topic/index.html",
                "static/style.css"]
    for name in expected:
        assert (built / name).is_file(), name


def test_every_internal_link_and_anchor_resolves_when_browsed_from_disk(built):
    for page in built.rglob("*.html"):
        if page.name == "404.html":
            continue  # served at any depth, so it links from the site root
        collector = parse(page)
        for href in collector.hrefs:
            if re.match(r"^[a-z]+:", href):
                continue
            target, _, fragment = href.partition("#")
            resolved = (page.parent / target).resolve() if target else page
            assert resolved.is_file(), f"{page.relative_to(built)} links to missing {href}"
            if fragment:
                assert fragment in parse(resolved).ids, f"{page.relative_to(built)} links to missing #{fragment}"


def test_an_article_page_shows_the_anatomy_from_the_design(built):
    html = (built / "wiki" / "alpha-concept" / "index.html").read_text()
    for heading in ("At a glance", "Used by these instruments", "Related concepts", "Appears in topic articles",
                    "References", "How to cite this article", "Pages that link here"):
        assert f">{heading}</h2>" in html, heading
    assert "<blockquote>Beta builds on Alpha Concept directly.</blockquote>" in html
    assert '<a class="wikilink" href="../gamma-concept/index.html#history"' in html


def test_backlink_context_shows_titles_narrative_citations_and_no_markup(small_wiki, tmp_path):
    (small_wiki / "concepts" / "delta-concept.md").write_text(
        "---\ntitle: Delta\nkind: concept\nsummary: A fourth concept that cites and links in one sentence.\n"
        "published: 2026-01-15\n---\nAs @warhol1975 argued, *plain* [[gamma-concept]] matters [@snell2024].\n")
    build(small_wiki, TEMPLATES, tmp_path / "site")
    html = (tmp_path / "site" / "wiki" / "gamma-concept" / "index.html").read_text()
    assert "<blockquote>As Warhol (1975) argued, plain Gamma Concept matters.</blockquote>" in html


def test_a_revoked_instrument_says_so_with_its_date(built):
    html = (built / "wiki" / "test-act" / "index.html").read_text()
    assert re.search(r"<strong>Revoked</strong> on\s+<time datetime=\"2025-01-20\">", html)
    assert '&gt; 10<sup class="power"><span class="visually-hidden">^</span>25</sup> FLOP' in html


def test_the_article_page_matches_its_golden_file(built):
    """The whole <main> of one article page is the contract. UPDATE_GOLDEN=1 rewrites it after a deliberate change."""
    html = (built / "wiki" / "alpha-concept" / "index.html").read_text()
    main = html[html.index("<main"): html.index("</main>") + len("</main>")]
    golden = GOLDEN / "alpha-concept.main.html"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(main, encoding="utf-8")
    assert main == golden.read_text(encoding="utf-8")


def test_two_builds_of_the_same_content_are_byte_identical(small_wiki, tmp_path):
    build(small_wiki, TEMPLATES, tmp_path / "one")
    build(small_wiki, TEMPLATES, tmp_path / "two")
    assert tree_bytes(tmp_path / "one") == tree_bytes(tmp_path / "two")


def test_a_failed_build_leaves_the_previous_site_untouched(small_wiki, built):
    before = tree_bytes(built)
    (small_wiki / "concepts" / "beta-concept.md").write_text("---\ntitle: [unclosed\n---\n")
    with pytest.raises(ContentError):
        build(small_wiki, TEMPLATES, built)
    assert tree_bytes(built) == before
    assert not [p for p in built.parent.iterdir() if p.name.startswith(".site-")]


def test_a_build_killed_between_the_two_renames_gets_its_old_site_back(built, tmp_path):
    """If the process dies after parking site/ and before moving the new one in, the next build recovers."""
    parked = built.parent / ".site-previous"
    built.rename(parked)
    write_site([("index.html", b"new home")], built)
    assert (built / "index.html").read_text() == "new home"
    assert not parked.exists()


def test_raw_script_in_an_article_never_reaches_the_page(small_wiki, tmp_path):
    path = small_wiki / "concepts" / "gamma-concept.md"
    path.write_text(path.read_text() + '\n<script>alert(1)</script>\n<img src="x" onerror="alert(2)">\n'
                    '[click](javascript:alert(3))\n')
    build(small_wiki, TEMPLATES, tmp_path / "site")
    html = (tmp_path / "site" / "wiki" / "gamma-concept" / "index.html").read_text()
    assert "<script>alert" not in html and "onerror" not in html and "href=\"javascript:" not in html


def test_the_cli_builds_and_check_refuses_nothing_is_written_on_error(small_wiki, tmp_path):
    out = tmp_path / "cli-site"
    result = run_cli("build", "--content", str(small_wiki), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert (out / "wiki" / "beta-concept" / "index.html").is_file()
    (small_wiki / "concepts" / "beta-concept.md").write_text("---\nkind: concept\n---\n")
    result = run_cli("build", "--content", str(small_wiki), "--out", str(tmp_path / "never"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "never").exists()


def test_a_new_wiki_with_no_articles_yet_builds_its_site_pages(tmp_path):
    """Only site.yaml: home, indexes, graph, search and feeds are made, empty, with no error."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "site.yaml").write_bytes((REPO / "tests" / "fixtures" / "small-wiki" / "site.yaml").read_bytes())
    site = tmp_path / "site"
    build(content, TEMPLATES, site)
    for page in ("index.html", "graph/index.html", "search/index.html", "concepts/index.html", "feed.xml"):
        assert (site / page).is_file()
    assert not (site / "wiki").exists()


def test_braces_in_a_title_protect_its_case_in_citations_and_are_never_shown(small_wiki, tmp_path):
    """README: `title: The {EU AI Act} in Brief` keeps 'EU AI Act' capitalised in sentence-case styles; readers
    see the title without the braces, on the page, in lists, in search and in the navigation."""
    replace_in(small_wiki / "concepts" / "alpha-concept.md", "title: Alpha Concept", "title: Alpha and the {EU AI Act}")
    out = tmp_path / "site"
    build(small_wiki, TEMPLATES, out, jobs=1, use_cache=False)
    shown = (out / "wiki" / "alpha-concept" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Alpha and the EU AI Act</h1>" in shown and "<title>Alpha and the EU AI Act" in shown
    assert "Alpha and the EU AI Act" in (out / "wiki" / "beta-concept" / "index.html").read_text(encoding="utf-8")
    readers_see = [out / "nav.json", out / "previews.json", out / "feed.xml", out / "index.html",
                   out / "concepts" / "index.html", *(out / "search").rglob("*.json")]
    assert [path.name for path in readers_see if "{EU AI Act}" in path.read_text(encoding="utf-8")] == []
    assert "title = {Alpha and the {EU AI Act}}" in (out / "wiki" / "alpha-concept" / "cite.bib").read_text()
    assert "Alpha and the EU AI Act." in shown  # APA's sentence case keeps the protected words
