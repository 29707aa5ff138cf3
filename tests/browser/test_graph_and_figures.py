"""The explorable graph and the computed figures, as a reader uses them in chromium (issue 18, items 3 and 4).

Graph (/graph/ and each article's local graph, static/graph.js on the vendored d3): it zooms, pans and drags;
hovering or focusing an article lights its neighbours; connection types and kinds filter; an article is found
by name and opened with Enter; labels never overlap; a local graph draws the neighbours its page lists, with
the lines among them, from the page alone (no graph.json), also opened from disk. Figures
(their own SVG files, shown by <img>, made live by static/figures.js): they fit a 360 px screen with and without
JavaScript, show a point's exact value and source on hover and focus, hide and show a series, and offer CSV,
SVG and PNG.
Every test also fails on a console error.
"""

from __future__ import annotations

import re

import pytest

from .checks import describe_violations
from .harness import AXE_JS

FIGURE_ARTICLE = "wiki/inference-time-compute/"  # shows the effective-compute line chart
LIVE = ".graph-live"

# Pairs of shown graph labels whose boxes overlap by more than a pixel.
OVERLAPS_JS = """() => {
  const boxes = [...document.querySelectorAll('.graph-live .node text')]
    .filter(t => getComputedStyle(t).display !== 'none').map(t => t.getBoundingClientRect());
  let overlaps = 0;
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) overlaps++;
  }
  return [boxes.length, overlaps];
}"""


@pytest.fixture
def reader(page):
    """The page, failing the test on any console error or uncaught exception."""
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert errors == []


def open_graph(page, url: str):
    page.goto(url)
    page.wait_for_selector(f"{LIVE} .node")
    return page.locator(LIVE)


def layer_transform(page) -> str:
    return page.locator(f"{LIVE} .graph-layer").get_attribute("transform") or ""


def test_the_global_graph_zooms_pans_and_drags(reader, site_url):
    page, live = reader, open_graph(reader, site_url + "graph/")
    assert page.locator(".graph-canvas").first.is_hidden()  # the static picture gives way to the live one
    node = page.locator(f"{LIVE} .node").nth(3)
    where, start = node.locator("circle").bounding_box(), node.get_attribute("transform")
    x, y = where["x"] + where["width"] / 2, where["y"] + where["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 80, y + 60, steps=6)
    page.wait_for_timeout(100)
    page.mouse.up()
    assert node.get_attribute("transform") != start  # dragged
    box = live.bounding_box()
    before = layer_transform(page)
    page.mouse.move(box["x"] + 20, box["y"] + 20)  # a corner: background, not an article
    page.mouse.wheel(0, -400)
    page.wait_for_timeout(150)
    zoomed = layer_transform(page)
    assert float(re.search(r"scale\(([\d.]+)\)", zoomed).group(1)) > float(re.search(r"scale\(([\d.]+)\)", before).group(1))
    page.mouse.down()
    page.mouse.move(box["x"] + 120, box["y"] + 80, steps=5)
    page.mouse.up()
    assert layer_transform(page) != zoomed  # panned
    assert page.url == site_url + "graph/"  # a drag is not a click: the article did not open


def test_hovering_or_focusing_an_article_lights_its_neighbours(reader, site_url):
    page, live = reader, open_graph(reader, site_url + "graph/")
    node = page.locator(f'{LIVE} .node[data-slug="inference-time-compute"]')
    node.hover()
    assert live.get_attribute("class").count("is-lighting") == 1
    neighbours = page.locator(f"{LIVE} .node.is-neighbour").count()
    lit = page.locator(f"{LIVE} .edge.is-lit").count()
    assert neighbours >= 10 and lit == neighbours  # one line to each neighbour
    page.mouse.move(0, 0)
    assert page.locator(f"{LIVE} .node.is-neighbour").count() == 0
    node.focus()  # the keyboard gets the same
    assert page.locator(f"{LIVE} .node.is-neighbour").count() == neighbours


def live_figures(page, count: int = 1):
    """Bring the first `count` figures into view (their images load lazily) and wait until static/figures.js has
    made each live SVG; the first figure's locator."""
    figures = page.locator(".computed-figure")
    for index in range(min(count, figures.count())):
        figures.nth(index).scroll_into_view_if_needed()
        page.wait_for_function("i => document.querySelectorAll('.computed-figure')[i].classList.contains('figure-live')",
                               arg=index)
    return figures.first


def visible(page, selector: str) -> int:
    """How many elements matching `selector` are drawn (not display: none, here or above)."""
    return page.eval_on_selector_all(selector, "els => els.filter(e => e.getClientRects().length > 0).length")


def test_connection_types_and_kinds_filter_the_graph(reader, site_url):
    page, _ = reader, open_graph(reader, site_url + "graph/")
    assert visible(page, f"{LIVE} .edge-links") > 0
    page.get_by_role("checkbox", name="links").uncheck()
    assert visible(page, f"{LIVE} .edge-links") == 0
    instruments = page.locator(f"{LIVE} .node-instrument").count()
    assert instruments > 0 and visible(page, f"{LIVE} .node-instrument") == instruments
    page.get_by_role("checkbox", name="instrument").uncheck()
    assert visible(page, f"{LIVE} .node-instrument") == 0
    assert visible(page, f"{LIVE} .node-concept") > 0
    page.get_by_role("checkbox", name="instrument").check()
    assert visible(page, f"{LIVE} .node-instrument") == instruments


def test_an_article_is_found_by_name_and_opened_with_enter(reader, site_url):
    page, _ = reader, open_graph(reader, site_url + "graph/")
    page.get_by_label("Find an article").fill("eu ai act")
    page.keyboard.press("Enter")
    assert page.locator(".graph-status").inner_text().startswith("EU AI Act:")
    assert page.evaluate("document.activeElement.getAttribute('data-slug')") == "eu-ai-act"
    page.keyboard.press("Enter")
    page.wait_for_url("**/wiki/eu-ai-act/**")


def test_a_click_on_an_article_opens_it(reader, site_url):
    page, _ = reader, open_graph(reader, site_url + "graph/")
    page.locator(f'{LIVE} .node[data-slug="training-compute"] circle').click()
    page.wait_for_url("**/wiki/training-compute/**")


@pytest.mark.parametrize("path", ["graph/", FIGURE_ARTICLE])
def test_graph_labels_do_not_collide(reader, site_url, path):
    open_graph(reader, site_url + path)
    shown, overlaps = reader.evaluate(OVERLAPS_JS)
    assert shown >= 10 and overlaps == 0


def test_the_local_graph_draws_the_listed_neighbours_and_the_lines_among_them_from_its_own_page(
        reader, browser, site_url, built_site):
    """The page lists the article's neighbours (the local graph without a script); the live graph draws exactly
    those, with one line per connected pair as graph.json has them, folds the list away, and never downloads
    graph.json: the page carries all it draws, so it does the same opened from disk."""
    import json

    page = reader
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    open_graph(page, site_url + FIGURE_ARTICLE)
    figure = page.locator(".local-graph")
    listed = figure.locator(".graph-neighbours a[data-slug]").evaluate_all("links => links.map(a => a.dataset.slug)")
    assert len(listed) > 10
    drawn = figure.locator(f"{LIVE} .node").evaluate_all("nodes => nodes.map(n => n.dataset.slug)")
    slug = FIGURE_ARTICLE.split("/")[1]
    assert sorted(drawn) == sorted([slug, *listed])
    graph = json.loads((built_site / "graph.json").read_text(encoding="utf-8"))
    here = {slug, *listed}
    pairs = {tuple(sorted((e["source"], e["target"]))) for e in graph["edges"]
             if e["source"] in here and e["target"] in here and e["source"] != e["target"]
             and e["type"] in ("related", "uses", "discusses", "links")}
    assert figure.locator(f"{LIVE} .edge").count() == len(pairs) > len(listed)  # not just a star
    assert figure.locator(f"{LIVE} .node-current").text_content() == page.locator("h1").first.inner_text()
    assert figure.locator(".graph-neighbours").get_attribute("open") is None  # the list, folded, stays
    page.wait_for_load_state("networkidle")
    assert any(url.endswith("/static/graph.js") for url in asked)  # the requests were seen
    assert [url for url in asked if "graph.json" in url] == []

    # From disk other scripts' fetches are refused (a console error that is not this test's); graph.js must
    # throw nothing and draw the same graph.
    from_disk = browser.new_page()
    try:
        thrown: list[str] = []
        from_disk.on("pageerror", lambda error: thrown.append(str(error)))
        from_disk.goto((built_site / FIGURE_ARTICLE / "index.html").as_uri())
        from_disk.wait_for_selector(f"{LIVE} .node")
        assert from_disk.locator(f".local-graph {LIVE} .node").count() == len(here)
        assert from_disk.locator(f".local-graph {LIVE} .edge").count() == len(pairs)
        assert thrown == []
    finally:
        from_disk.close()


def test_a_figure_fits_a_360_px_screen_whole_with_and_without_javascript(reader, browser, site_url):
    page = reader
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(site_url + FIGURE_ARTICLE)
    live_figures(page, page.locator(".computed-figure").count())  # static/figures.js has run on each
    plain = browser.new_context(viewport={"width": 360, "height": 800}, java_script_enabled=False)
    try:
        no_script = plain.new_page()
        no_script.goto(site_url + FIGURE_ARTICLE)
        for view, picture in ((page, "svg"), (no_script, "img.figure-image")):
            assert view.evaluate("document.documentElement.scrollWidth") <= 360
            for graphic in view.locator(".figure-graphic").all():
                box, drawn = graphic.bounding_box(), graphic.locator(picture).bounding_box()
                assert drawn["x"] >= box["x"] - 1 and drawn["x"] + drawn["width"] <= box["x"] + box["width"] + 1
                assert box["x"] >= 0 and box["x"] + box["width"] <= 360
                assert graphic.evaluate("e => e.scrollWidth <= e.clientWidth + 1")  # nothing hidden to the side
        assert no_script.locator("img.figure-image").first.evaluate("i => i.complete && i.naturalWidth > 0")
    finally:
        plain.close()


def test_hover_and_focus_show_a_points_exact_value_and_source(reader, site_url):
    page = reader
    page.goto(site_url + FIGURE_ARTICLE)
    live_figures(page)
    figure = page.locator(".computed-figure").first
    mark = figure.locator(".figure-mark").nth(2)
    label = mark.get_attribute("aria-label")
    assert re.search(r"\d", label) and "Source: " in label
    mark.hover()
    tip = figure.locator(".figure-tooltip")
    assert tip.is_visible() and tip.inner_text() == label
    page.mouse.move(0, 0)
    assert tip.is_hidden()
    figure.locator(".figure-mark").nth(5).focus()
    assert tip.is_visible() and tip.inner_text() == figure.locator(".figure-mark").nth(5).get_attribute("aria-label")


def test_a_series_can_be_hidden_and_shown_again(reader, site_url):
    page = reader
    page.goto(site_url + FIGURE_ARTICLE)
    live_figures(page)
    figure = page.locator('.computed-figure[data-figure="effective-compute"]').first
    figure_id = figure.get_attribute("id").removeprefix("figure-")
    line = figure.locator(f'[id="{figure_id}-series-0-line"]')
    assert line.is_visible()
    toggle = figure.locator(".figure-series input").first
    toggle.uncheck()
    assert line.is_hidden() and figure.locator('.figure-mark[data-series="0"]').first.is_hidden()
    toggle.check()
    assert line.is_visible()


def test_each_figure_offers_its_data_as_csv_and_itself_as_svg_and_png(reader, site_url):
    page = reader
    page.goto(site_url + FIGURE_ARTICLE)
    live_figures(page)
    figure = page.locator(".computed-figure").first
    assert figure.locator(".figure-cite").inner_text().startswith("Cite this figure:")
    figure_id = figure.get_attribute("id").removeprefix("figure-")
    for kind, start in (("CSV", b"series,name,"), ("SVG", b"<?xml")):
        link = figure.get_by_role("link", name=f"the data ({kind})" if kind == "CSV" else f"the figure ({kind})")
        url = link.evaluate("a => a.href")
        assert url.endswith(f"/figures/{figure_id}.{kind.lower()}")
        response = page.request.get(url)
        assert response.ok and response.body().startswith(start)
    with page.expect_download() as made:
        figure.get_by_role("button", name="the figure (PNG)").click()
    download = made.value
    assert download.suggested_filename.endswith(".png")
    with open(download.path(), "rb") as file:
        assert file.read(8) == b"\x89PNG\r\n\x1a\n"


def test_the_interactive_graph_and_figure_parts_have_no_axe_violation(reader, site_url):
    """axe over what the scripts add (tests/browser/test_accessibility.py covers every whole page): the graph's
    controls and drawing, a local graph, a figure with its marks, toggles and tooltip."""
    failures = []
    for path, ready in (("graph/", f"{LIVE} .node"), (FIGURE_ARTICLE, ".figure-live .figure-series")):
        reader.goto(site_url + path)
        if path == FIGURE_ARTICLE:
            live_figures(reader)
        reader.wait_for_selector(ready)
        if path == FIGURE_ARTICLE:
            reader.locator(".figure-mark").first.focus()  # its tooltip shown
        reader.add_script_tag(path=str(AXE_JS))
        violations = reader.evaluate("""async () => (await axe.run(
            {include: [...document.querySelectorAll('.graph-figure, .computed-figure')]},
            {resultTypes: ['violations']})).violations""")
        if violations:
            failures.append(f"/{path}\n{describe_violations(violations)}")
    assert failures == [], "\n\n".join(failures)
