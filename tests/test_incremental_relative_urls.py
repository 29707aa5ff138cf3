"""The fast relative URL between two pages (hot: every link of every page) is posixpath.relpath between their files,
for any two site paths, odd segments ('.', '..', empty) included."""

from __future__ import annotations

import posixpath

from hypothesis import given, settings
from hypothesis import strategies as st

segment = st.sampled_from(["wiki", "a", "b", "index.html", "static", "style.css", "x-y", ".", "..", ""])
site_path = st.lists(segment, min_size=0, max_size=4).map("/".join)


def relpath_url(from_path: str, to_path: str) -> str:
    """The definition: posixpath.relpath from the page's folder to the file, fragment kept."""
    from generator.render.pages import output_file

    to_path, hash_, fragment = to_path.partition("#")
    return posixpath.relpath(output_file(to_path), posixpath.dirname(output_file(from_path)) or ".") + hash_ + fragment


site_dir = st.lists(segment, min_size=0, max_size=4).map(lambda parts: "/".join(parts) + "/" if parts else "")
fragment = st.sampled_from(["", "#", "#ref-a", "#x#y"])


@settings(max_examples=1000)
@given(st.one_of(site_path, site_dir), st.one_of(site_path, site_dir), fragment)
def test_relative_url_equals_posixpath_relpath_between_any_two_pages(from_path, to_path, anchor):
    from generator.render.pages import relative_url

    assert relative_url(from_path, to_path + anchor) == relpath_url(from_path, to_path + anchor)


def test_relative_urls_between_article_pages_and_site_pages():
    from generator.render.pages import relative_url

    assert relative_url("wiki/a/", "wiki/b/") == "../b/index.html"
    assert relative_url("wiki/a/", "wiki/a/") == "index.html"
    assert relative_url("wiki/a/", "wiki/a/#x") == "index.html#x"
    assert relative_url("wiki/a/", "static/style.css") == "../../static/style.css"
    assert relative_url("wiki/a/", "") == "../../index.html"
    assert relative_url("", "wiki/a/") == "wiki/a/index.html"
    assert relative_url("404.html", "concepts/") == "concepts/index.html"
