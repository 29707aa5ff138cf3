"""In a real browser: no page of the XSS wiki runs an injected script, even when hovered, tabbed through and
scrolled; and `policywiki serve` shows a content error as an overlay (as text, whatever the error quotes) over the
last good page, then reloads the page by itself when the content is fixed."""

from __future__ import annotations

import io
import shutil

import pytest

from generator.serve import LiveServer

from .harness import REPO, build_site, serve_directory

XSS_WIKI = REPO / "tests" / "fixtures" / "xss-wiki"
TEMPLATES = REPO / "templates"

# Every payload in the XSS wiki calls window.__xss(...); this records calls (and alert/confirm/prompt) instead.
RECORDER = """
window.__xssCalls = [];
window.__xss = function (what) { window.__xssCalls.push(String(what)); };
for (const name of ["alert", "confirm", "prompt"]) {
  window[name] = function (what) { window.__xssCalls.push(name + ":" + String(what)); };
}
"""


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory) -> tuple[str, list[str]]:
    out = build_site(XSS_WIKI, TEMPLATES, tmp_path_factory.mktemp("xss-browser") / "site")
    pages = []
    for path in sorted(out.rglob("*.html")):
        relative = path.relative_to(out).as_posix()
        pages.append(relative[: -len("index.html")] if relative.endswith("index.html") else relative)
    with serve_directory(out) as url:
        yield url, pages


def exercise(page) -> None:
    """What a reader does that could fire a handler: move over the page, scroll, tab through it."""
    for x, y in ((10, 10), (300, 200), (640, 450), (900, 700), (1200, 850)):
        page.mouse.move(x, y)
    page.mouse.wheel(0, 4000)
    for _ in range(8):
        page.keyboard.press("Tab")
    page.wait_for_timeout(150)  # let animations (<animate onbegin>) and toggles settle


def test_no_page_of_the_xss_wiki_runs_an_injected_script(context, xss_site):
    url, pages = xss_site
    assert "wiki/xss-payloads/" in pages
    context.add_init_script(RECORDER)
    dialogs: list[str] = []
    fired: dict[str, list[str]] = {}
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in pages:
        page.goto(url + path, wait_until="load")
        exercise(page)
        calls = page.evaluate("window.__xssCalls")
        if calls:
            fired[path] = calls
        assert page.url.startswith(url), f"{path} navigated away to {page.url}"  # no refresh or base hijack
    assert fired == {} and dialogs == []


def test_payloads_show_as_text_on_the_page(context, xss_site):
    url, _ = xss_site
    page = context.new_page()
    page.goto(url + "wiki/xss-payloads/")
    heading = page.locator("h1").first.inner_text()
    assert "<script>window.__xss('title')</script> Payloads" in heading
    assert page.locator("img[onerror], [onload], [onclick], [onmouseover], iframe, object, embed").count() == 0


def test_serve_shows_a_content_error_as_a_text_overlay_then_reloads_when_fixed(context, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(XSS_WIKI, content)
    context.add_init_script(RECORDER)
    with LiveServer(content, TEMPLATES, tmp_path / "site", port=0, stream=io.StringIO(), debounce_ms=100) as live:
        page = context.new_page()
        page.goto(live.url + "wiki/alpha-concept/")
        assert page.locator("h1").first.inner_text().startswith("Alpha Concept")
        alpha = content / "concepts" / "alpha-concept.md"
        good = alpha.read_text()
        # An unknown field whose name is markup: the message quotes it, and the overlay must show it as text.
        alpha.write_text(good.replace("category: compute", "<img src=x onerror=window.__xss(9)>: compute"))
        overlay = page.locator("#policywiki-overlay")
        overlay.wait_for(state="visible", timeout=60_000)
        text = overlay.inner_text()
        assert "1 content error(s)" in text
        assert "alpha-concept.md:4:1: unknown field '<img src=x onerror=window.__xss(9)>'" in text
        assert page.locator("#policywiki-overlay img").count() == 0
        assert page.locator("h1").first.inner_text().startswith("Alpha Concept")  # the last good page stays
        alpha.write_text(good.replace("title: Alpha Concept", "title: Alpha Fixed"))
        page.wait_for_function("document.querySelector('h1') && "
                               "document.querySelector('h1').innerText.startsWith('Alpha Fixed')", timeout=60_000)
        assert page.locator("#policywiki-overlay").count() == 0
        assert page.evaluate("window.__xssCalls") == []
