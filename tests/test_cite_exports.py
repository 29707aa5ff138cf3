"""Exports round-trip: BibTeX re-parses with pybtex, CSL-JSON has the CSL-JSON shape, RIS has valid tags."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pybtex.database import parse_string

from generator.cite import export_bibtex, export_csl_json, export_ris, load_bibliography, parse_bibliography
from generator.problems import Problems

CASES = Path(__file__).resolve().parents[1].parent / "shared" / "oracle" / "cases.bib"
LEGAL = Path(__file__).parent / "golden" / "cite" / "legal.bib"
CSL_TYPES = {
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book", "chapter", "document",
    "legislation", "manuscript", "pamphlet", "paper-conference", "post-weblog", "regulation", "report",
    "thesis", "webpage",
}
CSL_NAME_KEYS = {"family", "given", "literal", "non-dropping-particle", "dropping-particle", "suffix"}


@pytest.fixture(scope="module")
def bib():
    path = CASES if CASES.exists() else LEGAL
    return load_bibliography(path, Problems())


def test_bibtex_export_reparses_with_the_same_entries_and_fields(bib) -> None:
    reparsed = parse_string(export_bibtex(bib), "bibtex")
    assert list(reparsed.entries) == bib.keys
    for key in bib.keys:
        fields = dict(reparsed.entries[key].fields)
        # plain.bst sorts an entry without an author by `key`: the export adds the title there
        assert fields.pop("key", bib[key].fields.get("title")) == bib[key].fields.get("title")
        assert fields == dict(bib[key].fields)
        assert [str(p) for p in reparsed.entries[key].persons.get("author", [])] == \
               [str(p) for p in bib[key].persons.get("author", [])]


def test_bibtex_export_keeps_corporate_authors_braced() -> None:
    bib = parse_bibliography("@techreport{n, author={{National Institute of Standards and Technology}}, title={T}}",
                             "t.bib", Problems())
    assert "author = {{National Institute of Standards and Technology}}" in export_bibtex(bib)


def test_bibtex_export_never_writes_a_year_that_is_not_a_year() -> None:
    bib = parse_bibliography("@misc{x, title={T}, year={n.d.}}", "t.bib", Problems())
    assert "year" not in export_bibtex(bib)


def test_export_of_chosen_keys_only(bib) -> None:
    key = bib.keys[0]
    assert list(parse_string(export_bibtex(bib, [key]), "bibtex").entries) == [key]


def test_csl_json_has_the_csl_shape(bib) -> None:
    items = json.loads(export_csl_json(bib))
    assert [item["id"] for item in items] == bib.keys
    for item in items:
        assert item["type"] in CSL_TYPES and isinstance(item["title"], str)
        for name in item.get("author", []):
            assert set(name) <= CSL_NAME_KEYS and ("literal" in name or "family" in name)
        for date_field in ("issued", "accessed"):
            if date_field in item:
                parts = item[date_field]["date-parts"]
                assert len(parts) == 1 and 1 <= len(parts[0]) <= 3 and all(isinstance(p, int) for p in parts[0])


def test_csl_json_maps_bibtex_conventions(bib) -> None:
    if not CASES.exists():
        pytest.skip("../shared is absent")
    items = {item["id"]: item for item in json.loads(export_csl_json(bib))}
    assert items["snell2024"]["type"] == "article" and items["snell2024"]["number"] == "arXiv:2408.03314"
    assert items["villalobos2023"]["type"] == "post-weblog" and items["villalobos2023"]["container-title"] == "Epoch AI"
    assert items["hu2024"]["type"] == "article-newspaper"
    assert items["silver2017"]["author"][14] == {"family": "Driessche", "given": "George",
                                                 "non-dropping-particle": "van den"}
    assert items["nist2023"]["author"] == [{"literal": "National Institute of Standards and Technology"}]
    assert "issued" not in items["policywindow-itc"]


def test_legal_convention_maps_to_csl_legal_types() -> None:
    items = {i["id"]: i for i in json.loads(export_csl_json(load_bibliography(LEGAL, Problems())))}
    assert items["euaiact2024"]["type"] == "legislation" and items["euaiact2024"]["title-short"] == "Artificial Intelligence Act"
    assert items["eo14110"]["type"] == "regulation" and items["eo14110"]["genre"] == "Exec. Order"
    assert items["sb1047"]["type"] == "bill" and items["sb1047"]["authority"] == "Cal. State Leg."
    assert items["sb1047"]["chapter-number"] == "2023–2024 Reg. Sess."


def test_ris_records_use_valid_tags_and_end_with_er(bib) -> None:
    text = export_ris(bib)
    records = [r for r in text.split("\n\n") if r.strip()]
    assert len(records) == len(bib)
    for record in records:
        lines = record.strip().splitlines()
        assert lines[0].startswith("TY  - ") and lines[-1] == "ER  -"
        assert all(re.fullmatch(r"[A-Z][A-Z0-9]  -( .*)?", line) for line in lines)


HARD = Path(__file__).parent / "fixtures" / "cite-hard-cases" / "items.bib"


def test_csl_json_titles_are_sentence_case_with_protected_words_marked() -> None:
    items = {i["id"]: i for i in json.loads(export_csl_json(load_bibliography(HARD, Problems())))}
    assert items["preprint2024"]["title"] == 'Scaling <span class="nocase">LLM</span> test-time compute optimally'
    assert items["gdpr2016"]["title"].startswith("Regulation (EU) 2016/679 of the European Parliament")


def test_csl_json_carries_editors_translators_original_dates_and_only_a_preprints_arxiv_number() -> None:
    items = {i["id"]: i for i in json.loads(export_csl_json(load_bibliography(HARD, Problems())))}
    assert "author" not in items["edited2024"] and len(items["edited2024"]["editor"]) == 3
    assert items["translated2014"]["translator"] == [{"family": "Goldhammer", "given": "Arthur"}]
    assert items["translated2014"]["original-date"] == {"date-parts": [[2013]]}
    assert items["translated2014"]["edition"] == "2" and items["edition4"]["edition"] == "4"
    assert items["preprint2024"]["number"] == "arXiv:2408.03314" and items["preprint2024"]["publisher"] == "arXiv"
    assert "number" not in items["published2022"] and "publisher" not in items["published2022"]
    assert items["howpublished2020"]["publisher"] == "Lecture notes, Berkeley"
    assert items["eid2023"]["number"] == "e0285123"
    assert [a["family"] for a in items["others2025"]["author"]] == ["Guo", "Yang"]
