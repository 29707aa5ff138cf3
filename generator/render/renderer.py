"""Stage 3, render: records + graph → HTML pages. With generator/render/citations.py, the only place that
knows both the libraries (citation engine, threshold core) and the templates."""

from __future__ import annotations

import hashlib
import heapq
import re
from functools import cached_property
from html import unescape as html_unescape
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from generator.render import citations
from generator.cite.api import CitationItem, format_intext
from generator.cite.notes import NoteSequence, is_note_style
from generator.content.schema import Article, InstrumentMeta, SiteConfig
from generator.kinds import KINDS
from generator.link import WikiGraph
from generator.render.graphview import local_graph
from generator.render.layout import contents, scrolling_tables
from generator.render.listings import instrument_row, link_item, power_of_ten, prose, title_link
from generator.outputs.tagpages import tag_links
from generator.markdown.dialect import ParsedBody, plain_text, render_body
from generator.render.pages import Page, Record, article_path, output_file, relative_url  # noqa: F401 (re-exported)
from generator.render.reads import Reads
from generator.render.sanitize import Sanitizer
from generator.render.templatecache import COMPILED_TEMPLATES
from generator.threshold.markdown_plugin import SOURCE_KEY

KIND_INDEX = {kind.name: kind.index_path for kind in KINDS}
KIND_PLURAL = {kind.name: kind.plural for kind in KINDS}


def _records(graph: dict | None) -> Record | None:
    """The local graph's context (a dict from graphview.py) as Records, for cheap lookups in the template."""
    if graph is None:
        return None
    return Record(graph, legend=[Record(item) for item in graph["legend"]])


class Renderer:
    def __init__(self, templates_dir: Path, site: SiteConfig, wiki: WikiGraph, bibliography, build_date):
        self.site = site
        self.wiki = wiki
        self.bibliography = bibliography
        self.build_date = build_date
        self.templates_dir = Path(templates_dir)
        self._sorted_by_title: list | None = None
        self.env = Environment(
            loader=FileSystemLoader(str(templates_dir)),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,  # a Renderer lives for one build: no stat of every template at every include
            bytecode_cache=COMPILED_TEMPLATES,  # the next build's Renderer (serve) need not compile them again
        )
        self.env.filters["power_of_ten"] = power_of_ten
        self.env.filters["prose"] = prose

    @cached_property
    def templates_key(self) -> str:
        """A digest of every file in the templates folder: what a page kept from an earlier build (serve) was
        made with, besides its context, and the templates' part of the incremental build's whole-site key."""
        hashed = hashlib.blake2b(digest_size=16)
        for path in sorted(p for p in self.templates_dir.rglob("*") if p.is_file()):
            hashed.update(path.relative_to(self.templates_dir).as_posix().encode() + b"\0")
            hashed.update(path.read_bytes() + b"\0")
        return hashed.hexdigest()

    def reads(self, log: dict | None = None) -> Reads:
        """The accessor through which an article page reads the wiki; `log` receives what it read. Each read is
        computed once and shared by every page, in the wiki's memo: whoever changes the wiki in place (serve's
        article edits) clears that memo."""
        return Reads(self.wiki, self.wiki.fingerprint_memo.setdefault("reads", {}), log)

    # --- helpers shared by every page ----------------------------------------------------------

    def canonical(self, site_path: str) -> str:
        return self.site.base_url.rstrip("/") + "/" + site_path

    def link(self, slug: str, from_path: str) -> dict:
        """A link to an article, with what lists show of it (whole-site pages: they read every article)."""
        article = self.wiki.articles[slug]
        return Record(
            slug=slug,
            title=article.title,
            summary=article.meta.summary,
            kind=article.kind,
            category=article.meta.category,
            url=relative_url(from_path, article_path(slug)),
        )

    def display_text(self, readable: str, reads: Reads) -> str:
        """A sentence of readable source (backlink context) as plain text in the site's citation style."""
        def narrative(key: str) -> str:
            if key not in self.bibliography:
                return "@" + key
            return format_intext(self.bibliography, [CitationItem(key)], self.site.citation_style, True)[0]

        return plain_text(readable, reads.title, narrative)

    def link_sources(self, fragment: str, page_path: str) -> str:
        """Source keys in generator-made HTML (figures) → in-text citations linking to /references/."""
        def cite(match: re.Match) -> str:
            key = html_unescape(match.group(1))
            if key not in self.bibliography:
                return match.group(0)
            href = relative_url(page_path, f"references/#ref-{key}")
            return f'<a class="citation" href="{escape(href)}">{escape(self._reference(key)["cite_text"])}</a>'

        return SOURCE_KEY.sub(cite, fragment)

    def base_context(self, page_path: str, title: str, description: str) -> dict:
        return {
            "site": self.site,
            "page": Record(path=page_path, title=title, description=description,
                           canonical=self.canonical(page_path if page_path != "404.html" else "")),
            "url": lambda to: relative_url(page_path, to),
            "build_date": self.build_date,
        }

    # --- article pages ---------------------------------------------------------------------------

    def gather(self, article: Article, parsed: ParsedBody, reads: Reads) -> dict:
        """Everything an article page shows of other articles, read through `reads` (reads.py), which records
        each read: the page's lists, backlinks, local graph and the targets of its body's wiki links. The rest of
        the page is made from this, the article itself and whole-site data (site settings, bibliography)."""
        slug = article.slug
        page_path = article_path(slug)

        def link(other: str) -> Record:
            return Record(slug=other, title=reads.field(other, "title"), summary=reads.field(other, "summary"),
                          kind=reads.field(other, "kind"), category=reads.field(other, "category"),
                          url=relative_url(page_path, article_path(other)))

        def links(slugs: list[str]) -> list[Record]:
            return [link(other) for other in slugs]

        targets = {}
        for wikilink in parsed.links:
            target = reads.resolve(wikilink.target)
            targets[wikilink.target] = (target, reads.field(target, "title"), reads.field(target, "summary")) \
                if target is not None else None
        return {
            "wikilinks": targets,
            "local_graph": _records(reads.local_graph(slug, page_path)),  # graphview.py
            "used_by": links(reads.used_by(slug)),
            "related": links(reads.related(slug)),
            "uses": links(reads.uses(slug)),
            "discusses": links(reads.discusses(slug)),
            "topics": links(reads.topics_for(slug)),
            "backlinks": [Record(link=link(source), contexts=[self.display_text(c, reads) for c in contexts])
                          for source, contexts in reads.backlinks(slug)],
            "cites": reads.cites(slug),
        }

    def render_article(self, md, article: Article, parsed: ParsedBody, reads: Reads | None = None) -> Page:
        page_path = article_path(article.slug)
        # All that the page shows of other articles, gathered first: nothing below reads the wiki.
        gathered = self.gather(article, parsed, reads or self.reads())
        wikilinks = gathered.pop("wikilinks")
        cites = gathered.pop("cites")
        sanitizer = Sanitizer()
        # Note styles (OSCOLA): citations become numbered footnotes, made in reading order.
        style = self.site.citation_style
        notes = NoteSequence(self.bibliography, style) if is_note_style(style) else None
        cited_at: dict[str, list[str]] = {}  # reference key → ids of the in-text citations of it, in order
        body_html = sanitizer.clean(render_body(md, parsed, {
            "render_wikilink": lambda meta: self._wikilink_html(meta, page_path, wikilinks),
            "render_citation": lambda meta: self._citation_html(meta, article, notes, cited_at),
            "trust": sanitizer.trust,
        }))
        citation = citations.article_citation(article, self.site, self.build_date)
        context = self.base_context(page_path, article.title, article.meta.summary)
        context.update(gathered)
        context.update({
            "article": article,
            "meta": article.meta,
            "kind_index": KIND_INDEX[article.kind],
            "kind_plural": KIND_PLURAL[article.kind],
            "body_html": Markup(scrolling_tables(body_html)),
            "notes": [Record(number=n.number, html=Markup(n.html)) for n in notes.notes] if notes else [],
            "toc": contents(parsed.headings),
            "tag_links": [Record(tag) for tag in tag_links(article, page_path)],  # tagpages.py
            "references": [citations.reference_with_tools(entry, "../../", cited_at.get(entry["key"], ()))
                           for entry in self._references(cites)],  # an article page is wiki/<slug>/
            "primary_source": self._reference(primary) if (primary := _primary_source_key(article.meta)) else None,
            "thresholds": article.meta.thresholds if isinstance(article.meta, InstrumentMeta) else [],
            "how_to_cite": citations.how_to_cite(citation),
            "scholarly": citations.scholarly_metadata(citation, article),
        })
        return Page(page_path, self.env.get_template("article.html").render(context))

    def _wikilink_html(self, meta: dict, page_path: str, wikilinks: dict) -> str:
        found = wikilinks[meta["target"]]  # gathered from parsed.links: every wiki link of the body
        if found is None:  # never a live link; `check` has already reported it
            return f'<span class="broken-link">{escape(meta["text"] or meta["target"])}</span>'
        slug, title, summary = found
        text = meta["text"] or title
        href = relative_url(page_path, article_path(slug) + (f"#{meta['anchor']}" if meta["anchor"] else ""))
        return (f'<a class="wikilink" href="{escape(href)}" data-slug="{escape(slug)}" '
                f'title="{escape(summary)}">{escape(text)}</a>')

    def _citation_html(self, meta: dict, article: Article, notes: NoteSequence | None = None,
                       cited_at: dict[str, list[str]] | None = None) -> str:
        items = [CitationItem(i["key"], i["locator"], i["prefix"], i["suffix"]) for i in meta["items"]
                 if i["key"] in self.bibliography]
        if not items:
            return str(escape(meta["raw"]))
        if notes is not None:  # a footnote marker (after the author's name for a narrative citation)
            note = notes.cite(items, meta["narrative"])
            number = note.number
            return (f'{note.lead_html}<sup class="note-ref" id="note-ref-{number}">'
                    f'<a href="#note-{number}">{number}</a></sup>')
        _, html = format_intext(self.bibliography, items, self.site.citation_style, meta["narrative"])
        target = f"#ref-{items[0].key}"
        # An id per citation, so the reference list links back to each place; data-keys for the preview of
        # every work a grouped citation names (templates/static/reader.js).
        where = ""
        if cited_at is not None:
            number = len({at for ids in cited_at.values() for at in ids}) + 1
            where = f' id="cite-{number}"'
            for key in dict.fromkeys(item.key for item in items):
                cited_at.setdefault(key, []).append(f"cite-{number}")
        keys = " ".join(dict.fromkeys(item.key for item in items))
        return f'<a class="citation"{where} href="{escape(target)}" data-keys="{escape(keys)}">{html}</a>'

    def _references(self, keys: list[str]) -> list[Record]:
        """The reference list: every cited work, sorted the way the site's style sorts a bibliography."""
        return sorted(map(self._reference, keys), key=lambda entry: entry.text.casefold())

    def _reference(self, key: str) -> dict:
        return citations.reference_entry(self.bibliography, key, self.site.citation_style)

    # --- index pages -----------------------------------------------------------------------------

    def render_home(self) -> Page:
        context = self.base_context("", self.site.title, self.site.description or self.site.title)
        recent = heapq.nlargest(8, self.wiki.articles.values(),  # = sorted(…, reverse=True)[:8]
                                key=lambda a: (a.meta.updated or a.meta.published, a.slug))
        context.update({"by_kind": self._listings(""), "recent": [self.link(a.slug, "") for a in recent],
                        "kind_index": KIND_INDEX, "kind_plural": KIND_PLURAL})
        return Page("", self.env.get_template("home.html").render(context))

    def render_kind_index(self, kind: str) -> Page:
        page_path = KIND_INDEX[kind]
        context = self.base_context(page_path, KIND_PLURAL[kind], f"All {KIND_PLURAL[kind].lower()} in {self.site.title}")
        if kind == "instrument":  # one table of every instrument and where it stands, A–Z (issue 20)
            context["rows"] = Markup("".join(self._instrument_rows(page_path)))
        else:  # a list per category
            categories = self._listings(page_path, kind, by_category=True)
            context["categories"] = sorted(categories.items(), key=lambda item: item[0].casefold())
        context.update({"kind": kind, "kind_plural": KIND_PLURAL[kind]})
        return Page(page_path, self.env.get_template("kind_index.html").render(context))

    def render_references(self) -> Page:
        """The whole bibliography, in the site's style, each entry with the articles that cite it."""
        page_path = "references/"
        context = self.base_context(page_path, "References", f"Every work cited in {self.site.title}")
        # Each entry's "Cited by" list joined here, not looped over in the template: tens of thousands of links
        # at 2,000 references. Each article's link is made once per page and kept between builds (listings.py);
        # the citing articles come in title order (as WikiGraph.cited_by gives them), sorted by each article's
        # place in that order rather than by its title again.
        articles = self.wiki.articles
        place = {slug: index for index, slug in enumerate(self.slugs_by_title)}
        entries = sorted((citations.reference_with_tools(self._reference(key), "../")
                          for key in self.bibliography.keys), key=lambda entry: entry["text"].casefold())
        anchors = {slug: title_link(page_path, slug, article.title) for slug, article in articles.items()}
        for entry in entries:
            entry["cited_by"] = Markup(", ".join(map(anchors.__getitem__,
                                                     sorted(self.wiki.citing(entry["key"]), key=place.__getitem__))))
        context["entries"] = entries
        return Page(page_path, self.env.get_template("references.html").render(context))

    def render_not_found(self) -> Page:
        # 404 pages are served at any depth, so their links are absolute from the site root.
        root = re.sub(r"^https?://[^/]+", "", self.site.base_url.rstrip("/")) + "/"
        context = self.base_context("404.html", "Page not found", "No page exists at this address.")
        context["url"] = lambda to: root + to
        return Page("404.html", self.env.get_template("404.html").render(context))

    def _instrument_rows(self, page_path: str) -> list[str]:
        """The instrument table's rows (listings.py), A–Z by title as Jinja's case-blind sort put them: within a
        title, by category and then as the home page lists them."""
        instruments = [(slug, article) for slug, article in self._by_title() if article.kind == "instrument"]
        instruments.sort(key=lambda item: (item[1].meta.category or "General").casefold())
        instruments.sort(key=lambda item: item[1].title.lower())
        return [instrument_row(page_path, slug, article.title, article.meta.jurisdiction,
                               tuple((t.comparator, t.value, t.unit) for t in article.meta.thresholds),
                               article.meta.status, article.meta.status_date)
                for slug, article in instruments]

    def _listings(self, from_path: str, only: str | None = None, by_category: bool = False) -> dict[str, Markup]:
        """The items of `joined_link_list` for the articles of each kind (or of kind `only`, and then by
        category when asked), A–Z by title (listings.py)."""
        items: dict[str, list[str]] = {} if by_category else {kind: [] for kind in KIND_INDEX}
        for slug, article in self._by_title():
            if only is None or article.kind == only:
                group = (article.meta.category or "General") if by_category else article.kind
                items.setdefault(group, []).append(link_item(from_path, slug, article.title, article.meta.summary))
        return {group: Markup("".join(parts)) for group, parts in items.items()}

    @cached_property
    def slugs_by_title(self) -> list[str]:
        """Every article's slug, A–Z by title and then by slug: sorted once per build for the pages that list
        every article in this order (references, search, nav.json)."""
        articles = self.wiki.articles
        return sorted(articles, key=lambda slug: (articles[slug].title.casefold(), slug))

    def _by_title(self) -> list:
        """Every (slug, article), A–Z by title: sorted once for the home page and each kind's index."""
        if self._sorted_by_title is None:
            self._sorted_by_title = sorted(self.wiki.articles.items(), key=lambda item: item[1].title.casefold())
        return self._sorted_by_title


def _primary_source_key(meta) -> str | None:
    """The work shown as primary source: `primary_source`, else an instrument's own text (`reference`)."""
    return meta.primary_source or getattr(meta, "reference", None)
