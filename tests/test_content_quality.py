"""The default wiki in content/ is a real reference work: complete, sourced and in our own words.

These tests read the Markdown files directly (front matter split on the `---` fences, parsed with
PyYAML) so that they hold even before the generator's loader exists; the loader's own schema
validation is tested elsewhere and by `policywiki check`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from pybtex.database import parse_file

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "seeds"

SHINGLE = 12  # a run of this many words shared with a seed counts as copying
MIN_CONCEPT_WORDS = 250

# Pandoc-style citation keys: [@key], [@key, p. 3], [@a; @b] and narrative @key.
CITATION_KEY = re.compile(r"(?<![\w.@])@([A-Za-z0-9_][A-Za-z0-9_:.#$%&\-+?<>~/]*[A-Za-z0-9_])")
WORD = re.compile(r"[a-z0-9]+")


def split_article(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    match = re.match(r"^---\n(.*?)\n---\n(.*)$", text, re.DOTALL)
    assert match, f"{path.name}: no front matter fenced by --- lines"
    return yaml.safe_load(match.group(1)) or {}, match.group(2)


def articles(kind_dir: str) -> list[Path]:
    return sorted((CONTENT / kind_dir).glob("*.md"))


def all_articles() -> list[Path]:
    return articles("concepts") + articles("instruments") + articles("topics")


def prose_words(body: str) -> list[str]:
    """Words a reader reads: citations, wiki-link targets, code and markup stripped."""
    body = re.sub(r"```.*?```", " ", body, flags=re.DOTALL)
    body = re.sub(r"`[^`]*`", " ", body)
    body = re.sub(r"\[@[^\]]*\]", " ", body)
    body = re.sub(r"\[\[([^\]|#]*)(?:#[^\]|]*)?\|([^\]]*)\]\]", r"\2", body)
    body = re.sub(r"\[\[([^\]|#]*)(?:#[^\]]*)?\]\]", r"\1", body)
    return WORD.findall(body.lower())


def shingles(words: list[str], size: int = SHINGLE) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def cited_keys(body: str) -> set[str]:
    body = re.sub(r"```.*?```", " ", body, flags=re.DOTALL)
    body = re.sub(r"`[^`]*`", " ", body)
    return set(CITATION_KEY.findall(body))


@pytest.fixture(scope="module")
def bibliography_keys() -> set[str]:
    return set(parse_file(str(CONTENT / "references.bib"), bib_format="bibtex").entries.keys())


def test_the_wiki_has_at_least_twenty_two_concepts_twelve_instruments_and_five_topics():
    assert len(articles("concepts")) >= 22
    assert len(articles("instruments")) >= 12
    assert len(articles("topics")) >= 5


@pytest.mark.parametrize("path", articles("concepts"), ids=lambda p: p.stem)
def test_every_concept_has_a_summary_related_concepts_a_primary_source_and_enough_words(path, bibliography_keys):
    meta, body = split_article(path)
    assert meta.get("kind") == "concept"
    assert meta.get("slug", path.stem) == path.stem
    summary = str(meta.get("summary", "")).strip()
    assert summary, "summary is empty"
    assert len(re.findall(r"[.!?](\s|$)", summary)) <= 2, "summary is more than two sentences"
    related = meta.get("related") or []
    assert related, "no related concepts"
    concept_slugs = {p.stem for p in articles("concepts")}
    assert set(related) <= concept_slugs, f"related names unknown concepts: {set(related) - concept_slugs}"
    assert meta.get("primary_source") in bibliography_keys, "primary_source is not in references.bib"
    words = len(prose_words(body))
    assert words >= MIN_CONCEPT_WORDS, f"body has {words} words, needs {MIN_CONCEPT_WORDS}"
    assert re.search(r"^#{2,3} ", body, re.MULTILINE), "body has no headings"


@pytest.mark.parametrize("path", articles("instruments"), ids=lambda p: p.stem)
def test_every_instrument_threshold_states_its_value_unit_and_provision(path):
    meta, _ = split_article(path)
    assert meta.get("kind") == "instrument"
    for field in ("jurisdiction", "instrument_type", "status", "status_date", "reference"):
        assert meta.get(field), f"missing {field}"
    for threshold in meta.get("thresholds") or []:
        assert threshold.get("id"), "threshold without id"
        assert str(threshold.get("provision", "")).strip(), f"{threshold['id']}: no provision"
        assert str(threshold.get("unit", "")).strip(), f"{threshold['id']}: no unit"
        value = float(threshold["value"])  # YAML reads 1e25 as a string; the number must still parse
        assert value > 0, f"{threshold['id']}: value must be positive"


def test_an_instrument_that_sets_no_compute_threshold_declares_none():
    meta, _ = split_article(CONTENT / "instruments" / "seoul-frontier-ai-safety-commitments.md")
    assert not meta.get("thresholds")
    assert meta.get("status") == "voluntary"


def front_matter_keys(meta: dict) -> set[str]:
    """Bibliography keys named in front matter: the primary source, the instrument's text, status-history sources."""
    history = {entry.get("source") for entry in meta.get("status_history") or []}
    return {k for k in (meta.get("primary_source"), meta.get("reference"), *history) if k}


@pytest.mark.parametrize("path", all_articles(), ids=lambda p: p.stem)
def test_every_cited_key_is_in_references_bib(path, bibliography_keys):
    meta, body = split_article(path)
    keys = cited_keys(body) | front_matter_keys(meta)
    missing = keys - bibliography_keys
    assert not missing, f"cites keys absent from references.bib: {sorted(missing)}"


def test_every_reference_in_the_bibliography_is_cited_somewhere(bibliography_keys):
    used: set[str] = set()
    for path in all_articles():
        meta, body = split_article(path)
        used |= cited_keys(body) | front_matter_keys(meta)
    assert bibliography_keys - used == set(), "references.bib holds works no article cites"


def test_no_article_copies_a_run_of_twelve_words_from_a_seed():
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside the repository")
    seed_shingles: set[tuple[str, ...]] = set()
    for seed in sorted(SEEDS.iterdir()):
        seed_shingles |= shingles(WORD.findall(seed.read_text(encoding="utf-8").lower()))
    copied = []
    for path in all_articles():
        meta, body = split_article(path)
        text = " ".join(str(meta.get(k, "")) for k in ("summary", "editorial_note")) + "\n" + body
        for run in sorted(shingles(WORD.findall(text.lower())) & seed_shingles):
            copied.append(f"{path.relative_to(ROOT)}: {' '.join(run)}")
    assert not copied, "runs copied from a seed:\n" + "\n".join(copied[:20])


def test_the_shingle_check_catches_a_copied_sentence():
    seed_words = WORD.findall("one two three four five six seven eight nine ten eleven twelve thirteen")
    article_words = WORD.findall("Intro: two three four five six seven eight nine ten eleven twelve thirteen.")
    assert shingles(seed_words) & shingles(article_words)
    assert not shingles(seed_words) & shingles(article_words[:-1])


INSTRUMENTS = sorted((CONTENT / "instruments").glob("*.md"))


@pytest.mark.parametrize("path", INSTRUMENTS, ids=lambda p: p.stem)
def test_every_instrument_has_a_sourced_status_history_and_a_primary_source_with_its_reason(path):
    meta, _ = split_article(path)
    assert meta.get("status_history"), "no status_history"
    assert meta.get("primary_source") or meta.get("reference"), "no primary source for At a glance"
    assert meta.get("primary_source_reason"), "the primary source has no one-line reason"
