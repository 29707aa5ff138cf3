"""The build cache only ever saves work: stale, corrupt or missing entries, or a site edited by hand,
give a rebuild, never wrong output; a failed build leaves the site and the cache usable."""

from __future__ import annotations

from pathlib import Path

import pytest

import generator.incremental.pipeline as build_module
from conftest import TEMPLATES, clean_build, tree_bytes
from generator.build import build
from generator.incremental.cache import BuildCache, default_cache_dir


def edit_gamma(content: Path) -> None:
    path = content / "concepts" / "gamma-concept.md"
    path.write_text(path.read_text().replace("title: Gamma Concept", "title: Gamma Changed"))


def test_the_cache_lives_beside_the_site_in_a_dot_cache_folder(small_wiki, tmp_path):
    build(small_wiki, TEMPLATES, tmp_path / "site")
    assert default_cache_dir(tmp_path / "site") == tmp_path / ".cache" / "policywiki" / "site"
    assert (tmp_path / ".cache" / "policywiki" / "site" / "manifest.pickle").is_file()


def test_a_corrupt_cache_means_a_rebuild_never_wrong_output(small_wiki, tmp_path):
    site = tmp_path / "site"
    build(small_wiki, TEMPLATES, site)
    edit_gamma(small_wiki)
    for path in default_cache_dir(site).rglob("*"):
        if path.is_file():
            path.write_bytes(b"\x80garbage" + path.read_bytes()[: len(path.read_bytes()) // 2])
    build(small_wiki, TEMPLATES, site)
    assert tree_bytes(site) == clean_build(small_wiki, tmp_path / "clean")


def test_a_cache_from_another_generator_version_is_ignored(small_wiki, tmp_path, monkeypatch):
    site = tmp_path / "site"
    build(small_wiki, TEMPLATES, site)
    cache = BuildCache(default_cache_dir(site))
    assert cache.load("manifest.pickle") is not None
    monkeypatch.setattr("generator.incremental.cache.generator_version", lambda: "another version")
    assert cache.load("manifest.pickle") is None


def test_deleted_cached_bodies_are_parsed_again(small_wiki, tmp_path):
    site = tmp_path / "site"
    build(small_wiki, TEMPLATES, site)
    edit_gamma(small_wiki)  # its neighbours must be rendered, from bodies that are no longer cached
    for path in (default_cache_dir(site) / "bodies").iterdir():
        path.unlink()
    build(small_wiki, TEMPLATES, site)
    assert tree_bytes(site) == clean_build(small_wiki, tmp_path / "clean")


def test_a_page_edited_by_hand_in_the_site_is_rewritten_by_the_next_build(small_wiki, tmp_path):
    site = tmp_path / "site"
    expected = clean_build(small_wiki, tmp_path / "clean")
    build(small_wiki, TEMPLATES, site)
    page = site / "wiki" / "beta-concept" / "index.html"
    page.write_text("vandalised")
    build(small_wiki, TEMPLATES, site)
    assert tree_bytes(site) == expected


def test_a_build_that_fails_while_writing_leaves_the_site_and_a_usable_cache(small_wiki, tmp_path, monkeypatch):
    site = tmp_path / "site"
    build(small_wiki, TEMPLATES, site)
    before = tree_bytes(site)
    edit_gamma(small_wiki)

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(build_module, "index_pages", crash)
    with pytest.raises(OSError):
        build(small_wiki, TEMPLATES, site)
    assert tree_bytes(site) == before  # hard links into the fresh tree never touched the old files
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-")]
    monkeypatch.undo()
    build(small_wiki, TEMPLATES, site)
    assert tree_bytes(site) == clean_build(small_wiki, tmp_path / "clean")
