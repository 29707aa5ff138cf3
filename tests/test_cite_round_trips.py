"""The site's downloads read back by real clients: biber (BibTeX), rispy (RIS) and citeproc-js (CSL-JSON).

Inputs: the shipped content/references.bib, the hard-case test set and an article's own citation, exported as the
site exports them.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
import rispy

from generator.cite import (
    ArticleCitation, article_bibtex, article_csl_json, article_ris, cite_article, export_bibtex, export_ris,
    load_bibliography, parse_bibliography,
)
from generator.content.load import load_content
from generator.problems import Problems
from generator.render.citations import article_citation
from oracle_support import ORACLE, citeproc_oracle

ROOT = Path(__file__).resolve().parents[1]
SOURCES = {"content": ROOT / "content" / "references.bib",
           "hard-cases": ROOT / "tests" / "fixtures" / "cite-hard-cases" / "items.bib"}
ARTICLE = ArticleCitation(title="Why the {EU AI Act} Counts Compute", slug="eu-ai-act-compute",
                          url="https://policywiki.example.org/wiki/eu-ai-act-compute/", publisher="Policywiki Contributors",
                          published=date(2026, 7, 9), updated=date(2026, 11, 22), accessed=date(2026, 12, 1))
RIS_DATE = re.compile(r"\d{4}/(\d{2})?/(\d{2})?/")


@pytest.fixture(scope="module", params=sorted(SOURCES))
def bib(request):
    problems = Problems()
    bibliography = load_bibliography(SOURCES[request.param], problems)
    assert not problems.errors
    return bibliography


# ---- RIS through rispy -----------------------------------------------------------------------------
def test_ris_parses_with_rispy_with_known_types_and_ris_dates(bib) -> None:
    records = rispy.loads(export_ris(bib))
    assert [r["id"] for r in records] == bib.keys
    for record in records:
        assert record["type_of_reference"] in rispy.TYPE_OF_REFERENCE_MAPPING
        for tag in ("date", "access_date"):
            if tag in record:
                assert RIS_DATE.fullmatch(record[tag]), record
        assert not any(name == "others" for name in record.get("authors", []))


def test_ris_types_and_fields_of_the_hard_cases() -> None:
    records = {r["id"]: r for r in rispy.loads(export_ris(load_bibliography(SOURCES["hard-cases"], Problems())))}
    assert records["miller2019"]["type_of_reference"] == "CASE"
    assert records["thesis2019"]["type_of_reference"] == "THES"
    assert records["edited2024"]["type_of_reference"] == "BOOK" and "authors" not in records["edited2024"]
    assert records["howpublished2020"]["publisher"] == "Lecture notes, Berkeley"
    assert records["eurlex2024celex"]["urls"] == [
        "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX%3A32024R1689&qid=1~2"]
    assert records["published2022"].get("publisher") is None  # a published paper is not published by arXiv


def test_an_articles_ris_download_parses_with_rispy() -> None:
    [record] = rispy.loads(article_ris(ARTICLE))
    assert record["type_of_reference"] == "ELEC" and record["authors"] == ["Policywiki Contributors"]
    assert record["date"] == "2026/07/09/" and record["access_date"] == "2026/12/01/"


# ---- BibTeX through biber -----------------------------------------------------------------------------
def biber(tmp_path: Path, text: str) -> str:
    """`biber --tool`: biber reads the file as biblatex would and writes what it understood."""
    if not shutil.which("biber"):
        pytest.skip("biber is not installed (make test installs it: Debian package biber)")
    source = tmp_path / "in.bib"
    source.write_text(text, encoding="utf-8")
    result = subprocess.run(["biber", "--tool", "--output-file", str(tmp_path / "out.bib"), str(source)],
                            capture_output=True, text=True, timeout=120, cwd=tmp_path)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-2000:]
    assert not re.search(r"\b(WARN|ERROR)\b", log), log[-2000:]
    return (tmp_path / "out.bib").read_text(encoding="utf-8")


def test_biber_reads_the_bibliography_export_without_a_warning(bib, tmp_path: Path) -> None:
    understood = biber(tmp_path, export_bibtex(bib))
    assert understood.count("\n@") + understood.startswith("@") == len(bib)


def test_biber_keeps_urls_escapes_and_et_al(tmp_path: Path) -> None:
    understood = biber(tmp_path, export_bibtex(load_bibliography(SOURCES["hard-cases"], Problems())))
    assert "URL = {https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX%3A32024R1689&qid=1~2}" in understood
    assert "AUTHOR = {Guo, Daya and Yang, Dejian and others}" in understood
    assert "DATE = {2019-03}" in understood  # year + month = mar, read as a date


def test_biber_reads_an_articles_bibtex_download_with_its_full_date(tmp_path: Path) -> None:
    understood = biber(tmp_path, article_bibtex(ARTICLE))
    assert "DATE = {2026-07-09}" in understood and "URLDATE = {2026-12-01}" in understood
    assert "TITLE = {Why the {EU AI Act} Counts Compute}" in understood


def test_biber_reads_the_classic_types_as_their_biblatex_types_and_keeps_each_type_field(tmp_path: Path) -> None:
    """The export's classic types are biblatex aliases: a report keeps its 'Working Paper', a thesis its kind."""
    bib = parse_bibliography(r"""
@report{wp, author={Smith, Ann}, title={A Paper}, type={Working Paper}, number={2024-3}, institution={NBER}, year={2024}}
@thesis{phd, author={Doe, Jo}, title={A Thesis}, type={PhD thesis}, school={MIT}, year={2011}}
@thesis{ma, author={Roe, Al}, title={B Thesis}, type={mathesis}, institution={LSE}, year={2012}}
@online{web, author={{Org}}, title={Page}, url={https://x.org/a%20b}, urldate={2026-01-02}, year={2026}}
@legislation{act, title={{An Act}}, type={Pub. L.}, number={1-2}, year={2022}}
""", "types.bib", Problems())
    written = export_bibtex(bib)
    for start in ("@techreport{wp,", "@phdthesis{phd,", "@mastersthesis{ma,", "@misc{web,", "@misc{act,"):
        assert start in written
    assert "key = {{An Act}}" in written  # classic BibTeX sorts an entry without an author by its key
    understood = biber(tmp_path, written)
    for entry, kind, genre in (("wp", "REPORT", "Working Paper"), ("phd", "THESIS", "PhD thesis"),
                               ("ma", "THESIS", "mathesis")):
        block = understood[understood.index(f"@{kind}{{{entry},"):]
        assert f"TYPE = {{{genre}}}" in block[:block.index("\n}")]
    assert "URL = {https://x.org/a%20b}" in understood


# ---- CSL-JSON through citeproc-js ---------------------------------------------------------------------
# One node process formats every job of this module (starting citeproc-js is most of its cost).
BATCH = """
const {formatItems} = require(process.argv[1] + '/oracle.js');
const fs = require('fs');
const jobs = JSON.parse(fs.readFileSync(0, 'utf8'));
process.stdout.write(JSON.stringify(jobs.map((job) => formatItems(job.items,
  fs.readFileSync(job.csl, 'utf8'), {cslDir: job.cslDir, locale: job.locale || undefined}))));
"""
STYLES = {"apa": ("apa", None, "apa.json"), "chicago": ("chicago-author-date", None, "chicago-author-date.json"),
          "harvard": ("harvard-cite-them-right", "en-GB", "harvard-cite-them-right.en-GB.json"),
          "oscola": ("oscola", None, "oscola.json")}


@pytest.fixture(scope="module")
def citeproc_output() -> dict[tuple[str, str], list[dict]]:
    """(input, style) -> citeproc-js entries for every article's CSL-JSON (`articles`) and for the hard cases (whose
    stored output, made by regenerate.sh, is what the other citation tests compare with)."""
    oracle, env = citeproc_oracle()
    inputs = {"articles": [item for article in articles() for item in json.loads(article_csl_json(article))]}
    inputs["hard-cases"] = json.loads((SOURCES["hard-cases"].parent / "items.json").read_text(encoding="utf-8"))
    csl = ORACLE.parent / "csl"
    jobs = [(name, style) for name in inputs for style in STYLES]
    payload = [{"items": inputs[name], "csl": str(csl / f"{STYLES[style][0]}.csl"), "cslDir": str(csl),
                "locale": STYLES[style][1]} for name, style in jobs]
    result = subprocess.run(["node", "-e", BATCH, str(oracle)], input=json.dumps(payload), capture_output=True,
                            text=True, timeout=300, check=True, env=env)
    return dict(zip(jobs, json.loads(result.stdout)))


@pytest.mark.parametrize("style", sorted(STYLES))
def test_citeproc_js_still_gives_the_stored_expected_output(citeproc_output, style: str) -> None:
    stored = json.loads((SOURCES["hard-cases"].parent / "expected" / STYLES[style][2]).read_text(encoding="utf-8"))
    assert citeproc_output[("hard-cases", style)] == stored["entries"]


def articles() -> list[ArticleCitation]:
    """ARTICLE (a protected proper noun, revised) and every article of the shipped wiki, as its cite.json has it."""
    corpus = load_content(ROOT / "content")
    return [ARTICLE, *(article_citation(article, corpus.site, date(2026, 6, 21)) for article in corpus.articles)]


def long_date(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


@pytest.mark.parametrize("style", sorted(STYLES))
def test_citeproc_js_renders_every_articles_csl_json_as_the_page_does(citeproc_output, style: str) -> None:
    """Equal, but for what docs/citations.md documents: Chicago's 'Last modified' (CSL has no such date), APA's
    date of the last update (§9.14) and its site name that repeats the author (§9.33)."""
    cited = articles()
    entries = citeproc_output[("articles", style)]
    assert [entry["id"] for entry in entries] == [article.slug for article in cited]
    for article, entry in zip(cited, entries):
        page = cite_article(article, style)
        expected, text = (entry["cite_text"], page.cite_text) if style == "oscola" else (entry["text"], page.text)
        revised = article.updated if article.updated and article.updated != article.published else None
        if style == "chicago" and revised:
            text = text.replace(f" Last modified {long_date(revised)}.", "")
        if style == "apa":
            expected = expected.replace(f"[Wiki article]. {article.publisher}.", "[Wiki article].")
            if revised:
                text = text.replace(f"({revised.year}, {revised:%B} {revised.day})",
                                    f"({article.published.year}, {article.published:%B} {article.published.day})")
        assert expected == text, article.slug
