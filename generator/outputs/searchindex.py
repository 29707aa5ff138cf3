"""The site's own search index: per-article records made while rendering, merged into small JSON shards.

A record is made in the render worker from what it already has, the article's front matter and its
rendered page: the page's own text, its section headings, and the title, aliases, summary and keywords
(category, tags, jurisdiction, instrument type) from the front matter. It is reduced at once to one score
per distinct word, computed from that article alone (field weights, length normalisation and BM25's
saturation), so a record never changes unless its page does, and an unchanged page's record comes from
the build cache without rendering anything.

What is the page's own text is declared by the templates, not guessed from class names: every element
that carries `data-search="body"` (SEARCH_BODY: today the article body with its notes, the thresholds
table, the editorial note and the references) is indexed whole, whatever its tag or class, and nothing
outside such an element is (never the breadcrumbs, contents, relations, how-to-cite, local graph or
backlinks, which repeat the site's chrome and other pages' titles and summaries). Inside a region, an
element carrying `data-search="ignore"` is left out, as are MathML, SVG, scripts and styles. Content cannot
forge either marker: the sanitiser (generator/render/sanitize.py) keeps no `data-search` attribute, and
escaped text never holds the marker's quotes.

The index (written under `search/` beside the search page):

- `search/meta.json`: the number of articles, the docs shard size and the prefixes of the term shards;
- `search/terms/<prefix>.json`: every word starting with that prefix → [doc ids, scores]; words are grouped
  by their first two characters, and a group bigger than SHARD_BYTES by one more character (recursively),
  so a word is in the shard of the longest listed prefix it starts with;
- `search/docs/<n>.json`: [url, title, summary, aliases] for doc ids n*32 … n*32+31 (ids in slug order);
- `search/text/<slug>.txt`: the start of each article's own text (TEXT_CHARS), fetched only for a result shown
  whose summary lacks the words searched for, to show them in context.

The browser (templates/static/search.js) fetches only the term shards of the query's words and the docs
shards of the top results, and adds inverse document frequencies from the lengths of the posting lists:
because every stored score depends on one article only, editing a title changes the shards of the
words it gained or lost and one docs shard, and a rebuild rewrites only those files (FreshTree.put links
the rest). Everything is written with stable order, so the same articles give the same bytes.

Words: lower case, Latin accents folded, letters and digits; a power stays one word ("10^25", "10^-3")
because the page carries a visually hidden caret in its superscript (generator.markdown.mathml.power_html), and the
MathML of a formula is skipped while its plain-text twin (`math-text`) is indexed. A trailing plural "s"
is dropped ("models" → "model", "policies" → "policy") by the same rule in Python and in the browser.
Number forms are one word: "1e26", "10**26" and "10²⁶" are indexed (and searched) as "10^26".
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from typing import NamedTuple

# Words (templates/static/search.js does the same to a query): lower case; a power's caret, "10^25" or
# "10^-3", kept inside its word; then runs of ASCII letters and digits, and of Unicode letters and numbers.
# Fast path: UTF-8 bytes with every ASCII character that is not a letter or digit made a space, split (all C),
# counted; only the few distinct words with non-ASCII bytes go through the Unicode regular expression.
POWER = re.compile(rb"(?<=[0-9])\^(-?)(?=[0-9])")
CARET, CARET_MINUS = b"\x01", b"\x02"
SEPARATORS = bytes(b if (b < 128 and chr(b).isalnum()) or b >= 128 or b in (1, 2) else 32 for b in range(256))
UNICODE_WORD = re.compile(r"(?:[^\W_]|(?<=[0-9])\^-?(?=[0-9]))+")
ACCENTS = re.compile(r"[\u0300-\u036f]")
# Number forms of a power of ten, made "10^26" before the words are split (as search.js `words` does).
E_NOTATION = re.compile(r"(?<![\w.])1(?:\.0+)?e\+?(-?)0*([0-9]+)(?![\w.])")
STARS = re.compile(r"(?<=[0-9])\*\*(?=-?[0-9])")
SUPERSCRIPT = re.compile("(?<=[0-9])(\u207b?)([\u2070\u00b9\u00b2\u00b3\u2074-\u2079]+)")
SUPERSCRIPT_DIGITS = str.maketrans("\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079", "0123456789")
TEXT_CHARS = 3000  # the page text kept per article for snippets: a few KB fetched per result shown

# Field weights: a word in the title adds 10, in an alias 8, in the summary 6 (not saturated, so one of
# them outranks any amount of body text); headings and keywords count as two body occurrences each.
TITLE, ALIASES, SUMMARY, HEADING, KEYWORD = 10.0, 8.0, 6.0, 2.0, 2.0
K1, B = 1.2, 0.75  # BM25's saturation and length normalisation
PIVOT = 600  # body length (words) that needs no normalisation: a constant, so scores stay per-article
SCALE = 10  # scores are stored as integers: round(score * SCALE)
DOCS_PER_SHARD = 32  # a result's title and summary come from a file of 32 articles' (about 8 KB)
PREFIX = 2  # term shards: words grouped by their first two characters,
SHARD_BYTES = 32_000  # and by one more where that would make a file bigger than this

# The templates' markers (see the docstring): a region of the page's own text, and a part of one left out.
SEARCH_BODY = 'data-search="body"'
SEARCH_IGNORE = 'data-search="ignore"'
TAG_NAME = re.compile(r"[a-zA-Z][a-zA-Z0-9-]*")
# What is skipped inside a region, and the tags that are no word boundary.
SKIPPED = re.compile(r"<math\b.*?</math>|<svg\b.*?</svg>|<script\b.*?</script>|<style\b.*?</style>", re.DOTALL)
HEADING_HTML = re.compile(r"<h[2-6]\b[^>]*>(.*?)</h[2-6]>", re.DOTALL)
INLINE_TAG = re.compile(r"</?(?:a|abbr|b|bdi|bdo|cite|code|data|dfn|em|i|kbd|mark|q|s|samp|small|span|strong|"
                        r"sub|sup|time|u|var|wbr|del|ins)\b[^>]*>")
ANY_TAG = re.compile(r"<[^>]*>")


class SearchRecord(NamedTuple):
    """One article's part of the index: what a result shows, and its words with their scores."""

    url: str  # site-relative: "wiki/<slug>/"
    title: str
    summary: str
    aliases: tuple[str, ...]
    terms: str  # "word score word score …", scores as integers
    text: str = ""  # the start of the page's own text, for snippets (TEXT_CHARS)


def counts(text: str) -> dict[str, int]:
    """Indexed word → occurrences in `text`."""
    text = text.lower().replace("\u2212", "-")
    if "e" in text:
        text = E_NOTATION.sub(r"10^\1\2", text)
    if "**" in text:
        text = STARS.sub("^", text)
    if not text.isascii():
        text = SUPERSCRIPT.sub(lambda m: "^" + "-" * bool(m.group(1)) + m.group(2).translate(SUPERSCRIPT_DIGITS), text)
    data = text.encode("utf-8")
    if b"^" in data:
        data = POWER.sub(lambda match: CARET_MINUS if match.group(1) else CARET, data)
    raw = Counter(data.translate(SEPARATORS).split())
    if not raw:
        return {}
    keys = b" ".join(raw)
    if b"\x01" in keys or b"\x02" in keys:
        keys = keys.replace(CARET_MINUS, b"^-").replace(CARET, b"^")
    found = zip(keys.decode("utf-8").split(" "), raw.values())
    if not keys.isascii():  # the few words with other letters or punctuation (’ — ×) get split properly
        found = [(word, number) for key, number in found
                 for word in ([key] if key.isascii() else
                              UNICODE_WORD.findall(ACCENTS.sub("", unicodedata.normalize("NFD", key))))]
    result: dict[str, int] = {}
    for word, number in found:
        if word[-1] == "s":
            word = normal(word)
        result[word] = result.get(word, 0) + number
    return result


def normal(word: str) -> str:
    """A word as indexed: a trailing plural 's' dropped from longer alphabetic words."""
    if len(word) > 3 and word[-1] == "s" and word.isalpha():
        if word.endswith("ies") and len(word) > 4:
            return word[:-3] + "y"
        if word[-2] not in "su" and not word.endswith("is"):
            return word[:-1]
    return word


def _marked_elements(page: str, marker: str):
    """(start, end) of each outermost element whose start tag carries `marker`, in page order."""
    position = 0
    while (found := page.find(marker, position)) != -1:
        start = page.rfind("<", 0, found)
        if start == -1 or ">" in page[start:found]:  # not inside a start tag: text that merely reads so
            position = found + len(marker)
            continue
        end = _element_end(page, start, TAG_NAME.match(page, start + 1).group())
        yield start, end
        position = end


def _element_end(page: str, start: int, tag: str) -> int:
    """Where the element opened at `start` ends (after its closing tag), counting nested same-name tags."""
    pattern = re.compile(rf"<(/?){tag}\b")
    depth = 0
    for match in pattern.finditer(page, start):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return page.find(">", match.end()) + 1
    return len(page)


def page_text(page: str) -> tuple[str, list[str]]:
    """An article page's own text (its SEARCH_BODY regions), and its section headings, as plain text."""
    body = "\n".join(page[start:end] for start, end in _marked_elements(page, SEARCH_BODY))
    if SEARCH_IGNORE in body:
        kept, position = [], 0
        for start, end in _marked_elements(body, SEARCH_IGNORE):
            kept.append(body[position:start])
            position = end
        body = " ".join(kept) + " " + body[position:]
    body = SKIPPED.sub(" ", body)
    headings = [_plain(h) for h in HEADING_HTML.findall(body)]
    return _plain(body), headings


def _plain(fragment: str) -> str:
    return html.unescape(ANY_TAG.sub(" ", INLINE_TAG.sub("", fragment)))


def make_record(url: str, title: str, summary: str, aliases, keywords, page: str) -> SearchRecord:
    """The record of one article page (see the module's docstring for what counts and how much)."""
    body, headings = page_text(page)
    body_counts = counts(body)
    norm = 1 - B + B * sum(body_counts.values()) / PIVOT
    heading_counts = counts(" ".join(headings))
    keyword_counts = counts(" ".join(keywords))
    title_words, alias_words, summary_words = (counts(text) for text in (title, " ".join(aliases), summary))
    special = {**heading_counts, **keyword_counts, **title_words, **alias_words, **summary_words}
    by_frequency: dict[int, str] = {}  # most words are body words: one score per distinct count
    scored = []
    for word, number in body_counts.items():
        if word in special:
            continue
        score = by_frequency.get(number)
        if score is None:
            score = by_frequency[number] = str(_score(number / norm))
        scored.append(f"{word} {score}")
    for word in special:
        frequency = body_counts.get(word, 0) / norm + HEADING * heading_counts.get(word, 0) \
            + KEYWORD * keyword_counts.get(word, 0)
        bonus = TITLE * (word in title_words) + ALIASES * (word in alias_words) + SUMMARY * (word in summary_words)
        scored.append(f"{word} {_score(frequency, bonus)}")
    return SearchRecord(url, title, summary, tuple(aliases), " ".join(scored), _start(body))


def _start(body: str) -> str:
    """The first TEXT_CHARS characters of `body`, spaces collapsed, cut at a word boundary."""
    text = " ".join(body[:TEXT_CHARS * 2].split())
    if len(text) <= TEXT_CHARS:
        return text
    return text[:TEXT_CHARS].rsplit(" ", 1)[0] + " …"


def _score(frequency: float, bonus: float = 0.0) -> int:
    saturated = frequency * (K1 + 1) / (frequency + K1) if frequency else 0.0
    return max(1, round((saturated + bonus) * SCALE))


def article_record(article, page: str) -> SearchRecord:
    """The record of an article (generator.content.schema.Article) from its rendered page."""
    meta = article.meta
    keywords = [getattr(meta, "category", None), *getattr(meta, "tags", ()), getattr(meta, "jurisdiction", None),
                getattr(meta, "instrument_type", None)]
    return make_record(f"wiki/{article.slug}/", article.title, meta.summary, list(meta.aliases or ()),
                       [str(k) for k in keywords if k], page)


def shard_name(prefix: str) -> str:
    """A file name for a term prefix: ASCII letters and digits as they are ("ab", "10", "n"); any other
    prefix as "u" and its code points in hex ("u-e9-74"), so names never collide and need no escaping."""
    if prefix.isascii() and prefix.isalnum():
        return prefix
    return "u" + "".join(f"-{ord(c):x}" for c in prefix)


def _shards(entries: list[tuple[str, str]], depth: int) -> dict[str, list[str]]:
    """Term prefix → its JSON lines: words grouped by their first `depth` characters; a group bigger than
    SHARD_BYTES is split by one more character (the word equal to the prefix itself stays in it)."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for word, line in entries:
        groups.setdefault(word[:depth], []).append((word, line))
    shards: dict[str, list[str]] = {}
    for prefix, items in groups.items():
        if len(items) > 1 and sum(len(line) for _, line in items) > SHARD_BYTES:
            here = [line for word, line in items if len(word) <= depth]
            if here:
                shards[prefix] = here
            shards.update(_shards([item for item in items if len(item[0]) > depth], depth + 1))
        else:
            shards[prefix] = [line for _, line in items]
    return shards


def _entry(word: str, ids: list[str], scores: list[str]) -> str:
    """One line of a term shard: "word":[[doc ids],[scores]]."""
    return f'{json.dumps(word, ensure_ascii=False)}:[[{",".join(ids)}],[{",".join(scores)}]]'


class IndexState(NamedTuple):
    """What a merge made, kept in the build cache so that the next merge redoes only what changed: the
    records (by URL) and, from them, each word's term-shard line and each article's docs-shard entry."""

    records: tuple[SearchRecord, ...]
    lines: dict[str, str]  # word → its line in a term shard (`_entry`)
    docs: list[str]  # each record's entry in a docs shard, in doc-id order


def index_files(records: list[SearchRecord], previous: IndexState | None = None,
                folder: str = "search/") -> tuple[list[tuple[str, bytes]], IndexState]:
    """The index files of `records` (site-relative path, bytes), and the state to merge from next time.

    With the `previous` state of the same articles (same URLs), only the words whose score changed in some
    record are encoded again, from their old lines; the files are then the same bytes a merge from nothing
    gives (tested). A different set of articles renumbers the documents: everything is merged again.
    `previous` is used up: its lines and docs are updated in place."""
    records = sorted(records, key=lambda r: r.url)
    if (previous is None or len(previous.docs) != len(previous.records)
            or [r.url for r in previous.records] != [r.url for r in records]):
        lines, docs = _lines(records), [_doc(record) for record in records]
    else:
        lines, docs = previous.lines, previous.docs
        for doc, (old, new) in enumerate(zip(previous.records, records)):
            if old == new:
                continue
            if old[:4] != new[:4]:  # url, title, summary, aliases
                docs[doc] = _doc(new)
            if old.terms != new.terms:
                _rescore(lines, doc, _scores(old.terms), _scores(new.terms))
    shards = _shards([(word, lines[word]) for word in sorted(lines)], PREFIX)
    files = [(f"{folder}terms/{shard_name(prefix)}.json", ("{" + ",\n".join(shard) + "}\n").encode("utf-8"))
             for prefix, shard in shards.items()]
    files += [(f"{folder}docs/{start // DOCS_PER_SHARD}.json",
               ("[" + ",\n".join(docs[start:start + DOCS_PER_SHARD]) + "]\n").encode("utf-8"))
              for start in range(0, len(records), DOCS_PER_SHARD)]
    files += [(f"{folder}text/{record.url.strip('/').split('/')[-1]}.txt", (record.text + "\n").encode("utf-8"))
              for record in records if record.url.startswith("wiki/")]
    meta = {"version": 1, "docs": len(records), "docsPerShard": DOCS_PER_SHARD, "shards": sorted(shards)}
    files.append((f"{folder}meta.json", (json.dumps(meta, separators=(",", ":"), ensure_ascii=False) + "\n").encode()))
    return files, IndexState(tuple(records), lines, docs)


def _lines(records: list[SearchRecord]) -> dict[str, str]:
    """Every word's term-shard line: the ids of the records it is in (their place in `records`), with scores."""
    postings: dict[str, tuple[list[str], list[str]]] = {}
    get = postings.get
    for doc, record in enumerate(records):
        doc_id = str(doc)
        parts = iter(record.terms.split(" ")) if record.terms else iter(())
        for word, score in zip(parts, parts):
            entry = get(word)
            if entry is None:
                postings[word] = ([doc_id], [score])
            else:
                entry[0].append(doc_id)
                entry[1].append(score)
    return {word: _entry(word, *posting) for word, posting in postings.items()}


def _doc(record: SearchRecord) -> str:
    return json.dumps([record.url, record.title, record.summary, list(record.aliases)], ensure_ascii=False,
                      separators=(",", ":"))


def _scores(terms: str) -> dict[str, str]:
    parts = terms.split(" ") if terms else []
    return dict(zip(parts[::2], parts[1::2]))


def _rescore(lines: dict[str, str], doc: int, old: dict[str, str], new: dict[str, str]) -> None:
    """Change document `doc`'s scores from `old` to `new` in the lines of the words concerned."""
    for word in old.keys() | new.keys():
        score = new.get(word)
        if old.get(word) == score:
            continue
        line = lines.get(word)
        ids, scores = json.loads("{" + line + "}")[word] if line is not None else ([], [])
        place = bisect_left(ids, doc)
        if place < len(ids) and ids[place] == doc:
            del ids[place], scores[place]
        if score is not None:
            ids.insert(place, doc)
            scores.insert(place, int(score))
        if ids:
            lines[word] = _entry(word, [str(i) for i in ids], [str(s) for s in scores])
        else:
            del lines[word]
