"""Note styles (OSCOLA) in article bodies: footnote markers in the text, a numbered Notes list, the first
citation of a work in full, later ones as 'Short (n N)', and 'ibid' for the note just before."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser

import pytest

from conftest import FIXTURES, TEMPLATES
from generator.build import build
from generator.cite import CitationItem, parse_bibliography
from generator.cite.notes import NoteSequence, is_note_style
from generator.problems import Problems

BIB = """
@misc{snell, author = {Snell, Charlie and Lee, Jaehoon and Xu, Kelvin and Kumar, Aviral},
  title = {Scaling {LLM} Test-Time Compute}, year = {2024}, publisher = {arXiv}}
@book{warhol, author = {Warhol, Andy}, title = {The Philosophy of {Andy Warhol}}, publisher = {Harcourt}, year = {1975}}
@book{anon, title = {Anonymous Handbook}, shorttitle = {Handbook}, publisher = {P}, year = {2001}}
@legislation{aiact, title = {{Artificial Intelligence Act}}, shorttitle = {AI Act}, type = {Regulation (EU)},
  number = {2024/1689}, journal = {OJ L}, year = {2024}}
"""


@pytest.fixture
def notes() -> NoteSequence:
    problems = Problems()
    bib = parse_bibliography(BIB, "t.bib", problems)
    assert not problems.errors
    return NoteSequence(bib, "oscola")


def texts(sequence: NoteSequence, *citations: list[CitationItem]) -> list[str]:
    return [sequence.cite(items).text for items in citations]


def test_only_oscola_is_a_note_style() -> None:
    assert is_note_style("oscola")
    assert not any(is_note_style(style) for style in ("apa", "chicago", "harvard"))


def test_first_citation_is_full_and_later_ones_are_short_with_a_cross_reference(notes) -> None:
    out = texts(notes, [CitationItem("snell", "p. 3")], [CitationItem("warhol", "p. 12")],
                [CitationItem("snell", "p. 9")])
    assert out == [
        "Charlie Snell and others, ‘Scaling LLM Test-Time Compute’ (arXiv 2024), 3.",
        "Andy Warhol, The Philosophy of Andy Warhol (Harcourt 1975) 12.",
        "Snell and others (n 1) 9.",
    ]


def test_ibid_stands_for_the_source_of_the_note_just_before(notes) -> None:
    out = texts(notes, [CitationItem("warhol", "p. 12")], [CitationItem("warhol", "p. 12")],
                [CitationItem("warhol", "p. 14")], [CitationItem("warhol", prefix="see")])
    assert out[1:] == ["Ibid.", "Ibid 14.", "see ibid."]


def test_no_ibid_after_a_note_with_several_sources(notes) -> None:
    out = texts(notes, [CitationItem("warhol"), CitationItem("snell")], [CitationItem("snell")])
    assert out[1] == "Snell and others (n 1)."


def test_short_forms_of_works_without_authors_and_of_legislation(notes) -> None:
    out = texts(notes, [CitationItem("anon")], [CitationItem("aiact", "art 51")], [CitationItem("anon", "p. 4")],
                [CitationItem("aiact", "art 3")])
    assert out[2:] == ["Handbook (n 1) 4.", "AI Act (n 2) art 3."]
    assert notes.notes[2].html == "<i>Handbook</i> (n 1) 4."


def test_a_narrative_citation_names_the_author_in_the_text(notes) -> None:
    note = notes.cite([CitationItem("warhol")], narrative=True)
    assert (note.number, note.lead_text) == (1, "Warhol")


def test_author_date_styles_have_no_note_sequence() -> None:
    with pytest.raises(ValueError):
        NoteSequence(parse_bibliography(BIB, "t.bib", Problems()), "apa")


# ---- the page ----------------------------------------------------------------------------------------
class Notes(HTMLParser):
    """Footnote markers in the body (sup.note-ref) and the items of the Notes list, in page order."""

    def __init__(self) -> None:
        super().__init__()
        self.markers: list[tuple[str, str]] = []  # (id, href)
        self.items: dict[str, str] = {}
        self.ids: set[str] = set()
        self._sup: str | None = None
        self._item: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "sup" and a.get("class") == "note-ref":
            self._sup = a["id"]
        elif tag == "a" and self._sup:
            self.markers.append((self._sup, a["href"]))
        elif tag == "li" and a.get("id", "").startswith("note-"):
            self._item = a["id"]
            self.items[self._item] = ""

    def handle_endtag(self, tag):
        if tag == "sup":
            self._sup = None
        elif tag == "li":
            self._item = None

    def handle_data(self, data):
        if self._item:
            self.items[self._item] += data


@pytest.fixture(scope="module")
def alpha_page(tmp_path_factory) -> str:
    root = tmp_path_factory.mktemp("oscola")
    shutil.copytree(FIXTURES / "oscola-wiki", root / "content")
    build(root / "content", TEMPLATES, root / "site")
    return (root / "site" / "wiki" / "alpha-concept" / "index.html").read_text(encoding="utf-8")


def test_oscola_wiki_citations_become_numbered_footnotes(alpha_page: str) -> None:
    page = Notes()
    page.feed(alpha_page)
    assert [href for _, href in page.markers] == [f"#note-{n}" for n in range(1, 7)]
    assert {marker for marker, _ in page.markers} <= page.ids and "notes" in page.ids
    notes = [page.items[f"note-{n}"].removesuffix(" ↩") for n in range(1, 7)]
    assert notes[0].startswith("Charlie Snell and others, ‘Scaling LLM Test-Time Compute Optimally")
    assert notes[0].endswith(", 3 <https://doi.org/10.48550/arXiv.2408.03314>.")
    assert notes[1:] == [
        "Ibid 5.",
        "Ibid.",
        "Andy Warhol, The Philosophy of Andy Warhol: From A to B and Back Again (Harcourt Brace Jovanovich 1975) 12; "
        "Snell and others (n 1).",
        "Warhol (n 4).",
        "see Snell and others (n 1) 7.",
    ]


def test_the_body_keeps_no_inline_footnote_text(alpha_page: str) -> None:
    body = alpha_page.split('<div class="article-body" data-search="body">', 1)[1].split('<section class="notes"', 1)[0]
    assert "Harcourt" not in body and "arXiv, 6 August 2024" not in body
    assert "As Warhol<sup" in body
