"""Every article page tells researchers how to cite it, and offers files their tools read."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from pybtex.database import parse_string

from conftest import FIXTURES, TEMPLATES
from generator.build import build


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("cite-block")
    shutil.copytree(FIXTURES / "small-wiki", root / "content")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1782000000")  # 2026-06-21
        build(root / "content", TEMPLATES, root / "site")
    return root / "site"


def page(built, slug: str) -> str:
    return (built / "wiki" / slug / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("slug", ["alpha-concept", "test-act", "test-topic"])
def test_every_article_offers_four_styles_bibtex_and_three_downloads(built, slug):
    html = page(built, slug)
    for style in ("apa", "chicago", "harvard", "oscola", "bibtex"):
        assert f'id="cite-{style}"' in html
        assert f'data-copy-target="cite-{style}" hidden' in html  # revealed by script; text stays selectable
    for name in ("cite.bib", "cite.ris", "cite.json"):
        assert f'href="{name}" download' in html
        assert (built / "wiki" / slug / name).is_file()


def test_the_article_citation_uses_the_publisher_dates_url_and_access_date(built):
    html = page(built, "alpha-concept")
    harvard = re.search(r'id="cite-harvard">(.*?)</p>', html).group(1)
    assert harvard.startswith("Test Wiki Editors (2026)")
    assert "https://wiki.example.org/wiki/alpha-concept/" in harvard
    assert "(Accessed: 21 June 2026)" in harvard
    assert "n.d." not in html and "&lt;&lt;" not in html


def test_the_bibtex_download_braces_the_corporate_author_and_reparses(built):
    text = (built / "wiki" / "alpha-concept" / "cite.bib").read_text()
    assert "author = {{Test Wiki Editors}}" in text
    assert "n.d." not in text
    entry = parse_string(text, "bibtex").entries["alpha-concept"]
    assert entry.type == "misc"  # the classic type: bibtex and biber both read it (docs/citations.md)
    assert str(entry.persons["author"][0]) == "{Test Wiki Editors}"
    assert entry.fields["urldate"] == "2026-06-21"


def test_the_csl_json_and_ris_downloads_describe_the_same_article(built):
    [item] = json.loads((built / "wiki" / "test-act" / "cite.json").read_text())
    assert item["title"] == '<span class="nocase">Test Act</span>'  # an instrument's name: never re-cased
    assert item["author"] == [{"literal": "Test Wiki Editors"}]
    assert item["URL"] == "https://wiki.example.org/wiki/test-act/"
    ris = (built / "wiki" / "test-act" / "cite.ris").read_text()
    assert ris.splitlines()[0].startswith("TY  - ")
    assert "UR  - https://wiki.example.org/wiki/test-act/" in ris
    assert ris.rstrip().endswith("ER  -")


def test_scholarly_meta_tags_and_json_ld_describe_each_kind(built):
    expected_types = {"alpha-concept": "DefinedTerm", "test-act": "Legislation", "test-topic": "ScholarlyArticle"}
    for slug, schema_type in expected_types.items():
        html = page(built, slug)
        assert '<meta name="citation_title"' in html
        assert '<meta name="citation_author" content="Test Wiki Editors">' in html
        assert re.search(r'<meta name="citation_publication_date" content="\d{4}/\d{2}/\d{2}">', html)
        assert f'<meta name="citation_public_url" content="https://wiki.example.org/wiki/{slug}/">' in html
        data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == schema_type
        assert data["url"] == f"https://wiki.example.org/wiki/{slug}/"


def test_the_whole_bibliography_is_downloadable_and_lists_who_cites_each_work(built):
    entries = parse_string((built / "references" / "references.bib").read_text(), "bibtex").entries
    assert sorted(entries) == ["snell2024", "warhol1975"]
    html = (built / "references" / "index.html").read_text()
    assert re.search(r'id="ref-warhol1975">.*?Cited by:\s*<a href="../wiki/beta-concept/index.html">Beta Concept</a>',
                     html, re.S)
