"""What the build gives a reader for citations and search (issue 18): each in-text citation has an id and the
reference list links back to it, each reference carries its BibTeX and copy buttons, /references/ links the
whole bibliography, and the search index unifies number forms and keeps each article's text for snippets.
The same features in a browser: tests/browser/test_reading.py."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, TEMPLATES
from generator.build import build
from generator.outputs.searchindex import TEXT_CHARS, counts
from generator.render.citations import bibtex_file


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    content = tmp_path_factory.mktemp("content") / "content"
    shutil.copytree(FIXTURES / "small-wiki", content)
    alpha = content / "concepts" / "alpha-concept.md"
    alpha.write_text(alpha.read_text(encoding="utf-8") + "\n\nCited again [@snell2024]. The EU limit is 1e25 "
                     "FLOP.\n\n" + "Filler words fill the page. " * 200 + "\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("site") / "site"
    build(content, TEMPLATES, out)
    return out


def test_every_in_text_citation_has_an_id_and_its_reference_links_back_to_each(site):
    html = (site / "wiki" / "alpha-concept" / "index.html").read_text()
    citations = re.findall(r'<a class="citation" id="(cite-\d+)" href="#ref-snell2024" data-keys="snell2024">', html)
    assert citations == ["cite-1", "cite-2"]
    entry = re.search(r'<li id="ref-snell2024">(.*?)</li>', html, re.S).group(1)
    assert re.findall(r'<a href="#(cite-\d+)" aria-label="Back to citation \d in the text">', entry) == citations


def test_each_reference_has_copy_buttons_and_a_link_to_its_own_bibtex(site):
    html = (site / "wiki" / "alpha-concept" / "index.html").read_text()
    entry = re.search(r'<li id="ref-snell2024">(.*?)</li>', html, re.S).group(1)
    assert '<span class="ref-text" id="ref-text-snell2024">Snell, C.' in entry
    assert '<button type="button" class="copy-button" data-copy-target="ref-text-snell2024" hidden>' in entry
    assert '<a class="ref-bibtex" href="../../references/bib/snell2024.bib">BibTeX</a>' in entry
    assert 'data-copy-url="../../references/bib/snell2024.bib"' in entry
    bibtex = (site / "references" / "bib" / "snell2024.bib").read_text()
    assert bibtex.startswith("@") and "{snell2024," in bibtex and bibtex.count("@") == 1


def test_a_key_with_characters_unfit_for_a_file_name_gets_a_spelled_out_bibtex_file():
    assert bibtex_file("snell2024") == "references/bib/snell2024.bib"
    assert bibtex_file("eu:2024/1689") == "references/bib/u-65-75-3a-32-30-32-34-2f-31-36-38-39.bib"


def test_the_references_page_links_the_whole_bibliography_as_bibtex_ris_and_csl_json(site):
    html = (site / "references" / "index.html").read_text()
    for name in ("references.bib", "references.ris", "references.json"):
        assert f'<a href="{name}" download>' in html, name
        assert (site / "references" / name).stat().st_size > 0
    assert 'href="../references/bib/snell2024.bib"' in html and "static/copy.js" in html


def test_number_forms_are_indexed_as_one_power_of_ten():
    assert counts("1e26 1E+26 10**26 10²⁶ 10^26") == {"10^26": 5}
    assert counts("10⁻³ and 1e-3") == {"10^-3": 2, "and": 1}
    assert counts("2e25 x1e5") == {"2e25": 1, "x1e5": 1}  # only a bare 1eN is a power of ten


def test_the_index_keeps_the_start_of_each_articles_text_for_snippets(site):
    text = (site / "search" / "text" / "alpha-concept.txt").read_text()
    assert "Alpha is defined in a paper (Snell et al., 2024, p. 3)." in text[:100]  # the article's own text,
    assert "Breadcrumbs" not in text and "How to cite" not in text  # not the page's chrome
    assert len(text) <= TEXT_CHARS + 3 and text.rstrip().endswith("…")
    assert sorted(p.stem for p in (site / "search" / "text").iterdir()) == sorted(
        p.name for p in (site / "wiki").iterdir() if p.is_dir())
