"""`policywiki serve` keeps its build state in memory between edits (generator/incremental/resident.py) and updates
site/ in place. Whatever it has built after any sequence of edits — words, titles, links, articles added, renamed
and deleted, a reference, a template, a broken save and its fix — is byte for byte the site a clean build makes of
the same content, and it is what the server sends."""

from __future__ import annotations

import io
import re
import urllib.request
from pathlib import Path

import pytest

from conftest import TEMPLATES, clean_build, inodes, replace_in, tree_bytes
from generator.incremental.resident import ResidentBuild
from generator.problems import ContentError
from generator.serve import LiveServer

NEW_ARTICLE = """---
title: Delta Concept
kind: concept
summary: A concept added while serve runs, linked from nowhere yet.
related: [alpha-concept]
primary_source: snell2024
published: 2026-03-01
---
Delta refines [[alpha-concept]] and cites [@snell2024].
"""

MORE_REFERENCE = """
@misc{added2026,
  author = {Added, Ann},
  title = {A Reference Added While Serving},
  year = {2026},
  url = {https://example.org/added}
}
"""


def edits(content: Path, templates: Path):
    """(what the editor did, the edit) in the order an editing session might make them."""
    alpha = content / "concepts" / "alpha-concept.md"
    beta = content / "concepts" / "beta-concept.md"
    yield "one word of a body", lambda: replace_in(alpha, "Plain sentence here.", "Plain sentence there.")
    yield "a title", lambda: replace_in(alpha, "title: Alpha Concept", "title: Alpha Concept Renamed")
    yield "a summary", lambda: replace_in(beta, "summary: ", "summary: Now shorter. ", 1)
    yield "a new article", lambda: (content / "concepts" / "delta-concept.md").write_text(NEW_ARTICLE)
    yield "a link to the new article", lambda: replace_in(alpha, "Plain sentence there.",
                                                          "Plain sentence, see [[delta-concept]].")
    yield "a new reference, cited", lambda: (
        (content / "references.bib").write_text((content / "references.bib").read_text() + MORE_REFERENCE),
        replace_in(content / "concepts" / "delta-concept.md", "cites [@snell2024]", "cites [@added2026]"))
    yield "an article renamed (file and links)", lambda: (
        (content / "concepts" / "delta-concept.md").rename(content / "concepts" / "epsilon-concept.md"),
        replace_in(alpha, "[[delta-concept]]", "[[epsilon-concept]]"))
    yield "a template", lambda: replace_in(templates / "base.html", "</body>", "<!-- edited -->\n</body>")
    yield "an article deleted (and the link to it)", lambda: (
        (content / "concepts" / "epsilon-concept.md").unlink(),
        replace_in(alpha, "see [[epsilon-concept]]", "see nothing"))


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    import shutil
    copy = tmp_path / "templates"
    shutil.copytree(TEMPLATES, copy)
    return copy


def test_after_every_edit_the_resident_build_equals_a_clean_build(small_wiki, templates, tmp_path):
    resident, site = ResidentBuild(jobs=1), tmp_path / "site"
    resident(small_wiki, templates, site)
    for made, edit in edits(small_wiki, templates):
        edit()
        resident(small_wiki, templates, site)
        assert tree_bytes(site) == clean_build(small_wiki, tmp_path / "clean", templates), f"after {made}"


def test_a_broken_save_changes_nothing_and_its_fix_builds_as_a_clean_build_would(small_wiki, tmp_path):
    resident, site = ResidentBuild(jobs=1), tmp_path / "site"
    resident(small_wiki, TEMPLATES, site)
    before, before_inodes = tree_bytes(site), inodes(site)
    alpha = small_wiki / "concepts" / "alpha-concept.md"
    replace_in(alpha, "[[beta-concept|its sibling]]", "[[no-such-article]]")
    with pytest.raises(ContentError):
        resident(small_wiki, TEMPLATES, site)
    assert tree_bytes(site) == before and inodes(site) == before_inodes
    replace_in(alpha, "[[no-such-article]]", "[[gamma-concept|its cousin]]")
    resident(small_wiki, TEMPLATES, site)
    assert tree_bytes(site) == clean_build(small_wiki, tmp_path / "clean")


def test_an_edit_rewrites_only_the_files_whose_bytes_change(small_wiki, tmp_path):
    resident, site = ResidentBuild(jobs=1), tmp_path / "site"
    resident(small_wiki, TEMPLATES, site)
    before, before_inodes = tree_bytes(site), inodes(site)
    replace_in(small_wiki / "concepts" / "alpha-concept.md", "Plain sentence here.", "Plain sentence there.")
    resident(small_wiki, TEMPLATES, site)
    after, after_inodes = tree_bytes(site), inodes(site)
    changed = {path for path in after if before.get(path) != after[path]}
    rewritten = {path for path in after if before_inodes.get(path) != after_inodes[path]}
    assert "wiki/alpha-concept/index.html" in changed
    assert rewritten == changed


def test_a_build_of_the_command_line_after_serve_stops_is_a_clean_build(small_wiki, tmp_path):
    """serve leaves the build cache as a command-line build can trust it: the next `build` is correct."""
    from generator.build import build

    resident, site = ResidentBuild(jobs=1), tmp_path / "site"
    resident(small_wiki, TEMPLATES, site)
    replace_in(small_wiki / "concepts" / "alpha-concept.md", "title: Alpha Concept", "title: Alpha Prime")
    resident(small_wiki, TEMPLATES, site)
    resident.close()
    replace_in(small_wiki / "concepts" / "beta-concept.md", "summary: ", "summary: Edited after serve. ", 1)
    build(small_wiki, TEMPLATES, site)
    assert tree_bytes(site) == clean_build(small_wiki, tmp_path / "clean")


def _without_live_script(html: bytes) -> bytes:
    return re.sub(rb'<script src="/__policywiki/live\.js"[^>]*></script>', b"", html)


def test_the_server_sends_the_clean_build_of_the_edited_content(small_wiki, tmp_path):
    server = LiveServer(small_wiki, TEMPLATES, tmp_path / "site", port=0, stream=io.StringIO())
    with server:
        replace_in(small_wiki / "concepts" / "alpha-concept.md", "title: Alpha Concept", "title: Alpha Served")
        server.rebuilder.rebuild("test")  # the watcher would too; the rebuild lock keeps them in turn
        expected = clean_build(small_wiki, tmp_path / "clean")
        for page in ("wiki/alpha-concept/index.html", "wiki/beta-concept/index.html", "index.html",
                     "graph.json"):
            with urllib.request.urlopen(server.url + page, timeout=30) as response:
                assert _without_live_script(response.read()) == expected[page], page


def _saved_edits(content: Path):
    """Edits an editor makes most, each to concept articles that keep their links: the resident build checks only
    the saved files (article_edits.py); and two it must hand to the whole check (a new link, an error)."""
    alpha = content / "concepts" / "alpha-concept.md"
    beta = content / "concepts" / "beta-concept.md"
    yield "a word", {alpha}, True, lambda: replace_in(alpha, "Plain sentence here.", "Plain sentence there.")
    yield "a title", {alpha}, True, lambda: replace_in(alpha, "title: Alpha Concept", "title: Alpha Renamed")
    topic = content / "topics" / "test-topic.md"  # an orphan: its warning stays
    yield "a word of an orphan topic", {topic}, True, lambda: replace_in(topic, "This topic discusses", "This topic covers")
    yield "a sentence around a link (a backlink's context)", {alpha}, True, lambda: replace_in(
        alpha, "It differs from [[beta-concept|its sibling]].", "It is unlike [[beta-concept|its sibling]] here.")
    yield "a summary too short (a warning)", {beta}, True, lambda: replace_in(
        beta, "summary: The second concept, defined against the first.", "summary: Tiny.")
    yield "two files at once", {alpha, beta}, True, lambda: (
        replace_in(alpha, "Plain sentence there.", "Plain sentence again."),
        replace_in(beta, "summary: Tiny.", "summary: The second concept, now defined against the first."))
    yield "a new link (the whole check)", {alpha}, False, lambda: replace_in(
        alpha, "Plain sentence again.", "Plain sentence, see [[test-topic]].")


def test_saved_articles_alone_are_checked_again_and_the_site_and_warnings_equal_a_clean_build(small_wiki, tmp_path):
    from generator.build import check

    resident, site = ResidentBuild(jobs=1), tmp_path / "site"
    resident(small_wiki, TEMPLATES, site)
    for made, saved, alone, edit in _saved_edits(small_wiki):
        edit()
        resident.note_changes(saved)
        try:
            checked = resident(small_wiki, TEMPLATES, site)
        except ContentError:
            pytest.fail(f"after {made}")
        assert ("check edited articles" in checked.timings) is alone, made
        assert checked.warnings == check(small_wiki).warnings, f"warnings after {made}"
        assert tree_bytes(site) == clean_build(small_wiki, tmp_path / "clean"), f"after {made}"


def test_what_a_forked_worker_saves_into_serves_memory_cache_is_what_serve_loads_next(tmp_path):
    """The search merge runs in a forked worker beside the whole-site pages; its state must reach the next build
    of the long-lived process (whose cache lives in its memory), and the disk cache when serve stops."""
    import os

    from generator.incremental.cache import BuildCache
    from generator.incremental.resident import MemoryCache

    cache = MemoryCache(tmp_path / "cache")
    cache.save("state", "made by the first build")
    child = os.fork()
    if child == 0:  # a worker of the next build
        cache.save("state", "made by a worker")
        os._exit(0)
    os.waitpid(child, 0)
    assert cache.load("state") == "made by a worker"
    cache.save("state", "made in the process itself")
    assert cache.load("state") == "made in the process itself"
    cache.flush()
    assert BuildCache(tmp_path / "cache").load("state") == "made in the process itself"


def test_an_edited_article_s_page_is_written_for_good_and_announced_before_the_pages_that_list_it(small_wiki,
                                                                                                  tmp_path):
    """serve's pages first: the resident build says which files are final before it makes the whole-site pages."""
    resident, site = ResidentBuild(jobs=1), tmp_path / "site"
    announced = []  # (each announced file with its bytes then, the concepts index then)
    resident.pages_ready = lambda files: announced.append(
        ({file: (site / file).read_bytes() for file in files}, (site / "concepts/index.html").read_text()))
    resident(small_wiki, TEMPLATES, site)
    assert announced == []  # the first build fills a fresh folder, swapped in whole: nothing is served early
    replace_in(small_wiki / "concepts" / "alpha-concept.md", "title: Alpha Concept", "title: Alpha Early")
    resident(small_wiki, TEMPLATES, site)
    [(files, index_then)] = announced
    assert "wiki/alpha-concept/index.html" in files and "index.html" not in files
    assert b"Alpha Early" in files["wiki/alpha-concept/index.html"]
    assert "Alpha Early" not in index_then  # the index came after
    final = tree_bytes(site)
    assert all(final[file] == data for file, data in files.items())  # what was served early is the final page
    assert b"Alpha Early" in final["concepts/index.html"]
    assert final == clean_build(small_wiki, tmp_path / "clean")
