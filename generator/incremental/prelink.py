"""Start the fresh site as hard links to the current one while the build is still loading content.

A rebuild after a small edit renders a handful of pages and takes over every other file of site/ by a hard
link (publish.py). At 10,000 articles that is 10,000 folders and 40,000 links: over a second of system calls,
with one core idle while the main process loads, parses and links the content. So when the inputs say the
edit is small, a forked child makes that fresh folder at once: every file of site/ that the last build made
and nobody has touched since, linked at its place. The publish step then takes over the links it can reuse,
replaces the others (unlinked first, never written through) and removes those no page claims.

The old site is only ever read, so a failed or killed build still leaves it whole; the fresh folder carries
this process's id like any other, so a later build removes it if this one dies (the child stops linking as
soon as it finds its parent gone).
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import tempfile
from pathlib import Path

from generator.incremental.freshtree import MANIFEST, Manifest, file_stat, load_manifest
from generator.publish import fresh_prefix, remove_in_background, remove_leftovers, restore_parked
from generator.incremental.uptodate import InputRecord

# Prelink only when at most this share of the content changed (and no template did): a bigger change renders
# most pages again, and every link made for them would have to be undone.
SMALL_EDIT_SHARE = 0.1
SMALL_EDIT_FILES = 32  # any change to this many files counts as small


def small_edit(previous: InputRecord | None, now: InputRecord | None) -> bool:
    """True if `now` differs from the last build's inputs in a few content files at most: same generator, date,
    options and templates."""
    if previous is None or now is None:
        return False
    if (previous.version, previous.build_date, previous.options) != (now.version, now.build_date, now.options):
        return False
    changed = set(previous.files.keys() ^ now.files.keys())
    changed.update(name for name, entry in now.files.items()
                   if name in previous.files and previous.files[name].sha != entry.sha)
    if any(name.startswith("templates/") for name in changed):
        return False
    return len(changed) <= max(SMALL_EDIT_FILES, int(len(now.files) * SMALL_EDIT_SHARE))


class Prelinked:
    """A folder beside site/ that a forked child is filling with links (or checking: sites.py's standby);
    `take` waits for it."""

    def __init__(self, root: Path, site_name: str, pid: int, reader: int, keep_root: bool = False):
        self.root, self._site_name, self._pid, self._reader = root, site_name, pid, reader
        self._taken = False
        self._keep_root = keep_root  # a folder the child only checks (sites.py's standby), not one it made

    def take(self) -> set[str] | None:
        """The site-relative files linked into `root` (each with the stat the manifest recorded for it), or None
        if the child failed, in which case the folder is already on its way out."""
        data = bytearray()
        while chunk := os.read(self._reader, 1 << 20):
            data += chunk
        os.close(self._reader)
        _, status = os.waitpid(self._pid, 0)
        self._taken = True
        try:
            linked = pickle.loads(bytes(data)) if os.waitstatus_to_exitcode(status) == 0 else None
        except Exception:  # noqa: BLE001 — a child cut short: its folder is unknown, so it goes
            linked = None
        if not isinstance(linked, set):
            self._remove()
            return None
        return linked

    def discard(self) -> None:
        """Abandon the folder (the build failed, or site/ needed nothing): stop the child, delete the folder."""
        if self._taken:
            return
        self._taken = True
        try:
            os.kill(self._pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(self._pid, 0)
        os.close(self._reader)
        self._remove()

    def _remove(self) -> None:
        if self._keep_root:
            return
        # Renamed out of the way at once (a parked `.site.old-…`, which later builds also clear), then deleted in
        # the background: a build's fresh folder must not outlive the build under its own name.
        remove_in_background(self.root, self._site_name)


def start_prelink(cache, out_dir: Path) -> Prelinked | None:
    """Fork the child that links the current site into a fresh folder; None if there is nothing to link or
    this system cannot fork."""
    if not hasattr(os, "fork") or not cache.enabled:
        return None
    out_dir = Path(out_dir).resolve()
    if not out_dir.is_dir() or not cache.path(MANIFEST).is_file():
        return None
    restore_parked(out_dir)  # the old site must be in place before it is read
    remove_leftovers(out_dir)
    root = Path(tempfile.mkdtemp(prefix=fresh_prefix(out_dir), dir=out_dir.parent))
    return fork_lister(root, out_dir.name, lambda root, manifest, parent: link_site(out_dir, root, manifest, parent),
                       load_manifest(cache))


def fork_lister(root: Path, site_name: str, work, manifest: Manifest | None, keep_root: bool = False) -> Prelinked:
    """Fork a child that runs `work(root, manifest, this process's id)` and sends back the set of site-relative
    files it returns."""
    reader, writer = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: work, send the list, leave without running the parent's clean-ups
        code = 1
        try:
            os.close(reader)
            sys.setprofile(None)  # `build --profile`: the child's calls are not the build's
            listed = work(root, manifest, parent)
            data = pickle.dumps(listed, protocol=pickle.HIGHEST_PROTOCOL)
            view = memoryview(data)
            while view:
                view = view[os.write(writer, view):]
            code = 0
        finally:
            os._exit(code)
    os.close(writer)
    return Prelinked(root, site_name, pid, reader, keep_root)


def link_site(out_dir: Path, root: Path, manifest: Manifest | None, parent: int) -> set[str]:
    """Link every file of site/ that still has the stat the manifest recorded into `root`, at its place."""
    if manifest is None or manifest.out_dir != str(out_dir):
        return set()
    out, fresh = str(out_dir) + os.sep, str(root) + os.sep
    folders: set[str] = {""}
    linked = set()
    for count, (relative, (_, stat)) in enumerate(manifest.files.items()):
        if count % 1024 == 0 and os.getppid() != parent:
            raise SystemExit(1)  # the build is gone: stop
        if file_stat(out + relative) != stat:
            continue  # changed by hand since: the build will make it again
        folder = os.path.dirname(relative)
        if folder not in folders:
            os.makedirs(fresh + folder, exist_ok=True)
            folders.add(folder)
        os.link(out + relative, fresh + relative)
        linked.add(relative)
    return linked
