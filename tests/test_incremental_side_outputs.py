"""Per-article side outputs (generator/outputs/producers.py PER_ARTICLE_PRODUCERS: each article's cite.bib, cite.ris,
cite.json) are made again only for articles whose own citation data changed, and linked unchanged
otherwise; the site still equals a clean build byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import TEMPLATES, clean_build, inodes, tree_bytes
from generator.outputs import producers as outputs
from generator.build import build
from generator.outputs.producers import PerArticleProducer

DOWNLOADS = ("cite.bib", "cite.ris", "cite.json")


@pytest.fixture
def made_for(monkeypatch) -> list[str]:
    """The slugs whose per-article outputs the build makes (one process, so the calls are seen here)."""
    calls: list[str] = []
    wrapped = []
    for producer in outputs.PER_ARTICLE_PRODUCERS:
        def make(checked, renderer, article, producer=producer):
            calls.append(article.slug)
            return producer.make(checked, renderer, article)
        wrapped.append(PerArticleProducer(producer.name, producer.key, make))
    monkeypatch.setattr(outputs, "PER_ARTICLE_PRODUCERS", wrapped)
    return calls


def download_files(site: Path) -> set[str]:
    return {str(p.relative_to(site)) for p in site.rglob("cite.*")}


def test_a_title_edit_remakes_only_that_articles_download_files(small_wiki, tmp_path, made_for):
    site = tmp_path / "site"
    build(small_wiki, TEMPLATES, site, jobs=1)
    assert sorted(made_for) == sorted(p.stem for p in small_wiki.rglob("*.md") if p.parent.name != "data")
    before_bytes, before_inodes = tree_bytes(site), inodes(site)
    made_for.clear()
    path = small_wiki / "concepts" / "gamma-concept.md"
    path.write_text(path.read_text().replace("title: Gamma Concept", "title: Gamma Renamed"))
    build(small_wiki, TEMPLATES, site, jobs=1)

    assert made_for == ["gamma-concept"]
    after_bytes, after_inodes = tree_bytes(site), inodes(site)
    rewritten = {p for p in after_inodes if before_inodes.get(p) != after_inodes[p]}
    assert rewritten & download_files(site) == {f"wiki/gamma-concept/{name}" for name in DOWNLOADS}
    assert rewritten == {p for p in after_bytes if before_bytes.get(p) != after_bytes[p]}
    assert "wiki/alpha-concept/index.html" in rewritten  # a page showing the title
    made_for.clear()
    assert after_bytes == clean_build(small_wiki, tmp_path / "clean")


def test_a_body_edit_remakes_no_download_file(small_wiki, tmp_path, made_for):
    site = tmp_path / "site"
    build(small_wiki, TEMPLATES, site, jobs=1)
    made_for.clear()
    path = small_wiki / "concepts" / "gamma-concept.md"
    path.write_text(path.read_text().replace("Gamma came first", "Gamma certainly came first"))
    build(small_wiki, TEMPLATES, site, jobs=1)
    assert made_for == []
    assert tree_bytes(site) == clean_build(small_wiki, tmp_path / "clean")


def test_a_new_build_date_remakes_every_download_file(small_wiki, tmp_path, made_for, monkeypatch):
    site = tmp_path / "site"
    build(small_wiki, TEMPLATES, site, jobs=1)
    made_for.clear()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")  # the accessed date in every citation changes
    build(small_wiki, TEMPLATES, site, jobs=1)
    assert len(made_for) == len(download_files(site)) // len(DOWNLOADS)
    assert tree_bytes(site) == clean_build(small_wiki, tmp_path / "clean")


def test_a_download_file_edited_by_hand_is_made_again(small_wiki, tmp_path, made_for):
    site = tmp_path / "site"
    build(small_wiki, TEMPLATES, site, jobs=1)
    made_for.clear()
    (site / "wiki" / "beta-concept" / "cite.ris").write_text("vandalised")
    build(small_wiki, TEMPLATES, site, jobs=1)
    assert made_for == ["beta-concept"]
    assert tree_bytes(site) == clean_build(small_wiki, tmp_path / "clean")


def test_deleting_an_article_removes_its_download_files(small_wiki, tmp_path):
    site = tmp_path / "site"
    build(small_wiki, TEMPLATES, site, jobs=1)
    (small_wiki / "topics" / "test-topic.md").unlink()
    build(small_wiki, TEMPLATES, site, jobs=1)
    assert not (site / "wiki" / "test-topic").exists()
    assert tree_bytes(site) == clean_build(small_wiki, tmp_path / "clean")
