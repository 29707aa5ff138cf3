"""Issue 3 item 8: a build formats each (entry, style) once, however many pages cite the entry.

Counted where the work happens (each style's `bibliography`, the reference-list entry every other
form is cut from), through a file opened for appending, so the count also sees forked build workers."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest
from conftest import TEMPLATES

from generator.build import build
from generator.cite.styles import STYLE_CLASSES

CITING_PAGES = ["concepts/alpha-concept.md", "concepts/beta-concept.md", "concepts/gamma-concept.md",
                "topics/test-topic.md"]


@pytest.fixture
def calls(monkeypatch, tmp_path) -> Path:
    log = tmp_path / "formatted.log"
    for style_class in set(STYLE_CLASSES.values()):
        real = style_class.bibliography

        def counted(self, item, real=real):
            fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
            try:
                os.write(fd, f"{item.id}\t{self.name}\n".encode())
            finally:
                os.close(fd)
            return real(self, item)

        monkeypatch.setattr(style_class, "bibliography", counted)
    return log


def formatted(log: Path, keys: set[str]) -> Counter:
    lines = log.read_text().splitlines() if log.exists() else []
    return Counter(tuple(line.split("\t")) for line in lines if line.split("\t")[0] in keys)


@pytest.mark.parametrize("jobs", [1, 2])  # with 2, the workers fork after format_all has filled the cache
def test_a_work_cited_on_several_pages_is_formatted_once_per_style(small_wiki: Path, tmp_path: Path, calls: Path,
                                                                   jobs: int, monkeypatch) -> None:
    parallel = pytest.importorskip("generator.incremental.parallel")
    monkeypatch.setattr(parallel, "MIN_ITEMS_PER_JOB", 1)  # five pages: make two workers really fork
    for page in CITING_PAGES:
        path = small_wiki / page
        path.write_text(path.read_text(encoding="utf-8") + "\nAs shown before [@snell2024; @warhol1975].\n",
                        encoding="utf-8")
    build(small_wiki, TEMPLATES, tmp_path / "site", jobs=jobs, use_cache=False)
    counts = formatted(calls, {"snell2024", "warhol1975"})
    assert counts, "the build formatted no reference"
    assert {pair: n for pair, n in counts.items() if n > 1} == {}
    # The site cites in APA (the default): reference lists and /references/ need both entries in it.
    assert set(counts) >= {("snell2024", "apa"), ("warhol1975", "apa")}
