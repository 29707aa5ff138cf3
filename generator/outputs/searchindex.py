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

The index (merged by generator/outputs/searchmerge.py, written under `search/` beside the search page):

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
words it gained or lost and one docs shard, and an incremental build encodes and writes only those files
(searchmerge.py). Everything is written with stable order, so the same articles give the same bytes.

Words: lower case, Latin accents folded, letters and digits; a power stays one word ("10^25", "10^-3")
because the page carries a visually hidden caret in its superscript (generator.markdown.mathml.power_html), and the
MathML of a formula is skipped while its plain-text twin (`math-text`) is indexed. A trailing plural "s"
is dropped ("models" → "model", "policies" → "policy") by the same rule in Python and in the browser.
Number forms are one word: "1e26", "10**26" and "10²⁶" are indexed (and searched) as "10^26".
"""

from __future__ import annotations

import html
import re
import unicodedata
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
