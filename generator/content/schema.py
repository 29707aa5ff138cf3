"""The content model: what editors may write in front matter and site.yaml, and the typed records.

pydantic v2 validates the front matter: it reports every problem in one pass with a location path
(which we map back to YAML positions), forbids unknown fields, and gives typed records with
dates parsed. jsonschema would give the same checks but untyped dicts afterwards.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Annotated, Literal, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from generator.cite.registry import NAMES as STYLE_NAMES
from generator.content.frontmatter import PositionedYAML
from generator.kinds import KINDS, NAMES
from generator.problems import Problems

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_CASE_BRACE = re.compile(r"(?<!\\)[{}]")  # an unescaped brace: a case-protection mark (README: front matter)


def _without_case_braces(title: str) -> str:
    return _CASE_BRACE.sub("", title) if "{" in title or "}" in title else title

# Top-level paths the site itself uses; an article may not take them as its slug.
RESERVED_SLUGS = frozenset(
    {"wiki", "references", "search", "graph", "figures", "tags", "static", "feed", "sitemap", "robots", "404",
     "index", "exports", "explorer"} | {kind.folder for kind in KINDS}
)
STATUSES = ("in force", "enacted", "amended", "rescission announced", "revoked", "pre-empted", "challenged",
            "proposed", "voluntary", "rescinded", "expired", "superseded")
# A status that cannot change again, so a long-past status_date is not a sign of staleness.
FINAL_STATUSES = frozenset({"revoked", "rescinded", "expired", "superseded"})
# How an instrument compares a quantity with its figure; most say "greater than".
COMPARATORS = ("greater than", "at least", "as stated")
QUANTITIES = ("training_compute", "compute_cluster_rate", "inference_compute", "effective_compute")


def _check_slug(value: str) -> str:
    if not SLUG_PATTERN.match(value):
        raise ValueError("must be lower-case letters, digits and single hyphens, e.g. 'compute-threshold'")
    if value in RESERVED_SLUGS:
        raise ValueError(f"'{value}' is reserved for a page of the site itself")
    return value


def _check_plain_text(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


def _check_safe_url(value: str) -> str:
    if not re.match(r"^(https?://|mailto:|/|\.{0,2}/)", value.strip(), re.IGNORECASE):
        raise ValueError("must be an http(s) or site-relative URL")
    return value


Slug = Annotated[str, AfterValidator(_check_slug)]
Text = Annotated[str, AfterValidator(_check_plain_text)]
SafeUrl = Annotated[str, AfterValidator(_check_safe_url)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Threshold(_Strict):
    id: Slug
    provision: Text
    quantity: Literal[QUANTITIES]  # type: ignore[valid-type]
    value: Annotated[float, Field(gt=0)]
    comparator: Literal[COMPARATORS] = "greater than"  # type: ignore[valid-type]
    unit: Text
    scope: Text
    data_condition: Text | None = None
    effect: Text


class _ArticleMeta(_Strict):
    title: Text
    slug: Slug | None = None
    category: Text | None = None
    summary: Text
    aliases: list[Text] = []
    related: list[Slug] = []
    primary_source: Text | None = None
    primary_source_reason: Text | None = None
    editorial_note: Text | None = None
    published: dt.date
    updated: dt.date | None = None
    tags: list[Text] = []


class ConceptMeta(_ArticleMeta):
    kind: Literal["concept"]


class StatusChange(_Strict):
    """One dated step in an instrument's legal status, with the reference that shows it."""

    date: dt.date
    status: Literal[STATUSES]  # type: ignore[valid-type]
    source: Text  # a key in references.bib, checked like a citation
    note: Text | None = None


class InstrumentMeta(_ArticleMeta):
    kind: Literal["instrument"]
    jurisdiction: Text
    instrument_type: Text
    status: Literal[STATUSES]  # type: ignore[valid-type]
    status_date: dt.date
    status_history: list[StatusChange] = []
    uses: list[Slug] = []
    reference: Text | None = None
    thresholds: list[Threshold] = []


class TopicMeta(_ArticleMeta):
    kind: Literal["topic"]
    discusses: list[Slug] = []


_MODELS_BY_KIND: dict[str, type[_ArticleMeta]] = {kind.name: globals()[kind.schema] for kind in KINDS}
ArticleMeta = Annotated[Union[tuple(_MODELS_BY_KIND.values())], Field(discriminator="kind")]  # type: ignore[misc]
_ARTICLE_ADAPTER = TypeAdapter(ArticleMeta)


class SiteConfig(_Strict):
    title: Text
    base_url: SafeUrl
    publisher: Text
    licence: Text
    language: Text = "en"
    description: Text | None = None
    citation_style: Literal[STYLE_NAMES] = "apa"  # type: ignore[valid-type]
    licence_url: SafeUrl | None = None
    stale_after_days: Annotated[int, Field(gt=0)] = 365  # `check` warns about dates older than this


@dataclass
class Article:
    """One validated article: its front matter, its body and where both sit in the file."""

    path: str  # as shown in messages, relative to the working directory
    meta: ConceptMeta | InstrumentMeta | TopicMeta
    body: str
    body_line: int
    positions: PositionedYAML = field(repr=False)

    @cached_property
    def slug(self) -> str:  # read tens of thousands of times per build: kept once read
        return self.meta.slug  # always set by the loader, which never changes it afterwards

    @cached_property
    def kind(self) -> str:  # as the slug: read for every article by every index page
        return self.meta.kind

    @cached_property
    def title(self) -> str:
        """The title as readers see it: braces that protect a proper noun's case in citations
        (`The {EU AI Act} in brief`) are the citation engine's business, not the page's. (Kept once read,
        as the slug is: every index page reads every title.)"""
        return _without_case_braces(self.meta.title)

    def position_of(self, *key_path) -> tuple[int, int]:
        return self.positions.key_position(tuple(key_path))

    def value_position_of(self, *key_path) -> tuple[int, int]:
        return self.positions.value_position(tuple(key_path))


def validate_article(doc: PositionedYAML, path: str, problems: Problems):
    """Validate front matter; on failure add one positioned problem per error and return None."""
    data = doc.data
    if not isinstance(data, dict):
        problems.add(path, *doc.start, "front matter must be a mapping of 'field: value' lines")
        return None
    kind = data.get("kind")
    if kind not in NAMES:
        where = doc.value_position(("kind",)) if "kind" in data else doc.start
        message = (f"unknown kind {kind!r}; expected one of: {', '.join(NAMES)}" if "kind" in data
                   else f"missing required field 'kind' (one of: {', '.join(NAMES)})")
        problems.add(path, *where, message)
        # Still validate the rest as a concept so the editor sees every other problem now.
        data = {**data, "kind": "concept"}
    try:
        meta = _ARTICLE_ADAPTER.validate_python(data)
    except ValidationError as exc:
        report_validation_errors(exc, doc, path, problems, _MODELS_BY_KIND[data["kind"]])
        return None
    if isinstance(meta, InstrumentMeta) and not _status_history_holds(meta, doc, path, problems):
        return None
    return None if kind not in NAMES else meta


def _status_history_holds(meta: InstrumentMeta, doc: PositionedYAML, path: str, problems: Problems) -> bool:
    """The history runs oldest first and ends at the current status and status_date."""
    history = meta.status_history
    ok = True
    for index in range(1, len(history)):
        if history[index].date < history[index - 1].date:
            problems.add(path, *doc.value_position(("status_history", index, "date")),
                         f"'status_history.{index}.date': {history[index].date} comes before the entry above it "
                         f"({history[index - 1].date}); list the history oldest first")
            ok = False
    if history:
        last, at = history[-1], len(history) - 1
        if last.status != meta.status:
            problems.add(path, *doc.value_position(("status_history", at, "status")),
                         f"'status_history.{at}.status': the last entry is '{last.status}' but 'status' is "
                         f"'{meta.status}'; the history must end at the current status")
            ok = False
        if last.date != meta.status_date:
            problems.add(path, *doc.value_position(("status_history", at, "date")),
                         f"'status_history.{at}.date': the last entry is dated {last.date} but 'status_date' is "
                         f"{meta.status_date}; the history must end at the current status")
            ok = False
    return ok


def validate_site(doc: PositionedYAML, path: str, problems: Problems) -> SiteConfig | None:
    if not isinstance(doc.data, dict):
        problems.add(path, *doc.start, "site.yaml must be a mapping of 'field: value' lines")
        return None
    try:
        return SiteConfig.model_validate(doc.data)
    except ValidationError as exc:
        report_validation_errors(exc, doc, path, problems, SiteConfig)
        return None


def report_validation_errors(exc: ValidationError, doc: PositionedYAML, path: str, problems: Problems, model) -> None:
    for error in exc.errors(include_url=False):
        location = tuple(part for part in error["loc"] if part not in NAMES)  # drop the union tag
        problems.add(path, *_position_for(error, location, doc), _message_for(error, location, model))


def _position_for(error: dict, location: tuple, doc: PositionedYAML) -> tuple[int, int]:
    if error["type"] == "missing":
        return doc.key_position(location[:-1]) if len(location) > 1 else doc.start
    if error["type"] == "extra_forbidden":
        return doc.key_position(location)
    return doc.value_position(location)


def _message_for(error: dict, location: tuple, model) -> str:
    dotted = ".".join(str(part) for part in location)
    name = str(location[-1]) if location else ""
    if error["type"] == "extra_forbidden":
        allowed = _allowed_fields(model, location[:-1])
        hint = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
        suggestion = f"; did you mean '{hint[0]}'?" if hint else f"; allowed fields: {', '.join(sorted(allowed))}"
        return f"unknown field '{dotted}'{suggestion}"
    if error["type"] == "missing":
        return f"missing required field '{dotted}'"
    message = error["msg"]
    message = message.removeprefix("Value error, ").replace("Input should be", "must be")
    if error["type"].endswith("_type") or error["type"].endswith("_parsing"):
        message = f"{message} (got {error.get('input')!r})"
    return f"'{dotted}': {message}"


def _allowed_fields(model, parent: tuple) -> list[str]:
    """Field names valid at `parent` inside `model` (only nested models we define are followed)."""
    if parent and parent[0] == "thresholds":
        return list(Threshold.model_fields)
    if parent and parent[0] == "status_history":
        return list(StatusChange.model_fields)
    return list(model.model_fields)
