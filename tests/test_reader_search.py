"""Search: the site's own index (generator/outputs/searchindex.py), written with every build under search/, weighted
towards titles, aliases and summaries; a search box on every page and a /search/ page that is useful
without JavaScript; the browser splits a query into words exactly as the build does."""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, REPO, TEMPLATES, clean_build
from generator.build import build
from generator.outputs.searchindex import SearchRecord, counts, make_record, page_text
from generator.outputs.searchmerge import SHARD_BYTES, shard_name
from generator.outputs.searchmerge import index_files as merge

# Raw HTML an editor may write: a power inline, and one inside an HTML block.
RAW_POWERS = "\n\nIt applies above 10<sup>26</sup> operations.\n\n<p>Or 10<sup class=\"x\">-3</sup> of that.</p>\n"
SLUGS = ("alpha-concept", "beta-concept", "gamma-concept", "test-act", "test-topic")


def index_files(site: Path) -> dict[str, bytes]:
    """Every file of the search index: site-relative path → bytes."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted((site / "search").rglob("*.json"))}


def docs(site: Path) -> list[list]:
    meta = json.loads((site / "search" / "meta.json").read_text())
    table = []
    for number in range(math.ceil(meta["docs"] / meta["docsPerShard"])):
        table += json.loads((site / "search" / "docs" / f"{number}.json").read_text())
    return table


def postings(site: Path, word: str) -> dict[str, int]:
    """The articles (by slug) a word is indexed for, with their stored scores."""
    ids, scores = shard_of(json.loads((site / "search" / "meta.json").read_text())["shards"], word,
                           lambda name: json.loads((site / "search" / "terms" / f"{name}.json").read_text()))
    table = docs(site)
    return {table[doc][0].split("/")[1]: score for doc, score in zip(ids, scores)}


def shard_of(names: list[str], word: str, read) -> tuple[list[int], list[int]]:
    """[doc ids, scores] of `word`, looked up as search.js does: in the shard of its longest prefix."""
    prefix = next((word[:k] for k in range(len(word), 0, -1) if word[:k] in names), None)
    return read(shard_name(prefix)).get(word, [[], []]) if prefix else ([], [])


def search(site: Path, *words: str) -> list[str]:
    """What the browser ranks first for whole words (search.js without prefixes): slugs, best first."""
    meta = json.loads((site / "search" / "meta.json").read_text())
    total: dict[str, float] | None = None
    for word in words:
        found = postings(site, word)
        idf = math.log(1 + (meta["docs"] - len(found) + 0.5) / (len(found) + 0.5))
        scores = {slug: idf * score for slug, score in found.items()}
        total = scores if total is None else {s: total[s] + scores[s] for s in total.keys() & scores.keys()}
    return sorted(total or {}, key=lambda slug: (-total[slug], slug))


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    content = tmp_path_factory.mktemp("content") / "content"
    shutil.copytree(FIXTURES / "small-wiki", content)
    with (content / "instruments" / "test-act.md").open("a", encoding="utf-8") as act:
        act.write(RAW_POWERS)
    return content


@pytest.fixture(scope="module")
def site(content, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    build(content, TEMPLATES, out)
    return out


def test_the_build_writes_the_index_beside_the_search_page(site):
    meta = json.loads((site / "search" / "meta.json").read_text())
    assert meta["docs"] == 5 and meta["shards"]
    for name in meta["shards"]:
        assert (site / "search" / "terms" / f"{name}.json").is_file(), name
    assert sorted(p.stem for p in (site / "search" / "terms").iterdir()) == sorted(meta["shards"])
    assert not (site / "pagefind").exists()


def test_every_article_and_nothing_else_is_indexed_with_its_title_summary_and_aliases(site):
    table = docs(site)
    assert [doc[0] for doc in table] == [f"wiki/{slug}/" for slug in SLUGS]
    assert table[0] == ["wiki/alpha-concept/", "Alpha Concept", "The first concept, which everything else refers to.",
                        ["first idea"]]
    for shard in (site / "search" / "terms").iterdir():
        for ids, scores in json.loads(shard.read_text()).values():
            assert ids == sorted(set(ids)) and len(ids) == len(scores) and all(0 <= doc < 5 for doc in ids)


def test_a_word_is_found_in_the_title_aliases_summary_headings_and_body(site):
    assert "alpha-concept" in postings(site, "alpha")  # title
    assert "alpha-concept" in postings(site, "idea")  # alias
    assert "alpha-concept" in postings(site, "everything")  # summary
    assert "alpha-concept" in postings(site, "scope")  # heading "Definition and scope"
    assert "alpha-concept" in postings(site, "sentence")  # body: "Plain sentence here."
    assert "alpha-concept" in postings(site, "inference")  # tag


def test_titles_aliases_and_summaries_outrank_body_text():
    page = ('<article><div class="article-body" data-search="body"><p>Distillation distillation distillation distillation '
            'distillation, and more words about other things.</p></div></article>')
    body = make_record("wiki/b/", "Other", "Something else.", [], [], page)
    title = make_record("wiki/t/", "Distillation", "Something else.", [], [], "<article></article>")
    alias = make_record("wiki/a/", "Other", "Something else.", ["distillation"], [], "<article></article>")
    summary = make_record("wiki/s/", "Other", "On distillation.", [], [], "<article></article>")

    def score(record):
        words = record.terms.split(" ")
        return int(dict(zip(words[::2], words[1::2]))["distillation"])

    assert score(title) > score(alias) > score(summary) > score(body) > 0


def test_in_the_built_index_the_article_titled_with_a_word_ranks_first(site):
    assert search(site, "alpha")[0] == "alpha-concept"
    assert search(site, "first", "idea") == ["alpha-concept"]
    assert search(site, "beta")[0] == "beta-concept"


def test_records_leave_out_the_chrome_and_other_pages_titles_and_summaries(site):
    text, headings = page_text((site / "wiki" / "alpha-concept" / "index.html").read_text())
    assert "Alpha is defined in a paper" in text
    assert headings == ["Definition and scope", "Details", "References"]
    for chrome in ("Skip to content", "Published by", "How to cite", "Pages that link here", "Local graph",
                   "Contents", "Related concepts", "Used by", "At a glance",
                   "The second concept, defined against the first."):  # beta's summary, shown in relations
        assert chrome not in text, chrome


def test_powers_of_ten_are_indexed_as_ten_caret_exponent_never_run_together(site):
    for word in ("10^25", "10^26", "10^-3"):
        assert "test-act" in postings(site, word), word
    for run_together in ("1025", "1026", "103"):
        assert "test-act" not in postings(site, run_together), run_together


def test_raw_html_powers_carry_the_hidden_caret_in_the_page(site):
    html = (site / "wiki" / "test-act" / "index.html").read_text()
    assert '10<sup><span class="visually-hidden">^</span>26</sup> operations' in html
    assert '10<sup class="x"><span class="visually-hidden">^</span>-3</sup> of that' in html


def test_words_are_lower_case_unaccented_and_singular_and_keep_powers_acronyms_and_numbers():
    assert counts("The TFAIA and Executive Order 14110 (2023): models, policies, 10^25 and 10^−3 FLOPs") == {
        "the": 1, "tfaia": 1, "and": 2, "executive": 1, "order": 1, "14110": 1, "2023": 1, "model": 1,
        "policy": 1, "10^25": 1, "10^-3": 1, "flop": 1}
    assert counts("Régulation — l’État, process status analysis") == {
        "regulation": 1, "l": 1, "etat": 1, "process": 1, "status": 1, "analysis": 1}
    assert counts("snake_case a^b x") == {"snake": 1, "case": 1, "a": 1, "b": 1, "x": 1}


def test_two_builds_of_the_same_content_write_byte_identical_index_files(site, content, tmp_path):
    again = tmp_path / "site"
    build(content, TEMPLATES, again)
    assert index_files(again) == index_files(site)
    assert any(name.startswith("search/terms/") for name in index_files(site))


def test_a_title_edit_gives_the_index_of_a_clean_build_and_rewrites_only_the_files_that_changed(content, tmp_path):
    edited = tmp_path / "content"
    shutil.copytree(content, edited)
    site = tmp_path / "site"
    build(edited, TEMPLATES, site)
    before = {name: (site / name).stat().st_ino for name in index_files(site)}
    old = index_files(site)
    page = edited / "concepts" / "gamma-concept.md"
    page.write_text(page.read_text().replace("title: Gamma Concept", "title: Gamma Zebra Concept"))
    build(edited, TEMPLATES, site)
    clean_build(edited, tmp_path / "clean")
    assert index_files(site) == index_files(tmp_path / "clean")
    assert search(site, "zebra")[0] == "gamma-concept"  # alpha links to it by its title: body text
    new = index_files(site)
    changed = {name for name in new if old.get(name) != new[name]}
    assert changed and "search/terms/ze.json" in changed
    relinked = {name for name in new if before.get(name) == (site / name).stat().st_ino}
    assert relinked == set(new) - changed  # unchanged bytes: the old file, linked


def test_a_site_without_articles_gets_an_empty_index_and_no_error():
    files = dict(merge([])[0])
    assert set(files) == {"search/meta.json"}
    meta = json.loads(files["search/meta.json"])
    assert meta["docs"] == 0 and meta["shards"] == []


def test_big_term_shards_split_by_one_more_character_and_every_word_is_found_by_its_longest_prefix():
    vocabulary = [f"th{a}{b}{c}" for a in "aeiou" for b in "lmnrst" for c in "xyz"] + ["th", "the", "t", "a"]
    records = [SearchRecord(f"wiki/a{n:04}/", "T", "S", (), " ".join(f"{word} {n % 90 + 1}" for word in vocabulary))
               for n in range(300)]
    files = dict(merge(records)[0])
    names = json.loads(files["search/meta.json"])["shards"]
    assert "th" in names and "the" in names  # "th" was too big: split by more characters; the word "th" stays
    assert any(name.startswith("tha") for name in names) and "thax" not in names
    for name in names:
        data = files[f"search/terms/{shard_name(name)}.json"]
        assert len(data) <= SHARD_BYTES or len(json.loads(data)) == 1, name
    for word in vocabulary:
        ids, scores = shard_of(names, word, lambda name: json.loads(files[f"search/terms/{shard_name(name)}.json"]))
        assert ids == list(range(300)) and scores == [n % 90 + 1 for n in range(300)], word


WORDS = ["th", "the", "them", "a", "ab", "model", "compute", "10^25", "été", "flop", "x"]
a_record_edit = st.tuples(st.integers(0, 11), st.dictionaries(st.sampled_from(WORDS), st.integers(1, 99), max_size=6),
                          st.sampled_from(["T", "Title", "Renamed"]), st.sampled_from(["", "Some text.", "Other"]))


def terms(scores: dict[str, int]) -> str:
    return " ".join(f"{word} {score}" for word, score in scores.items())


@settings(max_examples=60, deadline=None)
@given(st.lists(a_record_edit, min_size=1, max_size=6))
def test_a_merge_from_the_last_merges_state_encodes_only_what_changed_and_gives_the_bytes_of_a_merge_from_nothing(edits):
    records = [SearchRecord(f"wiki/a{n:02}/", "T", "S", (), terms({word: n + 1 for word in WORDS[n % 5:]}))
               for n in range(12)]
    site, state = merge(records)
    site = dict(site)
    for doc, scores, title, text in edits:  # each edit changes one record's words, scores, title or text
        records[doc] = records[doc]._replace(title=title, terms=terms(scores), text=text)
        files, state = merge(list(reversed(records)), state)  # the order records come in does not matter
        encoded = {path: data for path, data in files if data is not None}
        site = {path: site[path] if data is None else data for path, data in files}  # None: the file as it was
        assert site == dict(merge(records)[0])
        assert len(encoded) < len(files)  # only what the edit touched is encoded again


def test_a_merge_of_other_articles_than_the_last_merges_starts_from_nothing():
    records = [SearchRecord(f"wiki/a{n}/", "T", "S", (), f"word {n + 1}") for n in range(3)]
    _, state = merge(records)
    fewer = records[:2]
    assert merge(fewer, state)[0] == merge(fewer)[0]


def test_every_page_has_a_labelled_search_box_that_submits_to_the_search_page(site):
    for page in ("index.html", "wiki/alpha-concept/index.html", "concepts/index.html", "search/index.html"):
        html = (site / page).read_text()
        form = re.search(r'<form class="search-form" role="search" aria-label="Site" action="([^"]+)" method="get">',
                         html)
        assert form, page
        assert (site / page).parent.joinpath(form.group(1)).resolve() == (site / "search" / "index.html").resolve()
        assert '<label class="visually-hidden" for="search-input">' in html
        assert '<input id="search-input" name="q" type="search"' in html


def test_the_search_page_lists_every_article_with_aliases_for_readers_without_javascript(site):
    html = (site / "search" / "index.html").read_text()
    assert '<section id="search-fallback"' in html and "<noscript>" in html
    for title in ("Alpha Concept", "Beta Concept", "Gamma Concept", "Test Act", "Test Topic"):
        assert f">{title}</a>" in html, title
    assert "also: first idea" in html
    assert 'data-index="meta.json"' in html
    for page in ("search/index.html", "index.html", "wiki/alpha-concept/index.html"):  # the header box on every page
        assert (site / page).read_text().count("static/search.js\" defer></script>") == 1, page


def test_the_search_script_builds_results_from_text_and_slash_focuses_search_on_every_page(site):
    reader = (site / "static" / "reader.js").read_text()
    assert 'event.key !== "/"' in reader and "input.focus()" in reader
    script = (site / "static" / "search.js").read_text()
    assert "innerHTML" not in script and "textContent" in script and 'createElement("mark")' in script
    assert 'role="status"' in (site / "search" / "index.html").read_text()


# The browser's word splitting (search.js), run in node: it must agree with the build's word for word.
NODE_HARNESS = """
const source = require("fs").readFileSync(process.argv[1], "utf8");
const start = source.indexOf("// --- words"), end = source.indexOf("// --- fetching");
const {words, normal, shardName} = new Function(source.slice(start, end) + "return {words, normal, shardName};")();
const inputs = JSON.parse(process.argv[2]);
console.log(JSON.stringify(inputs.map(text => words(text).map(w => [normal(w), shardName(Array.from(normal(w)).slice(0, 2).join(""))]))));
"""
SAMPLES = ["The TFAIA and Executive Order 14110 (2023): models, policies, 10^25 and 10^−3 FLOPs",
           "Above 1e26, 1E+26 or 10**26 (10²⁶, 10⁻³), not 2e25, 1.5e3 or x1e5",
           "Régulation — l’État, process status analysis; Ärzte Œuvre naïve café", "snake_case a^b x 5.2×10^24",
           "Best-of-N sampling, majority voting & self-consistency", "中文 测试 ελληνικά Привет"]


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_browser_splits_words_and_names_shards_exactly_as_the_build_does():
    from generator.outputs.searchmerge import shard_name

    result = subprocess.run(["node", "-e", NODE_HARNESS, str(REPO / "templates" / "static" / "search.js"),
                             json.dumps(SAMPLES)], capture_output=True, text=True, timeout=60, check=True)
    in_browser = json.loads(result.stdout)
    for text, browser_words in zip(SAMPLES, in_browser):
        build_words = counts(text)
        assert {word: browser_words.count([word, shard_name(word[:2])]) for word in build_words} == build_words, text
        assert sum(build_words.values()) == len(browser_words), text
