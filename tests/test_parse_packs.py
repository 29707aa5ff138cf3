"""The parse stage saves pre-rendered bodies in packs (several articles to one cache file, as creating a file
costs about as much as parsing a short article): the site is the same as without a cache, an edited article
leaves its pack's other bodies in use, and a pack mostly of edited or deleted articles is replaced."""

from __future__ import annotations

from pathlib import Path

from conftest import TEMPLATES, tree_bytes
from generator.build import build
from generator.incremental.pipeline import make_md
from generator.incremental.cache import BuildCache, default_cache_dir
from generator.problems import Problems
from generator.incremental.stages import PACK_SIZE, load_corpus, parse_articles


def add_concepts(content: Path, count: int) -> None:
    for index in range(count):
        (content / "concepts" / f"extra-{index:03d}.md").write_text(
            f"---\ntitle: Extra {index}\nkind: concept\nsummary: Extra concept number {index}.\n"
            f"published: 2026-01-12\n---\n## Notes\n\nExtra {index} builds on [[alpha-concept]] and $10^{index}$.\n")


def bodies(site: Path) -> list[Path]:
    return sorted((default_cache_dir(site) / "bodies").iterdir())


def edit(content: Path, name: str) -> None:
    path = next(content.rglob(f"{name}.md"))
    path.write_text(path.read_text() + "\nOne more sentence.\n")


def test_a_cold_build_saves_far_fewer_body_files_than_articles_and_the_same_site(small_wiki, tmp_path):
    add_concepts(small_wiki, 75)  # 80 articles
    build(small_wiki, TEMPLATES, tmp_path / "site")
    assert 1 <= len(bodies(tmp_path / "site")) <= 80 // 2
    build(small_wiki, TEMPLATES, tmp_path / "clean", use_cache=False)
    assert tree_bytes(tmp_path / "site") == tree_bytes(tmp_path / "clean")


def test_an_edited_article_gets_a_new_pack_and_its_neighbours_keep_theirs(small_wiki, tmp_path):
    site = tmp_path / "site"
    build(small_wiki, TEMPLATES, site)  # five articles: one pack
    [first] = bodies(site)
    edit(small_wiki, "gamma-concept")
    build(small_wiki, TEMPLATES, site)
    assert first in bodies(site) and len(bodies(site)) == 2
    build(small_wiki, TEMPLATES, tmp_path / "clean", use_cache=False)
    assert tree_bytes(site) == tree_bytes(tmp_path / "clean")


def test_a_pack_mostly_of_edited_articles_is_parsed_again_and_pruned(small_wiki, tmp_path):
    site = tmp_path / "site"
    build(small_wiki, TEMPLATES, site)
    [first] = bodies(site)
    for name in ("alpha-concept", "beta-concept", "gamma-concept"):  # three of five
        edit(small_wiki, name)
    build(small_wiki, TEMPLATES, site)
    assert first not in bodies(site) and len(bodies(site)) == 1  # the other two were parsed again with them
    build(small_wiki, TEMPLATES, tmp_path / "clean", use_cache=False)
    assert tree_bytes(site) == tree_bytes(tmp_path / "clean")


def test_the_parse_progress_counts_articles_when_packs_are_parsed_in_parallel(small_wiki, tmp_path):
    add_concepts(small_wiki, 2 * PACK_SIZE)
    corpus, keys = load_corpus(small_wiki, BuildCache(None), jobs=1)
    ticks: list[int] = []
    parsed, _ = parse_articles(make_md(), make_md, corpus.articles, keys, {}, Problems(),
                               BuildCache(tmp_path / "cache"), jobs=2, tick=ticks.append)
    assert sum(ticks) == len(corpus.articles) == len(parsed)
    html = parsed["extra-042"].tokens[0].meta["html"]  # loaded from its pack
    assert html.startswith('<h2 id="notes">Notes</h2>\n<p>Extra 42 builds on ')
