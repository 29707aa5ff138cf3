"""The other site generators `make bench` times beside us: MkDocs, Pelican and Jekyll, on the same articles.

Each peer gets the corpus of corpus.py laid out the way a user of that tool would write it: the same article
bodies, the front matter in the tool's own metadata format, and our wiki links `[[slug|label]]` as that tool's
links between pages. Citations `[@key]` stay as text (none of them formats citations out of the box).

- MkDocs: docs/<kind>s/<slug>.md with our YAML front matter (MkDocs reads it as page meta), links as relative
  `.md` links (which MkDocs checks and rewrites), `nav` listing only the home page, defaults otherwise.
- Pelican: every article is a Pelican article in content/<kind>s/, with the Markdown reader's own metadata
  header (`Title:`, `Date:`, `Category:`, `Slug:`, `Summary:`), which needs no plugin; links as
  `{filename}/<kind>s/<slug>.md`, which Pelican resolves and warns about when broken. The settings are
  pelican-quickstart's for publishing (pagination by 10, the site's URL) with Pelican's default theme and
  feeds (all articles, and one per category), and its content cache on
  (CACHE_CONTENT and LOAD_CONTENT_CACHE, reader layer, mtime check), so the warm rebuild reads parsed
  articles from the cache.
- Jekyll: three output collections (concepts, instruments, topics) keep our YAML front matter unchanged
  (Jekyll reads the same format), a minimal layout set for every page through `defaults`, kramdown with GFM
  input (Jekyll's default), links as relative URLs of the pages. Not `{% link %}` or jekyll-relative-links,
  which would check them: both look each link's target up by scanning every file of the site, which makes
  a 10,000-article build quadratic. The cold build runs with `--incremental` too, so that the warm rebuild
  (`--incremental`, nothing changed) has the metadata it needs; Jekyll's own disk cache (.jekyll-cache) is
  cleared with the site before the cold build.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Callable

import yaml

from corpus import article_files

WIKILINK = re.compile(r"\[\[([^\[\]|#]+)(?:#([^\[\]|]*))?(?:\\?\|([^\[\]]*))?\]\]")


def split_front_matter(text: str) -> tuple[str, str]:
    """The YAML between the opening and closing `---` lines, and the body after them."""
    end = text.index("\n---\n", 4)
    return text[4:end], text[end + 5:]


def rewrite_links(content: Path, body: str, target: Callable[[str, str], str]) -> str:
    """Every wiki link in `body` as a Markdown link to `target(folder, slug)` (plus its anchor)."""
    folder_of = _folders(content)

    def link(match: re.Match) -> str:
        slug, anchor, label = match.group(1), match.group(2), match.group(3)
        return f"[{label or slug}]({target(folder_of[slug], slug)}{'#' + anchor if anchor else ''})"

    return WIKILINK.sub(link, body)


_FOLDERS: dict[Path, dict[str, str]] = {}


def _folders(content: Path) -> dict[str, str]:
    """slug → its folder (concepts, instruments or topics), read once per corpus."""
    if content not in _FOLDERS:
        _FOLDERS[content] = {p.stem: p.parent.name for p in article_files(content)}
    return _FOLDERS[content]


def write_mkdocs(content: Path, project: Path) -> Path:
    """docs/<kind>s/<slug>.md with the front matter kept, wiki links as relative Markdown links; mkdocs.yml last."""
    docs = project / "docs"
    for path in article_files(content):
        (docs / path.parent.name).mkdir(parents=True, exist_ok=True)
        text = rewrite_links(content, path.read_text(), lambda folder, slug: f"../{folder}/{slug}.md")
        (docs / path.parent.name / path.name).write_text(text)
    (docs / "index.md").write_text("# Benchmark Wiki\n\nThe same articles as policywiki builds.\n")
    (project / "mkdocs.yml").write_text("site_name: Benchmark Wiki\nnav:\n  - Home: index.md\n")
    return project


PELICANCONF = '''"""Benchmark Wiki: pelican-quickstart's settings for publishing, with the content cache on."""
AUTHOR = "Benchmark Editors"
SITENAME = "Benchmark Wiki"
SITEURL = "https://bench.example.org"
PATH = "content"
OUTPUT_PATH = "output"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_PAGINATION = 10
CACHE_PATH = "cache"
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
'''


def pelican_metadata(front: dict, slug: str) -> str:
    """Our front matter as the Markdown reader's metadata header: one `Key: value` line each (fields Pelican has
    no use for, such as `related`, are left out)."""
    fields = {"Title": front["title"], "Date": front["published"], "Category": front["category"],
              "Slug": slug, "Kind": front["kind"], "Summary": front["summary"]}
    return "".join(f"{key}: {value}\n" for key, value in fields.items())


def write_pelican(content: Path, project: Path) -> Path:
    """content/<kind>s/<slug>.md as Pelican articles, links as {filename} links; pelicanconf.py last."""
    for path in article_files(content):
        front_text, body = split_front_matter(path.read_text())
        header = pelican_metadata(yaml.safe_load(front_text), path.stem)
        body = rewrite_links(content, body, lambda folder, slug: f"{{filename}}/{folder}/{slug}.md")
        (project / "content" / path.parent.name).mkdir(parents=True, exist_ok=True)
        (project / "content" / path.parent.name / path.name).write_text(header + "\n" + body)
    (project / "pelicanconf.py").write_text(PELICANCONF)
    return project


JEKYLL_CONFIG = """title: Benchmark Wiki
collections:
  concepts: {output: true, permalink: "/:collection/:name/"}
  instruments: {output: true, permalink: "/:collection/:name/"}
  topics: {output: true, permalink: "/:collection/:name/"}
defaults:
  - scope: {path: ""}
    values: {layout: article}
"""

JEKYLL_LAYOUT = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ page.title }} · {{ site.title }}</title></head>
<body>
<main>
<h1>{{ page.title }}</h1>
<p>{{ page.summary }}</p>
{{ content }}
</main>
</body>
</html>
"""


def write_jekyll(content: Path, project: Path) -> Path:
    """_<kind>s/<slug>.md with the front matter unchanged, links as relative page URLs; _config.yml last."""
    for path in article_files(content):
        front_text, body = split_front_matter(path.read_text())
        body = rewrite_links(content, body, lambda folder, slug: f"../../{folder}/{slug}/")
        (project / f"_{path.parent.name}").mkdir(parents=True, exist_ok=True)
        (project / f"_{path.parent.name}" / path.name).write_text(f"---\n{front_text}\n---\n{body}")
    (project / "_layouts").mkdir(parents=True, exist_ok=True)
    (project / "_layouts" / "article.html").write_text(JEKYLL_LAYOUT)
    (project / "index.md").write_text("---\ntitle: Benchmark Wiki\n---\nThe same articles as policywiki builds.\n")
    (project / "_config.yml").write_text(JEKYLL_CONFIG)
    return project


def python_package(name: str) -> Callable[[], str | None]:
    """Why a peer from the bench extra cannot run here, or None."""
    def missing() -> str | None:
        try:
            metadata.version(name)
        except metadata.PackageNotFoundError:
            return f"{name} is not installed; `make bench` installs it (pip install -e '.[bench]')"
        return None
    return missing


def jekyll_missing() -> str | None:
    if shutil.which("jekyll") is None:
        return "jekyll is not installed; `make bench` installs it from Debian (apt-get install jekyll)"
    return None


def jekyll_version() -> str:
    return subprocess.run(["jekyll", "--version"], capture_output=True, text=True).stdout.strip()


@dataclass(frozen=True)
class Peer:
    name: str
    write: Callable[[Path, Path], Path]   # (our content/, the peer's project folder) → the project folder
    config: str                           # the file its writer writes last: the project is complete when it exists
    cold: Callable[[Path], list[str]]     # the build command, given the project folder
    warm: bool                            # whether the same command again is a real warm rebuild (with a cache)
    outputs: tuple[str, ...]              # the site and caches a cold build starts without
    missing: Callable[[], str | None]
    version: Callable[[], str]


PEERS = (
    Peer("mkdocs", write_mkdocs, "mkdocs.yml",
         lambda p: [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(p / "mkdocs.yml"),
                    "-d", str(p / "site")],
         False, ("site",), python_package("mkdocs"), lambda: f"MkDocs {metadata.version('mkdocs')}"),
    Peer("pelican", write_pelican, "pelicanconf.py",
         lambda p: [sys.executable, "-m", "pelican", "--quiet", "-s", str(p / "pelicanconf.py")],
         True, ("output", "cache"), python_package("pelican"),
         lambda: f"Pelican {metadata.version('pelican')} (Markdown {metadata.version('markdown')})"),
    Peer("jekyll", write_jekyll, "_config.yml",
         lambda p: ["jekyll", "build", "--incremental", "--quiet", "-s", str(p), "-d", str(p / "_site")],
         True, ("_site", ".jekyll-cache", ".jekyll-metadata"), jekyll_missing, jekyll_version),
)
