"""How real RIS readers read the names in our RIS exports: rispy (which keeps each AU line as written) and bibutils'
ris2xml (which parses names into MODS family/given parts). RIS has no mark for a corporate author; what each
reader does with one, and the limits that follow, are in docs/citations.md ("Corporate authors in RIS").
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import rispy

from generator.cite import export_ris, load_bibliography, parse_bibliography
from generator.cite.item import item_from_entry
from generator.problems import Problems

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "content" / "references.bib", ROOT / "tests" / "fixtures" / "cite-hard-cases" / "items.bib"]
MODS = {"m": "http://www.loc.gov/mods/v3"}
ONE_WORD = ["OECD", "OpenAI"]
WITH_COMMA = ["Gemini Team, Google", "European Commission, AI Office", "U.S. Department of the Treasury, Office of "
              "Investment Security"]
WITHOUT_COMMA = ["European Commission", "Publications Office of the European Union"]
WITH_AND = ["Department for Science, Innovation and Technology",
            "Organisation for Economic Co-operation and Development, OECD"]
PEOPLE = [r"van den Driessche, George", r"King, Jr., Martin Luther", r"Smith, J.A.", r"Chen, Yu-Che",
          r"Bullock, Justin B.", r"M{\"u}ller, J{\"o}rg"]
CORPORATE = ONE_WORD + WITH_COMMA + WITHOUT_COMMA + WITH_AND


@pytest.fixture(scope="module")
def names_bib():
    """One report per name, so each reader's reading of each name can be told apart."""
    entries = [f"@techreport{{corp{i}, author = {{{{{name}}}}}, title = {{T}}, institution = {{I}}, year = {{2024}}}}"
               for i, name in enumerate(CORPORATE)]
    entries += [f"@techreport{{person{i}, author = {{{name}}}, title = {{T}}, institution = {{I}}, year = {{2024}}}}"
                for i, name in enumerate(PEOPLE)]
    problems = Problems()
    bib = parse_bibliography("\n".join(entries), "names.bib", problems)
    assert not problems.errors
    return bib


def ris2xml(ris: str, *options: str) -> dict[str, ET.Element]:
    """bibutils' RIS reader: the MODS record of each RIS record, by its ID."""
    if not shutil.which("ris2xml"):
        message = "ris2xml is not installed (make test installs it: Debian package bibutils)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    result = subprocess.run(["ris2xml", "-un", *options], input=ris, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    root = ET.fromstring(result.stdout)
    return {record.get("ID"): record for record in root.iter(f"{{{MODS['m']}}}mods")}


def mods_names(record: ET.Element) -> list[tuple[str | None, list[tuple[str | None, str]]]]:
    """(name type, [(part type, text)]) of every name in a record, at any level (editors are in the host item)."""
    return [(name.get("type"), [(part.get("type"), part.text or "") for part in name.findall("m:namePart", MODS)])
            for name in record.iter(f"{{{MODS['m']}}}name")]


def words(text: str) -> list[str]:
    return [word.rstrip(".,") for word in re.split(r"[\s.]+", text) if word.rstrip(".,")]


# ---- rispy ------------------------------------------------------------------------------------------
def test_rispy_reads_every_corporate_name_as_one_name_exactly_as_written(names_bib) -> None:
    records = {record["id"]: record for record in rispy.loads(export_ris(names_bib))}
    for i, name in enumerate(CORPORATE):
        assert records[f"corp{i}"]["authors"] == [name]


def test_rispy_reads_personal_names_in_the_ris_order_family_given_suffix(names_bib) -> None:
    records = {record["id"]: record for record in rispy.loads(export_ris(names_bib))}
    assert [records[f"person{i}"]["authors"][0] for i in range(len(PEOPLE))] == [
        "van den Driessche, George", "King, Martin Luther, Jr.", "Smith, J. A.", "Chen, Yu-Che", "Bullock, Justin B.",
        "Müller, Jörg"]


# ---- bibutils (ris2xml) ---------------------------------------------------------------------------------
# What bibutils 7.2 makes of each RIS type we write (its MODS genre); BLOG, GOVDOC, BILL and DATA are RIS types it
# does not know (read as generic records, docs/citations.md), COMP it reads without a genre.
BIBUTILS_GENRES = {"JOUR": "journal article", "MGZN": "magazine", "NEWS": "newspaper", "UNPB": "unpublished",
                   "BOOK": "book", "CHAP": "book chapter", "CONF": "conference publication", "RPRT": "technical report",
                   "THES": "thesis", "ELEC": "electronic", "STAT": "legislation", "CASE": "legal case and case notes",
                   "PAMP": "pamphlet"}
UNKNOWN_TO_BIBUTILS = {"BLOG", "GOVDOC", "BILL", "DATA"}


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s.parent.name)
def test_bibutils_reads_the_type_and_the_ris_date_of_every_record(source: Path) -> None:
    bib = load_bibliography(source, Problems())
    ris = export_ris(bib)
    records = ris2xml(ris)
    types = {record["id"]: record["type_of_reference"] for record in rispy.loads(ris)}
    for key in bib.keys:
        record, item = records[key], item_from_entry(key, bib[key])
        genres = {genre.text for genre in record.iter(f"{{{MODS['m']}}}genre")}
        if types[key] in BIBUTILS_GENRES:
            assert BIBUTILS_GENRES[types[key]] in genres, (key, types[key], genres)
        else:
            assert types[key] in UNKNOWN_TO_BIBUTILS | {"COMP", "GEN"}, (key, types[key])
        issued = [date.text for date in record.iter(f"{{{MODS['m']}}}dateIssued")]
        expected = item.issued.iso() if item.issued else None
        if item.accessed and expected and len(item.issued.parts()) == 1:
            # bibutils 7.2 reads Y2 (the 2011 RIS spec's access date) as the old spec's second date part and
            # appends it to a year-only date: documented in docs/citations.md
            assert issued[0].startswith(f"{expected}-"), key
        else:
            assert expected == (issued[0] if issued else None), key


@pytest.mark.parametrize("source", [*SOURCES, "names"], ids=lambda s: getattr(s, "parent", Path(str(s))).name)
def test_bibutils_reads_every_personal_name_into_its_family_and_given_names(source, names_bib) -> None:
    bib = names_bib if source == "names" else load_bibliography(source, Problems())
    records = ris2xml(export_ris(bib))
    checked = 0
    for key in bib.keys:
        item = item_from_entry(key, bib[key])
        personal = [dict(family=" ".join(text for kind, text in parts if kind == "family"),
                         given=words(" ".join(text for kind, text in parts if kind == "given")))
                    for kind, parts in mods_names(records[key]) if kind == "personal"]
        for name in item.authors + item.editors + item.translators:
            if name.literal:
                continue
            family = f"{name.particle} {name.family}".strip()
            # initials compared without their full stops, which bibutils drops from some and keeps on others,
            # and without the comma it leaves on the last given name of "King, Martin Luther, Jr."
            assert dict(family=family, given=words(name.given)) in personal, (key, family, personal)
            checked += 1
    assert checked


def test_bibutils_reads_a_one_word_corporate_author_as_one_name_not_a_person(names_bib) -> None:
    records = ris2xml(export_ris(names_bib))
    for i, name in enumerate(CORPORATE):
        if name in ONE_WORD:
            assert mods_names(records[f"corp{i}"]) == [(None, [(None, name)])]


def test_bibutils_reads_a_listed_corporate_author_whole_with_or_without_a_comma(names_bib, tmp_path: Path) -> None:
    """ris2xml --asis <file of names>: bibutils' own way to keep a name whole (RIS cannot say it)."""
    listed = tmp_path / "names.txt"
    listed.write_text("\n".join(WITH_COMMA + WITHOUT_COMMA) + "\n", encoding="utf-8")
    records = ris2xml(export_ris(names_bib), "--asis", str(listed))
    for i, name in enumerate(CORPORATE):
        if name in WITH_COMMA + WITHOUT_COMMA:
            assert mods_names(records[f"corp{i}"]) == [(None, [(None, name)])]


def test_bibutils_limits_are_the_ones_docs_citations_md_states(names_bib, tmp_path: Path) -> None:
    """Unlisted, a corporate name of two or more words is read as a person; the word 'and' splits a name in two,
    listed or not. If bibutils changes, this fails and the documentation must change with it."""
    listed = tmp_path / "names.txt"
    listed.write_text("\n".join(CORPORATE) + "\n", encoding="utf-8")
    unlisted, with_list = ris2xml(export_ris(names_bib)), ris2xml(export_ris(names_bib), "--asis", str(listed))
    for i, name in enumerate(CORPORATE):
        names = mods_names(unlisted[f"corp{i}"])
        if name in WITH_COMMA + WITHOUT_COMMA:
            assert [kind for kind, _ in names] == ["personal"]
        if name in WITH_AND:
            assert len(names) == 2 and len(mods_names(with_list[f"corp{i}"])) == 2
