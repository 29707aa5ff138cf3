"""Deterministic, accessible SVG from matplotlib.

- Same input, same bytes: a fixed ``svg.hashsalt``, no date, no metadata block, ids prefixed per figure.
- Real text (``svg.fonttype = 'none'``), so it is selectable, searchable and scales.
- Dark mode: everything drawn in the foreground sentinel colour becomes ``currentColor`` and the background
  is transparent, so the figure takes the page's text colour; series use the Okabe–Ito palette, which
  stays distinguishable on light and dark backgrounds and for colour-blind readers.
  Label boxes drawn in the background sentinel take the page's background (``var(--bg)``), so a label can
  sit over a line and stay legible in either theme.
- ``<title>`` and ``<desc>`` first in the ``<svg>``, referenced by ``aria-labelledby``, with ``role="img"``.
- Phones: the SVG shrinks with the column down to ``MIN_SCALE`` of its drawn size (an inline ``min-width``),
  below which its text would be too small to read; the page's ``.figure-graphic`` then scrolls sideways.
- Warnings: matplotlib's warnings (layout, fonts) are caught and logged at debug level, never printed to a
  user's terminal; the figure tests assert there are none.
"""

from __future__ import annotations

import html
import io
import logging
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure as MplFigure

#: Drawn in this colour means "the page's text colour"; replaced by currentColor after saving.
FOREGROUND = "#010203"
#: Drawn in this colour means "the page's background colour" (label boxes); replaced after saving.
BACKGROUND = "#fefdfc"
PAGE_BACKGROUND = "var(--bg, Canvas)"
#: The smallest fraction of its drawn size a figure may shrink to on a narrow page (text stays >= ~10 px).
MIN_SCALE = 0.8
#: Okabe–Ito, without its yellow (too faint on white); its dark blue lightened to #3A8FD0, which keeps 3:1
#: contrast on both the light and the dark page background.
PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#D55E00", "#CC79A7", "#3A8FD0")
MARKERS = ("o", "s", "^", "D", "v", "P")
LINESTYLES = ("-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1, 1, 1)))

RC = {
    "svg.hashsalt": "policywiki",
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 10.5,
    "text.color": FOREGROUND,
    "axes.edgecolor": FOREGROUND,
    "axes.labelcolor": FOREGROUND,
    "axes.titlecolor": FOREGROUND,
    "xtick.color": FOREGROUND,
    "ytick.color": FOREGROUND,
    "grid.color": FOREGROUND,
    "grid.alpha": 0.15,
    "axes.facecolor": "none",
    "figure.facecolor": "none",
    "savefig.facecolor": "none",
    "savefig.edgecolor": "none",
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "path.simplify": False,
}


log = logging.getLogger(__name__)


@lru_cache(maxsize=None)
def _matplotlib():
    """matplotlib, imported on the first figure drawn: importing it costs most of a second, and a build
    whose articles draw no figure (or an up-to-date one) should not pay for it."""
    import matplotlib

    matplotlib.use("Agg")  # never a GUI backend, whoever imports us first
    import matplotlib.figure

    return matplotlib


@contextmanager
def drawing(width: float = 7.0, height: float = 4.0) -> Iterator[MplFigure]:
    """A matplotlib figure under the house style; save it with :func:`to_svg` inside the block.

    Warnings raised while drawing are logged (debug), not shown: a reader's build output is not the place
    for matplotlib's layout advice, and tests catch them through the log.
    """
    matplotlib = _matplotlib()
    with warnings.catch_warnings(record=True) as caught, matplotlib.rc_context(RC):
        warnings.simplefilter("always")
        yield matplotlib.figure.Figure(figsize=(width, height), layout="constrained")
    for warning in caught:
        log.debug("matplotlib warning while drawing a figure: %s: %s", warning.category.__name__, warning.message)


def to_svg(figure: MplFigure, figure_id: str, title: str, description: str) -> str:
    """The figure as an inline-ready SVG string (no XML prolog), with title and description."""
    buffer = io.StringIO()
    with _matplotlib().rc_context(RC):
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]  # drop the XML declaration and DOCTYPE: the SVG goes inline in HTML
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = re.sub(r"\s*<style[^>]*>.*?</style>", "", svg, flags=re.S)  # a global `*{...}` rule would leak into the page
    svg = svg.replace(FOREGROUND, "currentColor").replace(BACKGROUND, PAGE_BACKGROUND)
    svg = _prefix_ids(svg, figure_id)
    title_id, desc_id = f"{figure_id}-title", f"{figure_id}-desc"
    opening_end = svg.index(">") + 1
    floor = round(figure.get_figwidth() * 96 * MIN_SCALE)  # inches to CSS px
    opening = svg[:opening_end].replace(
        "<svg ",
        f'<svg role="img" aria-labelledby="{title_id} {desc_id}" class="figure-svg" style="min-width: {floor}px" ',
        1,
    )
    labels = (
        f'\n <title id="{title_id}">{html.escape(title)}</title>'
        f'\n <desc id="{desc_id}">{html.escape(description)}</desc>'
    )
    return opening + labels + svg[opening_end:].rstrip() + "\n"


def _prefix_ids(svg: str, prefix: str) -> str:
    """Make every id unique to this figure, so several figures can share a page."""
    ids = sorted(set(re.findall(r'\bid="([^"]+)"', svg)), key=len, reverse=True)
    for old in ids:
        new = f"{prefix}-{old}"
        svg = svg.replace(f'id="{old}"', f'id="{new}"')
        svg = svg.replace(f"#{old})", f"#{new})").replace(f'"#{old}"', f'"#{new}"')
    return svg
