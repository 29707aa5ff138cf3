"""`policywiki cite`: format a BibTeX file's entries, or an article's own citation, from the command line.

    policywiki cite --bib references.bib --style harvard [--json] [KEY ...]
    policywiki cite --article inference-time-compute --style oscola [--content content]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from generator.cite.api import CITATION_STYLES, STYLES, format_reference
from generator.cite.article import ArticleCitation, article_bibtex, article_csl_json, article_ris, cite_article
from generator.cite.bibliography import Bibliography, load_bibliography
from generator.cite.exports import export_bibtex, export_csl_json, export_ris
from generator.cite.registry import BY_NAME
from generator.problems import Problems, UsageError


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "cite",
        help="format references from a BibTeX file, or an article's own citation",
        description="Format BibTeX entries (all of them, in file order, or the KEYs given) in a citation "
        "style or export format; or, with --article, print how to cite one of the wiki's articles.",
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--bib", type=Path, metavar="FILE", help="the BibTeX file to read")
    source.add_argument("--article", metavar="SLUG", help="cite this article of the wiki instead")
    parser.add_argument("--style", default="apa", choices=STYLES, help="citation style or export format (default: apa)")
    parser.add_argument("--json", action="store_true",
                        help='print {"entries": [{"id", "text", "html", "cite_text"}]} (citation styles only)')
    parser.add_argument("--content", type=Path, default=Path("content"),
                        help="the wiki's content folder, for --article (default: content)")
    parser.add_argument("keys", nargs="*", metavar="KEY", help="entry keys to format (default: all)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.json and args.style not in CITATION_STYLES:
        raise UsageError(f"--json needs a citation style ({', '.join(CITATION_STYLES)}), not '{args.style}'")
    if args.article:
        if args.keys:
            raise UsageError("give either --article or KEYs, not both")
        sys.stdout.write(article_output(article_citation(args.content, args.article), args.style, args.json))
        return 0
    bib = read_bibliography(args.bib)
    keys = args.keys or bib.keys
    unknown = [key for key in keys if key not in bib]
    if unknown:
        raise UsageError(f"no entry '{unknown[0]}' in {args.bib}")
    sys.stdout.write(bibliography_output(bib, keys, args.style, args.json))
    return 0


def read_bibliography(path: Path) -> Bibliography:
    if not path.is_file():
        raise UsageError(f"cannot read {path}: no such file")
    problems = Problems()
    bib = load_bibliography(path, problems)
    if problems.errors:
        first = problems.errors[0]
        more = f" (and {len(problems.errors) - 1} more)" if len(problems.errors) > 1 else ""
        raise UsageError(f"{first}{more}")
    return bib


def bibliography_output(bib: Bibliography, keys: list[str], style: str, as_json: bool) -> str:
    if style == "bibtex":
        return export_bibtex(bib, keys)
    if style == "ris":
        return export_ris(bib, keys)
    if style == "csl-json":
        return export_csl_json(bib, keys)
    formatted = {key: format_reference(bib, key, style) for key in keys}
    if as_json:
        entries = [{"id": key, "text": f.text, "html": f.html, "cite_text": f.cite_text} for key, f in formatted.items()]
        return json.dumps({"entries": entries}, ensure_ascii=False, indent=2) + "\n"
    return "".join(f"{f.text}\n" for f in formatted.values())


def article_citation(content: Path, slug: str) -> ArticleCitation:
    """The article's citation data from the content folder; problems in content are a usage error here."""
    from generator.builddate import build_date
    from generator.content.load import load_content

    corpus = load_content(content)
    if corpus.site is None:
        raise UsageError(f"cannot load the wiki in {content}: {corpus.problems.errors[0] if corpus.problems.errors else 'no site.yaml'}")
    article = corpus.by_slug().get(slug)
    if article is None:
        raise UsageError(f"no article '{slug}' in {content}")
    site = corpus.site
    return ArticleCitation(
        title=article.meta.title,
        slug=article.slug,
        url=f"{str(site.base_url).rstrip('/')}/wiki/{article.slug}/",
        publisher=site.publisher,
        published=article.meta.published,
        updated=article.meta.updated,
        accessed=build_date(),
        kind=article.meta.kind,
        language=site.language,
    )


def article_output(article: ArticleCitation, style: str, as_json: bool) -> str:
    if style == "bibtex":
        return article_bibtex(article)
    if style == "ris":
        return article_ris(article)
    if style == "csl-json":
        return article_csl_json(article)
    formatted = cite_article(article, style)
    if as_json:
        entry = {"id": article.slug, "text": formatted.text, "html": formatted.html, "cite_text": formatted.cite_text}
        return json.dumps({"entries": [entry]}, ensure_ascii=False, indent=2) + "\n"
    # A note style's (OSCOLA's) "how to cite" form is the footnote; author-date styles give the list entry.
    return (formatted.cite_text if BY_NAME[style].notes else formatted.text) + "\n"
