"""The shipped wiki's whole CSL-JSON export, read by citeproc-js: every reference (references/references.json) and
every article (its cite.json), formatted by the official CSL styles, must print what our pages print.

The only differences allowed are the ones docs/citations.md documents ("Where we differ from citeproc-js, and
why"); each is a named rule below that rewrites one side into the other's form for exactly its case, so a
difference no rule explains fails the test with both texts. One node process per style formats every item.
"""

from __future__ import annotations

import json
import re
import subprocess
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from generator.cite.api import styled_item
from generator.content.load import load_content
from generator.render.citations import article_citation, article_downloads, bibliography_files, how_to_cite, reference_entry
from oracle_support import ORACLE, citeproc_oracle

ROOT = Path(__file__).resolve().parents[1]
ACCESSED = date(2026, 6, 21)
CSL = ORACLE.parent / "csl"
STYLES = {"apa": ("apa", None), "chicago": ("chicago-author-date", None),
          "harvard": ("harvard-cite-them-right", "en-GB"), "oscola": ("oscola", None)}
# Text only, and each item on its own (as oracle.js's single mode: no year suffixes, no repeated-author dashes).
FORMAT = """
const CSL = require('citeproc');
const fs = require('fs');
const [style, cslDir, lang] = process.argv.slice(1);
const items = JSON.parse(fs.readFileSync(0, 'utf8'));
const byId = new Map(items.map((it) => [String(it.id), it]));
const engine = new CSL.Engine({
  retrieveLocale: (l) => {
    const p = `${cslDir}/locales-${l}.xml`;
    return fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined;
  },
  retrieveItem: (id) => byId.get(String(id)),
}, fs.readFileSync(style, 'utf8'), lang || undefined);
engine.setOutputFormat('text');
process.stdout.write(JSON.stringify(items.map(({id}) => {
  engine.updateItems([id]);
  const [, entries] = engine.makeBibliography();
  return {id, text: entries[0].trim(), cite_text: engine.makeCitationCluster([{id}]).trim()};
})));
"""


@pytest.fixture(scope="module")
def wiki():
    corpus = load_content(ROOT / "content")
    assert not corpus.problems.errors
    return corpus


@pytest.fixture(scope="module")
def exported(wiki) -> list[dict]:
    """The CSL-JSON the site ships: references/references.json, then each article's cite.json."""
    pages = {page.path: page.content for page in bibliography_files(wiki.bibliography)}
    items = json.loads(pages["references/references.json"])
    for article in wiki.articles:
        [cite_json] = [p.content for p in article_downloads(article_citation(article, wiki.site, ACCESSED))
                       if p.path.endswith("cite.json")]
        items += json.loads(cite_json)
    return items


@pytest.fixture(scope="module")
def citeproc(exported) -> dict[str, dict[str, dict]]:
    """style -> id -> citeproc-js's entry and first citation; the four styles in four node processes at once."""
    oracle, env = citeproc_oracle()
    payload = json.dumps(exported)
    runs = {style: subprocess.Popen(["node", "-e", FORMAT, str(CSL / f"{csl}.csl"), str(CSL), lang or ""],
                                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                    env=env) for style, (csl, lang) in STYLES.items()}
    out = {}
    for style, run in runs.items():
        stdout, stderr = run.communicate(payload, timeout=300)
        assert run.returncode == 0, stderr
        out[style] = {entry["id"]: entry for entry in json.loads(stdout)}
    return out



def page_texts(wiki, style: str) -> dict[str, str]:
    """id -> what our pages print in `style`: the reference list's entry (OSCOLA: its footnote form, the form
    "How to cite" gives) and each article's "How to cite" text."""
    bibliography = wiki.bibliography
    texts = {}
    for key in bibliography.keys:
        entry = reference_entry(bibliography, key, style)
        texts[key] = entry.cite_text if style == "oscola" else entry.text
    for article in wiki.articles:
        [form] = [s for s in how_to_cite(article_citation(article, wiki.site, ACCESSED)).styles if s.name == style]
        texts[article.slug] = form.text
    return texts


# ---- the documented differences (docs/citations.md), one rule each ----------------------------------------
def after_the_names(text: str, item, style: str) -> str:
    """The entry from its date (OSCOLA: its title) on: what follows the author list."""
    anchors = ["‘"] if style == "oscola" else []
    anchors.append(str(item.issued.year) if item.issued else ("no date" if style == "harvard" else "n.d."))
    return text[min(i for i in (text.find(a) for a in anchors) if i >= 0):]


def year_suffix(style, item, ours, theirs, csl):
    """The page letters a year (2025a) across the whole bibliography; citeproc-js, given one item, cannot."""
    if item.year_suffix:
        ours = re.sub(rf"(\d{{4}}|n\.d\.-|no date ){item.year_suffix}\b", lambda m: m[1].rstrip("- "), ours, count=1)
    return ours, theirs


def et_al(style, item, ours, theirs, csl):
    """`and others` prints "et al." (OSCOLA "and others"); CSL-JSON carries only the names given."""
    if item.authors_et_al:
        assert ("and others" if style == "oscola" else "et al.") in ours
        return after_the_names(ours, item, style), after_the_names(theirs, item, style)
    return ours, theirs


def names_that_collide(style, item, ours, theirs, csl):
    """README "Names that collide": Harvard's list follows the citation's extra names, told apart across the
    bibliography (Silver, Schrittwieser, et al. / Silver, Hubert, et al.); citeproc-js, given one item, has no rival."""
    if style == "harvard" and item.cite_names:
        return after_the_names(ours, item, style), after_the_names(theirs, item, style)
    return ours, theirs


def legal_item(style, item, ours, theirs, csl):
    """Legal items follow OSCOLA, the Bluebook (APA, Chicago) and Cite Them Right, which citeproc-js does not
    (docs/citations.md, "Legal materials"); their forms are held to the guides by test_cite_hard_cases.py."""
    return ("", "") if item.is_legal else (ours, theirs)


def apa_site_is_the_author(style, item, ours, theirs, csl):
    """APA §9.33: a site or publisher that is also the author is not repeated."""
    authors = csl.get("author", [])
    periodical = csl["type"] in ("post-weblog", "article-newspaper", "article-magazine", "article-journal")
    if style == "apa" and len(authors) == 1 and "literal" in authors[0] and not periodical:
        site = authors[0]["literal"]
        if site in (csl.get("container-title"), csl.get("publisher")):
            date_end = theirs.index(").") + 2
            theirs = theirs[:date_end] + theirs[date_end:].replace(f". {site}. ", ". ", 1)
    return ours, theirs


def article_revised(style, item, ours, theirs, csl):
    """An article's update: APA dates a revised page by its update (§9.14); Chicago adds "Last modified" (CSL-JSON
    has no such date, so citeproc-js has the first publication only)."""
    revised, published = csl.get("_revised"), csl.get("_published")
    if revised and style == "apa":
        ours = ours.replace(f"({revised.year}, {revised:%B} {revised.day})",
                            f"({published.year}, {published:%B} {published.day})")
    if revised and style == "chicago":
        ours = ours.replace(f" Last modified {revised:%B} {revised.day}, {revised.year}.", "")
    return ours, theirs


def oscola_publication_details(style, item, ours, theirs, csl):
    """OSCOLA (docs/citations.md): a document's genre or where it appeared (`type`, `howpublished`) goes in the
    brackets with its year, '(Policy paper 2024)'; oscola.csl prints neither for a generic document."""
    if style == "oscola" and item.type == "document" and "’ (" in ours and "’ (" not in theirs:
        start = ours.index("’ (") + 1  # the space before the brackets
        depth = 0
        for end in range(start + 2, len(ours)):  # to the bracket that closes them
            depth += {"(": 1, ")": -1}.get(ours[end], 0)
            if depth < 0:
                break
        assert ours[start + 2:end].endswith(str(item.issued.year)) and (item.howpublished or item.genre)
        ours = ours[:start] + ours[end + 1:]
    return ours, theirs


def citeproc_title_case(style, item, ours, theirs, csl):
    """citeproc-js's title case, where the page follows CMOS 8.161: it lowers "pro" as a stop word in a compound
    ('pro-Innovation') and capitalises each part of a lower-case repository path in a site name
    ('Meta-Llama/Llama-Models'), which is a name."""
    if style in ("chicago", "oscola"):
        theirs = re.sub(r"\bpro-([A-Z])", r"Pro-\1", theirs)
    return ours, re.sub(r"[A-Z][\w-]*/[A-Z][\w-]*", lambda m: m[0].lower() if m[0].lower() in ours else m[0], theirs)


RULES = [legal_item, year_suffix, et_al, names_that_collide, apa_site_is_the_author, article_revised,
         oscola_publication_details, citeproc_title_case]


@pytest.mark.parametrize("style", sorted(STYLES))
def test_citeproc_js_prints_every_reference_and_article_of_the_wiki_as_its_page_does(wiki, exported, citeproc,
                                                                                        style: str) -> None:
    ours_by_id = page_texts(wiki, style)
    assert set(citeproc[style]) == set(ours_by_id)  # every reference and article is in the export, and nothing else
    articles = {a.slug: article_citation(a, wiki.site, ACCESSED) for a in wiki.articles}
    differences = []
    for csl in exported:
        key = csl["id"]
        entry = citeproc[style][key]
        theirs, ours = (entry["cite_text"] if style == "oscola" else entry["text"]), ours_by_id[key]
        if key in articles:
            article = articles[key]
            revised = article.updated if article.updated and article.updated != article.published else None
            csl = {**csl, "_revised": revised, "_published": article.published}
            item = SimpleNamespace(issued=article.published, year_suffix="", authors_et_al=False, cite_names=0,
                                   is_legal=False, type="webpage", howpublished="", genre="")
        else:
            item = styled_item(wiki.bibliography, key, style)
        for rule in RULES:
            ours, theirs = rule(style, item, ours, theirs, csl)
        if ours != theirs:
            differences.append(f"{key}\n  page:       {ours}\n  citeproc-js: {theirs}")
    assert not differences, "\n".join(differences)
