"""Stages in order, and stage 4, write: the whole site into a fresh directory, swapped in at the end.

A failed or interrupted build never touches the previous site/: pages are written into a sibling
temporary directory, and only a complete one replaces site/ (two renames; if the process dies
between them, the next build restores the old site from its parking place first).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.editorial import report_editorial
from generator.graph import WikiGraph, build_graph, report_orphans
from generator.load import Corpus, load_content
from generator.markdown import ParsedBody, make_markdown, parse_body
from generator.outputs import side_outputs
from generator.problems import ContentError, Problem, Problems
from generator.search import index_site
from generator.render import Page, Renderer, output_file


@dataclass
class Checked:
    """Content that passed `check`: everything render needs, computed once."""

    corpus: Corpus
    md: object
    parsed: dict[str, ParsedBody]
    wiki: WikiGraph
    warnings: list[Problem]


def build_date() -> dt.date:
    """The date the build stands for: SOURCE_DATE_EPOCH when set (reproducible builds), else today (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
        except (ValueError, OverflowError):
            pass
    return dt.datetime.now(tz=dt.timezone.utc).date()


def markdown_plugins() -> list:
    """Markdown plugins contributed by the libraries (threshold roles and figures, math)."""
    from generator.mathml import math_plugin

    return [math_plugin]


def check(content_dir: Path) -> Checked:
    """Load, parse and link; raise ContentError with every problem if there is any error."""
    corpus = load_content(content_dir)
    problems = corpus.problems
    md = make_markdown(markdown_plugins())
    parsed: dict[str, ParsedBody] = {}
    for article in corpus.articles:
        parsed[article.slug] = parse_body(md, article.body, article.path, article.body_line,
                                          {"problems": problems})
    wiki = build_graph(corpus.articles, parsed, corpus.bibliography, problems, corpus.failed_names)
    report_orphans(wiki, problems)
    report_editorial(corpus.articles, problems)  # summaries, primary sources, leftover TODOs
    if problems.errors or corpus.site is None:
        raise ContentError(problems.sorted())
    return Checked(corpus, md, parsed, wiki, sorted(problems.warnings))


def render_site(checked: Checked, templates_dir: Path) -> list[Page]:
    corpus, wiki = checked.corpus, checked.wiki
    renderer = Renderer(templates_dir, corpus.site, wiki, corpus.bibliography, build_date())
    pages = [renderer.render_home(), renderer.render_not_found(), renderer.render_references()]
    pages += [renderer.render_kind_index(kind) for kind in ("concept", "instrument", "topic")]
    for article in corpus.articles:
        pages.append(renderer.render_article(checked.md, article, checked.parsed[article.slug]))
    return pages + side_outputs(checked, renderer)


def write_site(pages: list[Page], static_dir: Path, out_dir: Path) -> None:
    """Write every page into a fresh directory beside `out_dir`, then swap it in."""
    out_dir = out_dir.resolve()
    parent = out_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    parked = parent / f".{out_dir.name}-previous"
    _recover(out_dir, parked)
    fresh = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-build-", dir=parent))
    try:
        for page in sorted(pages, key=lambda p: p.path):
            target = fresh / output_file(page.path)
            target.parent.mkdir(parents=True, exist_ok=True)
            data = page.content.encode("utf-8") if isinstance(page.content, str) else page.content
            target.write_bytes(data)
        if static_dir.is_dir():
            shutil.copytree(static_dir, fresh / "static")
        index_site(fresh)  # search.py: the Pagefind index of exactly these pages, before the swap
        os.chmod(fresh, 0o755)
        _swap_in(fresh, out_dir, parked)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise


def _recover(out_dir: Path, parked: Path) -> None:
    """A build killed between the two renames leaves the old site parked: put it back."""
    if parked.exists():
        if out_dir.exists():
            shutil.rmtree(parked)
        else:
            parked.rename(out_dir)


def _swap_in(fresh: Path, out_dir: Path, parked: Path) -> None:
    if out_dir.exists():
        out_dir.rename(parked)
    fresh.rename(out_dir)
    if parked.exists():
        shutil.rmtree(parked)


def build(content_dir: Path, templates_dir: Path, out_dir: Path) -> Checked:
    """The whole pipeline. Raises ContentError (nothing written) if the content has errors."""
    checked = check(content_dir)
    pages = render_site(checked, templates_dir)
    write_site(pages, templates_dir / "static", out_dir)
    return checked
