"""`make bench` gives MkDocs, Pelican and Jekyll the corpus in their own layouts (bench/peers.py): each tool reads
every article as written, with its title, and every wiki link becomes a link to a page the tool built.

Each test builds a 20-article project with the real tool, and is skipped where the tool is not installed (the
bench installs them; `make test` does not need them).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from corpus import article_files, generate  # noqa: E402
from peers import PEERS, split_front_matter  # noqa: E402

PEER = {peer.name: peer for peer in PEERS}
HREF = re.compile(r'href="([^"#]*)')


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    return generate(20, tmp_path_factory.mktemp("bench") / "content", seed=3)


def titles(content: Path) -> dict[str, str]:
    """slug → title, from our corpus's front matter."""
    return {path.stem: yaml.safe_load(split_front_matter(path.read_text())[0])["title"]
            for path in article_files(content)}


def build(name: str, content: Path, project: Path, *extra: str) -> str:
    """Write the peer's project and run its bench build command, not quiet; its output, which holds no warning."""
    PEER[name].write(content, project)
    command = [part for part in PEER[name].cold(project) if part != "--quiet"] + list(extra)
    result = subprocess.run(command, capture_output=True, text=True, cwd=project)
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert "WARNING" not in output.upper(), output
    return output


def assert_links_reach_built_pages(page: Path, site: Path, resolve) -> int:
    """Every link of `page` that `resolve` maps to a file of the site names one that exists; how many there were."""
    targets = [resolve(page, href) for href in HREF.findall(page.read_text())]
    targets = [t for t in targets if t is not None]
    missing = [str(t.relative_to(site)) for t in targets if not t.is_file()]
    assert not missing, f"{page.name} links to pages that were not built: {missing}"
    return len(targets)


def test_pelican_reads_the_metadata_header_of_every_written_article(content, tmp_path):
    pytest.importorskip("pelican")
    from pelican.contents import Article
    from pelican.readers import Readers
    from pelican.settings import read_settings

    project = PEER["pelican"].write(content, tmp_path / "pelican")
    settings = read_settings(str(project / "pelicanconf.py"))
    readers = Readers(settings)
    for path in article_files(content):
        front = yaml.safe_load(split_front_matter(path.read_text())[0])
        written = f"{path.parent.name}/{path.name}"
        article = readers.read_file(base_path=settings["PATH"], path=written, content_class=Article)
        assert (article.title, article.slug, article.category.name) == (front["title"], path.stem,
                                                                         front["category"])
        assert article.date.date() == front["published"]
        assert article.metadata["kind"] == front["kind"]
        assert "[[" not in article._content and "{filename}" in article._content  # resolved when the site is built


def test_pelican_builds_every_article_and_resolves_every_wiki_link(content, tmp_path):
    pytest.importorskip("pelican")
    build("pelican", content, tmp_path / "pelican")
    site = tmp_path / "pelican" / "output"
    links = 0
    for slug, title in titles(content).items():
        page = site / f"{slug}.html"
        assert f"<title>{title}" in page.read_text()
        links += assert_links_reach_built_pages(
            page, site, lambda _, href: site / href.removeprefix("https://bench.example.org/")
            if re.search(r"/(concept|instrument|topic)-\d+\.html$", href) else None)
    assert links >= 3 * 20


@pytest.mark.skipif(shutil.which("jekyll") is None, reason="jekyll is not installed (make bench installs it)")
def test_jekyll_builds_every_article_with_its_title_and_working_wiki_links(content, tmp_path):
    build("jekyll", content, tmp_path / "jekyll")
    site = tmp_path / "jekyll" / "_site"
    links = 0
    for path in article_files(content):
        page = site / path.parent.name / path.stem / "index.html"
        assert f"<title>{titles(content)[path.stem]} · Benchmark Wiki</title>" in page.read_text()
        links += assert_links_reach_built_pages(
            page, site, lambda page, href: (page.parent / href / "index.html").resolve()
            if href.startswith("../../") else None)
    assert links >= 3 * 20


def test_mkdocs_builds_every_article_with_every_wiki_link_checked(content, tmp_path):
    pytest.importorskip("mkdocs")
    build("mkdocs", content, tmp_path / "mkdocs", "--strict")  # --strict: a link to a missing page fails the build
    site = tmp_path / "mkdocs" / "site"
    for path in article_files(content):
        page = site / path.parent.name / path.stem / "index.html"
        assert f"<title>{titles(content)[path.stem]} - Benchmark Wiki</title>" in page.read_text()
