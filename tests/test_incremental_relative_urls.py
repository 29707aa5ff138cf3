"""The fast relative-URL path (hot: every link of every page) agrees with posixpath.relpath."""

from __future__ import annotations

import posixpath

from hypothesis import given
from hypothesis import strategies as st

from generator.pages import _relative_path

segment = st.sampled_from(["wiki", "a", "b", "index.html", "static", "style.css", "x-y", ".", "..", ""])
site_path = st.lists(segment, min_size=0, max_size=4).map("/".join)


@given(site_path.filter(bool), site_path)
def test_the_fast_relative_path_equals_posixpath_relpath(target, start):
    assert _relative_path(target, start) == posixpath.relpath(target, start or ".")
