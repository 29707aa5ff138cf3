"""The whole-site files of an incremental build: which of them an edit leaves as they are, and making the others.

They come in three groups, each with its own key (`whole_site_keys`): the pages that show every article's
front matter and links but none of its text (home, kind indexes, /references/ and the side outputs of
generator/outputs/producers.py), the files made from references.bib alone (its exports), and the search
index, which reads every page. Each group is taken over from the last site while its key is the same, and
made again, in parallel with the others, when it is not.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from generator.build import Checked, bibliography_makers, page_bytes, site_page_makers
from generator.cite.api import format_all
from generator.content.load import Corpus
from generator.incremental.cache import BuildCache, digest, tree_digest
from generator.incremental.fingerprint import Fingerprinted
from generator.incremental.freshtree import FreshTree, file_stat
from generator.incremental.parallel import fork_map
from generator.outputs.search import SEARCH_PATH
from generator.outputs.searchmerge import IndexState, index_files
from generator.render.renderer import Renderer, output_file


def run_makers(makers: list, jobs: int | None, costly: int | None = None) -> list:
    """Each maker's result (its pages), in the makers' order; they run in parallel when `jobs` allows, the last
    `costly` first (by default the side-output producers: at 10,000 articles the graph page alone is 0.6 s of
    CPU)."""
    from generator.outputs import producers as outputs
    first = len(makers) - (len(outputs.PRODUCERS) if costly is None else costly)
    schedule = list(range(first, len(makers))) + list(range(first))
    made = dict(zip(schedule, fork_map(_call, [makers[index] for index in schedule], jobs, min_items=2)))
    return [made[index] for index in range(len(makers))]


def _call(maker):
    return maker()


SEARCH_RECORDS = "search-records.pickle"  # article fingerprint → its SearchRecord, for pages linked unchanged


class FoundRecords(NamedTuple):
    records: list  # every article's search record, in article order
    keys: dict[str, str]  # a record's URL → the fingerprint it is kept under in SEARCH_RECORDS
    before: dict  # the last build's SEARCH_RECORDS table: fingerprint → record


def search_records(checked: Checked, cache: BuildCache, tree: FreshTree, planned: list[tuple[str, str, str]],
                   fresh: dict[str, object]) -> FoundRecords:
    """Every article's search record: made by the render for pages rendered now, from the cache for pages
    linked unchanged (same fingerprint, same page), and, failing that, from the linked page itself."""
    from generator.outputs.searchindex import SearchRecord, article_record

    cached = cache.load_table(SEARCH_RECORDS)
    records, kept, keys = [], {}, {}
    for slug, relative, fingerprint in planned:
        record = fresh.get(fingerprint) or cached.get(fingerprint)
        if not (isinstance(record, SearchRecord) and record.url == f"wiki/{slug}/"):
            record = article_record(checked.wiki.articles[slug], (tree.root / relative).read_text(encoding="utf-8"))
        records.append(record)
        kept[fingerprint] = record
        keys[record.url] = fingerprint
    if kept.keys() != cached.keys():  # a table: an edit saves only the records that changed
        cache.save_table(SEARCH_RECORDS, kept)
    return FoundRecords(records, keys, cached)


INDEX_STATE = "search-index.pickle"  # the last merge's IndexState (searchmerge.py), its records as keys


def put_search_index(tree: FreshTree, found: FoundRecords, cache: BuildCache) -> list[tuple[str, str, object]]:
    """Merge the search index into the tree from the last merge's state, which says which files are as it
    left them: those are taken over from the last site, the others written (what `put_all` returns). The
    state is used only if the last site still holds, untouched, every file it made; else, from nothing.

    The state is saved with its records named by their keys in the records table, which holds them already:
    they were most of its bytes, pickled again after every edit."""
    previous = _with_records(cache.load(INDEX_STATE), found.before)
    if not (previous is not None and previous.files
            and all(tree.reusable(relative, made_from) for relative, made_from in previous.files.items())):
        previous = None
    files, state = index_files(found.records, previous, SEARCH_PATH)
    done = tree.put_all(files)
    state.files.update((relative, made_from) for relative, made_from, _ in done)
    cache.save(INDEX_STATE, state._replace(records=tuple(found.keys[record.url] for record in state.records)))
    return done


def _with_records(saved, table: dict) -> IndexState | None:
    """A saved state with its records back from the last build's records table (None if one is missing)."""
    from generator.outputs.searchindex import SearchRecord

    if not (isinstance(saved, IndexState) and all(isinstance(key, str) for key in saved.records)):
        return None
    records = tuple(table.get(key) for key in saved.records)
    if not all(isinstance(record, SearchRecord) for record in records):
        return None
    return saved._replace(records=records)


def make_site_files(checked: Checked, renderer: Renderer, tree: FreshTree, site_keys: dict[str, str],
                    cache: BuildCache, jobs: int | None, search_records_now) -> None:
    """Link each group of whole-site files whose key did not change; make the others again, the search
    index (from `search_records_now()`) by one of the processes that make the whole-site pages while the
    others make those."""
    from generator.outputs import producers as outputs
    stale = [group for group, key in site_keys.items() if not tree.reuse_site_files(group, key)]
    putting: dict[str, list] = {}
    if SITE_PAGES in stale:
        putting[SITE_PAGES] = _putting(tree, site_page_makers(checked, renderer))
    if BIBLIOGRAPHY_FILES in stale:
        putting[BIBLIOGRAPHY_FILES] = _putting(tree, bibliography_makers(checked))
    if SEARCH_INDEX in stale:
        found = search_records_now()
        putting[SEARCH_INDEX] = [lambda: put_search_index(tree, found, cache)]
    costly = (len(outputs.PRODUCERS) * (SITE_PAGES in putting) + len(putting.get(BIBLIOGRAPHY_FILES, []))
              + len(putting.get(SEARCH_INDEX, [])))
    # Each process puts the pages it made into the tree itself (70 MB at 10,000 articles, which the main
    # process had to receive, hash and write alone) and sends back only what the manifest records of them.
    made = iter(run_makers([maker for group in putting.values() for maker in group], jobs, costly))
    checked.timings.update(dict.fromkeys(MADE_COUNTS.values(), 0))
    for group, group_makers in putting.items():
        files = [entry for _ in group_makers for entry in next(made)]
        for relative, made_from, linked in files:
            tree.put_elsewhere(relative, made_from, linked)
        tree.site_files_made(group, site_keys[group], [relative for relative, _, _ in files])
        if group in MADE_COUNTS:
            checked.timings[MADE_COUNTS[group]] = len(files)


def _putting(tree: FreshTree, makers: list) -> list:
    """Each maker as a task that puts the pages it makes into the tree, in whichever process runs it."""
    return [lambda maker=maker: tree.put_all([(output_file(page.path), page_bytes(page.content)) for page in maker()])
            for maker in makers]


# The whole-site files, in three groups, each made again only when its own inputs changed (`whole_site_keys`).
SITE_PAGES, BIBLIOGRAPHY_FILES, SEARCH_INDEX = "pages", "bibliography", "search index"
MADE_COUNTS = {SITE_PAGES: "whole-site pages made", BIBLIOGRAPHY_FILES: "bibliography files made"}  # --profile


def whole_site_keys(corpus: Corpus, fingerprinted: list[Fingerprinted], global_key: str) -> dict[str, str]:
    """What each group of whole-site files is made from. The pages (home, the kind indexes, /references/ and
    the side outputs: /graph/, graph.json, tags, feeds, previews, figures, the /search/ page) show every
    article's front matter, links and figures but none of its text (fingerprint.py `site_signature`), so an
    edit to prose alone leaves them as they are. The bibliography's files are given references.bib alone
    (which `global_key` holds), so no article edit changes them. The search index reads every article's page."""
    data = tree_digest(corpus.root / "data")
    # Each list as one string (a list's repr tells its items apart): one part to hash, not 10,000.
    signatures = repr([(article.path, entry.site_signature) for article, entry in zip(corpus.articles, fingerprinted)])
    pages = repr(sorted((entry.slug, entry.page) for entry in fingerprinted))
    return {SITE_PAGES: digest(global_key, data, signatures), BIBLIOGRAPHY_FILES: digest(global_key),
            SEARCH_INDEX: digest(global_key, data, pages)}


FORMATTED_BIBLIOGRAPHY = "formatted-bibliography.pickle"  # (bibliography.pickle is the parsed file)


def format_bibliography(bibliography, style: str, bib_digest: str, cache: BuildCache) -> None:
    """Every entry formatted in the site's style, from the cache when references.bib has not changed (an
    entry's form depends on the whole file, through year suffixes and name disambiguation, so the whole
    file's digest is the key; the cache itself is keyed by the generator version). With the entries goes
    how the style tells the works apart (the cite forms), which in-text citations need: working that out
    again takes a second at 2,000 entries."""
    saved = cache.load(FORMATTED_BIBLIOGRAPHY)
    if isinstance(saved, tuple) and len(saved) == 2 and saved[0] == (bib_digest, style):
        bibliography.cache.update(saved[1])
        return
    format_all(bibliography, style)
    forms = ("cite-forms", style)  # generator/cite/api.py forms_for, made by format_all
    formatted = {(key, style): bibliography.cache[(key, style)] for key in bibliography.keys}
    if forms in bibliography.cache:
        formatted[forms] = bibliography.cache[forms]
    cache.save(FORMATTED_BIBLIOGRAPHY, ((bib_digest, style), formatted))


def site_is_current(manifest, out_dir: Path, planned: list[tuple[str, str, str]], site_keys: dict[str, str],
                    static_dir: Path, groups: list[tuple[str, str, int, str]] = ()) -> bool:
    """True if site/ is, file for file, what this build would make: same pages from the same inputs,
    same static files, the same search index, and nobody has touched any of them since."""
    out_dir = out_dir.resolve()
    if manifest is None or manifest.out_dir != str(out_dir) or not out_dir.is_dir():
        return False
    if {group: key for group, (key, _) in manifest.site_groups.items()} != site_keys:
        return False
    expected = {relative: fingerprint for _, relative, fingerprint in planned}
    if {group for group, _, _, _ in groups} != set(manifest.per_article):
        return False
    for group, fingerprint, _, _ in groups:
        made_from, files = manifest.per_article[group]
        if made_from != fingerprint:
            return False
        expected.update((relative, fingerprint) for relative in files)
    for _, files in manifest.site_groups.values():
        for relative in files:
            if relative not in manifest.files:
                return False
            expected.setdefault(relative, manifest.files[relative][0])
    if static_dir.is_dir():
        for path in static_dir.rglob("*"):
            if path.is_file():
                expected["static/" + path.relative_to(static_dir).as_posix()] = digest(path.read_bytes())
    if set(expected) != set(manifest.files):
        return False
    for relative, made_from in expected.items():
        recorded, stat = manifest.files[relative]
        if recorded != made_from or file_stat(out_dir / relative) != stat:
            return False
    return True
