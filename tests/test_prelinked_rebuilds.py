"""Linking ahead (generator/incremental/prelink.py): after a small edit, the fresh site starts as hard links to the current one,
made while the content loads. The result is still exactly a clean build (no file too many, no folder left empty),
the old site is never written through a link, and a failed build leaves nothing behind."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from conftest import TEMPLATES, build_counts, clean_build, files_and_folders
from generator.build import build
from generator.incremental.prelink import small_edit
from generator.problems import ContentError
from generator.incremental.uptodate import InputFile, InputRecord


def clean(content: Path, out: Path) -> dict[str, bytes | None]:
    clean_build(content, out)
    return files_and_folders(out)


def retitle(content: Path, slug: str = "gamma-concept", title: str = "Gamma Concept") -> None:
    path = content / "concepts" / f"{slug}.md"
    path.write_text(path.read_text().replace(f"title: {title}", f"title: {title} Renamed"))


def fresh_folders(site: Path) -> list[Path]:
    return sorted(site.parent.glob(f".{site.name}-build-*"))


def test_a_small_edit_links_the_whole_current_site_ahead_and_still_gives_a_clean_build(small_wiki, tmp_path, capsys):
    site = tmp_path / "site"
    build(small_wiki, TEMPLATES, site)
    files_before = sum(1 for p in site.rglob("*") if p.is_file())
    retitle(small_wiki)
    assert build_counts(capsys, small_wiki, site)["files linked ahead"] == files_before  # as --profile shows it
    assert files_and_folders(site) == clean(small_wiki, tmp_path / "clean")


def test_a_deleted_article_leaves_no_file_and_no_empty_folder(small_wiki, tmp_path, capsys):
    site = tmp_path / "site"
    build(small_wiki, TEMPLATES, site)
    assert (site / "wiki" / "test-topic").is_dir()
    (small_wiki / "topics" / "test-topic.md").unlink()
    assert build_counts(capsys, small_wiki, site)["files linked ahead"] > 0
    assert not (site / "wiki" / "test-topic").exists()
    assert files_and_folders(site) == clean(small_wiki, tmp_path / "clean")


def test_a_page_changed_by_hand_in_site_is_made_again_not_linked_ahead(small_wiki, tmp_path):
    site = tmp_path / "site"
    build(small_wiki, TEMPLATES, site)
    page = site / "wiki" / "test-act" / "index.html"
    page.write_text("edited by hand")
    retitle(small_wiki)  # the act's page does not show gamma's title: only the hand edit makes it stale
    build(small_wiki, TEMPLATES, site)
    assert files_and_folders(site) == clean(small_wiki, tmp_path / "clean")


def test_the_old_site_is_never_written_through_a_link(small_wiki, tmp_path):
    site = tmp_path / "site"
    build(small_wiki, TEMPLATES, site)
    page = site / "wiki" / "alpha-concept" / "index.html"  # shows gamma's title: rewritten by the edit
    keep = tmp_path / "old-alpha.html"
    os.link(page, keep)  # a second name for the old page's inode
    old = keep.read_bytes()
    retitle(small_wiki)
    build(small_wiki, TEMPLATES, site)
    assert page.read_bytes() != old
    assert keep.read_bytes() == old


def test_content_errors_leave_the_site_as_it_was_and_no_fresh_folder_behind(small_wiki, tmp_path):
    site = tmp_path / "site"
    build(small_wiki, TEMPLATES, site)
    before = files_and_folders(site)
    alpha = small_wiki / "concepts" / "alpha-concept.md"
    alpha.write_text(alpha.read_text() + "\nA link to [[no-such-article]].\n")
    with pytest.raises(ContentError):
        build(small_wiki, TEMPLATES, site)
    assert files_and_folders(site) == before
    deadline = time.monotonic() + 30  # the abandoned folder is deleted by a detached process
    while fresh_folders(site) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert fresh_folders(site) == []


def record(files: dict[str, str], version: str = "v1", date: str = "2026-06-21") -> InputRecord:
    return InputRecord(version, date, ("content", "templates", "site"),
                       {name: InputFile(10, 1, sha, False) for name, sha in files.items()})


CONTENT = {f"content/concepts/c{i}.md": f"sha{i}" for i in range(400)} | {"templates/base.html": "t"}


def test_an_edit_to_a_few_content_files_counts_as_small():
    edited = CONTENT | {"content/concepts/c1.md": "new", "content/concepts/new.md": "new"}
    del edited["content/concepts/c2.md"]
    assert small_edit(record(CONTENT), record(edited))


@pytest.mark.parametrize("change", ["a template", "many articles", "the build date", "the generator"])
def test_a_template_edit_or_a_change_to_many_files_links_nothing_ahead(change):
    now = {
        "a template": record(CONTENT | {"templates/base.html": "edited"}),
        "many articles": record(CONTENT | {f"content/concepts/c{i}.md": "new" for i in range(60)}),
        "the build date": record(CONTENT, date="2026-06-22"),
        "the generator": record(CONTENT, version="v2"),
    }[change]
    assert not small_edit(record(CONTENT), now)


def test_without_a_previous_record_nothing_is_linked_ahead():
    assert not small_edit(None, record(CONTENT))
