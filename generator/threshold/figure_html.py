"""A computed figure as page HTML: the picture by reference, its data table, downloads, cite line and caption.

The picture is the figure's own file (/figures/<id>.svg, written once by generator/outputs/figurepages.py),
shown with an ``<img>`` that needs no script; static/figures.js fetches the same file and puts it in the page
as live SVG (page colours, tooltips on its marks, series toggles). Keeping the SVG out of the HTML keeps an
article with several figures small (the crossing matrix alone is over 200 KB of SVG).
"""

from __future__ import annotations

import html
import re

from generator.threshold.figure_parts import Figure

_SIZE = re.compile(r'<svg [^>]*?width="([\d.]+)pt" height="([\d.]+)pt"')
_FLOOR = re.compile(r'style="min-width: (\d+)px"')


def picture_size(svg: str) -> tuple[int, int, int]:
    """The figure's drawn size in CSS px (width, height) and the narrowest it may shrink to (its min-width)."""
    size, floor = _SIZE.search(svg), _FLOOR.search(svg)
    if size is None:
        raise ValueError("a figure's SVG states its width and height in points")
    width, height = (round(float(value) * 4 / 3) for value in size.groups())  # 72 pt = 96 px
    return width, height, int(floor.group(1)) if floor else width


def render_figure(figure: Figure, csv_base: str = "/figures/") -> str:
    """The figure's HTML; ``csv_base`` is the relative URL of /figures/ from the page that shows it."""
    esc = html.escape
    width, height, floor = picture_size(figure.svg)
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in figure.columns)
    body = "".join(
        "<tr>" + f'<th scope="row">{esc(row[0])}</th>' + "".join(f"<td>{esc(c)}</td>" for c in row[1:]) + "</tr>"
        for row in figure.rows
    )
    sources = ", ".join(f'<cite class="citation-key" data-key="{esc(k)}">{esc(k)}</cite>' for k in figure.sources)
    base = esc(csv_base)
    return (
        f'<figure class="computed-figure" id="figure-{esc(figure.id)}" data-figure="{esc(figure.name)}">\n'
        # Focusable, so keyboard users can scroll a figure wider than its column (it scrolls inside this box).
        f'<div class="figure-graphic" tabindex="0" role="group" aria-label="{esc(figure.title)}">'
        f'<img class="figure-image" src="{base}{esc(figure.id)}.svg" width="{width}" height="{height}" '
        f'style="min-width: {floor}px" alt="{esc(figure.description)}" loading="lazy"></div>\n'
        f'<details class="figure-data"><summary>Data table</summary>\n'
        f"<table><caption>{esc(figure.title)}: data</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>\n"
        f"</details>\n"
        f'<p class="figure-meta">Formula: <code>{esc(figure.formula)}</code>. Sources: {sources}. '
        # The SVG file is the figure itself; static/figures.js adds a PNG made from it in the browser.
        f'<span class="figure-downloads">Download: <a href="{base}{esc(figure.id)}.csv" download>the data (CSV)</a>, '
        f'<a href="{base}{esc(figure.id)}.svg" download>the figure (SVG)</a></span></p>\n'
        f'<p class="figure-cite">Cite this figure: “{esc(figure.title)}”, computed figure <code>{esc(figure.id)}</code>'
        f' ({esc(figure.formula)}; sources: {", ".join(esc(k) for k in figure.sources) or "model data"}).</p>\n'
        # HTML allows a figcaption only as a figure's first or last child.
        f"<figcaption><strong>{esc(figure.title)}.</strong> {esc(figure.caption)}</figcaption>\n"
        f"</figure>\n"
    )
