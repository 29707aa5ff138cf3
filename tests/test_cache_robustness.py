"""The build cache only ever saves work: a cache file that is corrupt, cut short, missing or left from an
earlier build, a cache of another generator version, or a site edited by hand gives a rebuild, never wrong
output; a build that fails while writing leaves the site and the cache usable. The cache is observed as an
editor sees it, a folder of files beside the site, whatever their names."""

from __future__ import annotations

import errno
import sys
import time
from pathlib import Path

import pytest

import generator
from conftest import TEMPLATES, build_counts, clean_build, tree_bytes
from generator.build import build
from generator.incremental.cache import generator_version


def cache_of(site: Path) -> Path:
    """Where the README says the cache of `site` lives."""
    return site.parent / ".cache" / "policywiki" / site.name


def cache_files(site: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in sorted(cache_of(site).rglob("*")) if path.is_file()}


def retitle_gamma(content: Path, title: str) -> None:
    path = content / "concepts" / "gamma-concept.md"
    text = path.read_text()
    old = text.split("title: ", 1)[1].split("\n", 1)[0]
    path.write_text(text.replace(f"title: {old}", f"title: {title}", 1))


def test_the_cache_lives_beside_the_site_in_a_dot_cache_folder(small_wiki, tmp_path):
    build(small_wiki, TEMPLATES, tmp_path / "site")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".cache", "content", "site"]
    assert cache_files(tmp_path / "site")  # .cache/policywiki/site/, as the README says


def test_a_corrupt_cache_or_any_few_files_corrupt_cut_short_missing_or_from_an_earlier_build_give_a_clean_build(
        small_wiki, tmp_path, monkeypatch):
    """The whole cache is corrupted, then its files are damaged a few at a time, each in another way; after each
    damage the content and the build date change (gamma's title, which its neighbours' pages and the search index
    show; the date every page shows, so that every page is made again from what the cache holds) and the site is
    built: whichever files are damaged (the cached search records among them), and however, it is the clean
    build's, search index included."""
    states = [("Gamma Concept", "1782000000"), ("Gamma Changed", "1785000000")]

    def enter(state: int) -> None:
        retitle_gamma(small_wiki, states[state][0])
        monkeypatch.setenv("SOURCE_DATE_EPOCH", states[state][1])

    expected = []
    for state in (1, 0):
        enter(state)
        expected.insert(0, clean_build(small_wiki, tmp_path / f"clean-{state}"))
    site = tmp_path / "site"
    enter(1)
    build(small_wiki, TEMPLATES, site)
    earlier = cache_files(site)  # the cache of the other content
    enter(0)
    build(small_wiki, TEMPLATES, site)
    damages = [
        lambda path, data: path.write_bytes(b"\x80garbage"),  # corrupt
        lambda path, data: path.write_bytes(data[: len(data) // 2]),  # cut short
        lambda path, data: path.unlink(),  # missing
        lambda path, data: path.write_bytes(earlier.get(path, data[:1])),  # from the build before the last one
    ]
    listed = list(cache_files(site))
    assert len(listed) >= len(damages)
    rounds = [[(lambda path, data: path.write_bytes(b"\x80garbage" + data[: len(data) // 2]), path)
               for path in listed]]  # the whole cache at once
    rounds += [list(zip(damages, listed[start:start + len(damages)])) for start in range(0, len(listed), len(damages))]
    for number, damaged in enumerate(rounds):
        now = cache_files(site)
        for damage, path in damaged:
            if path in now:  # (a file the last build replaced by another is skipped)
                damage(path, now[path])
        enter((number + 1) % 2)
        earlier = now
        build(small_wiki, TEMPLATES, site)
        assert tree_bytes(site) == expected[(number + 1) % 2], [str(p.relative_to(cache_of(site))) for _, p in damaged]


@pytest.fixture
def another_generator_version(monkeypatch):
    """What a new release of the generator does to every cache key."""
    def switch():
        monkeypatch.setattr(generator, "__version__", generator.__version__ + "-next")
        generator_version.cache_clear()
    yield switch
    monkeypatch.undo()
    generator_version.cache_clear()


def test_a_cache_from_another_generator_version_is_ignored(small_wiki, tmp_path, capsys, another_generator_version):
    site = tmp_path / "site"
    cold = build_counts(capsys, small_wiki, site)
    assert cold["pages rendered"] > 0
    another_generator_version()
    assert build_counts(capsys, small_wiki, site) == cold  # every page made again, as by a cold build
    assert tree_bytes(site) == clean_build(small_wiki, tmp_path / "clean")


def test_a_page_edited_by_hand_in_the_site_is_rewritten_by_the_next_build(small_wiki, tmp_path):
    site = tmp_path / "site"
    expected = clean_build(small_wiki, tmp_path / "clean")
    build(small_wiki, TEMPLATES, site)
    page = site / "wiki" / "beta-concept" / "index.html"
    page.write_text("vandalised")
    build(small_wiki, TEMPLATES, site)
    assert tree_bytes(site) == expected


@pytest.fixture
def disk_full_after():
    """`fail(folder, files)`: from then on, in this process, writing more than `files` files under `folder` (outside
    its .cache/ and content/) fails as a full disk would. `fail(None, 0)` ends it (audit hooks stay for good)."""
    state = {"folder": None, "left": 0}

    def hook(event, args):
        if event != "open" or state["folder"] is None or not isinstance(args[0], (str, Path)):
            return
        path, mode = str(args[0]), args[1]
        if not isinstance(mode, str) or not set(mode) & set("wxa+"):
            return
        if path.startswith(state["folder"]) and not path.startswith((state["folder"] + ".cache",
                                                                    state["folder"] + "content")):
            state["left"] -= 1
            if state["left"] < 0:
                raise OSError(errno.ENOSPC, "No space left on device", path)

    sys.addaudithook(hook)

    def fail(folder: Path | None, files: int) -> None:
        state["folder"], state["left"] = (f"{folder}/" if folder else None), files
    yield fail
    fail(None, 0)


def test_a_build_that_fails_while_writing_leaves_the_site_and_a_usable_cache(small_wiki, tmp_path, disk_full_after):
    site = tmp_path / "site"
    build(small_wiki, TEMPLATES, site)
    before, entries = tree_bytes(site), sorted(tmp_path.iterdir())
    retitle_gamma(small_wiki, "Gamma Changed")
    disk_full_after(tmp_path, 2)  # gamma's page and a few of its neighbours' must be written
    with pytest.raises(OSError, match="No space left"):
        build(small_wiki, TEMPLATES, site, jobs=1)
    disk_full_after(None, 0)
    assert tree_bytes(site) == before  # the fresh tree never touched the old files
    deadline = time.monotonic() + 30  # an abandoned fresh folder is deleted by a detached process
    while sorted(tmp_path.iterdir()) != entries and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(tmp_path.iterdir()) == entries
    build(small_wiki, TEMPLATES, site)
    assert tree_bytes(site) == clean_build(small_wiki, tmp_path / "clean")
