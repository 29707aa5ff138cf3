"""Editorial warnings: content that builds but that a careful editor would still fix.

Warnings never stop a build; `policywiki check --strict` (for CI) treats them as fatal.
"""

from __future__ import annotations

from generator.content import Article, InstrumentMeta
from generator.problems import WARNING, Problems
from generator.scaffold import PLACEHOLDER

# A summary is one or two plain sentences: shown in lists, link previews, search results and meta tags.
SUMMARY_MIN_CHARS = 50
SUMMARY_MAX_CHARS = 320


def report_editorial(articles: list[Article], problems: Problems) -> None:
    for article in articles:
        _summary_length(article, problems)
        _primary_source(article, problems)
        _placeholders(article, problems)


def _summary_length(article: Article, problems: Problems) -> None:
    length = len(" ".join(article.meta.summary.split()))
    where = article.value_position_of("summary")
    if length < SUMMARY_MIN_CHARS:
        problems.add(article.path, *where, f"summary is too short ({length} characters; write at least "
                     f"{SUMMARY_MIN_CHARS}: one full sentence saying what this is)", WARNING)
    elif length > SUMMARY_MAX_CHARS:
        problems.add(article.path, *where, f"summary is too long ({length} characters; at most "
                     f"{SUMMARY_MAX_CHARS}: one or two sentences, the rest belongs in the body)", WARNING)


def _primary_source(article: Article, problems: Problems) -> None:
    if article.meta.primary_source:
        return
    if isinstance(article.meta, InstrumentMeta) and article.meta.reference:
        return  # an instrument's own text is its primary source
    field = "'primary_source' (or 'reference')" if isinstance(article.meta, InstrumentMeta) else "'primary_source'"
    problems.add(article.path, *article.position_of("title"),
                 f"missing primary source: add {field} with a key from references.bib", WARNING)


def _placeholders(article: Article, problems: Problems) -> None:
    """Fields still holding the TODO text `policywiki new` wrote."""
    for name, value in sorted(article.positions.data.items()):
        if isinstance(value, str) and value.strip().startswith(PLACEHOLDER):
            problems.add(article.path, *article.value_position_of(name),
                         f"'{name}' still holds the {PLACEHOLDER} placeholder from 'policywiki new'", WARNING)
