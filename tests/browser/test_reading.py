"""A reader's scripts, in chromium on the real wiki: search from the header box, citations while reading,
previews on every article link (and by tap on a touch screen). Each test opens a page, acts, and asserts
what a reader sees; none may leave an error in the console."""

from __future__ import annotations

import re

import pytest

FLAGSHIP = "wiki/inference-time-compute/"
BOX = "#search-input"
OPTIONS = "#search-suggestions [role=option]"


@pytest.fixture
def reader(page, site_url):
    """A page that fails the test on any console error or failed request."""
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("requestfailed", lambda request: problems.append(f"{request.url}: {request.failure}"))
    page.site_url = site_url
    yield page
    assert problems == []


def type_in_header_box(page, text: str):
    box = page.locator(BOX)
    box.click()
    box.press_sequentially(text, delay=20)
    page.wait_for_function("document.querySelector('#search-input').getAttribute('aria-expanded') === 'true'")
    # the results of the whole text, not of a part typed before (the status quotes the query searched)
    page.wait_for_function("text => document.querySelector('#search-suggestions-status').textContent"
                           ".includes('\u201c' + text + '\u201d')", arg=text.strip())
    return box


def test_typing_in_the_header_box_lists_results_with_snippets_and_arrow_keys_and_enter_open_one(reader):
    reader.goto(reader.site_url + "concepts/")
    box = type_in_header_box(reader, "deepseek r1")
    assert box.get_attribute("role") == "combobox"
    first = reader.locator(OPTIONS).first
    assert re.search(r"deepseek", first.inner_text(), re.I)
    marks = reader.locator("#search-suggestions mark").all_inner_texts()
    assert any(m.lower() == "r1" for m in marks) and any(m.lower() == "deepseek" for m in marks)
    assert reader.locator(".search-suggestion-snippet").count() > 0
    box.press("ArrowDown")
    box.press("ArrowDown")
    second = reader.locator(OPTIONS).nth(1)
    assert second.get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == second.get_attribute("id")
    target = second.get_attribute("data-url")
    box.press("Enter")
    reader.wait_for_url(target)
    assert "highlight=" in reader.url
    assert reader.locator("mark.search-hit").count() > 0  # the words searched for, marked on the page


def test_a_typo_in_a_long_word_still_finds_the_article(reader):
    reader.goto(reader.site_url)
    type_in_header_box(reader, "infrence")
    titles = reader.locator(OPTIONS + " .search-suggestion-title").all_inner_texts()
    assert "Inference-Time Compute" in titles, titles
    assert all("nference" in title for title in titles[:5]), titles


def test_1e26_finds_the_thresholds_written_as_powers_and_shows_them_as_superscripts(reader):
    reader.goto(reader.site_url)
    type_in_header_box(reader, "1e26 ")
    assert reader.locator(OPTIONS).count() > 1
    powers = reader.locator("#search-suggestions mark sup").all_inner_texts()
    assert "26" in powers  # 10^26 shown as 10 with a superscript 26, and marked
    assert "^" not in reader.locator("#search-suggestions").inner_text()


def test_hovering_a_citation_shows_the_reference_and_following_it_highlights_the_entry_with_a_way_back(reader):
    reader.goto(reader.site_url + FLAGSHIP)
    citation = reader.locator("a.citation[data-keys]").first
    citation.hover()
    popup = reader.locator("#preview-popup")
    popup.wait_for(state="visible")
    key = citation.get_attribute("data-keys").split()[0]
    entry = reader.locator(f"#ref-text-{key}")
    assert entry.inner_text()[:40] in popup.inner_text()
    assert citation.get_attribute("aria-describedby") == "preview-popup"
    cite_id = citation.get_attribute("id")
    citation.click()
    reader.wait_for_url(re.compile(f"#ref-{key}$"))
    target = reader.locator(f"#ref-{key}")
    assert target.evaluate("el => el.matches(':target') && getComputedStyle(el).outlineStyle !== 'none'")
    back = target.locator(f'.ref-backlinks a[href="#{cite_id}"]')
    assert back.count() == 1
    back.click()
    reader.wait_for_url(re.compile(f"#{cite_id}$"))
    bibtex = target.locator("a.ref-bibtex")
    assert reader.request.get(bibtex.evaluate("a => a.href")).text().startswith("@")
    assert target.locator(".copy-button").first.is_visible()


def test_the_references_page_links_the_whole_bibliography_in_three_formats(reader):
    reader.goto(reader.site_url + "references/")
    for name in ("references.bib", "references.ris", "references.json"):
        link = reader.locator(f'.bibliography-downloads a[href$="{name}"]')
        assert link.count() == 1
        assert reader.request.get(link.evaluate("a => a.href")).ok


def test_an_at_a_glance_link_previews_its_article(reader):
    reader.goto(reader.site_url + FLAGSHIP)
    links = reader.locator(".at-a-glance a[href]")
    index = links.evaluate_all("links => links.findIndex(a => a.href.includes('/wiki/'))")
    assert index >= 0
    link = links.nth(index)
    link.hover()
    reader.locator("#preview-popup").wait_for(state="visible")
    assert reader.locator("#preview-popup .preview-title").inner_text().strip()
    assert link.get_attribute("aria-describedby") == "preview-popup"


def test_on_a_touch_screen_the_first_tap_previews_and_the_second_follows(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(site_url + FLAGSHIP)
        link = page.locator(".article-body a.wikilink").first
        link.scroll_into_view_if_needed()
        link.tap()
        page.locator("#preview-popup").wait_for(state="visible")
        assert page.url.endswith(FLAGSHIP)  # still here
        assert page.locator("#preview-popup .preview-open").count() == 1
        href = link.evaluate("a => a.href")
        link.tap()
        page.wait_for_url(href)
    finally:
        context.close()


def test_the_open_results_list_and_a_shown_preview_have_no_axe_violation(reader):
    from .checks import describe_violations, run_axe

    reader.goto(reader.site_url + FLAGSHIP + "?highlight=compute")
    reader.locator(".article-body a.citation").first.hover()
    reader.locator("#preview-popup").wait_for(state="visible")
    type_in_header_box(reader, "1e26 compute")
    reader.locator(BOX).press("ArrowDown")
    violations = run_axe(reader)
    assert violations == [], describe_violations(violations)
