"""The site one build behind: after a small edit the command line brings the standby (`.site-standby` beside
site/) up to date and exchanges it with site/, instead of filling a fresh folder with a link per file. Whatever
happened to either folder, the site is the clean build's; a file whose bytes did not change keeps its inode, as
with a fresh folder; a build that fails while updating the standby leaves site/ as it was."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import TEMPLATES, build_counts, clean_build, files_and_folders, inodes, tree_bytes
from generator.build import build
from generator.incremental import sites
from generator.render.renderer import Renderer


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    copy = tmp_path / "templates"
    shutil.copytree(TEMPLATES, copy)
    return copy


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text().rstrip("\n") + f"\n\n{text}\n")


def edits(content: Path):
    """Small edits an editor makes one after the other (bodies, a title, an edit undone)."""
    gamma, alpha = content / "concepts" / "gamma-concept.md", content / "concepts" / "alpha-concept.md"
    gamma_before = gamma.read_text()
    yield lambda: append(gamma, "A first addition to gamma.")
    yield lambda: append(alpha, "An addition to alpha.")
    yield lambda: gamma.write_text(gamma.read_text().replace("title: Gamma Concept", "title: Gamma Renamed", 1))
    yield lambda: gamma.write_text(gamma_before)
    yield lambda: append(alpha, "A second addition to alpha.")


def folder_inode(path: Path) -> int:
    return os.stat(path).st_ino


def test_each_small_edit_exchanges_the_standby_with_the_site_which_equals_a_clean_build(small_wiki, templates,
                                                                                         tmp_path, capsys):
    site, standby = tmp_path / "site", tmp_path / ".site-standby"
    build(small_wiki, templates, site)
    for number, edit in enumerate(edits(small_wiki)):
        before, before_inodes = files_and_folders(site), inodes(site)
        was_standby = folder_inode(standby) if standby.is_dir() else None
        was_site = folder_inode(site)
        edit()
        counts = build_counts(capsys, small_wiki, site, "--templates", str(templates))
        clean_build(small_wiki, tmp_path / f"clean-{number}", templates)
        assert files_and_folders(site) == files_and_folders(tmp_path / f"clean-{number}"), number  # no empty folder
        after = tree_bytes(site)
        if was_standby is not None:  # the first edit after a cold build has no standby yet: a fresh folder
            assert folder_inode(site) == was_standby, number
            assert counts["standby files checked"] > 0  # as --profile shows it
        assert folder_inode(standby) == was_site, number  # the old site waits as the next standby
        now = inodes(site)
        kept = {name for name in after if before.get(name) == after[name]}
        assert {name for name in kept if now[name] != before_inodes[name]} == set(), number
        assert files_and_folders(standby) == before, number


def test_files_changed_added_or_removed_by_hand_in_either_folder_are_never_taken_over(small_wiki, templates,
                                                                                       tmp_path):
    site, standby = tmp_path / "site", tmp_path / ".site-standby"
    build(small_wiki, templates, site)
    steps = edits(small_wiki)
    next(steps)()
    build(small_wiki, templates, site)  # now there is a standby
    page = "wiki/beta-concept/index.html"
    with open(standby / page, "ab") as stream:  # written through, as an editor's tool might
        stream.write(b"<!-- by hand -->")
    (standby / "stray.html").write_text("left by hand")
    (standby / "wiki" / "test-topic" / "index.html").unlink()
    with open(site / "wiki" / "alpha-concept" / "index.html", "ab") as stream:
        stream.write(b"<!-- by hand in site/ -->")
    next(steps)()
    build(small_wiki, templates, site)
    assert tree_bytes(site) == clean_build(small_wiki, tmp_path / "clean", templates)
    next(steps)()
    build(small_wiki, templates, site)
    assert tree_bytes(site) == clean_build(small_wiki, tmp_path / "clean-again", templates)


def test_a_build_that_fails_while_updating_the_standby_leaves_the_site_and_the_next_build_is_clean(
        small_wiki, templates, tmp_path, monkeypatch):
    site = tmp_path / "site"
    build(small_wiki, templates, site)
    steps = edits(small_wiki)
    next(steps)()
    build(small_wiki, templates, site)
    before = tree_bytes(site)
    render = Renderer.render_article

    def failing(self, md, article, parsed):
        if article.slug == "alpha-concept":
            raise RuntimeError("a generator bug")
        return render(self, md, article, parsed)

    monkeypatch.setattr(Renderer, "render_article", failing)
    next(steps)()  # alpha's page must be made again
    with pytest.raises(RuntimeError):
        build(small_wiki, templates, site, jobs=1)
    assert tree_bytes(site) == before
    monkeypatch.undo()
    build(small_wiki, templates, site)
    assert tree_bytes(site) == clean_build(small_wiki, tmp_path / "clean", templates)
    next(steps)()
    build(small_wiki, templates, site)
    assert tree_bytes(site) == clean_build(small_wiki, tmp_path / "clean-again", templates)


def test_where_the_system_cannot_exchange_two_folders_in_one_rename_three_renames_do(small_wiki, templates, tmp_path,
                                                                                    monkeypatch):
    monkeypatch.setattr(sites, "_rename_exchange", lambda first, second: False)
    site, standby = tmp_path / "site", tmp_path / ".site-standby"
    build(small_wiki, templates, site)
    for number, edit in enumerate(edits(small_wiki)):
        was_site = folder_inode(site)
        edit()
        build(small_wiki, templates, site)
        assert tree_bytes(site) == clean_build(small_wiki, tmp_path / f"clean-{number}", templates), number
        assert folder_inode(standby) == was_site, number
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site")) == [".site-standby"]
