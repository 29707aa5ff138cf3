"""Per-article side outputs (each article's cite.bib, cite.ris, cite.json) are made again only for articles whose
own citation data changed, and linked unchanged otherwise; the site still equals a clean build byte for byte.
How many were made is what `build --profile` prints ("per-article outputs made")."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import TEMPLATES, build_counts, clean_build, inodes, tree_bytes
from generator.build import build

DOWNLOADS = ("cite.bib", "cite.ris", "cite.json")


def made(capsys, content: Path, site: Path) -> int:
    """How many per-article outputs a one-process build of `content` into `site` made, as --profile prints it."""
    return build_counts(capsys, content, site, "--jobs", "1")["per-article outputs made"]


@pytest.fixture
def per_article(small_wiki, tmp_path, capsys) -> int:
    """Builds the small wiki into tmp_path/site; how many outputs the cold build made for each article."""
    articles = [p for p in small_wiki.rglob("*.md") if p.parent.name != "data"]
    cold = made(capsys, small_wiki, tmp_path / "site")
    assert cold > 0 and cold % len(articles) == 0  # as many for every article
    return cold // len(articles)


def download_files(site: Path) -> set[str]:
    return {str(p.relative_to(site)) for p in site.rglob("cite.*")}


def test_a_title_edit_remakes_only_that_articles_download_files(small_wiki, tmp_path, capsys, per_article):
    site = tmp_path / "site"
    before_bytes, before_inodes = tree_bytes(site), inodes(site)
    path = small_wiki / "concepts" / "gamma-concept.md"
    path.write_text(path.read_text().replace("title: Gamma Concept", "title: Gamma Renamed"))
    assert made(capsys, small_wiki, site) == per_article  # gamma's alone

    after_bytes, after_inodes = tree_bytes(site), inodes(site)
    rewritten = {p for p in after_inodes if before_inodes.get(p) != after_inodes[p]}
    assert rewritten & download_files(site) == {f"wiki/gamma-concept/{name}" for name in DOWNLOADS}
    assert rewritten == {p for p in after_bytes if before_bytes.get(p) != after_bytes[p]}
    assert "wiki/alpha-concept/index.html" in rewritten  # a page showing the title
    assert after_bytes == clean_build(small_wiki, tmp_path / "clean")


def test_a_body_edit_remakes_no_download_file(small_wiki, tmp_path, capsys, per_article):
    site = tmp_path / "site"
    path = small_wiki / "concepts" / "gamma-concept.md"
    path.write_text(path.read_text().replace("Gamma came first", "Gamma certainly came first"))
    assert made(capsys, small_wiki, site) == 0
    assert tree_bytes(site) == clean_build(small_wiki, tmp_path / "clean")


def test_a_new_build_date_remakes_every_download_file(small_wiki, tmp_path, capsys, per_article, monkeypatch):
    site = tmp_path / "site"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")  # the accessed date in every citation changes
    assert made(capsys, small_wiki, site) == per_article * len(download_files(site)) // len(DOWNLOADS)
    assert tree_bytes(site) == clean_build(small_wiki, tmp_path / "clean")


def test_a_download_file_edited_by_hand_is_made_again(small_wiki, tmp_path, capsys, per_article):
    site = tmp_path / "site"
    (site / "wiki" / "beta-concept" / "cite.ris").write_text("vandalised")
    assert made(capsys, small_wiki, site) == per_article  # beta's alone
    assert tree_bytes(site) == clean_build(small_wiki, tmp_path / "clean")


def test_deleting_an_article_removes_its_download_files(small_wiki, tmp_path):
    site = tmp_path / "site"
    build(small_wiki, TEMPLATES, site, jobs=1)
    (small_wiki / "topics" / "test-topic.md").unlink()
    build(small_wiki, TEMPLATES, site, jobs=1)
    assert not (site / "wiki" / "test-topic").exists()
    assert tree_bytes(site) == clean_build(small_wiki, tmp_path / "clean")


def bibliography_made(capsys, content: Path, site: Path) -> int:
    return build_counts(capsys, content, site, "--jobs", "1")["bibliography files made"]


def test_an_article_edit_makes_no_file_of_the_bibliography_and_a_bib_edit_makes_them_all(small_wiki, tmp_path, capsys):
    site = tmp_path / "site"
    files = bibliography_made(capsys, small_wiki, site)
    assert files == len(list((site / "references").rglob("*.*"))) - 1  # all but /references/index.html
    path = small_wiki / "concepts" / "gamma-concept.md"
    path.write_text(path.read_text().replace("title: Gamma Concept", "title: Gamma Renamed"))
    assert bibliography_made(capsys, small_wiki, site) == 0  # the reference list's "cited by" is remade, though
    assert tree_bytes(site) == clean_build(small_wiki, tmp_path / "clean")

    with (small_wiki / "references.bib").open("a") as bib:
        bib.write("@misc{added2026, title = {Added}, author = {Doe, Jane}, year = {2026}}\n")
    assert bibliography_made(capsys, small_wiki, site) == files + 1  # its own BibTeX file, and the rest again
    assert "added2026" in (site / "references" / "references.bib").read_text()
    assert tree_bytes(site) == clean_build(small_wiki, tmp_path / "clean2")
