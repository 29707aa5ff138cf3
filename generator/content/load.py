"""Stage 1, load: read content/ into validated records, or positioned problems. Nothing here renders."""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from generator.content.schema import RESERVED_SLUGS, SLUG_PATTERN, Article, SiteConfig, validate_article, validate_site
from generator.kinds import KINDS
from generator.content.frontmatter import PositionedYAML, load_yaml, split_front_matter
from generator.problems import Problems

ARTICLE_DIRS = {kind.folder: kind.name for kind in KINDS}  # folder under content/ → the kind it holds


@dataclass(frozen=True)
class UncheckedBody:
    """The body of an article whose front matter was refused: no page is made of it, but its broken links and
    unknown citation keys are reported in the same run, so that an editor sees every problem at once."""

    path: str  # as shown in messages
    body: str
    body_line: int


@dataclass
class Corpus:
    """Everything the later stages need, loaded and validated."""

    root: Path
    site: SiteConfig | None
    articles: list[Article]  # sorted by slug
    bibliography: object  # generator.cite.Bibliography
    problems: Problems = field(default_factory=Problems)
    # Slugs and aliases of articles that failed validation: links to them are not reported again.
    failed_names: set[str] = field(default_factory=set)
    # data/models.yaml, or None when it is a link leading out of content/ (refused, and never read).
    models_path: Path | None = None
    # Bodies of articles whose front matter failed: their links and citations are still checked.
    unchecked_bodies: list[UncheckedBody] = field(default_factory=list)

    def by_slug(self) -> dict[str, Article]:
        return {article.slug: article for article in self.articles}


def display_path(path: Path) -> str:
    """Paths in messages are relative to the working directory when possible, so editors can click them."""
    absolute, here = os.path.abspath(path), os.getcwd()
    if here != os.sep and absolute.startswith(here + os.sep):  # the usual case, without relpath's list work
        return absolute[len(here) + 1:]
    folder, name = os.path.split(absolute)
    # Content beside the working folder: relpath once per folder, which gives the same unless the path is the
    # working folder or one of its ancestors (where relpath's result ends in "..", not in the path's name).
    if name and os.fspath(path) and not (here + os.sep).startswith(absolute + os.sep):
        shown = _relative_folder(folder, here)
        if shown is not None:
            return name if shown == os.curdir else shown + os.sep + name
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


@lru_cache(maxsize=1024)
def _relative_folder(folder: str, here: str) -> str | None:
    try:
        return os.path.relpath(folder, here)
    except ValueError:  # another drive (Windows)
        return None


def read_text(path: Path, problems: Problems, shown: str | None = None) -> str | None:
    """Read a UTF-8 text file: BOM and CRLF tolerated; NUL bytes and invalid UTF-8 reported with a position."""
    shown = display_path(path) if shown is None else shown
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.add(shown, 1, 1, f"cannot read file: {exc.strerror or exc}")
        return None
    return decode_text(raw, shown, problems)


def decode_text(raw: bytes, shown: str, problems: Problems) -> str | None:
    """`read_text` for bytes already read."""
    if b"\x00" in raw:
        problems.add(shown, 1, 1, "this is a binary file, not UTF-8 text; remove it from content/")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        problems.add(shown, line, column, f"invalid UTF-8 byte 0x{raw[exc.start]:02x}; save the file as UTF-8")
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def article_files(content_dir: Path, problems: Problems) -> list[Path]:
    """Markdown files under the kind folders, sorted; links leading outside content/ are refused."""
    return [path for path, _kind in article_files_and_kinds(content_dir, problems)]


def article_files_and_kinds(content_dir: Path, problems: Problems) -> list[tuple[Path, str]]:
    """`article_files`, each with the kind its folder stands for.

    The listing is what `sorted(folder.rglob("*"))` gives (linked folders listed but not entered), made from
    the directory entries: rglob's Path objects for every entry, and a stat for every one of them to tell
    files from folders and links, were most of the time spent here (tens of microseconds per article)."""
    root = content_dir.resolve()
    found: list[tuple[Path, str]] = []
    for folder, kind in ARTICLE_DIRS.items():
        base = content_dir / folder
        if links_outside(base, root, problems):
            continue
        if not base.is_dir():
            continue
        prefix = str(base) + os.sep
        for parts, entry in sorted(_entries_under(str(base), ())):  # relative parts sort as the Paths would
            path = Path(prefix + os.sep.join(parts))
            if (entry.is_symlink() and links_outside(path, root, problems)) or _is_dir(entry):
                continue  # rglob does not descend into linked folders; a link inside content/ is fine
            name = parts[-1]
            if not name.endswith(".md") or name == ".md":  # path.suffix != ".md"
                if not name.startswith("."):
                    problems.add(display_path(path), 1, 1, "not a Markdown article (.md); move it out of this folder")
                continue
            found.append((path, kind))
    return found


_IGNORED_ERRNOS = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)  # those Path.is_dir answers False to


def _is_dir(entry: os.DirEntry, follow_symlinks: bool = True) -> bool:
    """`Path.is_dir()` (following links unless told not to) for a directory entry."""
    try:
        return entry.is_dir(follow_symlinks=follow_symlinks)
    except OSError as exc:
        if exc.errno not in _IGNORED_ERRNOS:
            raise
        return False


def _entries_under(folder: str, parts: tuple) -> list[tuple[tuple, os.DirEntry]]:
    """(path parts relative to the first `folder`, entry) of everything under it, as `rglob("*")` finds it:
    linked folders are listed but not entered, unreadable ones skipped."""
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except PermissionError:
        return []
    found = []
    for entry in entries:
        entry_parts = parts + (entry.name,)
        found.append((entry_parts, entry))
        if _is_dir(entry, follow_symlinks=False):
            found += _entries_under(entry.path, entry_parts)
    return found


def links_outside(path: Path, root: Path, problems: Problems) -> bool:
    """A symbolic link (to a file or folder) that leads out of content/ is refused: the site publishes only
    content/. So is one that leads back to itself, which no one can read."""
    if not path.is_symlink():
        return False
    try:
        target = path.resolve()
    except (RuntimeError, OSError):  # Python < 3.13 raises RuntimeError for a loop, later ones OSError
        problems.add(display_path(path), 1, 1, "symbolic link leads to itself (a loop); refusing to read it")
        return True
    if not target.is_relative_to(root):
        problems.add(display_path(path), 1, 1, "symbolic link points outside content/; refusing to read it")
        return True
    return False


MODELS_FILE = Path("data") / "models.yaml"


def readable_models_file(content_dir: Path, problems: Problems) -> Path | None:
    """data/models.yaml as the threshold core may read it, or None if it (or data/) is a link out of content/."""
    root = Path(content_dir).resolve()
    data = Path(content_dir) / MODELS_FILE.parent
    path = Path(display_path(Path(content_dir) / MODELS_FILE))
    if links_outside(data, root, problems) or links_outside(path, root, problems):
        return None
    return path


def load_references(path: Path, problems: Problems):
    """references.bib through the citation engine, after the byte-level checks every other content file gets
    (binary, invalid UTF-8 with its position, BOM, CRLF, a link out of content/). Same call as `load_bibliography`."""
    from generator.cite import load_bibliography, parse_bibliography

    path = Path(display_path(Path(path)))
    if links_outside(path, path.parent.resolve(), problems):
        return parse_bibliography("", path, problems)
    if not path.is_file():
        return load_bibliography(path, problems)  # an absent file is an empty bibliography
    text = read_text(path, problems)
    return parse_bibliography(text if text is not None else "", path, problems)


def _lenient_yaml(text: str):
    """What plain PyYAML makes of front matter that our strict loader refused (a duplicate key, say), or None:
    only to learn the names the article would answer to, so that links to it are not blamed as well."""
    import yaml

    try:
        return yaml.safe_load(text)
    except (yaml.YAMLError, RecursionError, ValueError):
        return None


def names_in_raw(path: Path, data) -> set[str]:
    """The names an invalid article would answer to, read as leniently as possible."""
    names = {path.stem.casefold()}
    if isinstance(data, dict):
        if isinstance(data.get("slug"), str):
            names.add(data["slug"].casefold())
        if isinstance(data.get("aliases"), list):
            names |= {alias.casefold() for alias in data["aliases"] if isinstance(alias, str)}
    return names


def load_article(path: Path, expected_kind: str, problems: Problems, failed_names: set[str],
                 shown: str | None = None, raw: bytes | None = None,
                 unchecked: list[UncheckedBody] | None = None) -> Article | None:
    """One article file, or None with its problems. `shown` (its `display_path`) and `raw` (its bytes) may be
    given when the caller has them already. When the front matter is refused but the body could be told apart,
    the body goes to `unchecked`, for the link stage to check what it can."""
    split = None

    def refused() -> None:
        if unchecked is not None and split is not None:
            unchecked.append(UncheckedBody(shown, split.body, split.body_line))
        return None

    shown = display_path(path) if shown is None else shown
    failed_names.add(path.stem.casefold())  # until it validates, others' links to it are not its fault
    text = read_text(path, problems, shown) if raw is None else decode_text(raw, shown, problems)
    if text is None:
        return None
    if not text or text.isspace():  # not text.strip(), without copying the text
        problems.add(shown, 1, 1, "empty file: an article needs front matter with at least title, kind, summary and published")
        return None
    split = split_front_matter(text, shown, problems)
    if split is None:
        return None
    doc = load_yaml(split.yaml_text, shown, split.yaml_line, problems)
    if doc is None:
        failed_names |= names_in_raw(path, _lenient_yaml(split.yaml_text))
        return refused()
    names = names_in_raw(path, doc.data)
    failed_names |= names
    stem = path.stem
    checked = doc
    if isinstance(doc.data, dict) and "slug" not in doc.data and SLUG_PATTERN.match(stem) and stem not in RESERVED_SLUGS:
        # A valid file name is the slug: validated with the rest (it cannot fail), instead of copying the record
        # afterwards. `doc` itself keeps the fields as written (check_unique_names asks whether 'slug' was).
        checked = PositionedYAML({**doc.data, "slug": stem}, doc.positions, doc.value_positions, doc.start)
    meta = validate_article(checked, shown, problems)
    if meta is None:
        return refused()
    if meta.kind != expected_kind:
        problems.add(shown, *doc.value_position(("kind",)),
                     f"kind '{meta.kind}' does not match its folder (expected '{expected_kind}')")
        return refused()
    if meta.slug is None:  # `slug:` left empty, or a file name that is no valid slug
        meta = meta.model_copy(update={"slug": stem})
        if not SLUG_PATTERN.match(stem):
            problems.add(shown, 1, 1, f"file name '{path.name}' is not a valid slug (lower-case letters, digits and "
                                      "single hyphens); rename it or set 'slug:'")
            return refused()
        if stem in RESERVED_SLUGS:
            problems.add(shown, 1, 1, f"file name '{path.name}': '{stem}' is reserved for a page of the site itself; "
                                      "rename it or set 'slug:'")
            return refused()
    failed_names -= names
    return Article(path=shown, meta=meta, body=split.body, body_line=split.body_line, positions=doc)


def load_site(content_dir: Path, problems: Problems) -> SiteConfig | None:
    path = content_dir / "site.yaml"
    shown = display_path(path)
    if links_outside(path, content_dir.resolve(), problems):
        return None
    if not path.exists():
        problems.add(shown, 1, 1, "missing site.yaml (title, base_url, publisher, licence, language)")
        return None
    text = read_text(path, problems)
    if text is None:
        return None
    doc = load_yaml(text, shown, 1, problems)
    return None if doc is None else validate_site(doc, shown, problems)


def check_unique_names(articles: list[Article], problems: Problems) -> list[Article]:
    """Slugs and aliases share one namespace, case-insensitively; a clash is reported at the later file."""
    owners: dict[str, Article] = {}
    kept: list[Article] = []
    for article in sorted(articles, key=lambda a: a.path):
        clash = False
        names = [(article.slug, ("slug",) if "slug" in article.positions.data else ())]
        names += [(alias, ("aliases", index)) for index, alias in enumerate(article.meta.aliases)]
        for name, key_path in names:
            folded = name.casefold()
            other = owners.get(folded)
            if other is not None and other is not article:
                where = article.positions.value_position(key_path) if key_path else (1, 1)
                problems.add(article.path, *where, f"'{name}' is already used by {other.path} (as slug or alias)")
                clash = True
            else:
                owners[folded] = article
        if not clash:
            kept.append(article)
    return kept


def load_content(content_dir: Path | str) -> Corpus:
    """Load and validate the whole of content/. Check `corpus.problems` before using the rest."""
    content_dir = Path(content_dir)
    problems = Problems()
    if not content_dir.is_dir():
        problems.add(display_path(content_dir), 1, 1, "content folder not found")
        return Corpus(content_dir, None, [], None, problems)
    site = load_site(content_dir, problems)
    articles = []
    failed_names: set[str] = set()
    unchecked: list[UncheckedBody] = []
    for path, kind in article_files_and_kinds(content_dir, problems):
        article = load_article(path, kind, problems, failed_names, unchecked=unchecked)
        if article is not None:
            articles.append(article)
    articles = sorted(check_unique_names(articles, problems), key=lambda a: a.slug)
    bibliography = load_references(content_dir / "references.bib", problems)
    models_path = readable_models_file(content_dir, problems)
    return Corpus(content_dir, site, articles, bibliography, problems, failed_names, models_path, unchecked)
