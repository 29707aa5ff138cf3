"""Where pages go and how they link to each other.

Every internal link is relative and names `index.html` explicitly, so the built site works on any
static host, from a sub-path, and straight from disk (file://). Canonical URLs use `base_url`.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import lru_cache


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


@lru_cache(maxsize=1 << 16)
def article_file(slug: str) -> str:
    """Where an article's page is written (kept: a build asks for every article's)."""
    return output_file(article_path(slug))


def relative_url(from_path: str, to_path: str) -> str:
    """A link from the page at `from_path` to `to_path` (both site paths such as 'wiki/x/')."""
    start = _start_parts(from_path)
    target, suffix, parts = _target(to_path)
    if start is None or parts is None:  # not clean site paths: the general way
        return _relative_path(target, posixpath.dirname(output_file(from_path))) + suffix
    if not start or parts[0] != start[0]:  # nothing in common: up to the root, then down
        return "../" * len(start) + target + suffix
    common = 0
    for a, b in zip(parts, start):
        if a != b:
            break
        common += 1
    return ("/".join([".."] * (len(start) - common) + parts[common:]) or ".") + suffix


@lru_cache(maxsize=4096)
def _start_parts(from_path: str) -> tuple[str, ...] | None:
    """The folder of the page at `from_path` as path parts (None unless a clean site path): a few per build."""
    start = posixpath.dirname(output_file(from_path))
    parts = tuple(start.split("/")) if start else ()
    if start.startswith("/") or {"", ".", ".."} & set(parts):
        return None
    return parts


@lru_cache(maxsize=65536)
def _target(to_path: str) -> tuple[str, str, list[str] | None]:
    """The file a link points to, its '#fragment', and the file's path parts (None unless a clean site path).
    Cached: the same targets (site pages, assets, articles) recur on every page."""
    path, hash_, fragment = to_path.partition("#")
    target = output_file(path)
    marked = "/" + target + "/"
    clean = "//" not in marked and "/./" not in marked and "/../" not in marked
    return target, hash_ + fragment, target.split("/") if clean else None


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


class Record(dict):
    """A dict whose keys are also its attributes, for template contexts.

    Jinja reads `item.title` as getattr(item, "title") first and item["title"] only when that fails, so on a
    plain dict every lookup raises and catches an AttributeError (about ten times slower). A Record keeps its
    items in its attribute dictionary too (a copy, not itself: no reference cycle for the collector to find),
    and every way of changing it changes both."""

    def __init__(self, *args, **fields) -> None:
        super().__init__(*args, **fields)
        self.__dict__.update(self)

    def __setitem__(self, key, value) -> None:
        super().__setitem__(key, value)
        self.__dict__[key] = value

    def __delitem__(self, key) -> None:
        super().__delitem__(key)
        del self.__dict__[key]

    def update(self, *args, **fields) -> None:
        super().update(*args, **fields)
        self.__dict__.update(self)

    def __ior__(self, other):
        self.update(other)
        return self

    def setdefault(self, key, default=None):
        value = self.__dict__[key] = super().setdefault(key, default)
        return value

    def pop(self, key, *default):
        self.__dict__.pop(key, None)
        return super().pop(key, *default)

    def popitem(self):
        key, value = super().popitem()
        del self.__dict__[key]
        return key, value

    def clear(self) -> None:
        super().clear()
        self.__dict__.clear()

    def __reduce__(self):  # pickled and copied as what it is, a dict
        return type(self), (dict(self),)
