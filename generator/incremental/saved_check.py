"""The command line's check after a small edit: the last full check, saved whole, with the edited articles read again.

serve keeps its last good check in memory and, after a save, checks only the saved articles again
(article_edits.py). A command-line build has no memory of its own, and loading, parsing and linking every
article from the per-file caches is most of an edit's build in a large wiki. So after a full check a forked
child saves that check and, beside it, the record of the inputs it was made from (uptodate.py). The next
build compares its inputs with that record before it loads the check, and hands the content files that differ
to `check_edited`, which takes them only if it can bound their effect (an edited concept or topic article that
keeps its names and edges). Anything else, and a saved check that is missing, unreadable or made for another date, working folder
or generator, runs the full check, which saves a new one.

The saved check is only replaced by a full check: later edits are diffed against it, so each build reads again
every file edited since, which stays a handful until a full check comes.
"""

from __future__ import annotations

import gc
import os
from dataclasses import dataclass
from pathlib import Path

from generator.build import Checked
from generator.content.frontmatter import PositionedYAML
from generator.incremental.cache import BuildCache
from generator.incremental.cached_parse import tokens_as_references, tokens_from_references
from generator.incremental.prelink import SMALL_EDIT_FILES
from generator.incremental.uptodate import InputRecord
from generator.render.graphview import fill_edge_memo

# The check itself (a token, the Checked without its Markdown parser and timings), and, in a small entry of its
# own, what it was made from: a build that cannot use the check learns it without loading it.
SAVED_CHECK = "check.pickle"
SAVED_CHECK_INPUTS = "check-inputs.pickle"
# Where each front-matter key of an article sits, in the saved check: not kept (see save_in_background).
NO_POSITIONS = PositionedYAML({})


@dataclass
class SavedCheckInputs:
    token: str  # the check's, saved with it: the two entries belong together only when they carry the same
    inputs: InputRecord  # what the check read: the content's files as they were when the build started
    where: tuple[str, str]  # the working folder and the content folder as given (the check's paths depend on them)


def _where(content_dir: Path) -> tuple[str, str]:
    return os.getcwd(), str(content_dir)


def _content_edits(saved: InputRecord, now: InputRecord, content_dir: Path) -> list[Path] | None:
    """The content files whose bytes differ from the saved record's, or None if a file was added, removed or
    is a symbolic link (check_edited would refuse it anyway, after reading it)."""
    edited = []
    names = {name for name in saved.files.keys() | now.files.keys() if name.startswith("content/")}
    for name in sorted(names):
        before, after = saved.files.get(name), now.files.get(name)
        if before is None or after is None or after.link is not None or before.link is not None:
            return None
        if before.sha != after.sha:
            edited.append(Path(content_dir) / name[len("content/"):])
    return edited


def check_since_saved(cache: BuildCache, inputs: InputRecord, content_dir: Path, make_md, markers) -> Checked | None:
    """The check of the content as `inputs` records it, from the saved check and the files edited since;
    None if the full check must run."""
    from generator.incremental.article_edits import check_edited

    saved = cache.load(SAVED_CHECK_INPUTS)
    if not isinstance(saved, SavedCheckInputs) or saved.where != _where(content_dir):
        return None
    if (saved.inputs.build_date, saved.inputs.options) != (inputs.build_date, inputs.options):
        return None
    edited = _content_edits(saved.inputs, inputs, content_dir)
    if edited is None or len(edited) > SMALL_EDIT_FILES:
        return None
    # The saved check's records live for the whole build and none is garbage: no collection need look at them,
    # while they load (the collector is off) or after (frozen before it is on again).
    enabled = gc.isenabled()
    gc.disable()
    try:
        loaded = cache.load(SAVED_CHECK)
    finally:
        if enabled:
            gc.freeze()
            gc.enable()
    if not (isinstance(loaded, tuple) and len(loaded) == 2 and loaded[0] == saved.token):
        return None  # missing, or saved by another build than the inputs entry
    checked = loaded[1]
    checked.md = make_md()
    tokens_from_references(checked.parsed, checked.wiki.articles, checked.md, make_md, checked.env)
    if edited:
        checked = check_edited(checked, set(edited), make_md, markers)
        if checked is None:
            return None
    # The fingerprint stage compares every article's body with the last build's, which may not be the saved one.
    checked.edited = None
    checked.timings = {}
    return checked


class SavingCheck:
    """A forked child saving a full check for the next build (`join` waits for it)."""

    def __init__(self, pid: int | None):
        self._pid = pid

    def join(self) -> None:
        if self._pid is not None:
            os.waitpid(self._pid, 0)
            self._pid = None


def save_in_background(cache: BuildCache, inputs: InputRecord, checked: Checked, content_dir: Path) -> SavingCheck:
    """Start saving `checked` (made from `inputs`) while the build goes on: pickling a large wiki's check takes
    seconds, which the render stage's workers leave room for. The file is written whole or not at all."""
    if not hasattr(os, "fork") or not cache.enabled:
        return SavingCheck(None)
    pid = os.fork()
    if pid == 0:  # the child: save, and leave without running the parent's clean-ups
        code = 1
        try:
            os.nice(19)  # the build's workers first: this child fills the moments a core would idle
            checked.md, checked.timings = None, {}  # this process's copy: the build's is untouched
            # The views made from slugs and edges alone, which every whole-site build would make again: an edit
            # that keeps the edges keeps them (article_edits.py), as serve does.
            fill_edge_memo(checked.wiki)
            tokens_as_references(checked.parsed)  # the cache holds the pre-rendered bodies already
            for article in checked.corpus.articles:  # read only while an article is checked: the edited ones,
                article.positions = NO_POSITIONS     # which check_edited loads from their files
            token = os.urandom(8).hex()
            cache.save(SAVED_CHECK, (token, checked))  # first: the inputs entry names a check that is there
            cache.save(SAVED_CHECK_INPUTS, SavedCheckInputs(token, inputs, _where(content_dir)))
            code = 0
        finally:
            os._exit(code)
    return SavingCheck(pid)
