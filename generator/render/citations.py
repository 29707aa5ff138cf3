"""Glue between articles and the citation engine: an article's own citation, its "How to cite" block,
its download files, its scholarly metadata, and the whole-wiki bibliography exports.

generator/cite/ knows nothing about articles or pages; this module is where the two meet.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from markupsafe import Markup, escape

from generator.cite.api import format_reference, item_for
from generator.cite.article import (
    ArticleCitation, article_bibtex, article_csl_json, article_ris, cite_article_in, plain_title,
)
from generator.cite.registry import STYLES
from generator.cite.exports import csl_item, csl_json_string, export_bibtex, ris_record
from generator.content.schema import Article, SiteConfig
from generator.kinds import KINDS
from generator.render.pages import Page, Record, article_path

# The styles offered in every "How to cite" block, in display order.
CITE_STYLES = tuple((style.name, style.label) for style in STYLES)
CITE_FORMS = [(style.name, style.notes) for style in STYLES]  # a note style (OSCOLA): the footnote form
DOWNLOADS = (("cite.bib", "BibTeX (.bib)"), ("cite.ris", "RIS (.ris)"), ("cite.json", "CSL-JSON (.json)"))
JSON_LD_TYPES = {kind.name: kind.json_ld_type for kind in KINDS}


def stable_url(site: SiteConfig, slug: str) -> str:
    return site.base_url.rstrip("/") + "/" + article_path(slug)


def article_citation(article: Article, site: SiteConfig, accessed: dt.date) -> ArticleCitation:
    return ArticleCitation(
        title=article.meta.title,  # as written: its braces protect proper nouns in sentence case
        slug=article.slug,
        url=stable_url(site, article.slug),
        publisher=site.publisher,
        published=article.meta.published,
        updated=article.meta.updated,
        accessed=accessed,
        kind=article.kind,
        language=site.language,
    )


def how_to_cite(citation: ArticleCitation) -> dict:
    """Context for templates/partials/how_to_cite.html. OSCOLA cites an article in its footnote form."""
    forms = cite_article_in(citation, CITE_FORMS)
    styles = [Record(name=name, label=label, text=text, html=Markup(html))
              for (name, label), (text, html) in zip(CITE_STYLES, forms)]
    return Record(styles=styles, bibtex=article_bibtex(citation), downloads=DOWNLOADS)


def scholarly_metadata(citation: ArticleCitation, article: Article) -> dict:
    """Highwire Press `citation_*` tags (read by Zotero and Google Scholar) and schema.org JSON-LD."""
    meta_tags = [
        ("citation_title", plain_title(citation.title)),
        ("citation_author", citation.publisher),
        ("citation_publication_date", citation.published.strftime("%Y/%m/%d")),
        ("citation_public_url", citation.url),
        ("citation_publisher", citation.publisher),
        ("citation_language", citation.language),
    ]
    if citation.updated:
        meta_tags.append(("citation_online_date", citation.updated.strftime("%Y/%m/%d")))
    json_ld = {
        "@context": "https://schema.org",
        "@type": JSON_LD_TYPES[article.kind],
        "name": plain_title(citation.title),
        "description": article.meta.summary,
        "url": citation.url,
        "inLanguage": citation.language,
        "publisher": {"@type": "Organization", "name": citation.publisher},
        "datePublished": citation.published.isoformat(),
    }
    if citation.updated:
        json_ld["dateModified"] = citation.updated.isoformat()
    if article.kind == "concept":
        json_ld["inDefinedTermSet"] = citation.url.rsplit("/wiki/", 1)[0] + "/concepts/"
        if article.meta.aliases:
            json_ld["alternateName"] = list(article.meta.aliases)
    elif article.kind == "instrument":
        json_ld["legislationJurisdiction"] = article.meta.jurisdiction
        json_ld["legislationType"] = article.meta.instrument_type
    else:
        json_ld["author"] = {"@type": "Organization", "name": citation.publisher}
        json_ld["headline"] = plain_title(citation.title)
    return Record(meta_tags=meta_tags, json_ld=Markup(json.dumps(json_ld, ensure_ascii=False, sort_keys=True,
                                                                 indent=1)
                                      # \u003c: no '</script>' or '<!--<script' can end or derail the element
                                      .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")))


def article_downloads(citation: ArticleCitation) -> list[Page]:
    base = article_path(citation.slug)
    return [
        Page(base + "cite.bib", article_bibtex(citation)),
        Page(base + "cite.ris", article_ris(citation)),
        Page(base + "cite.json", article_csl_json(citation)),
    ]


def citation_download_key(checked, renderer, article: Article) -> str:
    """Everything an article's download files show: its citation (title, slug, URL, publisher, dates,
    accessed date, kind, language). The build remakes the files only when this changes."""
    return repr(article_citation(article, checked.corpus.site, renderer.build_date))


def citation_downloads(checked, renderer, article: Article) -> list[Page]:
    """Per-article side output (generator/outputs/producers.py PER_ARTICLE_PRODUCERS): its .bib/.ris/CSL-JSON."""
    return article_downloads(article_citation(article, checked.corpus.site, renderer.build_date))


def bibliography_files(bibliography) -> list[Page]:
    """Side outputs: the whole bibliography in each format, and each entry's BibTeX file (each article's own
    files: `citation_downloads`)."""
    # Each entry converted once for both RIS and CSL-JSON, through the Bibliography's cache, which already
    # holds every item when the build formatted the bibliography before forking its workers.
    items = [item_for(bibliography, key) for key in bibliography.keys]
    pages = [
        Page("references/references.bib", export_bibtex(bibliography)),
        Page("references/references.ris", "\n".join(map(ris_record, items))),
        Page("references/references.json", csl_json_string(list(map(csl_item, items)))),
    ]
    pages += [Page(bibtex_file(key), export_bibtex(bibliography, [key])) for key in bibliography.keys]
    return pages


def reference_entry(bibliography, key: str, style: str) -> dict:
    formatted = format_reference(bibliography, key, style)
    return Record(key=key, text=formatted.text, html=Markup(formatted.html), cite_text=formatted.cite_text)


def bibtex_file(key: str) -> str:
    """The site path of a reference's own BibTeX file. A citation key may hold characters a file name should
    not (":", "/", "?"): those keys are spelled as "u" and their code points in hex, so names never collide."""
    name = key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else "u" + "".join(f"-{ord(c):x}" for c in key)
    return f"references/bib/{name}.bib"


def reference_with_tools(entry: dict, to_root: str, cited_at: list[str] = ()) -> dict:
    """A reference-list entry (`reference_entry`) with what a reader does with it: go back to each place in
    the text that cites it (`cited_at`: the ids of those citations), copy it, and get or copy its BibTeX
    (its own small file, `bibtex_file`, so a page does not carry every entry's BibTeX; `to_root` is the
    relative URL of the site root from the page). copy.js shows the copy buttons."""
    key = escape(entry["key"])
    back = ""
    if cited_at:
        links = " ".join(f'<a href="#{escape(at)}" aria-label="Back to citation {n} in the text">{n}</a>'
                         for n, at in enumerate(cited_at, 1))
        back = f' <span class="ref-backlinks">↩ Cited in the text: {links}</span>'
    bib = escape(to_root + bibtex_file(entry["key"]))
    html = (f'<span class="ref-text" id="ref-text-{key}">{entry["html"]}</span>{back}'
            f'<span class="ref-tools"><button type="button" class="copy-button" data-copy-target="ref-text-{key}" '
            f'hidden>Copy reference</button> <a class="ref-bibtex" href="{bib}">BibTeX</a> <button type="button" '
            f'class="copy-button" data-copy-url="{bib}" hidden>Copy BibTeX</button></span>')
    return Record(key=entry["key"], text=entry["text"], html=Markup(html), cite_text=entry["cite_text"])
