"""The checkers the browser tests apply: axe-core in the page, the Nu Html Checker over files, and a
link crawler over the built site. Each returns plain data that reads well in an assertion message."""

from __future__ import annotations

import json
import posixpath
import shutil
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from .harness import AXE_JS, VNU_JAR

SITE_ORIGIN = "http://site.invalid/"  # stands for wherever the site is served; only paths matter


def run_axe(page, rules: list[str] | None = None) -> list[dict]:
    """Every axe-core violation on the page as loaded: all rules axe enables by default, or only `rules`."""
    page.add_script_tag(path=str(AXE_JS))
    options = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    return page.evaluate("async (options) => (await axe.run(document, options)).violations", options)


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:160]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


def run_vnu(files: list[Path]) -> list[dict]:
    """Errors from the Nu Html Checker for all `files`, in one JVM (starting Java is the slow part)."""
    java = shutil.which("java")
    assert java, "java is missing: `make browser-deps` installs default-jre-headless"
    result = subprocess.run([java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
                            capture_output=True, text=True, timeout=600)
    report = json.loads(result.stderr or '{"messages": []}')  # vnu writes its JSON report to stderr
    return [message for message in report["messages"] if message.get("type") in ("error", "non-document-error")]


def describe_vnu(messages: list[dict], root: Path) -> str:
    lines = []
    for message in messages:
        where = unquote(urlsplit(message.get("url", "")).path)
        where = where.split(str(root) + "/", 1)[-1]
        lines.append(f"{where}:{message.get('lastLine', '?')}: {message['message']}"
                     f"  [{message.get('extract', '').strip()[:100]}]")
    return "\n".join(lines)


@dataclass
class PageLinks:
    """The link targets one page points at (href and src) and the fragment targets it offers (id, a name)."""

    targets: list[str] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)


class _LinkParser(HTMLParser):
    def __init__(self, links: PageLinks) -> None:
        super().__init__(convert_charrefs=True)
        self.links = links

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value for name, value in attrs if value is not None}
        if "id" in attributes:
            self.links.anchors.add(attributes["id"])
        if tag == "a" and "name" in attributes:
            self.links.anchors.add(attributes["name"])
        for name in ("href", "src", "poster", "data"):
            if name in attributes and tag not in ("base",):
                self.links.targets.append(attributes[name])
        if "xlink:href" in attributes:
            self.links.targets.append(attributes["xlink:href"])


def page_links(path: Path) -> PageLinks:
    links = PageLinks()
    parser = _LinkParser(links)
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return links


def url_path_of(root: Path, file: Path) -> str:
    """The URL path a static host serves `file` at ('/wiki/x/' for wiki/x/index.html)."""
    relative = file.relative_to(root).as_posix()
    return "/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)


def file_for(root: Path, url_path: str) -> Path | None:
    """The file a static host would serve for `url_path`, or None (404). A directory without a trailing
    slash counts as broken: served from disk it does not resolve to its index.html."""
    clean = posixpath.normpath(unquote(url_path)).lstrip("/")
    if clean in ("", "."):
        candidate = root / "index.html"
    elif url_path.endswith("/"):
        candidate = root / clean / "index.html"
    else:
        candidate = root / clean
    return candidate if candidate.is_file() else None


def broken_internal_links(root: Path) -> tuple[list[str], set[str]]:
    """Crawl every HTML page under `root`: every internal href/src must name a file, and every fragment an id
    in that file. Returns the broken links (as 'page -> link: why') and the URL paths linked to at all."""
    parsed: dict[Path, PageLinks] = {}

    def links_of(file: Path) -> PageLinks:
        if file not in parsed:
            parsed[file] = page_links(file)
        return parsed[file]

    broken: list[str] = []
    linked: set[str] = set()
    for page in sorted(root.rglob("*.html")):
        base = urljoin(SITE_ORIGIN, url_path_of(root, page).lstrip("/"))
        for target in links_of(page).targets:
            absolute = urljoin(base, target.strip())
            parts = urlsplit(absolute)
            if f"{parts.scheme}://{parts.netloc}/" != SITE_ORIGIN:
                continue  # another site, or mailto:/tel:
            where = f"{url_path_of(root, page)} -> {target}"
            file = file_for(root, parts.path)
            if file is None:
                broken.append(f"{where}: no such page or file")
                continue
            linked.add(url_path_of(root, file))
            if parts.fragment and file.suffix == ".html" and unquote(parts.fragment) not in links_of(file).anchors:
                broken.append(f"{where}: no element with id {unquote(parts.fragment)!r}")
    return broken, linked
