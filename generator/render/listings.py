"""What whole-site pages list of every article, as markup made per item: the home page's and the kind
indexes' lists, the search page's A–Z list, the instruments' table, the references' "Cited by" links; and the
two filters the templates format numbers and summaries with.

Each item is made by a pure function of what it shows (the page it is on, the article's slug, title, summary,
aliases, status…) and kept under exactly those arguments: a process that builds again (serve) after a title
edit makes one item again and joins the others it kept, instead of running a template loop over every
article. The markup is what the templates' loops printed, escaped by markupsafe as Jinja's autoescape does.
"""

from __future__ import annotations

import math
from datetime import date
from functools import lru_cache

from markupsafe import Markup, escape

from generator.markdown.mathml import powers_in_text
from generator.render.pages import article_path, relative_url
from generator.threshold.numbers import power_html

# Enough for every article of a large wiki on each listing page; beyond it, items are made again when needed.
KEPT_ITEMS = 1 << 16


def power_of_ten(value: float) -> Markup:
    """1e25 → 10<sup>25</sup>; 3.5e24 → 3.5 × 10<sup>24</sup>; small numbers as they are. The superscript
    carries a visually hidden caret (the markup of powers in prose), so it copies and reads as 10^25."""
    if value <= 0 or not math.isfinite(value):
        return Markup(escape(f"{value:g}"))
    exponent = math.floor(math.log10(value))
    mantissa = value / 10**exponent
    if abs(exponent) < 4:
        return Markup(escape(f"{value:,g}"))
    if math.isclose(mantissa, 1.0, rel_tol=1e-9):
        return Markup(power_html(exponent))
    return Markup(f"{mantissa:.3g} × {power_html(exponent)}")


@lru_cache(maxsize=32768, typed=True)  # typed: a str and an equal Markup are escaped differently
def prose(text: str) -> Markup:
    """Plain text as HTML, 10^25 as a power. Cached: a summary is shown on every page that links to it."""
    return Markup(powers_in_text(text))


@lru_cache(maxsize=KEPT_ITEMS)
def link_item(from_path: str, slug: str, title: str, summary: str) -> str:
    """One item of templates/partials/macros.html `joined_link_list`: a link and the article's summary."""
    url = relative_url(from_path, article_path(slug))
    return f'<li><a href="{escape(url)}">{escape(title)}</a> <span class="link-summary">{prose(summary)}</span></li>\n'


@lru_cache(maxsize=KEPT_ITEMS)
def search_item(from_path: str, slug: str, title: str, summary: str, aliases: tuple[str, ...]) -> str:
    """One item of the search page's list of every article: a link, the other names, the summary."""
    url = relative_url(from_path, article_path(slug))
    also = f'<span class="link-aliases">also: {escape(", ".join(aliases))}</span>' if aliases else ""
    return (f'<li><a href="{escape(url)}">{escape(title)}</a>\n{also}'
            f'      <span class="link-summary">{prose(summary)}</span></li>\n')


@lru_cache(maxsize=KEPT_ITEMS)
def title_link(from_path: str, slug: str, title: str) -> str:
    """A link to an article by its title: the reference list's "Cited by"."""
    return f'<a href="{escape(relative_url(from_path, article_path(slug)))}">{escape(title)}</a>'


ENDED = ("revoked", "rescinded", "expired", "superseded")  # an instrument no longer in force
COMPARATORS = {"greater than": "> ", "at least": "≥ "}


@lru_cache(maxsize=KEPT_ITEMS)
def instrument_row(from_path: str, slug: str, title: str, jurisdiction: str,
                   thresholds: tuple[tuple[str, float, str], ...], status: str, since: date) -> str:
    """One row of the instruments' table (templates/kind_index.html): the instrument, its jurisdiction, the
    thresholds it sets (sortable by the lowest), its status and since when."""
    url = relative_url(from_path, article_path(slug))
    ended = status in ENDED
    figures = "; ".join(f'<span class="threshold-figure">{escape(COMPARATORS.get(comparator, ""))}'
                        f'{power_of_ten(value)}</span> {escape(unit)}'
                        for comparator, value, unit in thresholds) or "—"
    lowest = escape(min(value for _, value, _ in thresholds)) if thresholds else ""
    day = since.isoformat()
    marked = ' class="instrument-ended"' if ended else ""
    mark = ' <span class="status-ended">ended</span>' if ended else ""
    return (f'    <tr{marked}><td><a href="{escape(url)}">{escape(title)}</a>{mark}</td>\n'
            f"      <td>{escape(jurisdiction)}</td>\n"
            f'      <td data-sort="{lowest}">{figures}</td>\n'
            f'      <td class="status status-{escape(status.replace(" ", "-"))}">{escape(status.capitalize())}</td>\n'
            f'      <td><time datetime="{day}">{day}</time></td></tr>\n')
