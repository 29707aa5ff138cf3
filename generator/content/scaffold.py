"""`policywiki new`: a fresh article that already passes `check`, with placeholders an editor replaces.

Placeholders start with ``TODO``; `check` warns about any left in front matter (and `--strict` refuses
them), so an unfinished article can be previewed but never published by CI.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.content.schema import RESERVED_SLUGS, SLUG_PATTERN
from generator.content.load import load_content
from generator.kinds import KINDS
from generator.problems import UsageError

PLACEHOLDER = "TODO"
FOLDER_FOR_KIND = {kind.name: kind.folder for kind in KINDS}
BODY_HEADINGS = {kind.name: list(kind.headings) for kind in KINDS}  # the design's body headings, to fill in


def slugify(title: str) -> str:
    """'Inference-Time Compute (2025)' → 'inference-time-compute-2025': accents dropped, runs of others one hyphen."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.casefold()).strip("-")


def yaml_scalar(value: str) -> str:
    """`value` as a one-line YAML scalar, quoted only when YAML needs it (a colon, a leading '[', ...)."""
    dumped = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=2**31)
    return dumped.removesuffix("\n").removesuffix("\n...").strip()


@dataclass(frozen=True)
class NewArticle:
    path: Path
    slug: str
    text: str


def article_text(kind: str, title: str, slug: str, today: str, file_stem: str) -> str:
    """The front matter and body skeleton for `kind`; every required field present and valid."""
    lines = [
        "---",
        f"title: {yaml_scalar(title)}",
        f"kind: {kind}",
    ]
    if slug != file_stem:
        lines.append(f"slug: {slug}")
    lines += [
        f"summary: {yaml_scalar(f'{PLACEHOLDER}: one or two plain sentences saying what {title} is.')}",
        f"published: {today}",
    ]
    if kind == "instrument":
        lines += [
            f"jurisdiction: {PLACEHOLDER}",
            f"instrument_type: {PLACEHOLDER}",
            "status: proposed",
            f"status_date: {today}",
            "uses: []",
        ]
    if kind == "topic":
        lines.append("discusses: []")
    lines.append("---")
    body = []
    for heading in BODY_HEADINGS[kind]:
        body += [f"## {heading}", "", f"{PLACEHOLDER}.", ""]
    return "\n".join(lines + body)


def taken_names(content_dir: Path) -> set[str]:
    """Every slug and alias already in use (case-folded), counting articles that do not validate yet."""
    corpus = load_content(content_dir)
    names = set(corpus.failed_names)
    for article in corpus.articles:
        names.add(article.slug.casefold())
        names |= {alias.casefold() for alias in article.meta.aliases}
    return names


def new_article(content_dir: Path, kind: str, title: str, today: str, slug: str | None = None) -> NewArticle:
    """Write a new article into content_dir; raise UsageError rather than overwrite or clash."""
    title = title.strip()
    if not title or "\n" in title or "\r" in title:
        raise UsageError("the title must be one non-empty line")
    if kind not in FOLDER_FOR_KIND:
        raise UsageError(f"unknown kind {kind!r}; expected one of: {', '.join(FOLDER_FOR_KIND)}")
    if not content_dir.is_dir():
        raise UsageError(f"content folder not found: {content_dir}")
    slug = slug or slugify(title)
    if not slug:
        raise UsageError(f"cannot make a slug from {title!r}; give one with --slug")
    if not SLUG_PATTERN.match(slug):
        raise UsageError(f"slug {slug!r} must be lower-case letters, digits and single hyphens")
    if slug in RESERVED_SLUGS:
        raise UsageError(f"slug {slug!r} is reserved for a page of the site itself; choose another with --slug")
    folder = content_dir / FOLDER_FOR_KIND[kind]
    path = folder / f"{slug}.md"
    if path.exists() or path.is_symlink():
        raise UsageError(f"{path} already exists; not overwriting it")
    if slug.casefold() in taken_names(content_dir):
        raise UsageError(f"slug {slug!r} is already used by another article (as slug or alias); choose another with --slug")
    text = article_text(kind, title, slug, today, path.stem)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:  # "x": fail rather than overwrite, even in a race
            handle.write(text)
    except FileExistsError:
        raise UsageError(f"{path} already exists; not overwriting it") from None
    return NewArticle(path, slug, text)
