"""The citation engine: parses BibTeX with pybtex and formats references; it knows nothing about pages.

    bib = load_bibliography(Path("content/references.bib"), problems)
    format_reference(bib, "snell2024scaling", "apa").html
    format_intext(bib, [CitationItem("snell2024scaling", "p. 3")], "apa", narrative=False)
    cite_article(ArticleCitation(...), "oscola").text
"""

from importlib import import_module

# The engine's names, loaded on first use (PEP 562), so that importing the light registry
# (generator.cite.registry) does not load pybtex and every style.
_WHERE = {
    "generator.cite.api": ("CITATION_STYLES", "EXPORT_FORMATS", "STYLE_LABELS", "STYLES", "CitationItem", "Formatted",
                           "format_intext", "format_reference"),
    "generator.cite.article": ("ArticleCitation", "article_bibtex", "article_csl_json", "article_ris", "cite_article"),
    "generator.cite.bibliography": ("Bibliography", "load_bibliography", "parse_bibliography"),
    "generator.cite.exports": ("export_bibtex", "export_csl_json", "export_ris"),
}
_MODULE_OF = {name: module for module, names in _WHERE.items() for name in names}
__all__ = sorted(_MODULE_OF)


def __getattr__(name: str):
    if name not in _MODULE_OF:
        raise AttributeError(f"module 'generator.cite' has no attribute {name!r}")
    return getattr(import_module(_MODULE_OF[name]), name)
