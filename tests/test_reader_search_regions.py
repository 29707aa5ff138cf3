"""What search reads of an article page is declared by the templates, not guessed from class names: the regions
marked `data-search="body"` are the article's own text and are indexed whole, whatever their tag or class; a part
marked `data-search="ignore"` inside one is left out; nothing outside them is indexed
(generator/outputs/searchindex.py)."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import FIXTURES, TEMPLATES
from generator.build import build
from generator.outputs.searchindex import page_text

MARK = 'data-search="body"'
# A made-up word in each kind of the article's own text, with the article whose page shows it.
OWN_TEXT = {"quillwort": "alpha-concept",  # body
            "tamarillo": "alpha-concept",  # body, in raw HTML that tries to hide itself from search
            "zanthoxyl": "alpha-concept",  # editorial note
            "tessellated": "alpha-concept",  # a reference (snell2024's title)
            "marzipanic": "test-act",  # thresholds table: provision
            "obeliskine": "test-act"}  # thresholds table: effect


def search_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted((site / "search").rglob("*")) if p.is_file()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path.name, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    """The small wiki with a made-up word in every kind of an article's own text (OWN_TEXT)."""
    content = tmp_path_factory.mktemp("content") / "content"
    shutil.copytree(FIXTURES / "small-wiki", content)
    alpha = content / "concepts" / "alpha-concept.md"
    edit(alpha, "tags: [inference]\n", "tags: [inference]\neditorial_note: A zanthoxyl remark.\n")
    alpha.write_text(alpha.read_text() + '\nA quillwort sentence. <span data-search="ignore">Tamarillo</span> too.\n')
    act = content / "instruments" / "test-act.md"
    edit(act, 'provision: "Art. 1"', 'provision: "Art. 1 marzipanic"')
    edit(act, "effect: notification", "effect: obeliskine notification")
    edit(content / "references.bib", "title         = {Scaling", "title         = {Tessellated Scaling")
    return content


@pytest.fixture(scope="module")
def site(content, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    build(content, TEMPLATES, out)
    return out


def templates_with(tmp_path: Path, *edits: tuple[str, str, str]) -> Path:
    """A copy of the templates with (file, old, new) edits."""
    copy = tmp_path / "templates"
    shutil.copytree(TEMPLATES, copy)
    for name, old, new in edits:
        edit(copy / name, old, new)
    return copy


class MarkedText(HTMLParser):
    """Every text of a page, with whether it lies inside a region marked for search."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, bool]] = []
        self.texts: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.open.append((tag, ("data-search", "body") in attrs))

    def handle_endtag(self, tag):
        while self.open and self.open.pop()[0] != tag:
            pass

    def handle_data(self, data):
        self.texts.append((data, any(marked for _, marked in self.open)))


def test_a_marked_region_is_indexed_whatever_its_tag_and_class_and_nothing_outside_is():
    page = ('<header class="site-header"><a>Site title</a></header><nav>Navigation</nav><article>'
            '<aside class="anything-at-all" data-search="body"><p>Marked words</p></aside>'
            '<div class="article-body"><p>Unmarked class</p></div><section class="used-by">Used by</section>'
            '<section class="renamed" data-search="body" aria-labelledby="x"><h2 id="x">A heading</h2>'
            '<section><p>nested</p></section></section></article><footer>Footer</footer>')
    text, headings = page_text(page)
    assert text.split() == ["Marked", "words", "A", "heading", "nested"]
    assert headings == ["A heading"]


def test_a_part_marked_ignore_is_left_out_of_its_region_as_math_svg_and_scripts_are():
    page = ('<article><div data-search="body"><p>Kept <span class="tools" data-search="ignore">Copy <b>it</b></span>'
            ' words</p><div data-search="ignore"><div>nested</div> gone</div><math><mi>x</mi></math>'
            '<svg><text>drawn</text></svg><script>code()</script> end</div></article>')
    assert page_text(page)[0].split() == ["Kept", "words", "end"]


def test_text_that_only_reads_like_the_marker_marks_nothing():
    assert page_text('<article><p>Put data-search="body" on a region.</p></article>') == ("", [])


def test_every_region_that_renders_the_articles_own_text_is_marked_and_indexed(site):
    """Walks each rendered article page: a word of the article's own text (body, editorial note, references,
    thresholds) shown outside a marked region means a template renders that text in a region search skips."""
    for word, slug in OWN_TEXT.items():
        page = (site / "wiki" / slug / "index.html").read_text(encoding="utf-8")
        parser = MarkedText()
        parser.feed(page)
        places = [marked for text, marked in parser.texts if word in text.lower()]
        assert places, f"{word} is not on {slug}'s page"
        assert all(places), f"{slug}'s page shows {word} outside every {MARK} region"
        assert word in page_text(page)[0].lower(), f"{word} is not indexed for {slug}"


def test_the_chrome_and_other_articles_titles_and_summaries_are_not_indexed(site):
    text, _ = page_text((site / "wiki" / "alpha-concept" / "index.html").read_text(encoding="utf-8"))
    for chrome in ("Small Test Wiki", "Search the wiki", "Browse", "Threshold explorer", "Published by",
                   "Used by", "A statute that uses the alpha concept.",  # test-act's summary, in "Used by"
                   "Related concepts", "The second concept, defined against the first.",  # beta's, in relations
                   "How to cite", "At a glance", "Contents", "Pages that link here"):
        assert chrome not in text, chrome


def test_renaming_the_classes_of_the_marked_regions_changes_no_search_file(content, site, tmp_path):
    renamed = templates_with(tmp_path, ("article.html", 'class="article-body"', 'class="prose"'),
                             ("article.html", 'class="references"', 'class="sources"'),
                             ("article.html", 'class="editorial-note"', 'class="remark"'),
                             ("partials/thresholds.html", 'class="thresholds"', 'class="limits"'))
    build(content, renamed, tmp_path / "site")
    assert search_files(tmp_path / "site") == search_files(site)


def test_a_region_added_to_the_article_template_is_indexed_only_if_it_is_marked(content, tmp_path):
    added = templates_with(tmp_path, ("article.html", '  {% include "partials/article_relations.html" %}',
                                      '<aside class="new-box" data-search="body"><p>Xylophonic</p></aside>'
                                      '<aside class="other-box"><p>Quokkaish</p></aside>'
                                      '{% include "partials/article_relations.html" %}'))
    build(content, added, tmp_path / "site")
    for slug in ("alpha-concept", "test-act", "test-topic"):
        text, _ = page_text((tmp_path / "site" / "wiki" / slug / "index.html").read_text(encoding="utf-8"))
        assert "Xylophonic" in text and "Quokkaish" not in text, slug
    words = b"".join(data for name, data in search_files(tmp_path / "site").items() if name.startswith("search/terms/"))
    assert b'"xylophonic"' in words and b"quokkaish" not in words
