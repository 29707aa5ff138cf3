"""Deterministic, accessible SVG from matplotlib.

- Same input, same bytes: a fixed ``svg.hashsalt``, no date, no metadata block, ids prefixed per figure.
- Real text (``svg.fonttype = 'none'``), so it is selectable, searchable and scales.
- Dark mode: everything drawn in the foreground sentinel colour becomes ``currentColor`` and the background
  is transparent, so the figure takes the page's text colour; series use the Okabe–Ito palette, which
  stays distinguishable on light and dark backgrounds and for colour-blind readers.
  Label boxes drawn in the background sentinel take the page's background (``var(--bg)``), so a label can
  sit over a line and stay legible in either theme.
- ``<title>`` and ``<desc>`` first in the ``<svg>``, referenced by ``aria-labelledby``, with ``role="img"``.
- Phones: the SVG shrinks with the column (viewBox, width 100%) down to ``MIN_SCALE`` of its drawn size or
  ``MIN_WIDTH`` px, whichever is less (an inline ``min-width``), so it fits a 360 px screen whole; only a
  narrower column makes ``.figure-graphic`` scroll sideways.
- Marks: ``to_svg(..., marks)`` adds an invisible, focusable circle over each data point, labelled with its
  exact value and source, for static/figures.js's tooltips; artists with a ``series-n-…`` gid can be toggled.
- Warnings: matplotlib's warnings (layout, fonts) are caught and logged at debug level, never printed to a
  user's terminal; the figure tests assert there are none.
"""

from __future__ import annotations

import html
import io
import logging
import re
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure as MplFigure

#: Drawn in this colour means "the page's text colour"; replaced by currentColor after saving.
FOREGROUND = "#010203"
#: Drawn in this colour means "the page's background colour" (label boxes); replaced after saving.
BACKGROUND = "#fefdfc"
PAGE_BACKGROUND = "var(--bg, Canvas)"
#: The smallest fraction of its drawn size a figure may shrink to on a narrow page (text stays >= ~10 px)...
MIN_SCALE = 0.8
#: ...but never wider than this, so that a figure fits a 360 px phone's column whole, without sideways
#: scrolling (its exact values are a tap away: the marks' tooltips, and the data table).
MIN_WIDTH = 280
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


@dataclass(frozen=True)
class Mark:
    """A data point readers can hover or focus for its exact value: drawn as an invisible, focusable circle
    over the point, labelled (``<title>`` and aria-label) with ``text``; ``series`` numbers the series it
    belongs to (the artists drawn for series n carry the gid ``series-n``), ``name`` names it."""

    axes: Any
    x: float
    y: float
    series: int
    name: str
    text: str


def marks_svg(figure: MplFigure, marks: Sequence[Mark]) -> str:
    """The marks as an SVG group, in the saved SVG's coordinates (points, y down). Call after saving: the
    constrained layout has placed the axes by then."""
    if not marks:
        return ""
    scale = 72 / figure.dpi  # the SVG backend draws at 72 dpi
    height = figure.get_figheight() * 72
    parts = ['<g class="figure-marks">']
    for mark in marks:
        x, y = mark.axes.transData.transform((mark.x, mark.y))
        label = html.escape(mark.text)
        parts.append(f'<circle class="figure-mark" cx="{x * scale:.1f}" cy="{height - y * scale:.1f}" r="6" fill-opacity="0" '
                     f'tabindex="0" role="img" data-series="{mark.series}" data-series-name="{html.escape(mark.name)}" '
                     f'aria-label="{label}"><title>{label}</title></circle>')
    parts.append("</g>")
    return "\n".join(parts)


def to_svg(figure: MplFigure, figure_id: str, title: str, description: str, marks: Sequence[Mark] = ()) -> str:
    """The figure as an inline-ready SVG string (no XML prolog), with title and description, and the
    `marks` a reader can hover or focus for exact values (then the SVG is a group, not one image: an image's
    children are presentational, and these must stay reachable)."""
    buffer = io.StringIO()
    with _matplotlib().rc_context(RC):
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]  # drop the XML declaration and DOCTYPE: the SVG goes inline in HTML
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = re.sub(r"\s*<style[^>]*>.*?</style>", "", svg, flags=re.S)  # a global `*{...}` rule would leak into the page
    svg = svg.replace(FOREGROUND, "currentColor").replace(BACKGROUND, PAGE_BACKGROUND)
    svg = _prefix_ids(svg, figure_id)
    if marks:
        closing = svg.rindex("</svg>")
        svg = svg[:closing] + marks_svg(figure, marks) + "\n" + svg[closing:]
    title_id, desc_id = f"{figure_id}-title", f"{figure_id}-desc"
    opening_end = svg.index(">") + 1
    floor = min(round(figure.get_figwidth() * 96 * MIN_SCALE), MIN_WIDTH)  # inches to CSS px
    opening = svg[:opening_end].replace(
        "<svg ",
        f'<svg role="{"group" if marks else "img"}" aria-labelledby="{title_id} {desc_id}" class="figure-svg" style="min-width: {floor}px" ',
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


def standalone_svg(svg: str) -> str:
    """A figure's inline SVG as a file of its own (/figures/<id>.svg): what a page shows (by reference), what
    static/figures.js puts in the page, and the download. Black on white wherever it is opened: text and axes
    stay ``currentColor``, set to black on the root (SVG 1.1, so other tools read it too), and label boxes take
    the near-white background sentinel. The page's script removes the root colour and maps the sentinel to the
    page background again, so that inline the figure follows the page's theme."""
    svg = svg.replace(PAGE_BACKGROUND, BACKGROUND)
    svg = re.sub(r' style="min-width: \d+px"', "", svg, count=1)
    svg = svg.replace("<svg ", '<svg color="#000000" ', 1)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + svg
