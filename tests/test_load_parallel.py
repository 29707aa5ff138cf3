"""Loading runs in forked workers, references.bib among their tasks (generator/incremental/stages.py): problems, their
order and the records must be what one process makes, from a cold or a warm cache."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import FIXTURES

from generator.incremental.cache import BuildCache
from generator.incremental.stages import load_corpus


def test_problems_and_references_are_the_same_loaded_by_one_worker_or_two_cold_or_warm(tmp_path):
    """references.bib is parsed by the load workers alongside the articles; its problems still come after theirs."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "bad-references", content)
    template = (content / "concepts" / "gamma-concept.md").read_text()
    for number in range(40):  # enough files for the load to fork
        text = template.replace("title: Gamma Concept", f"title: Copy {number}")
        if number % 7 == 0:
            text = text.replace("title:", "bad_field: 1\ntitle:")  # a problem of its own
        (content / "concepts" / f"copy-{number}.md").write_text(text)

    def load(jobs: int, cache: BuildCache):
        corpus, keys = load_corpus(content, cache, jobs=jobs)
        return ([(p.path, p.line, p.column, p.message) for p in corpus.problems.items], keys,
                sorted(corpus.bibliography.keys))

    one = load(1, BuildCache(None))
    assert any(p[0].endswith("references.bib") for p in one[0]) and one[0][-1][0].endswith("references.bib")
    assert load(2, BuildCache(None)) == one
    cache = BuildCache(tmp_path / "cache")
    assert load(2, cache) == one  # cold
    assert load(2, cache) == one  # warm


def test_a_cold_load_records_every_file_so_that_the_next_load_reads_no_article_again(small_wiki, tmp_path, monkeypatch):
    """On a cold cache the workers hash the files they load; what they record must spare the next build the reading."""
    template = (small_wiki / "concepts" / "gamma-concept.md").read_text()
    for number in range(40):  # enough files for the load to fork
        (small_wiki / "concepts" / f"copy-{number}.md").write_text(template.replace("title: Gamma Concept",
                                                                                     f"title: Copy {number}"))
    cache = BuildCache(tmp_path / "cache")
    cold, cold_keys = load_corpus(small_wiki, cache, jobs=2)
    assert not cold.problems.errors and len(cold_keys) == 45

    read = []
    read_bytes = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda path: read.append(path.name) or read_bytes(path))
    warm, warm_keys = load_corpus(small_wiki, cache, jobs=2)
    assert [name for name in read if name.endswith(".md")] == []
    assert warm_keys == cold_keys
    assert [article.path for article in warm.articles] == [article.path for article in cold.articles]
