"""The citation engine: parses BibTeX with pybtex and formats references; it knows nothing about pages.

    bib = load_bibliography(Path("content/references.bib"), problems)
    format_reference(bib, "snell2024scaling", "apa").html
    format_intext(bib, [CitationItem("snell2024scaling", "p. 3")], "apa", narrative=False)
    cite_article(ArticleCitation(...), "oscola").text
"""

from generator.cite.api import (
    CITATION_STYLES, EXPORT_FORMATS, STYLE_LABELS, STYLES, CitationItem, Formatted, format_intext,
    format_reference,
)
from generator.cite.article import ArticleCitation, article_bibtex, article_csl_json, article_ris, cite_article
from generator.cite.bibliography import Bibliography, load_bibliography, parse_bibliography
from generator.cite.exports import export_bibtex, export_csl_json, export_ris

__all__ = [
    "ArticleCitation", "Bibliography", "CITATION_STYLES", "CitationItem", "EXPORT_FORMATS", "Formatted",
    "STYLES", "STYLE_LABELS", "article_bibtex", "article_csl_json", "article_ris", "cite_article",
    "export_bibtex", "export_csl_json", "export_ris", "format_intext", "format_reference", "load_bibliography",
    "parse_bibliography",
]
