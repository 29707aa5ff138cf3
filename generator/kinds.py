"""The one table of article kinds. Adding a kind is a row here and its front-matter schema class (named by
`schema`) in generator/content/schema.py; the loader, `policywiki new`, the graph, the pages and the sitemap
all read this table. Light on purpose: `policywiki new --help` imports it without pydantic or Jinja."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    name: str  # the front matter's `kind:`
    folder: str  # its folder under content/, which is also its index page: /<folder>/
    label: str  # one article, capitalised: "Concept"
    plural: str  # the index page's title: "Concepts"
    schema: str  # its front-matter model in generator/content/schema.py
    json_ld_type: str  # schema.org type of its pages
    headings: tuple[str, ...]  # the body headings `policywiki new` writes
    edges: tuple[str, ...]  # front-matter lists that make typed graph edges (generator/link.py LIST_EDGES)

    @property
    def index_path(self) -> str:
        return self.folder + "/"


KINDS: tuple[Kind, ...] = (
    Kind("concept", "concepts", "Concept", "Concepts", "ConceptMeta", "DefinedTerm",
         ("Definition and scope", "Details"), ("related",)),
    Kind("instrument", "instruments", "Instrument", "Instruments", "InstrumentMeta", "Legislation",
         ("What it requires", "Thresholds"), ("related", "uses")),
    Kind("topic", "topics", "Topic", "Topics", "TopicMeta", "ScholarlyArticle",
         ("Overview", "Discussion"), ("related", "discusses")),
)
BY_NAME: dict[str, Kind] = {kind.name: kind for kind in KINDS}
NAMES: tuple[str, ...] = tuple(kind.name for kind in KINDS)
