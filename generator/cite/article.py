"""An article's own citation: the wiki's publisher as corporate author, its dates and stable URL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from pybtex.database import BibliographyData, Entry, Person

from generator.cite.exports import bibtex_field, bibtex_name, csl_item, csl_json_string, ris_record
from generator.cite.item import Date, Item
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


def article_item(article: ArticleCitation) -> Item:
    """The article as a web page by its publisher (a corporate author), in the wiki named after it."""
    updated = article.updated if article.updated and article.updated != article.published else None
    return Item(
        id=article.slug,
        type="webpage",
        # Front-matter titles are in title case, like BibTeX titles: styles re-case them the same way.
        title_segments=[(article.title, False)],
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
    fields = {
        "title": "{" + article.title + "}",
        "organization": article.publisher,
        "type": GENRE,
        "year": str(article.published.year),
        "month": str(article.published.month),
        "day": str(article.published.day),
        "url": article.url,
        "urldate": article.accessed.isoformat(),
        "langid": article.language,
    }
    if article.updated and article.updated != article.published:
        fields["note"] = f"Last updated {article.updated.isoformat()}"
    return fields


@lru_cache(maxsize=16)
def _author_field(publisher: str) -> str:
    """The publisher as a braced corporate author, as pybtex parses and writes it (once per publisher)."""
    person = Person("{" + publisher + "}")
    return bibtex_field("author", bibtex_name(person))


def article_bibtex(article: ArticleCitation) -> str:
    """The article as one biblatex @online entry: exactly what pybtex's writer makes of
    `article_bibtex_entry` (tested), written directly, field by field (it is on every page)."""
    fields = "".join(bibtex_field(name, value) for name, value in article_bibtex_fields(article).items())
    return f"@online{{{article.slug}{_author_field(article.publisher)}{fields}\n}}\n"


def article_bibtex_entry(article: ArticleCitation) -> BibliographyData:
    """The article as pybtex data (for pybtex's own writer, and the test that the two agree)."""
    entry = Entry("online", fields=article_bibtex_fields(article),
                  persons={"author": [Person("{" + article.publisher + "}")]})
    return BibliographyData(entries={article.slug: entry})


def article_ris(article: ArticleCitation) -> str:
    return ris_record(article_item(article))


def article_csl_json(article: ArticleCitation) -> str:
    return csl_json_string([csl_item(article_item(article))])
