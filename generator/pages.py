"""Where pages go and how they link to each other.

Every internal link is relative and names `index.html` explicitly, so the built site works on any
static host, from a sub-path, and straight from disk (file://). Canonical URLs use `base_url`.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass


@dataclass
class Page:
    """One output file: a site path ('wiki/x/' is written as wiki/x/index.html) and its content."""

    path: str
    content: str | bytes


def article_path(slug: str) -> str:
    return f"wiki/{slug}/"


def output_file(site_path: str) -> str:
    """Where a site path is written: directories get an index.html."""
    return site_path + "index.html" if site_path.endswith("/") or site_path == "" else site_path


def relative_url(from_path: str, to_path: str) -> str:
    """A link from the page at `from_path` to `to_path` (both site paths such as 'wiki/x/')."""
    to_path, hash_, fragment = to_path.partition("#")
    target = output_file(to_path)
    from_dir = posixpath.dirname(output_file(from_path))
    return _relative_path(target, from_dir) + hash_ + fragment


def _relative_path(target: str, start: str) -> str:
    """posixpath.relpath for clean site paths, without its getcwd() per call (hot: every link of every page)."""
    target_parts = target.split("/")
    start_parts = start.split("/") if start else []
    if target.startswith("/") or start.startswith("/") or {"", ".", ".."} & {*target_parts, *start_parts}:
        return posixpath.relpath(target, start or ".")
    common = 0
    for a, b in zip(target_parts, start_parts):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(start_parts) - common) + target_parts[common:]) or "."
