"""An article's own citation: the wiki's publisher as corporate author, its dates and stable URL."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from pybtex.database import Person

from generator.cite.exports import bibtex_name, bibtex_raw_field, csl_item, csl_json_string, latex_encode, ris_record
from generator.cite.item import Date, Item
from generator.cite.latex import Segment
from generator.cite.quotes import smart_quotes
from generator.cite.names import Name

GENRE = "Wiki article"


@dataclass(frozen=True)
class ArticleCitation:
    title: str
    slug: str
    url: str
    publisher: str
    published: date
    updated: date | None
    accessed: date
    kind: str = "concept"
    language: str = "en"

    @property
    def key(self) -> str:
        return self.slug


def as_date(value: date | None) -> Date | None:
    return Date(value.year, value.month, value.day) if value else None


def title_segments(title: str, whole: bool = False) -> list[Segment]:
    """A front-matter title as (text, protected) spans: `{EU AI Act}` protects a proper noun from sentence
    case, as braces do in BibTeX; an instrument's title is the instrument's name and is protected whole.
    Quotes and apostrophes become typographic, as the reference processors print them."""
    spans = [(text, whole or protected) for text, protected in _brace_spans(title)]
    if not whole and "(" in title:
        spans = [piece for text, protected in spans for piece in
                 ([(text, True)] if protected else _protect_citations(text))]
    return smart_quotes(spans) if any(c in title for c in "'\"`") else spans


# A parenthetical author-year reference in a title, '(Ord, 2025)', '(Ellis-Mohr, 2025)': names, kept as written.
TITLE_CITATION = re.compile(r"\([^()]*,\s*\d{4}[a-z]?\)")


def _protect_citations(text: str) -> list[Segment]:
    out, start = [], 0
    for match in TITLE_CITATION.finditer(text):
        out += [(text[start:match.start()], False), (match.group(), True)]
        start = match.end()
    out.append((text[start:], False))
    return [span for span in out if span[0]]


@lru_cache(maxsize=4096)
def _brace_spans(title: str) -> tuple[Segment, ...]:
    spans, current, depth = [], "", 0
    for char in title:
        if char == "{" and depth == 0:
            spans.append((current, False))
            current, depth = "", 1
        elif char == "}" and depth == 1:
            spans.append((current, True))
            current, depth = "", 0
        elif char in "{}":
            continue  # a stray or nested brace: braces only mark what is protected
        else:
            current += char
    spans.append((current, depth > 0))
    return tuple(span for span in spans if span[0])


def plain_title(title: str) -> str:
    """The title as read: braces that protect case removed."""
    return "".join(text for text, _ in _brace_spans(title))


def bibtex_title(article: ArticleCitation) -> str:
    """The title as BibTeX: only the protected spans braced, so biblatex can sentence-case the rest."""
    spans = title_segments(article.title, whole=article.kind == "instrument")
    return "".join(f"{{{latex_text(text)}}}" if protected else latex_text(text) for text, protected in spans)


def latex_text(text: str) -> str:
    """Plain text as LaTeX. A stray brace (a typo: braces come in pairs) is dropped, as BibTeX cannot hold it."""
    text = text.replace("{", "").replace("}", "").replace("\\", "\0")
    return latex_encode(text).replace("\0", "\\textbackslash{}")


def article_item(article: ArticleCitation) -> Item:
    """The article as a web page by its publisher (a corporate author), in the wiki named after it."""
    updated = article.updated if article.updated and article.updated != article.published else None
    return Item(
        id=article.slug,
        type="webpage",
        # Front-matter titles are in title case, like BibTeX titles: styles re-case them the same way,
        # except what the title protects (docs/citations.md).
        title_segments=title_segments(article.title, whole=article.kind == "instrument"),
        authors=[Name(literal=article.publisher)],
        container=article.publisher,
        genre=GENRE,
        url=article.url,
        issued=as_date(article.published),
        updated=as_date(updated),
        accessed=as_date(article.accessed),
        language=article.language,
    )


def cite_article(article: ArticleCitation, style: str):
    from generator.cite.api import formatted, style_for

    return formatted(style_for(style), article_item(article))


def cite_article_in(article: ArticleCitation, forms: list[tuple[str, bool]]) -> list[tuple[str, str]]:
    """(text, html) for each (style, as_note): `cite_article(article, style)`'s text and html, or its
    cite_text and cite_html when as_note; only the form asked for is made, from one Item (How to cite)."""
    from generator.cite.api import style_for

    item = article_item(article)
    out = []
    for style, as_note in forms:
        rich = style_for(style).first_citation(item) if as_note else style_for(style).bibliography(item)
        out.append((rich.plain(), rich.html()))
    return out


def article_bibtex_fields(article: ArticleCitation) -> dict[str, str]:
    """The fields as LaTeX: biblatex's `date` (a full date, which `year`/`month` cannot give biber), and `year`
    and `month` for classic BibTeX, which reads no `date` (biber lets `date` win, without a warning); only
    proper nouns braced in the title."""
    fields = {
        "title": bibtex_title(article),
        "organization": latex_encode(article.publisher),
        "type": GENRE,
        "date": article.published.isoformat(),
        "year": str(article.published.year),
        "month": str(article.published.month),
        "url": article.url,
        "urldate": article.accessed.isoformat(),
        "langid": latex_encode(article.language),
    }
    if article.updated and article.updated != article.published:
        fields["note"] = f"Last updated {article.updated.isoformat()}"
    return fields


@lru_cache(maxsize=16)
def _author_field(publisher: str) -> str:
    """The publisher as a braced corporate author, as pybtex parses and writes it (once per publisher)."""
    person = Person("{" + latex_encode(publisher) + "}")
    return bibtex_raw_field("author", bibtex_name(person))


def article_bibtex(article: ArticleCitation) -> str:
    """The article as one @misc entry (classic BibTeX has no @online; biblatex's standard styles print the
    same fields either way), written directly, field by field (it is on every page)."""
    fields = "".join(bibtex_raw_field(name, value) for name, value in article_bibtex_fields(article).items())
    return f"@misc{{{article.slug}{_author_field(article.publisher)}{fields}\n}}\n"


def article_ris(article: ArticleCitation) -> str:
    return ris_record(article_item(article))


def article_csl_json(article: ArticleCitation) -> str:
    return csl_json_string([csl_item(article_item(article))])
