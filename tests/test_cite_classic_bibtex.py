"""Classic BibTeX reads every BibTeX download without a warning: the real `bibtex` with plain.bst, given a small .aux
that cites every key, over the site's whole-wiki references.bib, each reference's own .bib, every article's cite.bib
and the hard-case test set. (biber's side of the same files: tests/test_cite_round_trips.py.)

The exports use the classic entry types for this (docs/citations.md, "Exports"); these tests fail if a type,
field or missing sort key makes plain.bst warn.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from generator.cite import article_bibtex, export_bibtex, load_bibliography
from generator.content.load import load_content
from generator.problems import Problems
from generator.render.citations import article_citation

ROOT = Path(__file__).resolve().parents[1]
HARD_CASES = ROOT / "tests" / "fixtures" / "cite-hard-cases" / "items.bib"
# The wikis whose article pages carry a cite.bib: the shipped one and the test wikis with a site.yaml.
WIKIS = [ROOT / "content", *sorted(p for p in (ROOT / "tests" / "fixtures").iterdir() if (p / "site.yaml").is_file())]


def classic_bibtex(folder: Path, databases: dict[str, str], keys: list[str]) -> str:
    """Runs bibtex with plain.bst on `databases` (name -> .bib text) citing `keys`; returns the .bbl after checking
    that bibtex neither failed nor warned."""
    bibtex = shutil.which("bibtex")
    if not bibtex:
        message = "bibtex is not installed (make test installs it: Debian package texlive-base)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    for name, text in databases.items():
        (folder / f"{name}.bib").write_text(text, encoding="utf-8")
    citations = "".join(f"\\citation{{{key}}}\n" for key in keys)
    (folder / "cites.aux").write_text(f"\\relax\n{citations}\\bibstyle{{plain}}\n\\bibdata{{{','.join(databases)}}}\n",
                                      encoding="utf-8")
    result = subprocess.run([bibtex, "cites"], cwd=folder, capture_output=True, text=True, timeout=120)
    log = result.stdout + (folder / "cites.blg").read_text(encoding="utf-8", errors="replace")
    assert result.returncode == 0, log[-3000:]
    problems = [line for line in log.splitlines() if re.search(r"Warning--|error message|I was expecting|"
                                                              r"I'm ignoring|couldn't open|There (was|were) \d", line)]
    assert not problems, "\n".join(problems[:40])
    return (folder / "cites.bbl").read_text(encoding="utf-8")


def bibitems(bbl: str) -> list[str]:
    return re.findall(r"\\bibitem\{([^}]*)\}", bbl)


@pytest.fixture(scope="module")
def shipped():
    corpus = load_content(ROOT / "content")
    assert corpus.bibliography is not None and corpus.bibliography.keys
    return corpus


def test_classic_bibtex_reads_the_whole_wiki_export_without_a_warning(shipped, tmp_path: Path) -> None:
    bib = shipped.bibliography
    bbl = classic_bibtex(tmp_path, {"references": export_bibtex(bib)}, bib.keys)
    assert sorted(bibitems(bbl)) == sorted(bib.keys)


def test_classic_bibtex_reads_each_references_own_download_without_a_warning(shipped, tmp_path: Path) -> None:
    bib = shipped.bibliography
    databases = {f"entry{number}": export_bibtex(bib, [key]) for number, key in enumerate(bib.keys)}
    assert sorted(bibitems(classic_bibtex(tmp_path, databases, bib.keys))) == sorted(bib.keys)


@pytest.mark.parametrize("wiki", WIKIS, ids=lambda path: path.name)
def test_classic_bibtex_reads_every_articles_cite_bib_without_a_warning(wiki: Path, tmp_path: Path) -> None:
    corpus = load_content(wiki)
    citations = [article_citation(article, corpus.site, date(2026, 6, 21)) for article in corpus.articles]
    assert citations
    databases = {f"article{number}": article_bibtex(citation) for number, citation in enumerate(citations)}
    keys = [citation.slug for citation in citations]
    assert sorted(bibitems(classic_bibtex(tmp_path, databases, keys))) == sorted(keys)


def test_classic_bibtex_reads_the_hard_cases_without_a_warning(tmp_path: Path) -> None:
    bib = load_bibliography(HARD_CASES, Problems())
    bbl = classic_bibtex(tmp_path, {"hard": export_bibtex(bib)}, bib.keys)
    assert sorted(bibitems(bbl)) == sorted(bib.keys)


def test_plain_bst_prints_an_articles_date_and_sorts_a_law_by_its_title(tmp_path: Path) -> None:
    """What classic BibTeX makes of two exports: the article's year and month (it reads no `date`), and a statute
    without an author in its place by title (the `key` the export adds)."""
    corpus = load_content(ROOT / "content")
    article = corpus.articles[0]
    citation = article_citation(article, corpus.site, date(2026, 6, 21))
    laws = load_bibliography(HARD_CASES, Problems())
    bbl = classic_bibtex(tmp_path, {"article": article_bibtex(citation), "laws": export_bibtex(laws, ["chips2022"])},
                         [citation.slug, "chips2022"])
    published = citation.published.strftime("%B %Y")
    entry = bbl[bbl.index(f"\\bibitem{{{citation.slug}}}"):]
    assert published in " ".join(entry.split()[:80])
    assert "CHIPS and Science Act" in bbl[bbl.index("\\bibitem{chips2022}"):]
