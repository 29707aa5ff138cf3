"""The computed figures as site outputs: one CSV and one SVG file per figure at /figures/<id>.csv and .svg, and /figures/,
which shows every figure once with the articles that use it."""

from __future__ import annotations

from markupsafe import Markup

from generator.render.pages import Page
from generator.threshold.figure_html import render_figure
from generator.threshold.svg import standalone_svg

FIGURES_PATH = "figures/"


def figures_in_use(checked) -> list[tuple[object, list[str]]]:
    """Each figure used anywhere, once (by id), with the slugs of the articles that show it."""
    used: dict[str, tuple[object, list[str]]] = {}
    for slug in sorted(checked.parsed):
        for figure in checked.parsed[slug].env.get("figures_used", []):
            used.setdefault(figure.id, (figure, []))[1].append(slug)
    return [used[figure_id] for figure_id in sorted(used)]


def figure_pages(checked, renderer) -> list[Page]:
    figures = figures_in_use(checked)
    pages = [Page(f"{FIGURES_PATH}{figure.id}.csv", figure.csv) for figure, _ in figures]
    pages += [Page(f"{FIGURES_PATH}{figure.id}.svg", standalone_svg(figure.svg)) for figure, _ in figures]
    entries = []
    for figure, slugs in figures:
        html = renderer.link_sources(render_figure(figure, csv_base=""), FIGURES_PATH)
        entries.append({
            "id": figure.id,
            "title": figure.title,
            "description": figure.description,
            "html": Markup(html),
            "used_in": [renderer.link(slug, FIGURES_PATH) for slug in slugs],
            "csv": f"{figure.id}.csv",
        })
    context = renderer.base_context(FIGURES_PATH, "Figures", "Every figure in the wiki, computed at build time")
    context["figures"] = entries
    pages.append(Page(FIGURES_PATH, renderer.env.get_template("figures.html").render(context)))
    return pages


