"""The build, top to bottom: load → parse → link and check → render → side outputs → publish.

This is the whole pipeline in one process, with nothing cached: what `policywiki build --jobs 1 --no-cache` runs,
and the reference every faster build must equal byte for byte. The incremental build (generator/incremental/
pipeline.py) runs the same stages with work saved wherever it can be; this module never imports it, except to
hand a build over to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.builddate import build_date
from generator.content.editorial import report_editorial
from generator.content.load import Corpus, load_content
from generator.kinds import NAMES
from generator.link import WikiGraph, build_graph, report_orphans, report_unchecked_bodies
from generator.markdown.dialect import ParsedBody, make_markdown, parse_body
from generator.problems import ContentError, Problem
from generator.publish import write_site
from generator.render.renderer import Page, Renderer, output_file
from generator.threshold.data import threshold_data_from_corpus


@dataclass
class Checked:
    """Content that passed `check`: everything render needs, computed once."""

    corpus: Corpus
    md: object
    parsed: dict[str, ParsedBody]
    wiki: WikiGraph
    warnings: list[Problem]
    body_keys: dict[str, str] = field(default_factory=dict)  # slug → hash of its parse inputs (incremental only)
    timings: dict[str, float] = field(default_factory=dict)  # stage → seconds, for --profile
    env: dict = field(default_factory=dict)  # what every body's parse read besides its text (parse_env)
    # The articles read again by serve's check of saved files, the others as the last build left them; None
    # when any article may have changed (incremental only).
    edited: frozenset[str] | None = None


def markdown_plugins() -> list:
    """Markdown plugins contributed by the libraries (threshold roles and figures, math)."""
    from generator.markdown.mathml import math_plugin
    from generator.threshold.markdown_plugin import threshold_plugin

    return [math_plugin, threshold_plugin]


def parse_env(corpus: Corpus) -> dict:
    """What every body's parse may read besides its own text: the threshold core's data, and where figures are."""
    threshold_data = threshold_data_from_corpus(corpus.articles, corpus.models_path, corpus.problems,
                                                corpus.bibliography.keys if corpus.bibliography else ())
    return {"threshold_data": threshold_data, "figures_base": "../../figures/"}  # relative to /wiki/<slug>/


def link_and_report(corpus: Corpus, md, parsed: dict[str, ParsedBody], env: dict) -> Checked:
    """Stage 3 and the verdict: the graph, the bodies of refused articles checked too, orphans and editorial
    warnings; raise ContentError with every problem if there is any error."""
    problems = corpus.problems
    wiki = build_graph(corpus.articles, parsed, corpus.bibliography, problems, corpus.failed_names)
    unchecked = [(body.path, parse_body(md, body.body, body.path, body.body_line, {**env, "problems": problems}))
                 for body in corpus.unchecked_bodies]
    report_unchecked_bodies(wiki, unchecked, corpus.bibliography, problems)
    report_orphans(wiki, problems)
    report_editorial(corpus.articles, problems, corpus.site, build_date())  # summaries, sources, TODOs, stale dates
    if problems.errors or corpus.site is None:
        raise ContentError(problems.sorted())
    return Checked(corpus, md, parsed, wiki, sorted(problems.warnings), env=env)


def check(content_dir: Path, *, jobs: int | None = 1) -> Checked:
    """Load, parse and link the whole wiki; raise ContentError with every problem if there is any error.
    `jobs` other than 1 loads and parses in parallel (the incremental pipeline's check, uncached): same result."""
    if jobs != 1:
        from generator.incremental.pipeline import check as parallel_check

        return parallel_check(Path(content_dir), jobs=jobs)
    corpus = load_content(Path(content_dir))  # stage 1
    md = make_markdown(markdown_plugins())
    env = parse_env(corpus)
    parsed = {article.slug: parse_body(md, article.body, article.path, article.body_line,  # stage 2
                                       {**env, "problems": corpus.problems})
              for article in corpus.articles}
    return link_and_report(corpus, md, parsed, env)  # stage 3


def make_renderer(checked: Checked, templates_dir: Path) -> Renderer:
    corpus = checked.corpus
    return Renderer(templates_dir, corpus.site, checked.wiki, corpus.bibliography, build_date())


def site_page_makers(checked: Checked, renderer: Renderer) -> list:
    """Every page that is not an article, as independent makers: home, 404, references, the kind indexes,
    and each side-output producer (generator/outputs/producers.py)."""
    from generator.outputs import producers as outputs
    makers = [lambda: [renderer.render_home()], lambda: [renderer.render_not_found()],
              lambda: [renderer.render_references()]]
    makers += [lambda kind=kind: [renderer.render_kind_index(kind)] for kind in NAMES]
    makers += [lambda producer=producer: list(producer(checked, renderer)) for producer in outputs.PRODUCERS]
    return makers


def bibliography_makers(checked: Checked) -> list:
    """The makers of the files that show references.bib and nothing else (producers.py BIBLIOGRAPHY_PRODUCERS)."""
    from generator.outputs import producers as outputs
    return [lambda producer=producer: list(producer(checked.corpus.bibliography))
            for producer in outputs.BIBLIOGRAPHY_PRODUCERS]


def render_site(checked: Checked, templates_dir: Path) -> list[Page]:
    """Stages 4 and 5: every article page with its per-article outputs, the search index made from those pages,
    and every whole-site page and side output."""
    from generator.outputs import producers as outputs
    from generator.outputs.search import index_pages
    from generator.outputs.searchindex import article_record

    renderer = make_renderer(checked, templates_dir)
    pages, records = [], []
    for article in checked.corpus.articles:
        page = renderer.render_article(checked.md, article, checked.parsed[article.slug])
        pages.append(page)
        records.append(article_record(article, _text(page.content)))
    pages += [page for article in checked.corpus.articles for producer in outputs.PER_ARTICLE_PRODUCERS
              for page in producer.make(checked, renderer, article)]
    pages += index_pages(records)
    pages += [page for make in site_page_makers(checked, renderer) + bibliography_makers(checked) for page in make()]
    return pages


def site_files(pages: list[Page], static_dir: Path) -> list[tuple[str, bytes]]:
    """What the site folder holds: every page at its file, and the static assets."""
    files = [(output_file(page.path), page_bytes(page.content)) for page in pages]
    if static_dir.is_dir():
        files += [("static/" + path.relative_to(static_dir).as_posix(), path.read_bytes())
                  for path in sorted(p for p in static_dir.rglob("*") if p.is_file())]
    return files


def page_bytes(content: str | bytes) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def _text(content: str | bytes) -> str:
    return content if isinstance(content, str) else content.decode("utf-8")


def build(content_dir: Path, templates_dir: Path, out_dir: Path, *, jobs: int | None = None,
          cache_dir: Path | None = None, use_cache: bool = True, progress=None, stale=None):
    """The whole pipeline. Raises ContentError (nothing written) if the content has errors.

    With `jobs=1, use_cache=False` this is the plain build, in this process. Otherwise the incremental build
    (generator/incremental/pipeline.py: `jobs` processes, the cache in `cache_dir`, `stale` from the CLI's quick
    check) gives the same bytes, faster, and may answer "up to date" without loading anything."""
    if jobs == 1 and not use_cache:
        checked = check(Path(content_dir))
        write_site(site_files(render_site(checked, Path(templates_dir)), Path(templates_dir) / "static"),
                   Path(out_dir))
        return checked
    from generator.incremental.pipeline import build as incremental_build

    return incremental_build(content_dir, templates_dir, out_dir, jobs=jobs, cache_dir=cache_dir,
                             use_cache=use_cache, progress=progress, stale=stale)
