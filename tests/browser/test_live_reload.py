"""In a real browser: `policywiki serve` reloads the open pages an edit changes, the edited article's page first
(as soon as its build has written it) and exactly once, and a page that lists the article when the build is done."""

from __future__ import annotations

import io
import os
import shutil

from generator.serve import LiveServer

from .harness import REPO

SMALL_WIKI = REPO / "tests" / "fixtures" / "small-wiki"
TEMPLATES = REPO / "templates"

# Counts the loads of each tab in its sessionStorage, which a reload keeps.
LOAD_COUNTER = "sessionStorage.setItem('loads', String(Number(sessionStorage.getItem('loads') || 0) + 1));"


def test_an_edit_reloads_the_edited_page_once_and_the_pages_that_list_it(context, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SMALL_WIKI, content)
    context.add_init_script(LOAD_COUNTER)
    with LiveServer(content, TEMPLATES, tmp_path / "site", port=0, stream=io.StringIO(), debounce_ms=100) as live:
        article, index = context.new_page(), context.new_page()
        article.goto(live.url + "wiki/alpha-concept/")
        index.goto(live.url + "concepts/")
        assert "Alpha Renamed" not in index.content()
        alpha, edited = content / "concepts" / "alpha-concept.md", tmp_path / "alpha-concept.md"
        edited.write_text(alpha.read_text().replace("title: Alpha Concept", "title: Alpha Renamed"))
        os.replace(edited, alpha)  # one event for the watcher, so one rebuild, as an editor's atomic save makes
        article.wait_for_function("document.querySelector('h1').innerText.startsWith('Alpha Renamed')",
                                  timeout=60_000)
        index.wait_for_function("document.body.innerText.includes('Alpha Renamed')", timeout=60_000)
        while live.rebuilder.busy():  # the index is among the build's last pages: its end is near
            article.wait_for_timeout(50)
        article.wait_for_timeout(500)  # a second reload, if one were sent, would have come by now
        assert article.evaluate("sessionStorage.getItem('loads')") == "2"
        assert index.evaluate("sessionStorage.getItem('loads')") == "2"
