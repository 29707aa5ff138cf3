"""The parse stage keeps pre-rendered bodies in the cache several articles to a file (creating a file costs about
as much as parsing a short article): a cold parallel build of many articles is the clean build and its progress
bar counts articles; edits to articles that share a file, one or most of them, and a deletion, each give the
clean build too."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import generator.commands.progress as progress
from conftest import TEMPLATES, add_articles, clean_build, run_main, tree_bytes
from generator.build import build


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def edit(content: Path, name: str) -> None:
    path = next(content.rglob(f"{name}.md"))
    path.write_text(path.read_text() + "\nOne more sentence.\n")


def test_a_cold_parallel_build_of_many_articles_is_the_clean_build_and_its_parse_bar_counts_articles(
        small_wiki, tmp_path, capsys, monkeypatch):
    add_articles(small_wiki, 75)  # 80 articles, parsed by two workers
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(progress, "MIN_ITEMS", 50)  # a bar for a wiki this small
    monkeypatch.setattr(sys, "stderr", terminal := Terminal())
    status, _, _ = run_main(capsys, "build", "--content", str(small_wiki), "--templates", str(TEMPLATES),
                            "--out", str(tmp_path / "site"), "--jobs", "2")
    assert status == 0, terminal.getvalue()
    parse_bar = [line for line in terminal.getvalue().split("\n") if line.split("\r")[-1].startswith("parse")]
    assert parse_bar and parse_bar[0].endswith("] 80/80")
    assert tree_bytes(tmp_path / "site") == clean_build(small_wiki, tmp_path / "clean")


def test_edits_to_one_or_most_articles_sharing_a_cache_file_and_a_deletion_each_give_the_clean_build(
        small_wiki, tmp_path):
    site = tmp_path / "site"
    build(small_wiki, TEMPLATES, site)  # five articles: their bodies share one cache file
    steps = [
        lambda: edit(small_wiki, "gamma-concept"),  # the others' bodies are still those cached
        lambda: [edit(small_wiki, name) for name in ("alpha-concept", "beta-concept", "gamma-concept")],
        lambda: (small_wiki / "topics" / "test-topic.md").unlink(),
    ]
    for number, step in enumerate(steps):
        step()
        build(small_wiki, TEMPLATES, site)
        assert tree_bytes(site) == clean_build(small_wiki, tmp_path / f"clean-{number}"), number
