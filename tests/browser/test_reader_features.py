"""The reader features, proved in chromium: search, the theme toggle, copy buttons and link previews.

Each test is skipped, saying why, only while its feature is absent from the built site; the moment the
feature lands in the templates, the test runs. What each test looks for is written in its docstring.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from .test_pages_in_browser import url_of

# A query a reader would type, and the article that must come up among the first three results.
# Aliases and acronyms on purpose: they are weighted above body text.
SEARCHES = [
    ("majority voting", "best-of-n-sampling"),
    ("knowledge distillation", "model-distillation-risk"),
    ("TFAIA", "california-sb-53"),
    ("process reward model", "outcome-and-process-reward-models"),
    ("Executive Order 14110", "us-eo-14110"),
]
SEARCH_INPUT = '#search-input, input[type="search"]'
SEARCH_RESULT_LINKS = "#search-results a[href], .search-results a[href]"
THEME_TOGGLE = '[data-theme-toggle], #theme-toggle, button[aria-label*="theme" i], button:has-text("theme")'
COPY_BUTTON = 'button[data-copy], button.copy-button, button:text-matches("^\\\\s*copy", "i")'
SETTLE_MS = 5000


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def slug_of(url: str) -> str | None:
    match = re.search(r"/wiki/([a-z0-9-]+)/", url)
    return match.group(1) if match else None


def result_slugs(page) -> list[str]:
    """Article slugs of the search results, in the order shown."""
    hrefs = page.eval_on_selector_all(SEARCH_RESULT_LINKS, "links => links.map(link => link.href)")
    slugs = []
    for slug in map(slug_of, hrefs):
        if slug and slug not in slugs:
            slugs.append(slug)
    return slugs


@pytest.mark.parametrize(("query", "slug"), SEARCHES)
def test_search_finds_the_right_article(page, site_url, page_types, query, slug):
    """On /search/, typing into the search box (#search-input) lists results (links in #search-results);
    the expected article is among the first three."""
    page.goto(url_of(page_types, site_url, "search"))
    search_box = page.locator(SEARCH_INPUT).first
    if search_box.count() == 0 or page.locator("#search-results, .search-results").count() == 0:
        pytest.skip("the /search/ page has no search box or results list yet")
    search_box.fill(query)
    page.wait_for_function(f"document.querySelectorAll({SEARCH_RESULT_LINKS!r}).length > 0", timeout=SETTLE_MS)
    page.wait_for_timeout(300)  # let the results finish rendering (they arrive in batches)
    top = result_slugs(page)[:3]
    assert slug in top, f"searching {query!r} gave {top}, not {slug}"


def body_background(page) -> str:
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


def test_the_theme_toggle_switches_the_theme_and_the_choice_survives_a_reload(browser, site_url, page_types):
    """A reader on a light system presses the theme toggle: the page turns another colour, and stays so
    after a reload and on the next page."""
    context = browser.new_context(color_scheme="light")
    try:
        page = context.new_page()
        page.goto(site_url)
        toggle = page.locator(THEME_TOGGLE).first
        if toggle.count() == 0:
            pytest.skip("no theme toggle in the page yet")
        light = body_background(page)
        toggle.click()
        page.wait_for_function("(light) => getComputedStyle(document.body).backgroundColor !== light",
                               arg=light, timeout=SETTLE_MS)
        chosen = body_background(page)
        page.reload()
        assert body_background(page) == chosen, "the chosen theme is forgotten on reload"
        page.goto(url_of(page_types, site_url, "concept"))
        assert body_background(page) == chosen, "the chosen theme is forgotten on the next page"
    finally:
        context.close()


def test_every_copy_button_puts_text_from_the_page_on_the_clipboard(browser, site_url, page_types):
    """On an article, each copy button (class copy-button, data-copy, or labelled 'Copy…') replaces the
    clipboard with the text of its data-copy-target element, of its data-copy-url file, or else with some text
    of the page."""
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.goto(url_of(page_types, site_url, "concept"))
        buttons = page.locator(COPY_BUTTON)
        if buttons.count() == 0:
            pytest.skip("no copy buttons in the article page yet")
        page_text = normalise(page.evaluate("document.body.textContent"))
        for index in range(buttons.count()):
            button = buttons.nth(index)
            page.evaluate("navigator.clipboard.writeText('(nothing copied)')")
            if not button.is_visible():
                button.scroll_into_view_if_needed()
            label = normalise(button.inner_text() or button.get_attribute("aria-label") or "")
            button.click()
            copied = normalise(page.evaluate("""async (ms) => {  // a button that fetches a file copies later
                for (const end = Date.now() + ms; Date.now() < end; await new Promise(r => setTimeout(r, 50))) {
                  const text = await navigator.clipboard.readText();
                  if (text !== '(nothing copied)') return text;
                }
                return navigator.clipboard.readText();
            }""", SETTLE_MS))
            assert copied, f"button {label!r} copied nothing"
            target, source = button.get_attribute("data-copy-target"), button.get_attribute("data-copy-url")
            if source:  # a small file beside the page (a reference's BibTeX)
                expected = normalise(page.evaluate("async (url) => (await fetch(url)).text()", source))
                assert copied == expected, f"button {label!r} copied {copied[:120]!r}, not {source}"
            elif target:
                expected = normalise(page.evaluate("(id) => document.getElementById(id).textContent", target))
                assert copied == expected, f"button {label!r} copied {copied[:120]!r}, not #{target}"
            else:
                assert copied in page_text, f"button {label!r} copied text not on the page: {copied[:120]!r}"
    finally:
        context.close()


def site_scripts_mention(built_site: Path, word: str) -> bool:
    scripts = [path.read_text(encoding="utf-8", errors="replace") for path in built_site.rglob("*.js")]
    return any(word in script.lower() for script in scripts)


def summary_of(built_site: Path, slug: str) -> str:
    """The summary the linked article's own page shows, as plain text."""
    page_html = (built_site / "wiki" / slug / "index.html").read_text(encoding="utf-8")
    summary = re.search(r'<p class="summary"[^>]*>(.*?)</p>', page_html, re.S).group(1)
    return normalise(html.unescape(re.sub(r"<[^>]+>", "", summary)))


VISIBLE_COUNT = "(text) => document.body.innerText.replace(/\\s+/g, ' ').split(text).length - 1"


def test_a_preview_of_the_linked_article_appears_on_hover_and_on_keyboard_focus(
        page, built_site, site_url, page_types):
    """Pointing at, or tabbing to, a wiki link in an article's body shows the linked article's summary."""
    if not site_scripts_mention(built_site, "preview"):
        pytest.skip("the site has no link-preview script yet")
    page.goto(url_of(page_types, site_url, "concept"))
    # Links to another page (not the article's own citations, which point at #ref-… on this page).
    hrefs = page.eval_on_selector_all(
        ".article-body a[href]", "links => links.map(link => link.pathname === location.pathname ? '' : link.href)")
    first = next((index for index, href in enumerate(hrefs) if slug_of(href)), None)
    assert first is not None, "the longest concept article links to other articles in its body"
    link = page.locator(".article-body a[href]").nth(first)
    summary = summary_of(built_site, slug_of(hrefs[first]))[:40]
    shown_before = page.evaluate(VISIBLE_COUNT, summary)

    link.hover()
    page.wait_for_function(f"(text) => ({VISIBLE_COUNT})(text) > {shown_before}", arg=summary, timeout=SETTLE_MS)

    page.mouse.move(0, 0)
    page.keyboard.press("Escape")
    page.wait_for_function(f"(text) => ({VISIBLE_COUNT})(text) <= {shown_before}", arg=summary, timeout=SETTLE_MS)

    link.evaluate("link => link.focus()")  # then leave and come back by keyboard, as a reader tabbing would
    page.keyboard.press("Shift+Tab")
    page.wait_for_function(f"(text) => ({VISIBLE_COUNT})(text) <= {shown_before}", arg=summary, timeout=SETTLE_MS)
    page.keyboard.press("Tab")
    page.wait_for_function(f"(text) => ({VISIBLE_COUNT})(text) > {shown_before}", arg=summary, timeout=SETTLE_MS)


# Visible text nodes (outside code, which may quote notation verbatim) that show '10^25' or '10^{25}',
# each with the nearest block that holds it, so a failure says which part of the page to fix.
CARET_POWERS_SHOWN = r"""() => {
  const caret = /\b10\^(\{[-\u2212]?\d+\}|[-\u2212]?\d+)(?!\w)/;  // a quoted broken "10^{2u}" is no power
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const found = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const holder = node.parentElement;
    if (!caret.test(node.data) || holder.closest("code, pre, script, style, annotation")) continue;
    if (!holder.checkVisibility({visibilityProperty: true})) continue;
    const block = holder.closest("blockquote, li, p, td, th, dd, h1, h2, h3, figcaption, section") || holder;
    const section = holder.closest("section[class], section[aria-labelledby], header, .article-body");
    const part = section ? (section.classList[0] || section.getAttribute("aria-labelledby") || section.tagName) : "";
    const where = (part ? part + " " : "") + block.tagName.toLowerCase();
    const at = node.data.search(caret);
    found.push(`${where}: …${node.data.slice(Math.max(0, at - 30), at + 20).replace(/\s+/g, " ")}…`);
  }
  return found;
}"""


def test_no_page_shows_a_power_of_ten_in_caret_notation(page, site_url, all_pages):
    """Readers see 10²⁵ (MathML or a superscript), never '10^25', in any text the browser renders,
    summaries and backlink quotations included. Hidden fallbacks, attributes and code do not count."""
    shown = []
    for path in all_pages:
        page.goto(site_url + path)
        shown += [f"/{path} {where}" for where in page.evaluate(CARET_POWERS_SHOWN)]
    assert shown == [], "\n".join(shown[:40]) + (f"\n… and {len(shown) - 40} more" if len(shown) > 40 else "")
