"""Stage 6, publish: a complete site replaces site/ atomically, and a failed or killed build leaves the old one.

Pages are written into a fresh folder beside site/ (named with the builder's process id); a complete one
replaces site/ by two renames (the old site is parked in between, and put back by the next build if the
process died there), and the old tree is deleted in the background.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path


def parked_path(out_dir: Path) -> Path:
    """Where the old site waits between the two renames of a swap."""
    return out_dir.parent / f".{out_dir.name}-previous"


def restore_parked(out_dir: Path) -> None:
    """A build killed between the two renames leaves the old site parked: put it back."""
    parked = parked_path(out_dir)
    if parked.exists():
        if out_dir.exists():
            shutil.rmtree(parked)
        else:
            parked.rename(out_dir)


def remove_in_background(path: Path, site_name: str) -> None:
    """Delete a whole old site without making the editor wait for it (tens of thousands of files).

    The tree is first renamed out of the way (`.site.old-…`, never mistaken for a site or a build in
    progress), then a detached grandchild process deletes it; a later build removes any such folder
    left behind (say, by a machine that shut down first)."""
    if not path.exists():
        return
    doomed = path.with_name(f".{site_name}.old-{os.getpid()}-{time.monotonic_ns()}")
    path.rename(doomed)
    delete_detached(doomed)


def fresh_prefix(out_dir: Path) -> str:
    """The name a build's fresh folder starts with: it carries the builder's process id, so that a later
    build can tell the folder of a killed build (safe to delete) from one still being written."""
    return f".{out_dir.name}-build-{os.getpid()}-"


def remove_leftovers(out_dir: Path) -> None:
    """Delete old sites parked for deletion, and the fresh folders of builds whose process is gone."""
    for leftover in out_dir.parent.glob(f".{out_dir.name}.old-*"):
        delete_detached(leftover)
    for leftover in out_dir.parent.glob(f".{out_dir.name}-build-*-*"):
        pid = leftover.name[len(f".{out_dir.name}-build-"):].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            delete_detached(leftover)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but is not ours to signal
        return True
    return True


def delete_detached(path: Path) -> None:
    """Delete a folder in a detached grandchild process: nobody waits for it, and it outlives this build.

    The deleter lets go of every file descriptor it was forked with, the standard streams first: one that kept
    the build's stdout open would make whoever reads that output (a pipe, CI, `subprocess.run`) wait for the
    deletion as if the build were still running."""
    if not hasattr(os, "fork"):
        shutil.rmtree(path, ignore_errors=True)
        return
    child = os.fork()
    if child == 0:  # first child: start the deleter in its own session and leave at once
        try:
            os.setsid()
            if os.fork() == 0:
                nowhere = os.open(os.devnull, os.O_RDWR)
                for stream in (0, 1, 2):
                    os.dup2(nowhere, stream)
                os.closerange(3, os.sysconf("SC_OPEN_MAX"))  # where there is fork, there is sysconf
                shutil.rmtree(path, ignore_errors=True)
        finally:
            os._exit(0)
    os.waitpid(child, 0)


def fresh_folder(out_dir: Path) -> Path:
    """A new empty folder beside `out_dir` for a build to fill, after the leftovers of earlier builds are cleared."""
    out_dir = Path(out_dir).resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    restore_parked(out_dir)
    remove_leftovers(out_dir)
    return Path(tempfile.mkdtemp(prefix=fresh_prefix(out_dir), dir=out_dir.parent))


def swap_in(fresh: Path, out_dir: Path, keep_old: Path | None = None) -> None:
    """Make the complete `fresh` folder the site: two renames, then the old site goes in the background, or,
    with `keep_old`, takes that name (the incremental build's standby, whose last one goes instead)."""
    out_dir = Path(out_dir).resolve()
    os.chmod(fresh, 0o755)
    parked = parked_path(out_dir)
    if out_dir.exists():
        out_dir.rename(parked)
    fresh.rename(out_dir)
    if keep_old is not None and parked.exists():
        remove_in_background(keep_old, out_dir.name)
        parked.rename(keep_old)
    else:
        remove_in_background(parked, out_dir.name)


def write_site(files: list[tuple[str, bytes]], out_dir: Path) -> None:
    """The plain build's publish: every (site-relative path, bytes) into a fresh folder, then swapped in."""
    fresh = fresh_folder(out_dir)
    try:
        for relative, data in files:
            path = fresh / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    swap_in(fresh, out_dir)
