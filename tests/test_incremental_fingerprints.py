"""Incremental fingerprints: a page's fingerprint comes from what rendering it read of the rest of the wiki
(generator/render/reads.py), so after an edit a build fingerprints again only the pages whose own source changed
or whose reads now return something else, takes the others' from the last build, and the site it makes still
equals a clean build of the edited content byte for byte, whatever the edit."""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

from conftest import REPO, TEMPLATES, clean_build, replace_in, tree_bytes
from generator.build import build
from generator.incremental.pipeline import FINGERPRINTS
from generator.incremental.cache import default_cache_dir

sys.path.insert(0, str(REPO / "bench"))
from corpus import generate  # noqa: E402  (the benchmark's seeded wiki generator)


def write_article(content: Path, slug: str, title: str, body: str) -> None:
    (content / "concepts" / f"{slug}.md").write_text(
        f"---\ntitle: {title}\nkind: concept\nsummary: The concept {title}.\npublished: 2026-03-01\n---\n{body}\n")


def test_a_title_edit_fingerprints_again_only_the_articles_near_it(tmp_path):
    content = generate(80, tmp_path / "content", seed=5)
    site = tmp_path / "site"
    first = build(content, TEMPLATES, site, jobs=1)
    assert first.timings["fingerprints computed"] == 80
    replace_in(sorted((content / "topics").glob("*.md"))[0], "title: ", "title: Renamed ", count=1)
    checked = build(content, TEMPLATES, site, jobs=1)
    assert 0 < checked.timings["fingerprints computed"] < 80
    assert tree_bytes(site) == clean_build(content, tmp_path / "clean")


def test_a_title_named_in_a_backlink_context_two_edges_away_is_updated(small_wiki, tmp_path):
    # x links to alpha and to y in one sentence: alpha's page quotes that sentence with y's title.
    write_article(small_wiki, "y-concept", "Yonder Concept", "Y stands alone, see [[x-concept]].")
    write_article(small_wiki, "x-concept", "Ex Concept", "Compare [[alpha-concept]] with [[y-concept]] here.")
    site = tmp_path / "site"
    build(small_wiki, TEMPLATES, site)
    assert "Yonder Concept" in (site / "wiki" / "alpha-concept" / "index.html").read_text()
    replace_in(small_wiki / "concepts" / "y-concept.md", "title: Yonder Concept", "title: Far Concept", count=1)
    build(small_wiki, TEMPLATES, site)
    alpha = (site / "wiki" / "alpha-concept" / "index.html").read_text()
    assert "Far Concept" in alpha and "Yonder Concept" not in alpha
    assert tree_bytes(site) == clean_build(small_wiki, tmp_path / "clean")


def test_a_removed_link_and_a_deleted_article_update_their_old_neighbours(small_wiki, tmp_path):
    write_article(small_wiki, "x-concept", "Ex Concept", "Compare [[alpha-concept]] with [[gamma-concept]].")
    site = tmp_path / "site"
    build(small_wiki, TEMPLATES, site)
    replace_in(small_wiki / "concepts" / "x-concept.md", "[[alpha-concept]]", "alpha", count=1)
    build(small_wiki, TEMPLATES, site)
    assert "Ex Concept" not in (site / "wiki" / "alpha-concept" / "index.html").read_text()
    assert tree_bytes(site) == clean_build(small_wiki, tmp_path / "clean-1")
    (small_wiki / "concepts" / "x-concept.md").unlink()
    build(small_wiki, TEMPLATES, site)
    assert "Ex Concept" not in (site / "wiki" / "gamma-concept" / "index.html").read_text()
    assert tree_bytes(site) == clean_build(small_wiki, tmp_path / "clean-2")


def test_a_corrupt_fingerprint_table_means_every_article_is_fingerprinted_again(small_wiki, tmp_path):
    site = tmp_path / "site"
    build(small_wiki, TEMPLATES, site)
    (default_cache_dir(site) / FINGERPRINTS).write_bytes(b"not a pickle")
    replace_in(small_wiki / "concepts" / "gamma-concept.md", "title: Gamma Concept", "title: Gamma Renamed", count=1)
    checked = build(small_wiki, TEMPLATES, site)
    assert checked.timings["fingerprints computed"] == 5
    assert tree_bytes(site) == clean_build(small_wiki, tmp_path / "clean")


def test_any_sequence_of_edits_to_a_generated_wiki_gives_the_clean_builds_bytes(tmp_path):
    """Random titles, summaries, removed links, new text and prose edits, one after another, each build
    incremental."""
    content = generate(60, tmp_path / "content", seed=11)
    site = tmp_path / "site"
    build(content, TEMPLATES, site, jobs=1)
    rng = random.Random(4)
    paths = sorted(content.glob("*/*.md"))
    for step in range(6):
        path = rng.choice(paths)
        text = path.read_text()
        edit = step % 4
        if edit == 0:
            path.write_text(text.replace("title: ", f"title: Step {step} ", 1))
        elif edit == 1:
            path.write_text(text.replace("summary: ", f"summary: Edited at step {step}. ", 1))
        elif edit == 2:  # prose alone: the whole-site pages are linked, the search index merged again
            front, body = text.split("\n---\n", 1)
            path.write_text(front + "\n---\n" + body.replace(" the ", f" the step-{step} ", 1))
        else:
            links = re.findall(r"\[\[[^\]]*\]\]", text)
            path.write_text(text.replace(links[0], "a plain phrase", 1) if links else text + "\nMore text.\n")
        build(content, TEMPLATES, site, jobs=1)
        assert tree_bytes(site) == clean_build(content, tmp_path / f"clean-{step}"), f"step {step}"


def test_an_alias_moved_to_another_article_takes_the_links_to_that_name_with_it(small_wiki, tmp_path):
    # x's source never changes, but its link to "first idea" moves from alpha to beta with the alias.
    write_article(small_wiki, "x-concept", "Ex Concept", "Compare [[first idea]] with [[gamma-concept]].")
    site = tmp_path / "site"
    build(small_wiki, TEMPLATES, site)
    assert "Ex Concept" in (site / "wiki" / "alpha-concept" / "index.html").read_text()
    replace_in(small_wiki / "concepts" / "alpha-concept.md", "aliases: [first idea]", "aliases: [alpha idea]", count=1)
    replace_in(small_wiki / "concepts" / "beta-concept.md", "title: Beta Concept", "title: Beta Concept\naliases: [first idea]", count=1)
    build(small_wiki, TEMPLATES, site)
    assert "Ex Concept" not in (site / "wiki" / "alpha-concept" / "index.html").read_text()
    assert "Ex Concept" in (site / "wiki" / "beta-concept" / "index.html").read_text()
    assert tree_bytes(site) == clean_build(small_wiki, tmp_path / "clean")


def test_a_sentence_added_to_one_body_fingerprints_and_renders_that_page_alone(tmp_path):
    """No other page shows a sentence without links: none read it, so none is looked at again."""
    content = generate(80, tmp_path / "content", seed=5)
    site = tmp_path / "site"
    build(content, TEMPLATES, site, jobs=1)
    edited = sorted((content / "concepts").glob("*.md"))[2]
    edited.write_text(edited.read_text().rstrip("\n") + "\n\nA plain sentence with no link in it.\n")
    checked = build(content, TEMPLATES, site, jobs=1)
    assert checked.timings["fingerprints computed"] == 1
    assert checked.timings["pages rendered"] == 1
    assert tree_bytes(site) == clean_build(content, tmp_path / "clean")


def test_a_template_that_starts_showing_a_neighbours_category_keeps_pages_current(small_wiki, tmp_path):
    """Nothing lists what a page shows: a template edit that prints each related article's category is followed
    by a category edit, and the pages that show it follow."""
    import shutil

    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    replace_in(templates / "partials" / "macros.html", '<span class="link-summary">',
               '<span class="link-category">{{ item.category }}</span> <span class="link-summary">', count=1)
    site = tmp_path / "site"
    build(small_wiki, templates, site)
    replace_in(small_wiki / "concepts" / "alpha-concept.md", "category: compute", "category: governance", count=1)
    build(small_wiki, templates, site)
    beta = (site / "wiki" / "beta-concept" / "index.html").read_text()
    assert '<span class="link-category">governance</span>' in beta
    assert tree_bytes(site) == clean_build(small_wiki, tmp_path / "clean", templates)
