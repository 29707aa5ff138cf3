"""Atomic, deterministic, recoverable: a build killed with SIGKILL at any moment leaves a whole site in place (the
last good one, or the new one if the swap had happened), the next build recovers, and builds are byte-identical
for the same content and SOURCE_DATE_EPOCH, whatever the folder they are written to."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO, TEMPLATES, tree_bytes

EPOCH = "1782000000"  # 2026-06-21


def build_command(content: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "generator", "build", "--content", str(content), "--out", str(out),
            "--templates", str(TEMPLATES)]


def environment(epoch: str = EPOCH) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO), "SOURCE_DATE_EPOCH": epoch}


def run_build(content: Path, out: Path, cwd: Path, epoch: str = EPOCH) -> None:
    result = subprocess.run(build_command(content, out), cwd=cwd, env=environment(epoch), capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr


@pytest.fixture
def wiki(tmp_path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "small-wiki", content)
    return content


def test_a_build_killed_at_any_moment_leaves_a_whole_site_and_the_next_build_recovers(wiki, tmp_path):
    work = tmp_path / "work"  # the builds' working folder: caches, if any, live here and may be left half-written
    work.mkdir()
    site = tmp_path / "site"
    run_build(wiki, site, work)
    old = tree_bytes(site)
    alpha = wiki / "concepts" / "alpha-concept.md"
    alpha.write_text(alpha.read_text().replace("title: Alpha Concept", "title: Alpha Renamed"))
    reference = tmp_path / "reference"
    run_build(wiki, reference, tmp_path)  # what the new build must produce, made elsewhere
    new = tree_bytes(reference)
    assert new != old

    started = time.monotonic()
    run_build(wiki, tmp_path / "timing", work)
    duration = time.monotonic() - started
    outcomes = []
    for fraction in (0.1, 0.3, 0.5, 0.7, 0.9):
        process = subprocess.Popen(build_command(wiki, site), cwd=work, env=environment(),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(duration * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        parked = site.parent / ".site-previous"
        current = tree_bytes(site) if site.exists() else tree_bytes(parked)  # killed between the two renames: parked
        assert current in (old, new), f"a half-written site after a kill at {fraction:.0%} of a build"
        outcomes.append("old" if current == old else "new")
        if current == new:  # the kill came after the swap: put the old site back to try a later moment
            shutil.rmtree(site)
            run_build(FIXTURES / "small-wiki", site, work)
    run_build(wiki, site, work)
    assert tree_bytes(site) == new
    assert not (site.parent / ".site-previous").exists()
    assert "old" in outcomes  # at least one kill landed mid-build


def test_the_fresh_folder_of_a_killed_build_is_removed_by_the_next_build_but_a_running_one_is_left(wiki, tmp_path):
    site = tmp_path / "site"
    run_build(wiki, site, tmp_path)
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    killed = tmp_path / f".site-build-{gone.stdout.strip()}-abc123"  # that process has exited: nobody writes here
    running = tmp_path / f".site-build-{os.getpid()}-def456"  # this process is alive: it may still be writing
    for folder in (killed, running):
        (folder / "wiki").mkdir(parents=True)
        (folder / "wiki" / "half.html").write_text("half a page")
    alpha = wiki / "concepts" / "alpha-concept.md"
    alpha.write_text(alpha.read_text().replace("title: Alpha Concept", "title: Alpha Renamed"))
    run_build(wiki, site, tmp_path)
    deadline = time.monotonic() + 30  # leftovers are deleted by a detached process
    while killed.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not killed.exists()
    assert running.exists()
    assert [p.name for p in tmp_path.glob(".site-build-*")] == [running.name]


def test_the_same_content_and_epoch_give_the_same_bytes_wherever_they_are_built(wiki, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    run_build(wiki, tmp_path / "a" / "site", tmp_path / "a")
    run_build(wiki, tmp_path / "b" / "elsewhere", tmp_path / "b")
    assert tree_bytes(tmp_path / "a" / "site") == tree_bytes(tmp_path / "b" / "elsewhere")


def test_source_date_epoch_sets_the_build_date_and_nothing_else_changes(wiki, tmp_path):
    run_build(wiki, tmp_path / "june", tmp_path, EPOCH)
    run_build(wiki, tmp_path / "july", tmp_path, str(int(EPOCH) + 30 * 86400))
    june, july = tree_bytes(tmp_path / "june"), tree_bytes(tmp_path / "july")
    assert june.keys() == july.keys()
    changed = [name for name in june if june[name] != july[name]]
    assert changed, "the build date must show somewhere (the access date of article citations)"
    june_21 = re.compile(rb"2026\D{1,30}0?6\D{1,30}21|June\W{1,3}21|21\W{1,3}June")
    for name in changed:
        assert june_21.search(june[name]), f"{name} changed with the epoch but does not show the build date"


def test_a_piped_build_s_output_ends_when_the_build_exits_not_when_the_old_site_is_deleted(wiki, tmp_path):
    """An old site is deleted in the background after the swap: the site before the last one, kept beside it
    until a build replaces it (the standby). Whoever reads the build's output through a pipe (CI,
    `subprocess.run`, `| tee`) must see its end when the build exits, not when that deletion does."""
    out = tmp_path / "site"
    run_build(wiki, out, tmp_path)
    bulk = out / "bulk"
    bulk.mkdir()
    for index in range(10_000):  # an old site that takes a while to delete (a folder takes longer than a file)
        (bulk / str(index)).mkdir()
    page = wiki / "concepts" / "alpha-concept.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    run_build(wiki, out, tmp_path)  # the site with the bulk is the standby now
    later = str(int(EPOCH) + 86400)  # every page shows the date: no small edit, a fresh site, the standby replaced

    build = subprocess.Popen(build_command(wiki, out), cwd=tmp_path, env=environment(later), stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT)
    output = build.stdout.read()  # returns once no process holds the other end of the pipe
    old_sites_being_deleted = list(tmp_path.glob(f".{out.name}.old-*"))
    assert build.wait(timeout=300) == 0, output
    assert b"built" in output and not (out / "bulk").exists()
    assert old_sites_being_deleted, "the output ended only after the old site was deleted"
