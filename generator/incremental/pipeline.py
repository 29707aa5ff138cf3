"""The incremental build: the plain pipeline of generator/build.py, with work saved wherever it can be.

Load and parse run per file in forked processes and are cached (stages.py); after a small edit the last full
check is loaded instead, with the edited articles checked again (saved_check.py); linking builds the graph in
this process; rendering runs in forked processes, only for pages whose fingerprint changed (fingerprint.py), and
the whole-site pages and search index only when their own key did (wholesite.py); writing fills a folder beside
site/ and exchanges it with site/ when complete: a fresh one, with hard links to unchanged files, or after a
small edit the site one build behind, brought up to date (sites.py, freshtree.py); serve updates site/ in place
(resident.py). A site that is already the build of its inputs is not rebuilt at all (uptodate.py). Everything
here only saves time: `build --jobs 1 --no-cache` never imports this package, and gives the same bytes (tested).

The cache (.cache/policywiki/<site>/ beside site/) only ever saves work: deleting it, or any part of it, gives
the same site.
"""

from __future__ import annotations

import time
from dataclasses import replace
from functools import partial
from pathlib import Path

from generator.build import Checked, link_and_report, make_renderer, markdown_plugins, page_bytes, parse_env
from generator.builddate import build_date
from generator.commands.progress import Progress
from generator.incremental.cache import BuildCache, default_cache_dir, digest, generator_version
from generator.incremental.fingerprint import (Fingerprinted, article_neighbours, names_key, near_changes,
                                               own_signature, page_fingerprint, reads_by_subject, site_signature,
                                               stale_pages)
from generator.incremental.freshtree import FreshTree, Manifest, load_manifest
from generator.incremental.parallel import fork_map
from generator.incremental.prelink import Prelinked, small_edit, start_prelink
from generator.incremental.saved_check import check_since_saved, save_in_background
from generator.incremental.sites import fresh_site, standby_site, start_checking, usable_standby
from generator.incremental.stages import enable_prerendered, load_corpus, long_lived, parse_articles, uses_env_value
from generator.incremental.uptodate import INPUTS, Stale, UpToDate, snapshot, up_to_date
from generator.incremental.wholesite import (format_bibliography, make_site_files, search_records, site_is_current,
                                             whole_site_keys)
from generator.markdown.dialect import make_markdown
from generator.render.reads import NAMES
from generator.render.pages import article_file
from generator.render.renderer import Renderer, article_path, output_file
from generator.render.templatecache import COMPILED_TEMPLATES
from generator.threshold.markdown_plugin import DIRECTIVE, EXPLORER_DIRECTIVE, ROLE_PREFIX


def make_md():
    """The wiki's Markdown parser with every plugin, able to render pre-rendered bodies (stages.py)."""
    return enable_prerendered(make_markdown(markdown_plugins()))


class Stopwatch:
    def __init__(self, timings: dict[str, float]):
        self.timings, self.last = timings, time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.timings[stage] = self.timings.get(stage, 0.0) + now - self.last
        self.last = now


def check(content_dir: Path, cache: BuildCache | None = None, jobs: int | None = None,
          progress: Progress | None = None) -> Checked:
    """`generator.build.check` with per-file loads and parses cached and run in parallel: the same records,
    problems and graph, each body also pre-rendered (stages.py)."""
    content_dir = Path(content_dir)
    cache = cache or BuildCache(None)
    progress = progress or Progress.quiet()
    timings: dict[str, float] = {}
    watch = Stopwatch(timings)
    corpus, source_keys = load_corpus(content_dir, cache, jobs)
    watch.lap("load")
    problems = corpus.problems
    md = make_md()
    env = parse_env(corpus)
    parsed, body_keys = parse_articles(md, make_md, corpus.articles, source_keys, env, problems, cache,
                                       (ROLE_PREFIX, DIRECTIVE, EXPLORER_DIRECTIVE), jobs,
                                       progress.stage("parse", len(corpus.articles)))
    watch.lap("parse")
    with long_lived():  # the graph lives for the whole build, like the records it is made of
        checked = link_and_report(corpus, md, parsed, env)
    watch.lap("link")
    checked.body_keys, checked.timings = body_keys, timings
    return checked


def _finish(tree: FreshTree, static_dir: Path) -> None:
    """Static assets (each linked from the old site if its bytes did not change)."""
    if static_dir.is_dir():
        for path in sorted(p for p in static_dir.rglob("*") if p.is_file()):
            tree.put("static/" + path.relative_to(static_dir).as_posix(), path.read_bytes())


# Set before the render processes fork; they read it.
_RENDER: dict = {}


def per_article_groups(checked: Checked, renderer: Renderer, article) -> list[tuple[str, str, int, str]]:
    """(group, fingerprint, producer index, slug) for each per-article side output of `article`: the
    fingerprint is the producer's key (all its files show) and the generator version."""
    from generator.outputs import producers as outputs
    version = generator_version()
    return [(f"{producer.name}:{article.slug}", digest(version, producer.name, producer.key(checked, renderer, article)),
             index, article.slug)
            for index, producer in enumerate(outputs.PER_ARTICLE_PRODUCERS)]


def _fingerprint(article) -> Fingerprinted:
    """An article page's fingerprint, from what gathering its page reads (generator/render/reads.py), its
    per-article side outputs' groups, and what they were made from."""
    checked: Checked = _RENDER["checked"]
    renderer: Renderer = _RENDER["renderer"]
    wiki, parsed, body_key = checked.wiki, checked.parsed[article.slug], checked.body_keys.get(article.slug, "")
    global_key = _RENDER["global_key"]
    log: dict = {}
    renderer.gather(article, parsed, renderer.reads(log))
    # Its own part: the body, the front matter's values (not how the YAML spells them) and, where the body uses
    # the threshold syntax, the parse key, which holds the model data that syntax reads (stages.py).
    own = digest(article.body, repr(article.meta.__dict__),
                 body_key if uses_env_value(article, (ROLE_PREFIX, DIRECTIVE, EXPLORER_DIRECTIVE)) else "")
    return Fingerprinted(article.slug, global_key, _RENDER["names_key"], body_key,
                         own_signature(wiki, article, parsed, body_key), site_signature(wiki, article, parsed),
                         article_neighbours(wiki, article.slug), page_fingerprint(global_key, own, log),
                         tuple(per_article_groups(checked, renderer, article)), reads_by_subject(log))


def _affected_since(checked: Checked, renderer: Renderer, previous: dict[str, Fingerprinted],
                    names: str) -> tuple[set[str], set[str], bool]:
    """The articles whose pages may differ from the last build's (`previous`, by slug): those whose source
    changed, and those that read something (generator/render/reads.py) that now has another value. Only the
    reads about articles near a change (fingerprint.py `near_changes`, returned too) are asked again. Also
    whether any name now resolves to another article than it did."""
    wiki, body_keys = checked.wiki, checked.body_keys
    names_moved = any(entry.names_key != names for entry in previous.values())
    # Serve's check of saved files read only those again: no other article's source can have changed.
    candidates = checked.edited if checked.edited is not None else wiki.articles.keys()
    if not names_moved:  # then a source edit is the only change
        changed = {slug for slug in candidates
                   if slug not in previous or previous[slug].body_key != body_keys.get(slug, "")}
    else:
        changed = {a.slug for a in checked.corpus.articles if a.slug not in previous or previous[a.slug].signature
                   != own_signature(wiki, a, checked.parsed[a.slug], body_keys.get(a.slug, ""))}
    deleted = previous.keys() - wiki.articles.keys()
    changed |= deleted

    def now(slug: str) -> frozenset[str]:
        return article_neighbours(wiki, slug) if slug in wiki.articles else frozenset()

    subjects = near_changes(changed, now, {slug: previous[slug].neighbours for slug in changed if slug in previous})
    if names_moved:
        subjects.add(NAMES)
    current = {slug: entry for slug, entry in previous.items() if slug not in deleted} if deleted else previous
    stale = stale_pages(subjects, current, renderer.reads().recall)
    return (changed & wiki.articles.keys()) | stale, subjects, names_moved


# The last build's Fingerprinted entries, as a cache table (an entry → its slug: a table's keys name their
# values for good, and an article's entry changes whenever a neighbour does).
FINGERPRINTS = "fingerprints.pickle"


def fingerprint_articles(checked: Checked, renderer: Renderer, global_key: str, cache: BuildCache,
                         jobs: int | None) -> list[Fingerprinted]:
    """Every article's fingerprints, in article order. Only the articles that an edit can have affected
    (`_affected_since`) are fingerprinted again; the others' come from the last build."""
    articles, wiki = checked.corpus.articles, checked.wiki
    names = names_key(wiki)
    saved = cache.load_table(FINGERPRINTS)
    previous = {entry.slug: entry for entry in saved if isinstance(entry, Fingerprinted)}
    if previous and len(previous) == len(saved) and all(entry.global_key == global_key for entry in saved):
        zone, near, names_moved = _affected_since(checked, renderer, previous, names)
    else:
        previous, zone, near, names_moved = {}, {a.slug for a in articles}, set(), True
    todo = [a for a in articles if a.slug in zone]
    _RENDER.update(checked=checked, renderer=renderer, global_key=global_key, names_key=names)
    try:  # a fraction of a millisecond per page: worth two processes for a cold build, not for an edit's few
        made = dict(zip((a.slug for a in todo), fork_map(_fingerprint, todo, jobs, min_items=1024)))
    finally:
        _RENDER.clear()
    checked.timings["fingerprints computed"] = len(todo)
    if names_moved:  # every entry records the names it was checked against
        result = [made.get(a.slug) or _kept(previous[a.slug], wiki, names, a.slug in near) for a in articles]
        if made or len(previous) != len(result) or any(entry is not previous[entry.slug] for entry in result):
            cache.save_table(FINGERPRINTS, {entry: entry.slug for entry in result})  # a table: saves what changed
        return result
    # Only the entries made again, and those near a change (their neighbours may have changed), can differ
    # from the last build's: the table is updated for those alone.
    fresh = {slug: made.get(slug) or _kept(previous[slug], wiki, names, True)
             for slug in made.keys() | near if slug in wiki.articles}
    replaced = [slug for slug in (previous.keys() - wiki.articles.keys()) | fresh.keys()
                if fresh.get(slug) is not previous.get(slug)]
    for slug in replaced:
        if slug in previous:
            del saved[previous[slug]]
        if slug in fresh:
            saved[fresh[slug]] = slug
    if replaced:
        cache.save_table(FINGERPRINTS, saved)  # a table: saves what changed
    return [fresh.get(a.slug) or previous[a.slug] for a in articles]


def _kept(entry: Fingerprinted, wiki, names: str, near: bool) -> Fingerprinted:
    """A page's entry carried over from the last build: the same fingerprint, with the names it was checked
    against and, if its article is near a change (the only ones whose edges can have changed), its neighbours
    brought up to date: the next edit looks them up."""
    neighbours = article_neighbours(wiki, entry.slug) if near else entry.neighbours
    if entry.names_key == names and entry.neighbours == neighbours:
        return entry
    return replace(entry, names_key=names, neighbours=neighbours)


def _make_article_files(task: tuple[str, tuple[str, str] | None, list[tuple[str, str, int]]]):
    """One article's files, written into the fresh tree by this (forked) process: its page, if it must be
    rendered, and those of its per-article side outputs whose key changed. Returns the page's search record
    (searchindex.py), made here from the page just rendered so that the main process never reads the page
    again, and the files each side output wrote."""
    from generator.outputs import producers as outputs
    from generator.outputs.searchindex import article_record

    slug, page_task, groups = task
    checked: Checked = _RENDER["checked"]
    renderer: Renderer = _RENDER["renderer"]
    tree: FreshTree = _RENDER["tree"]
    article = checked.wiki.articles[slug]
    record = None
    if page_task is not None:
        relative, fingerprint = page_task
        page = renderer.render_article(checked.md, article, checked.parsed[slug])
        tree.write(relative, page_bytes(page.content), fingerprint)
        html = page.content if isinstance(page.content, str) else page.content.decode("utf-8")
        record = article_record(article, html)
    group_files = []
    for _, fingerprint, index in groups:
        files = [(output_file(page.path), page_bytes(page.content))
                 for page in outputs.PER_ARTICLE_PRODUCERS[index].make(checked, renderer, article)]
        for relative, data in files:
            tree.write(relative, data, fingerprint)
        group_files.append([relative for relative, _ in files])
    return record, group_files


def publish(checked: Checked, templates_dir: Path, out_dir: Path, cache: BuildCache, jobs: int | None = None,
            progress: Progress | None = None, prelinked: Prelinked | None = None, into=None,
            pages_ready=None, site_manifest: Manifest | None = None) -> str:
    """Render what changed (in parallel) and take over what did not, into the folder `into` gives (a fresh
    one by default, the standby, or site/ itself in serve: sites.py, resident.py), which replaces site/ at the end. `pages_ready`,
    if given, is told the files of the article pages and their own outputs once they are in the tree, before
    the whole-site pages are made: serve's pages first (generator/serve.py). `site_manifest` is site/'s manifest,
    if the caller has loaded it. Returns the `build` of the site's manifest (freshtree.py)."""
    progress = progress or Progress.quiet()
    watch = Stopwatch(checked.timings)
    COMPILED_TEMPLATES.keep_on_disk(cache.path("templates") if cache.enabled else None, generator_version())
    renderer = make_renderer(checked, templates_dir)
    corpus = checked.corpus
    bib_path = corpus.root / "references.bib"
    bib_bytes = bib_path.read_bytes() if bib_path.is_file() else b""
    global_key = digest(generator_version(), renderer.templates_key, repr(corpus.site), str(renderer.build_date),
                        bib_bytes)
    with long_lived():  # the last build's entries, loaded, and this build's live as long as the build
        fingerprinted = fingerprint_articles(checked, renderer, global_key, cache, jobs)
    planned = [(article.slug, article_file(article.slug), entry.page)
               for article, entry in zip(corpus.articles, fingerprinted)]
    groups = [group for entry in fingerprinted for group in entry.groups]
    watch.lap("fingerprint")
    site_keys = whole_site_keys(corpus, fingerprinted, global_key)
    checked.timings["pages rendered"] = 0
    checked.timings["per-article outputs made"] = 0
    manifest = site_manifest or (load_manifest(cache) if cache.enabled else None)
    if site_is_current(manifest, Path(out_dir), planned, site_keys, templates_dir / "static", groups):
        watch.lap("compare with site")  # nothing to render, write or swap: site/ already is this build
        return manifest.build
    watch.lap("compare with site")
    if corpus.bibliography is not None:  # once here, not once per forked worker (generator/cite/api.py)
        format_bibliography(corpus.bibliography, corpus.site.citation_style, digest(bib_bytes), cache)
    watch.lap("format bibliography")
    with (into or fresh_site)(out_dir, cache, manifest, prelinked) as tree:
        checked.timings[tree.PRELINKED] = len(tree.prelinked)
        todo = {slug: (relative, fingerprint) for slug, relative, fingerprint in tree.take_over(planned)}
        # Per-article side outputs (citation files): remade only where their own key changed, by the same
        # process that renders the article's page (one task per article: they share its data and folder).
        missing: dict[str, list[tuple[str, str, int]]] = {}
        for group, fingerprint, index, slug in tree.take_over_groups(groups):
            missing.setdefault(slug, []).append((group, fingerprint, index))
        watch.lap("link unchanged pages")
        tasks = [(slug, todo.get(slug), missing.get(slug, [])) for slug, _, _ in planned
                 if slug in todo or slug in missing]
        _RENDER.update(checked=checked, renderer=renderer, tree=tree)
        try:
            done = fork_map(_make_article_files, tasks, jobs, progress.stage("render", len(tasks)))
        finally:
            _RENDER.clear()
        fresh_records = {}
        for (_, page_task, article_groups), (record, group_files) in zip(tasks, done):
            if page_task is not None:  # the children wrote the files; the parent keeps the records
                relative, fingerprint = page_task
                tree.written_elsewhere(relative, fingerprint)
                fresh_records[fingerprint] = record
            for (group, fingerprint, _), files in zip(article_groups, group_files):
                tree.group_written_elsewhere(group, fingerprint, files)
        checked.timings["per-article outputs made"] = sum(map(len, missing.values()))
        if pages_ready is not None:
            pages_ready(sorted(tree.written))
        watch.lap("render")
        make_site_files(checked, renderer, tree, site_keys, cache, jobs,
                        lambda: search_records(checked, cache, tree, planned, fresh_records))
        watch.lap("site pages and search index")
        _finish(tree, templates_dir / "static")
        watch.lap("static")
        checked.timings["pages rendered"] = len(todo)
    watch.lap("swap")
    return tree.build


def _check_since_last(content_dir: Path, cache: BuildCache, inputs) -> Checked | None:
    """After a small edit, the last full check with the edited articles checked again (saved_check.py)."""
    if inputs is None:
        return None
    started = time.perf_counter()
    checked = check_since_saved(cache, inputs, content_dir, make_md, (ROLE_PREFIX, DIRECTIVE, EXPLORER_DIRECTIVE))
    if checked is not None:
        checked.timings["saved check and edited articles"] = time.perf_counter() - started
    return checked


def build(content_dir: Path, templates_dir: Path, out_dir: Path, *, jobs: int | None = None,
          cache_dir: Path | None = None, use_cache: bool = True,
          progress: Progress | None = None, stale: Stale | None = None) -> Checked | UpToDate:
    """The whole pipeline. Raises ContentError (nothing written) if the content has errors.

    Returns an `UpToDate` (with the last build's warnings) without loading anything when no input
    changed since the last build and site/ is intact (generator/incremental/uptodate.py).

    `jobs` processes (default: every core this process may use); the cache lives in `cache_dir`
    (default .cache/policywiki/<out name>/ beside `out_dir`); `use_cache=False` builds from scratch.
    `stale` is what `quick_check` already found (the CLI checks before importing this module)."""
    cache = BuildCache((cache_dir or default_cache_dir(out_dir)) if use_cache else None)
    date = str(build_date())
    if stale is not None and stale.date == date:
        previous = stale.previous
    else:  # before anything is loaded: if no input changed and site/ is intact, there is nothing to do
        current, previous = up_to_date(cache, content_dir, templates_dir, out_dir, date)
        if current is not None:
            return current
    inputs = snapshot(content_dir, templates_dir, out_dir, date, previous) if cache.enabled else None
    # After a small edit, most of site/ will be taken over: the standby, checked by a child meanwhile, is brought
    # up to date and exchanged with it, or, failing one, a child links site/ into a fresh folder (sites.py).
    site_manifest = load_manifest(cache) if inputs is not None else None
    standby = usable_standby(cache, Path(out_dir), inputs, site_manifest)
    if standby is not None:
        prelinked = start_checking(Path(out_dir), standby)
        into = partial(standby_site, standby=standby, last_inputs=previous)
    else:
        prelinked = start_prelink(cache, Path(out_dir)) if small_edit(previous, inputs) else None
        into = partial(fresh_site, last_inputs=previous)
    saving = None
    try:
        checked = _check_since_last(Path(content_dir), cache, inputs)
        if checked is None:
            checked = check(Path(content_dir), cache, jobs, progress)
            if inputs is not None:  # for the next build (saved_check.py)
                saving = save_in_background(cache, inputs, checked, Path(content_dir))
        site_build = publish(checked, Path(templates_dir), Path(out_dir), cache, jobs, progress, prelinked, into,
                             site_manifest=site_manifest)
    finally:
        if prelinked is not None:
            prelinked.discard()  # unless publish took it over
        if saving is not None:
            saving.join()
    if inputs is not None:  # only after a complete build: site/ now is the build of exactly these inputs
        inputs.warnings, inputs.articles = list(checked.warnings), len(checked.corpus.articles)
        inputs.site_build = site_build
        cache.save(INPUTS, inputs)
    return checked
