"""Shared fixtures: copies of hand-made wikis in a temporary folder, and a way to run the CLI."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
TEMPLATES = REPO / "templates"
SHARED = REPO.parent / "shared"


@pytest.fixture
def small_wiki(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/small-wiki: five valid articles of every kind and two references."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURES / "small-wiki", target)
    return target


@pytest.fixture(autouse=True)
def fixed_build_date(monkeypatch):
    """Builds in tests stand for one fixed day, so outputs can be compared byte for byte."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1782000000")  # 2026-06-21


_OPENED: list[str] | None = None  # what `files_opened` is recording into, if anything
_HOOKED = False


def _record_open(event: str, args: tuple) -> None:
    if event == "open" and _OPENED is not None and isinstance(args[0], (str, bytes, os.PathLike)):
        _OPENED.append(os.fsdecode(args[0]))


@pytest.fixture
def files_opened():
    """Every path this process opens (to read or write) while the test runs, as the interpreter's "open" audit
    event reports it: what a build reads, whichever code reads it. (An audit hook stays for good: one is added.)"""
    global _OPENED, _HOOKED
    if not _HOOKED:
        sys.addaudithook(_record_open)
        _HOOKED = True
    _OPENED = []
    yield _OPENED
    _OPENED = None


def opened_under(opened: list[str], *folders: Path) -> list[str]:
    """The paths of `opened` inside any of `folders`."""
    return [path for path in opened if any(path.startswith(f"{folder}{os.sep}") for folder in folders)]


def backdate(*folders: Path, seconds: int = 3600) -> None:
    """Make every file under `folders` look saved `seconds` ago, as an editor's files are before a build."""
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file():
                past = path.stat().st_mtime_ns - seconds * 1_000_000_000
                os.utime(path, ns=(past, past))


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Every file under `root` (relative path → bytes): what "byte-identical sites" compares."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def files_and_folders(root: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and every folder (None) under `root`: an empty folder counts too."""
    return {str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None) for p in sorted(root.rglob("*"))}


def inodes(root: Path) -> dict[str, int]:
    """Every file under `root` (relative path → inode): a file kept from the last build keeps its inode."""
    return {str(p.relative_to(root)): p.stat().st_ino for p in root.rglob("*") if p.is_file()}


def file_stats(root: Path) -> dict[str, tuple[int, int, int]]:
    """Every file under `root` (relative path → inode, mtime, size): a file nobody wrote since keeps all three."""
    stats = {}
    for path in root.rglob("*"):
        if path.is_file():
            st = path.stat()
            stats[str(path.relative_to(root))] = (st.st_ino, st.st_mtime_ns, st.st_size)
    return stats


def bytes_written(root: Path, before: dict[str, tuple[int, int, int]]) -> int:
    """How many bytes of the files under `root` were written (created or replaced) since `before = file_stats(root)`."""
    return sum(stat[2] for name, stat in file_stats(root).items() if before.get(name) != stat)


def add_articles(content: Path, count: int) -> None:
    """`count` more concept articles, each with a wiki link and a formula, to make a wiki of a given size."""
    for index in range(count):
        (content / "concepts" / f"extra-{index:03d}.md").write_text(
            f"---\ntitle: Extra {index}\nkind: concept\nsummary: Extra concept number {index}.\n"
            f"published: 2026-01-12\n---\n## Notes\n\nExtra {index} builds on [[alpha-concept]] and $10^{index}$.\n")


def clean_build(content: Path, out: Path, templates: Path = TEMPLATES) -> dict[str, bytes]:
    """The plain build (one process, no cache, no previous site): the reference every incremental build must
    equal, byte for byte."""
    from generator.build import build

    build(content, templates, out, jobs=1, use_cache=False)
    return tree_bytes(out)


def clean_build_elsewhere(content: Path, out: Path, templates: Path = TEMPLATES) -> dict[str, bytes]:
    """`clean_build` in a process of its own: the reference for a build that keeps state in this process
    (serve's resident build), which must not share that state with what it is compared against."""
    done = run_cli("build", "--content", str(content), "--templates", str(templates), "--out", str(out),
                   "--no-cache", "--jobs", "1")
    assert done.returncode == 0, done.stderr
    return tree_bytes(out)


def replace_in(path: Path, old: str, new: str, count: int = -1) -> None:
    """An editor's edit: `old` must be there (so a stale test cannot pass by editing nothing)."""
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count))


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run `python -m generator ARGS` as a real process, as an editor would."""
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd or REPO,
                          capture_output=True, text=True, timeout=300)


def run_main(capsys, *args: str) -> tuple[int, str, str]:
    """Run the CLI in-process (faster); returns (exit status, stdout, stderr)."""
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def build_counts(capsys, content: Path, site: Path, *options: str) -> dict[str, int]:
    """Run `policywiki build --profile` in-process and return the counts it prints among its stage times
    (fingerprints computed, files linked ahead, pages rendered, per-article outputs made, whole-site pages
    made, bibliography files made): what an editor is shown of how much work a build did."""
    status, _, err = run_main(capsys, "build", "--content", str(content), "--templates", str(TEMPLATES),
                              "--out", str(site), "--profile", *options)
    assert status == 0, err
    stage_lines = err.split("stage times", 1)[1].split("\n", 1)[1]
    counts = {}
    for line in stage_lines.splitlines():
        if not line.startswith("  "):
            break  # the function table follows the stage lines
        if found := re.fullmatch(r"  (\S.*?) +(\d+)", line):
            counts[found[1]] = int(found[2])
    return counts
