"""Markdown → tokens → HTML, with the wiki's own syntax: wiki links and Pandoc-style citations.

Parsing and rendering are separate passes on purpose. Parsing an article yields its tokens plus
every wiki link, citation and heading, each with its position in the file; the link stage resolves
them against the whole wiki; only then is HTML rendered, with the resolutions at hand.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from html import unescape as html_unescape
from operator import attrgetter

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from generator.markdown.mathml import math_to_text
from generator.markdown.safeurls import check_urls

# `[[target#anchor|text]]`; inside a table the pipe is written `\|` (the Obsidian convention).
WIKILINK = re.compile(r"\[\[([^\[\]\n|#\\]*)(?:#([^\[\]\n|\\]*))?(?:\\?\|([^\[\]\n]*))?\]\]")
# A citation key as Pandoc reads it: internal punctuation only when followed by a word character.
CITE_KEY = r"[\w](?:[\w:.#$%&+?<>~/-]*[\w])?"
CITE_ITEM = re.compile(rf"^\s*(?P<prefix>[^@]*?)\s*@(?P<key>{CITE_KEY})\s*(?:,\s*(?P<locator>[^;]*?))?\s*$")
NARRATIVE = re.compile(rf"@(?P<key>{CITE_KEY})")
NARRATIVE_IN_TEXT = re.compile(rf"(^|[^\w@.+-])@({CITE_KEY})")


NON_WORD = re.compile(r"[^\w]+")
HYPHENS = re.compile(r"-+")


def anchor_slug(text: str) -> str:
    """Heading anchors: lower-case, every run of non-alphanumerics one hyphen (editors can predict them)."""
    slug = NON_WORD.sub("-", text.casefold()).replace("_", "-")
    return HYPHENS.sub("-", slug).strip("-") or "section"


def pickled_as_arguments(cls):
    """A dataclass pickled as the arguments of its constructor, rather than as its __dict__: a parse record
    (every link, citation and heading of an article, loaded by the parent for every article) pickles
    12% smaller and unpickles a third faster."""
    values = attrgetter(*(item.name for item in fields(cls)))
    cls.__reduce__ = lambda self: (cls, values(self))
    return cls


@pickled_as_arguments
@dataclass
class WikiLink:
    target: str
    anchor: str | None
    text: str | None
    line: int
    column: int
    context: str  # the sentence around the link, as a reader sees it (raw): what a backlink quotes


@pickled_as_arguments
@dataclass
class Citation:
    items: list[dict]  # each: key, locator, prefix, suffix
    narrative: bool
    line: int
    column: int
    raw: str


@pickled_as_arguments
@dataclass
class Heading:
    level: int
    text: str
    anchor: str
    line: int


@dataclass
class ParsedBody:
    tokens: list[Token]
    env: dict
    links: list[WikiLink] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)


# --- inline rules ---------------------------------------------------------------------------------

def _wikilink_rule(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("[[", state.pos):
        return False
    match = WIKILINK.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        token = state.push("wikilink", "", 0)
        token.meta = {
            "target": match.group(1).strip(),
            "anchor": (match.group(2) or "").strip() or None,
            "text": (match.group(3) or "").strip() or None,
            "offset": state.pos,
            "raw": match.group(0),
        }
    state.pos = match.end()
    return True


def _parse_citation_group(inner: str) -> list[dict] | None:
    items = []
    for part in inner.split(";"):
        match = CITE_ITEM.match(part)
        if not match:
            return None
        items.append({"key": match["key"], "locator": (match["locator"] or None), "prefix": match["prefix"] or "",
                      "suffix": ""})
    return items


def _bracketed_citation_rule(state: StateInline, silent: bool) -> bool:
    if state.src[state.pos] != "[" or state.src.startswith("[[", state.pos):
        return False
    end = state.src.find("]", state.pos)
    if end < 0 or "@" not in state.src[state.pos:end]:
        return False
    if "[" in state.src[state.pos + 1:end] or state.src[end + 1:end + 2] in ("(", "["):
        return False  # a Markdown link or reference, not a citation
    items = _parse_citation_group(state.src[state.pos + 1:end])
    if not items:
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"items": items, "narrative": False, "offset": state.pos, "raw": state.src[state.pos:end + 1]}
    state.pos = end + 1
    return True


def _narrative_citation_rule(state: StateInline, silent: bool) -> bool:
    if state.src[state.pos] != "@":
        return False
    if state.pos > 0 and (state.src[state.pos - 1].isalnum() or state.src[state.pos - 1] in "@._-+"):
        return False  # an e-mail address or similar, not a citation
    match = NARRATIVE.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"items": [{"key": match["key"], "locator": None, "prefix": "", "suffix": ""}],
                      "narrative": True, "offset": state.pos, "raw": match.group(0)}
    state.pos = match.end()
    return True


# --- render rules: they defer to callables the render stage puts in env -----------------------------

def _render_wikilink(self, tokens, idx, options, env) -> str:
    render = env.get("render_wikilink")
    meta = tokens[idx].meta
    if render is None:
        from html import escape

        return f'<span class="broken-link">{escape(meta["text"] or meta["target"])}</span>'
    return render(meta)


def _render_citation(self, tokens, idx, options, env) -> str:
    render = env.get("render_citation")
    meta = tokens[idx].meta
    if render is None:
        from html import escape

        return escape(meta["raw"])
    return render(meta)


def _normalize(state: StateCore) -> None:
    """markdown-it's `normalize` core rule, at the cost of two substring tests for the usual source: line
    endings `\r\n` and `\r` become `\n`, NUL becomes U+FFFD. (Its regex replaced every `\n` with `\n`,
    copying the whole source a line at a time: 3% of a parse.)"""
    src = state.src
    if "\r" in src:
        src = src.replace("\r\n", "\n").replace("\r", "\n")
    if "\0" in src:
        src = src.replace("\0", "\ufffd")
    state.src = src


def make_markdown(extra_plugins: list[Callable[[MarkdownIt], None]] | None = None) -> MarkdownIt:
    """The wiki's Markdown dialect: CommonMark, tables, footnotes, definition lists, anchors, our syntax."""
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    md.core.ruler.at("normalize", _normalize)
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin).use(deflist_plugin)
    md.use(anchors_plugin, min_level=2, max_level=4, slug_func=anchor_slug)
    md.inline.ruler.before("link", "wikilink", _wikilink_rule)
    md.inline.ruler.before("link", "citation", _bracketed_citation_rule)
    md.inline.ruler.push("narrative_citation", _narrative_citation_rule)
    md.validateLink = lambda url: True  # every link becomes a token; generator.markdown.safeurls reports the unsafe ones
    md.add_render_rule("wikilink", _render_wikilink)
    md.add_render_rule("citation", _render_citation)
    for plugin in extra_plugins or []:
        md.use(plugin)
    return md


# --- the parse pass -------------------------------------------------------------------------------

OUR_TYPES = frozenset({"wikilink", "citation"})
URL_TYPES = frozenset({"link_open", "image", "html_inline"})  # what check_urls looks at inside an inline block


def parse_body(md: MarkdownIt, body: str, path: str, body_line: int, env: dict | None = None) -> ParsedBody:
    """Parse `body` (which starts on line `body_line` of `path`), collecting positioned links and citations."""
    env = dict(env or {})
    env.setdefault("path", path)
    env.setdefault("line_offset", body_line)
    tokens = md.parse(body, env)
    parsed = ParsedBody(tokens=tokens, env=env)
    # One walk finds what the later passes need: blocks that may carry a URL (check_urls keeps its own
    # cursor per block, so giving it only these changes nothing), headings, and inline blocks with our syntax.
    # (A plain loop over the children: cheaper than a set of their types for the few children a block has.)
    with_urls, with_syntax = [], []
    for index, block in enumerate(tokens):
        children = block.children
        if children:
            url = syntax = False
            for child in children:
                child_type = child.type
                if child_type in URL_TYPES:
                    url = True
                elif child_type in OUR_TYPES:
                    syntax = True
            block_type = block.type
            if url or block_type == "html_block":
                with_urls.append(block)
            if syntax and block_type == "inline":
                with_syntax.append(block)
        else:
            block_type = block.type
            if block_type == "html_block":
                with_urls.append(block)
            elif block_type == "heading_open" and block.attrGet("id"):
                text = tokens[index + 1].content
                line = body_line + (block.map[0] if block.map else 0)
                parsed.headings.append(Heading(int(block.tag[1]), text, str(block.attrGet("id")), line))
    if not (with_urls or with_syntax):
        return parsed
    lines = body.split("\n")
    if with_urls:
        check_urls(with_urls, lines, path, body_line, env.get("problems"))
    links, citations = parsed.links, parsed.citations
    for block in with_syntax:
        sentences = link_offsets = None
        for child in block.children:
            child_type = child.type
            if child_type not in OUR_TYPES:
                continue
            meta = child.meta
            line, column = _position(block, meta, lines, body_line)
            if child_type == "wikilink":
                if sentences is None:  # the links of one paragraph share its sentence breaks
                    readable, link_offsets = _readable_source(block.children)
                    sentences = Sentences(readable)
                links.append(WikiLink(meta["target"], meta["anchor"], meta["text"], line, column,
                                      sentences.around(link_offsets[id(child)])))
            else:
                citations.append(Citation(meta["items"], meta["narrative"], line, column, meta["raw"]))
            meta["line"], meta["column"] = line, column
    return parsed


SUPERSCRIPT = re.compile(r"<sup>(.*?)</sup>")
TAG = re.compile(r"<[^>]+>")


def _readable_source(children: list[Token]) -> tuple[str, dict[int, int]]:
    """The paragraph as a reader sees it, for backlink context: text as written, computed values and
    formulas as shown, citations and markup left out, wiki links kept as `[[...]]` (their titles are only
    known once the whole wiki is loaded). Returns the text and each wiki link's offset in it."""
    parts: list[str] = []
    offsets: dict[int, int] = {}
    length = 0
    for child in children:
        if child.type == "wikilink":
            offsets[id(child)] = length
            piece = child.meta["raw"]
        elif child.type in ("text", "code_inline"):
            piece = child.content
        elif child.type in ("softbreak", "hardbreak"):
            piece = " "
        elif child.type == "citation":  # narrative citations are part of the sentence; bracketed ones are not
            piece = child.meta["raw"] if child.meta["narrative"] else ""
        elif child.type == "math_inline":
            piece = math_to_text(f"${child.content}$")
        elif isinstance(child.meta, dict) and "html" in child.meta:  # a computed value, rendered at parse time
            shown = SUPERSCRIPT.sub(r"^\1", child.meta["html"])
            piece = html_unescape(TAG.sub("", shown))
        else:
            piece = ""
        parts.append(piece)
        length += len(piece)
    return "".join(parts), offsets


def _position(block: Token, meta: dict, lines: list[str], body_line: int) -> tuple[int, int]:
    """Line and column in the file of the syntax at `meta['offset']` inside `block`'s inline content."""
    content = block.content
    offset = meta["offset"]
    first = block.map[0] if block.map else 0
    index = first + content.count("\n", 0, offset)
    column_in_content = offset - (content.rfind("\n", 0, offset) + 1)
    raw_start = meta["raw"].partition("\n")[0]
    if 0 <= index < len(lines):
        source_line = lines[index]
        found = source_line.find(raw_start, column_in_content)
        if found < 0:
            found = source_line.find(raw_start)
        if found >= 0:
            return body_line + index, found + 1
    return body_line + index, column_in_content + 1


def render_body(md: MarkdownIt, parsed: ParsedBody, env_updates: dict) -> str:
    env = parsed.env
    env.update(env_updates)
    return md.renderer.render(parsed.tokens, md.options, env)


# --- backlink context -----------------------------------------------------------------------------

# A sentence ends at . ! or ? before a space and a capital, digit, quote or bracket, except after an
# abbreviation that legal and academic prose puts before a number or a name ("Art. 51", "e.g. The", "et al. 2024").
# Python's look-behinds are fixed-width, so each abbreviation is one; a word boundary keeps "Part." ending a sentence.
ABBREVIATIONS = ("Art", "Arts", "art", "Sec", "sec", "Secs", "para", "paras", "Para", "No", "Nos", "p", "pp",
                 "al", "cf", "vs", "Ch", "ch", "Vol", "vol", "Fig", "fig", "Eq", "eq", "Reg", "Dr", "Mr", "Ms", "Mrs",
                 "approx", "ca", "e.g", "i.e", "U.S", "U.K", "E.U")
SENTENCE_END = re.compile("".join(rf"(?<!\b{re.escape(word)}\.)" for word in ABBREVIATIONS)
                          + r"(?<=[.!?])\s+(?=[A-Z0-9\"'(\[])")


def sentence_around(paragraph: str, offset: int) -> str:
    """The sentence of `paragraph` (readable source, see _readable_source) containing the link at `offset`."""
    start = 0
    for match in SENTENCE_END.finditer(paragraph):
        if match.end() > offset:
            break
        start = match.end()
    following = SENTENCE_END.search(paragraph, offset)
    return paragraph[start: following.start() if following else len(paragraph)].strip()


class Sentences:
    """`sentence_around` for the links of one paragraph, with the sentence breaks found once."""

    def __init__(self, paragraph: str):
        self.paragraph = paragraph
        spans = [match.span() for match in SENTENCE_END.finditer(paragraph)]
        self.starts = [start for start, _ in spans]
        self.ends = [end for _, end in spans]

    def around(self, offset: int) -> str:
        before = bisect_right(self.ends, offset)  # breaks wholly before the link
        if before < len(self.starts) and self.starts[before] < offset:  # a break spanning the offset: as written
            return sentence_around(self.paragraph, offset)
        start = self.ends[before - 1] if before else 0
        after = bisect_left(self.starts, offset)
        end = self.starts[after] if after < len(self.starts) else len(self.paragraph)
        return self.paragraph[start:end].strip()


def plain_text(source: str, title_of: Callable[[str], str], narrative_of: Callable[[str], str] = lambda key: key) -> str:
    """Readable source to plain text: wiki links to their text or the target's title, narrative
    citations to the author form (e.g. 'Ord (2025)'), leftover markup dropped."""
    text = WIKILINK.sub(lambda m: (m.group(3) or "").strip() or title_of(m.group(1).strip()), source)
    text = NARRATIVE_IN_TEXT.sub(lambda m: m.group(1) + narrative_of(m.group(2)), text)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\s+", " ", text)
    return re.sub(r" (?=[.,;:!?])", "", text).strip()  # a dropped citation leaves no space before punctuation
