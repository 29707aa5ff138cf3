"""Incremental builds: after any edit, a rebuild that reuses the cache and the previous site gives
exactly the bytes a clean build of the edited content gives, and rewrites only what changed."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from conftest import REPO, TEMPLATES, clean_build, inodes, replace_in, run_cli, tree_bytes
from generator.build import build

sys.path.insert(0, str(REPO / "bench"))
from corpus import generate  # noqa: E402  (the benchmark's seeded wiki generator)


def edit_title(content: Path, templates: Path) -> None:
    replace_in(content / "concepts" / "alpha-concept.md", "title: Alpha Concept", "title: Alpha Idea")


def edit_summary(content: Path, templates: Path) -> None:
    replace_in(content / "concepts" / "gamma-concept.md", "summary: A third concept", "summary: The third concept")


def edit_related(content: Path, templates: Path) -> None:
    replace_in(content / "concepts" / "beta-concept.md", "related: [alpha-concept]", "related: [alpha-concept, gamma-concept]")


def add_article(content: Path, templates: Path) -> None:
    (content / "concepts" / "delta-concept.md").write_text(
        "---\ntitle: Delta Concept\nkind: concept\nsummary: A new concept that links to gamma.\n"
        "related: [gamma-concept]\npublished: 2026-03-01\n---\nDelta extends [[gamma-concept]] [@warhol1975].\n")


def delete_article(content: Path, templates: Path) -> None:
    (content / "topics" / "test-topic.md").unlink()  # nothing links to the topic


def edit_bib_entry(content: Path, templates: Path) -> None:
    replace_in(content / "references.bib", "year      = {1975}", "year      = {1977}")


def edit_template(content: Path, templates: Path) -> None:
    replace_in(templates / "base.html", "<body>", "<body class=\"edited\">")


def edit_body(content: Path, templates: Path) -> None:
    replace_in(content / "concepts" / "gamma-concept.md", "Gamma came first", "Gamma certainly came first")


def edit_link_sentence(content: Path, templates: Path) -> None:  # alpha's backlink quotes this sentence
    replace_in(content / "concepts" / "gamma-concept.md", "Gamma came first, before", "Gamma came long before")


def add_body_link(content: Path, templates: Path) -> None:  # a new edge: /graph/, graph.json
    replace_in(content / "concepts" / "gamma-concept.md", "Gamma came first",
               "Gamma, unlike [[beta-concept]], came first")


def add_body_citation(content: Path, templates: Path) -> None:  # a new "Cited by" on /references/
    replace_in(content / "concepts" / "gamma-concept.md", "Gamma came first", "Gamma came first [@warhol1975]")


EDITS = [edit_title, edit_summary, edit_related, add_article, delete_article, edit_bib_entry, edit_template,
         edit_body, edit_link_sentence, add_body_link, add_body_citation]


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    copy = tmp_path / "templates"
    shutil.copytree(TEMPLATES, copy)
    return copy


@pytest.mark.parametrize("edit", EDITS, ids=[edit.__name__ for edit in EDITS])
def test_an_incremental_rebuild_equals_a_clean_build_byte_for_byte(small_wiki, templates, tmp_path, edit):
    site = tmp_path / "site"
    build(small_wiki, templates, site)  # fills the cache and the previous site
    edit(small_wiki, templates)
    build(small_wiki, templates, site)
    assert tree_bytes(site) == clean_build(small_wiki, tmp_path / "clean", templates)


def test_command_line_builds_keep_compiled_templates_yet_use_an_edited_template(small_wiki, templates, tmp_path):
    site = tmp_path / "site"
    command = ("build", "--content", str(small_wiki), "--templates", str(templates), "--out", str(site))
    assert run_cli(*command).returncode == 0
    compiled = list((tmp_path / ".cache" / "policywiki" / "site" / "templates").rglob("*.cache"))
    assert compiled  # what the next process loads instead of compiling the templates again
    for path in compiled[:2]:
        path.write_bytes(b"damaged")  # a damaged file is compiled again, like any cache entry
    edit_template(small_wiki, templates)
    assert run_cli(*command).returncode == 0
    assert tree_bytes(site) == clean_build(small_wiki, tmp_path / "clean", templates)
    assert '<body class="edited">' in (site / "index.html").read_text()


def test_a_rebuild_with_nothing_changed_rewrites_no_file(small_wiki, tmp_path):
    site = tmp_path / "site"
    build(small_wiki, TEMPLATES, site)
    before = inodes(site)
    checked = build(small_wiki, TEMPLATES, site)
    assert inodes(site) == before
    assert checked.timings["pages rendered"] == 0


def test_a_title_edit_rewrites_exactly_the_files_whose_bytes_change(small_wiki, tmp_path):
    site = tmp_path / "site"
    build(small_wiki, TEMPLATES, site)
    before_bytes, before_inodes = tree_bytes(site), inodes(site)
    replace_in(small_wiki / "concepts" / "gamma-concept.md", "title: Gamma Concept", "title: Gamma Renamed")
    build(small_wiki, TEMPLATES, site)
    after_bytes, after_inodes = tree_bytes(site), inodes(site)
    changed = {p for p in after_bytes if before_bytes.get(p) != after_bytes[p]}
    rewritten = {p for p in after_inodes if before_inodes.get(p) != after_inodes[p]}
    assert "wiki/alpha-concept/index.html" in changed  # alpha links to gamma#history and shows its title
    assert "wiki/test-act/index.html" not in changed
    assert "nav.json" in changed  # the site's navigation lists titles in one shared file, not in every page
    assert rewritten == changed


def rebuilt_after(edit, content: Path, site: Path):
    """Build, `edit`, build again: the second build's result, and the files it rewrote (new inodes)."""
    build(content, TEMPLATES, site)
    before = inodes(site)
    edit(content, TEMPLATES)
    checked = build(content, TEMPLATES, site)
    return checked, {path for path, inode in inodes(site).items() if before.get(path) != inode}


def test_an_edit_to_prose_alone_remakes_the_search_index_but_no_whole_site_page(small_wiki, tmp_path):
    checked, rewritten = rebuilt_after(edit_body, small_wiki, tmp_path / "site")
    assert checked.timings["whole-site pages made"] == 0
    # gamma's page, and alpha's, which quotes the edited sentence as a backlink
    assert {p for p in rewritten if p.startswith("wiki/")} == {"wiki/gamma-concept/index.html",
                                                                "wiki/alpha-concept/index.html"}
    assert any(path.startswith("search/terms/") for path in rewritten)  # "certainly" is a new word
    whole_site = {p for p in rewritten if not p.startswith("wiki/")}
    assert whole_site and all(p.startswith(("search/terms/", "search/docs/", "search/meta", "search/text/"))
                              for p in whole_site)


def test_a_new_link_in_the_body_remakes_the_whole_site_pages_that_draw_links(small_wiki, tmp_path):
    checked, rewritten = rebuilt_after(add_body_link, small_wiki, tmp_path / "site")
    assert checked.timings["whole-site pages made"] > 0
    assert {"graph/index.html", "graph.json", "wiki/beta-concept/index.html"} <= rewritten


def test_a_figure_edited_in_a_body_is_remade_on_the_figures_page(small_wiki, tmp_path):
    shutil.copytree(REPO / "content" / "data", small_wiki / "data")  # the wiki's models, with their sources
    with (small_wiki / "references.bib").open("a") as bib:
        bib.write((REPO / "content" / "references.bib").read_text())
    replace_in(small_wiki / "concepts" / "gamma-concept.md", "Gamma came first",
               "```{figure-compute} coom-by-model\ncaption: COOM by model.\n```\n\nGamma came first")
    site = tmp_path / "site"
    build(small_wiki, TEMPLATES, site)
    replace_in(small_wiki / "concepts" / "gamma-concept.md", "caption: COOM by model.", "caption: COOM per model.")
    checked = build(small_wiki, TEMPLATES, site)
    assert checked.timings["whole-site pages made"] > 0
    assert "COOM per model." in (site / "figures" / "index.html").read_text()
    assert tree_bytes(site) == clean_build(small_wiki, tmp_path / "clean", TEMPLATES)


def test_parallel_incremental_builds_of_a_generated_wiki_equal_a_clean_build(tmp_path):
    content = generate(60, tmp_path / "content", seed=3)
    site = tmp_path / "site"
    build(content, TEMPLATES, site, jobs=2)
    edit_path = sorted((content / "concepts").glob("*.md"))[1]
    replace_in(edit_path, "title: ", "title: Renamed ")
    checked = build(content, TEMPLATES, site, jobs=2)
    assert 0 < checked.timings["pages rendered"] < 60
    assert tree_bytes(site) == clean_build(content, tmp_path / "clean", TEMPLATES)


def calls_to(monkeypatch, module, name: str) -> list[tuple]:
    """The arguments of every call to `module.name` from now on (in this process), the function still run."""
    calls: list[tuple] = []
    real = getattr(module, name)
    monkeypatch.setattr(module, name, lambda *args: calls.append(args) or real(*args))
    return calls


def test_the_formatted_bibliography_comes_from_the_cache_until_references_bib_changes(small_wiki, tmp_path,
                                                                                      monkeypatch):
    import generator.incremental.wholesite as build_module

    site = tmp_path / "site"
    build(small_wiki, TEMPLATES, site)
    replace_in(small_wiki / "concepts" / "gamma-concept.md", "title: Gamma Concept", "title: Gamma Renamed")
    formatted_again = calls_to(monkeypatch, build_module, "format_all")
    build(small_wiki, TEMPLATES, site)
    assert formatted_again == []  # an article edit: every entry's form is the cached one
    assert tree_bytes(site) == clean_build(small_wiki, tmp_path / "clean-1", TEMPLATES)
    edit_bib_entry(small_wiki, TEMPLATES)
    formatted_again.clear()
    build(small_wiki, TEMPLATES, site)
    assert len(formatted_again) == 1  # references.bib changed: formatted afresh
    assert tree_bytes(site) == clean_build(small_wiki, tmp_path / "clean-2", TEMPLATES)


def test_an_article_edit_does_not_work_out_the_bibliographys_cite_forms_again(small_wiki, tmp_path, monkeypatch):
    """In-text citations need how the style tells every work apart (names, year suffixes): the cache keeps
    it with the formatted entries, so an edit that renders a citing page does not recompute it."""
    import generator.cite.api as cite_api

    site = tmp_path / "site"
    build(small_wiki, TEMPLATES, site)
    replace_in(small_wiki / "concepts" / "alpha-concept.md", "Alpha is defined", "Alpha is now defined")
    computed = calls_to(monkeypatch, cite_api, "cite_forms")
    checked = build(small_wiki, TEMPLATES, site, jobs=1)
    assert checked.timings["pages rendered"] >= 1  # alpha cites a work in its body
    assert computed == []
    assert tree_bytes(site) == clean_build(small_wiki, tmp_path / "clean", TEMPLATES)
