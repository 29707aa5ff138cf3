"""The reader layout, proved in chromium on the real wiki (issue 18, items 1, 2 and 7): a reader's script per
feature (open, act, assert what is seen) at 1280 × 900 and 390 × 844, in the light and the dark theme.

What a reader relies on: the site explorer on the left (kinds → articles, collapsible, the current article
marked, a filter box), the article at a reading measure, contents on the right that list every h2 and h3,
stay in view and mark the section being read; a compact header that stays at the top; "At a glance" beside
the text; on a phone a menu button opening a drawer, a header under an eighth of the screen and tap targets
of at least 24 px; heading permalinks and a way back to the top; and every page readable without JavaScript.
"""

from __future__ import annotations

import gzip
import re

import pytest

from .harness import ARTIFACTS
from .test_pages_in_browser import PAGE_TYPES

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
FLAGSHIP = "wiki/inference-time-compute/"  # the page the issue measured: 15 related concepts, a long body
EU_AI_ACT = "wiki/eu-ai-act/"  # its thresholds table broke "Provision" mid-word at 1280 px
SETTLE_MS = 5000
SCREENSHOTS = ARTIFACTS / "screenshots"


@pytest.fixture
def open_page(browser, site_url):
    """open_page(path, viewport, scheme="light", javascript=True) -> a loaded page in a fresh context."""
    contexts = []

    def open_(path: str, viewport: dict, scheme: str = "light", javascript: bool = True):
        context = browser.new_context(viewport=viewport, color_scheme=scheme, java_script_enabled=javascript)
        contexts.append(context)
        page = context.new_page()
        page.goto(site_url + path, wait_until="domcontentloaded")  # deferred scripts and styles have run
        return page

    yield open_
    for context in contexts:
        context.close()


def explorer_ready(page) -> None:
    page.wait_for_selector(".site-nav .nav-tree", timeout=SETTLE_MS)


def box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


# --- wide screens --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_on_a_wide_screen_the_explorer_article_and_contents_sit_side_by_side(open_page, scheme):
    page = open_page(FLAGSHIP, DESKTOP, scheme)
    explorer_ready(page)
    nav, main, toc = box(page, ".site-nav"), box(page, "main"), box(page, ".toc")
    assert nav["x"] + nav["width"] <= main["x"], "the explorer is left of the article"
    assert main["x"] + main["width"] <= toc["x"], "the contents are right of the article"
    body = page.locator(".article-body p").first.bounding_box()
    assert 480 <= body["width"] <= 760, f"the text runs {body['width']:.0f} px wide, not a reading measure"
    assert page.locator(".menu-button").is_hidden(), "no menu button when everything is on screen"


def test_the_first_section_of_an_article_is_on_the_first_screen_at_1280_by_900(open_page, page_types):
    """The flagship and the longest article of each kind."""
    page = open_page(FLAGSHIP, DESKTOP)
    for path in (FLAGSHIP, page_types["concept"], page_types["instrument"], page_types["topic"]):
        page.goto(page.url.split("/wiki/")[0] + "/" + path, wait_until="domcontentloaded")
        top = page.evaluate("""() => [...document.querySelectorAll('article h2')]
            .find(h => !h.closest('.at-a-glance')).getBoundingClientRect().top""")
        assert top < DESKTOP["height"] - 40, f"/{path}: the first section heading is {top:.0f} px down"


def test_the_header_is_one_compact_row_that_stays_at_the_top_while_reading(open_page):
    page = open_page(FLAGSHIP, DESKTOP)
    assert box(page, ".site-header")["height"] <= 64
    page.mouse.wheel(0, 4000)
    page.wait_for_function("window.scrollY > 3000")
    header = box(page, ".site-header")
    assert abs(header["y"]) < 1, "the header scrolled away"
    assert page.locator("#search-input").is_visible() and page.locator("[data-theme-toggle]").is_visible()


def test_the_explorer_marks_the_current_article_and_opens_only_its_kind(open_page):
    page = open_page(FLAGSHIP, DESKTOP)
    explorer_ready(page)
    current = page.locator('.site-nav a[aria-current="page"]')
    assert current.count() == 1 and current.inner_text() == "Inference-Time Compute"
    assert current.is_visible()
    kinds = page.locator(".site-nav details.nav-kind")
    assert kinds.count() == 3
    assert [kinds.nth(i).evaluate("d => d.open") for i in range(3)] == [True, False, False]
    topics = kinds.nth(2)
    assert topics.locator(".nav-articles a").first.is_hidden()
    topics.locator("summary").click()
    assert topics.locator(".nav-articles a").first.is_visible(), "a kind opens to list its articles"
    kinds.nth(0).locator("summary").click()
    assert current.is_hidden(), "a kind collapses again"


def test_the_explorer_filter_shows_only_the_matching_articles(open_page):
    page = open_page("", DESKTOP)
    explorer_ready(page)
    page.locator("#nav-filter").fill("distill")
    shown = page.locator(".site-nav .nav-articles li:not(.nav-all):visible")
    page.wait_for_function("document.querySelector('#nav-filter-status').textContent.includes('shown')")
    titles = shown.all_inner_texts()
    assert titles and all("distill" in title.lower() for title in titles), titles
    assert "Model Distillation Risk" in titles
    assert page.locator("#nav-filter-status").inner_text() == f"{len(titles)} article{'s' if len(titles) > 1 else ''} shown"
    page.locator("#nav-filter").fill("")
    assert page.locator(".site-nav details.nav-kind[open]").count() >= 1


def test_the_contents_list_every_h2_and_h3_stay_in_view_and_mark_the_section_being_read(open_page):
    page = open_page(FLAGSHIP, DESKTOP)
    headings = page.evaluate("""() => [...document.querySelectorAll('article h2[id], article h3[id]')]
        .map(h => h.id)""")
    listed = page.evaluate("""() => [...document.querySelectorAll('.toc a[href^="#"]')]
        .map(a => a.getAttribute('href').slice(1)).filter(id => id !== 'top')""")
    assert listed == headings, "the contents list every h2 and h3 of the article, in order"
    assert page.locator(".toc ol ol a").count() >= 1, "h3 headings are nested under their h2"
    target = page.locator(".toc a[href='#references']")
    target.click()
    page.wait_for_function("document.querySelector(\".toc a[href='#references']\").getAttribute('aria-current')")
    toc = box(page, ".toc")
    assert toc["y"] >= 0 and toc["y"] + 100 < DESKTOP["height"], "the contents stay in view"
    assert page.locator(".toc a[aria-current]").count() == 1
    heading = box(page, "#references")
    assert heading["y"] >= box(page, ".site-header")["height"], "the heading is not hidden under the header"


def test_at_a_glance_sits_beside_the_text_and_long_lists_fold_behind_a_count(open_page):
    page = open_page(FLAGSHIP, DESKTOP)
    glance = box(page, ".at-a-glance")
    first_line_end = page.evaluate("""() => { const range = document.createRange();
        range.selectNodeContents(document.querySelector('.article-body p'));
        const first = range.getClientRects()[0]; return [first.right, first.top]; }""")
    assert first_line_end[0] <= glance["x"] and glance["y"] <= first_line_end[1] <= glance["y"] + glance["height"], \
        "the opening text runs beside the infobox"
    more = page.locator(".at-a-glance details.more")
    summary = more.locator("summary")
    assert re.fullmatch(r"\d+ more", summary.inner_text()), summary.inner_text()
    hidden = more.locator("a").first
    assert hidden.is_hidden()
    summary.click()
    assert hidden.is_visible()
    related = page.locator("#related-concepts ~ details.more summary")
    assert re.fullmatch(r"Show \d+ more \(\d+ in all\)", related.inner_text())


def test_every_section_heading_has_a_permalink_and_back_to_top_returns_to_the_top(open_page):
    page = open_page(FLAGSHIP, DESKTOP)
    page.wait_for_selector(".article-body h2 .heading-anchor")
    anchors = page.evaluate("""() => [...document.querySelectorAll('.article-body h2[id], .article-body h3[id]')]
        .map(h => [h.id, h.querySelector('a.heading-anchor')?.getAttribute('href')])""")
    assert anchors and all(href == f"#{anchor}" for anchor, href in anchors), anchors
    first = page.locator(".article-body h2 .heading-anchor").first
    first.hover()
    first.click()
    assert page.evaluate("location.hash") == "#" + anchors[0][0]
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_function("window.scrollY > 2000")
    page.locator("main .back-to-top a").click()
    page.wait_for_function("window.scrollY < 5")


# --- phones ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_on_a_phone_a_menu_button_opens_a_drawer_with_the_explorer_and_the_contents(open_page, scheme):
    page = open_page(FLAGSHIP, PHONE, scheme)
    header = box(page, ".site-header")
    assert header["height"] <= PHONE["height"] / 8, f"the header is {header['height']:.0f} px tall"
    button = page.locator(".menu-button")
    assert button.is_visible() and button.get_attribute("aria-expanded") == "false"
    assert page.locator(".site-nav").is_hidden() and page.locator(".toc").is_hidden()
    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    explorer_ready(page)
    assert page.locator(".site-nav").is_visible() and page.locator(".toc").is_visible()
    assert page.locator('.site-nav a[aria-current="page"]').count() == 1
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false" and page.locator(".site-nav").is_hidden()
    button.click()
    page.locator(".toc a[href='#references']").click()  # following a contents link closes the menu
    assert button.get_attribute("aria-expanded") == "false"
    page.wait_for_function("Math.abs(document.getElementById('references').getBoundingClientRect().top) < 200")


TOO_SMALL_TARGETS = """() => {
  // Targets outside running text (inline links in a sentence are exempt, WCAG 2.5.8): each is 24 × 24 px or
  // more, or nothing else clickable lies within 12 px of its centre either way.
  const selector = 'a[href], button, input, summary, select';
  const prose = 'p, td, th, blockquote, figcaption, .link-summary, .citation-text, .reference-list, dd:not(:has(> ul))';
  const all = [...document.querySelectorAll(selector)].filter(el => el.checkVisibility() && el.getClientRects().length);
  const rects = all.map(el => el.getBoundingClientRect());
  const small = [];
  all.forEach((el, i) => {
    if (el.closest(prose) && !el.closest('.drawer, .site-header, .back-to-top, .toc-top')) return;
    if (el.closest('svg')) return;  // the graph's own marks (its interactive view has its own tests)
    const r = rects[i];
    if (r.width >= 24 && r.height >= 24) return;
    const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
    const crowded = rects.some((o, j) => j !== i && !all[j].contains(el) && !el.contains(all[j]) &&
      o.left < cx + 12 && o.right > cx - 12 && o.top < cy + 12 && o.bottom > cy - 12);
    if (crowded) small.push(`${el.tagName.toLowerCase()} "${(el.textContent || el.value || '').trim().slice(0, 40)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
  });
  return small;
}"""


def test_on_a_phone_every_tap_target_is_at_least_24_px_or_well_apart(open_page, page_types, site_url):
    page = open_page("", PHONE)
    for page_type in ("concept", "instrument", "instruments-index"):
        page.goto(site_url + page_types[page_type], wait_until="domcontentloaded")
        page.locator(".menu-button").click()
        explorer_ready(page)
        assert page.evaluate(TOO_SMALL_TARGETS) == [], f"{page_type}, menu open"
        page.keyboard.press("Escape")
        assert page.evaluate(TOO_SMALL_TARGETS) == [], page_type


# --- item 7: what else a reader meets -------------------------------------------------------------------------

def test_the_theme_button_says_what_it_will_do(open_page):
    page = open_page("", DESKTOP, "light")
    button = page.locator("[data-theme-toggle]")
    assert button.inner_text() == "Dark theme" and button.get_attribute("aria-pressed") is None
    button.click()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert button.inner_text() == "Light theme"
    dark = open_page("", DESKTOP, "dark")
    assert dark.locator("[data-theme-toggle]").inner_text() == "Light theme"


def test_the_site_has_a_favicon_at_its_root_and_declares_it(open_page, site_url):
    page = open_page("", DESKTOP)
    response = page.request.get(site_url + "favicon.ico")
    assert response.status == 200 and response.body()[:4] == b"\x00\x00\x01\x00", "an ICO file"
    icons = page.eval_on_selector_all("link[rel=icon]", "links => links.map(l => l.href)")
    assert site_url + "favicon.ico" in icons
    for href in icons:
        assert page.request.get(href).status == 200


def test_a_concept_no_instrument_uses_says_so_in_words(open_page, built_site):
    unused = next(path for path in sorted((built_site / "wiki").glob("*/index.html"))
                  if "article-concept" in (text := path.read_text()) and "No instrument in this wiki relies" in text)
    page = open_page(f"wiki/{unused.parent.name}/", DESKTOP)
    glance = page.locator(".at-a-glance").inner_text()
    assert "Not used by any instrument in this wiki" in glance and "0 instruments" not in glance


WORDS_BROKEN_ACROSS_LINES = """(selector) => {
  const broken = [];
  for (const cell of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/[^\\s\\u2010-\\u2014/-]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


def test_no_table_cell_breaks_a_single_word_at_1280_or_390_px(open_page, page_types):
    for path in sorted({EU_AI_ACT, page_types["instrument"], "instruments/", page_types["concept"]}):
        page = open_page(path, DESKTOP)
        for viewport in (DESKTOP, PHONE):
            page.set_viewport_size(viewport)
            where = f"/{path} at {viewport['width']} px"
            assert page.evaluate(WORDS_BROKEN_ACROSS_LINES, "td, th") == [], where
            sticking_out = page.evaluate("""() => [...document.querySelectorAll('table')]
                .map(table => table.closest('.table-scroll') || table)
                .filter(outer => outer.getBoundingClientRect().right > document.documentElement.clientWidth)
                .map(outer => outer.className || outer.tagName)""")
            assert sticking_out == [], f"{where}: a wide table scrolls in its own box, not the page"


def test_the_instruments_index_is_a_table_sortable_by_any_column_with_ended_ones_marked(open_page, built_site):
    page = open_page("instruments/", DESKTOP)
    table = page.locator("table.instrument-status")
    headers = table.locator("thead th").all_inner_texts()
    assert [h.rstrip(" ↕↑↓") for h in headers] == ["Instrument", "Jurisdiction", "Thresholds", "Status", "Since"]
    rows = table.locator("tbody tr")
    count = rows.count()
    instruments = [path for path in (built_site / "wiki").glob("*/index.html")
                   if 'class="article article-instrument"' in path.read_text(encoding="utf-8")]
    assert count == len(instruments), "one row per instrument"
    revoked = table.locator("tbody tr:has(td.status-revoked)")
    assert revoked.count() >= 1 and "ENDED" in revoked.first.inner_text().upper()

    def column(index: int) -> list[str]:
        return table.locator(f"tbody tr td:nth-child({index})").all_inner_texts()

    table.locator("thead th:nth-child(5) button").click()
    dates = column(5)
    assert dates == sorted(dates) and table.locator("thead th:nth-child(5)").get_attribute("aria-sort") == "ascending"
    table.locator("thead th:nth-child(5) button").click()
    assert column(5) == sorted(dates, reverse=True)
    table.locator("thead th:nth-child(2) button").click()
    places = column(2)
    assert places == sorted(places, key=str.lower)
    assert table.locator("thead th[aria-sort]").count() == 1


# --- item 2: costs stay linear ------------------------------------------------------------------------------

def test_navigation_comes_from_one_shared_file_not_from_every_page(built_site):
    import json
    nav = json.loads((built_site / "nav.json").read_text(encoding="utf-8"))
    listed = {slug for kind in nav["kinds"] for slug, _ in kind["articles"]}
    articles = {path.parent.name for path in (built_site / "wiki").glob("*/index.html")}
    assert listed == articles
    for path in (built_site / "wiki").glob("*/index.html"):
        html = path.read_text(encoding="utf-8")
        drawer = html[html.index('<nav class="site-nav"'): html.index("</nav>", html.index('<nav class="site-nav"'))]
        assert "wiki/" not in drawer, f"{path.parent.name}: the server-rendered navigation lists articles"
        assert 'href="../../concepts/index.html"' in drawer, "the fallback without a script: each kind's index"


def test_the_largest_article_page_stays_under_150_kb(built_site):
    largest = max((built_site / "wiki").glob("*/index.html"), key=lambda path: path.stat().st_size)
    assert largest.stat().st_size < 150_000, f"{largest.parent.name} is {largest.stat().st_size} bytes"


def test_the_sites_own_scripts_stay_under_60_kb_compressed(built_site):
    scripts = [path for path in (built_site / "static").rglob("*.js") if "vendor" not in path.parts]
    compressed = sum(len(gzip.compress(path.read_bytes(), 9)) for path in scripts)
    assert compressed < 60_000, f"the site's own scripts are {compressed} bytes compressed"


# --- without JavaScript, and the screenshots ----------------------------------------------------------------

def test_every_page_type_is_readable_without_javascript_and_is_screenshotted_in_the_dark(browser, site_url, page_types):
    """One page per context, reused across the page types: loading is what costs."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    no_script = browser.new_context(viewport=PHONE, color_scheme="dark", java_script_enabled=False)
    dark = browser.new_context(viewport=DESKTOP, color_scheme="dark")
    try:
        plain, scripted = no_script.new_page(), dark.new_page()
        for page_type in [name for name in PAGE_TYPES if name in page_types]:
            url = site_url + page_types[page_type]
            plain.goto(url, wait_until="domcontentloaded")
            assert plain.locator("h1").is_visible() and plain.locator("main").inner_text().strip(), page_type
            assert plain.locator(".site-nav a", has_text="Concepts").first.is_visible(), \
                f"{page_type}: the way to each kind's index"
            assert plain.locator(".menu-button").is_hidden(), f"{page_type}: no button that would do nothing"
            plain.screenshot(path=str(SCREENSHOTS / f"{page_type}-390-dark-nojs.png"))
            scripted.set_viewport_size(DESKTOP)
            scripted.goto(url, wait_until="domcontentloaded")
            scripted.screenshot(path=str(SCREENSHOTS / f"{page_type}-1280-dark.png"))
            scripted.set_viewport_size(PHONE)
            scripted.screenshot(path=str(SCREENSHOTS / f"{page_type}-390-dark.png"))
    finally:
        no_script.close()
        dark.close()
