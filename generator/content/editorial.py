"""Editorial warnings: content that builds but that a careful editor would still fix.

Warnings never stop a build; `policywiki check --strict` (for CI) treats them as fatal.
"""

from __future__ import annotations

import datetime as dt

from generator.content.schema import FINAL_STATUSES, Article, InstrumentMeta, SiteConfig
from generator.problems import WARNING, Problems
from generator.content.scaffold import PLACEHOLDER

# A summary is one or two plain sentences: shown in lists, link previews, search results and meta tags.
SUMMARY_MIN_CHARS = 50
SUMMARY_MAX_CHARS = 320


def report_editorial(articles: list[Article], problems: Problems, site: SiteConfig | None = None,
                     today: dt.date | None = None) -> None:
    """`today` is the build date (SOURCE_DATE_EPOCH when set); without it no date is judged stale."""
    days = site.stale_after_days if site else SiteConfig.model_fields["stale_after_days"].default
    stale_after = dt.timedelta(days=days)
    for article in articles:
        _summary_length(article, problems)
        _primary_source(article, problems)
        _placeholders(article, problems)
        if today is not None:
            _staleness(article, problems, today, stale_after)


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


def _staleness(article: Article, problems: Problems, today: dt.date, stale_after: dt.timedelta) -> None:
    """Dates old enough that the page may no longer say what is true (site.yaml `stale_after_days`).

    A status is stale when it has neither changed (status_date) nor been re-checked (the article's `updated`)
    within the limit; a final status such as "revoked" cannot change, so it never goes stale."""
    meta = article.meta
    limit = f"older than {stale_after.days} days, the site's 'stale_after_days'"
    name = "updated" if meta.updated else "published"
    checked = meta.updated or meta.published
    article_is_old = today - checked > stale_after
    status_can_change = isinstance(meta, InstrumentMeta) and meta.status not in FINAL_STATUSES
    if status_can_change and article_is_old and today - meta.status_date > stale_after:
        problems.add(article.path, *article.value_position_of("status_date"),
                     f"status '{meta.status}' dates from {meta.status_date} ({limit}): check it still holds, "
                     f"record any change in 'status_history', then set 'updated'", WARNING)
    if article_is_old:
        problems.add(article.path, *article.value_position_of(name),
                     f"'{name}' is {checked} ({limit}): review the article and set 'updated'", WARNING)
