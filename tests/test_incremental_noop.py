"""The no-op fast path: a rebuild with no input changed reads no input file and leaves site/ untouched (no file
written, replaced or touched); any changed input (content, template, the build date) or a site file edited by
hand gives a real rebuild, equal byte for byte to a clean build."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import TEMPLATES, backdate, clean_build, file_stats, opened_under, tree_bytes
from generator.build import build


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    copy = tmp_path / "templates"
    shutil.copytree(TEMPLATES, copy)
    return copy


def test_a_rebuild_with_no_input_changed_reads_no_input_and_leaves_the_site_untouched(small_wiki, templates,
                                                                                      tmp_path, files_opened):
    site = tmp_path / "site"
    backdate(small_wiki, templates)  # saved well before the build, as an editor's files are
    first = build(small_wiki, templates, site)
    before_bytes, before_stats = tree_bytes(site), file_stats(site)
    files_opened.clear()
    again = build(small_wiki, templates, site)
    assert opened_under(files_opened, small_wiki, templates) == []  # their stat is enough
    assert again.up_to_date
    assert again.warnings == first.warnings  # the last build's warnings are reported again
    assert again.articles == len(first.corpus.articles)
    assert tree_bytes(site) == before_bytes
    assert file_stats(site) == before_stats


def test_a_touched_but_unchanged_file_still_counts_as_unchanged(small_wiki, templates, tmp_path, files_opened):
    site = tmp_path / "site"
    build(small_wiki, templates, site)
    before = file_stats(site)
    article = small_wiki / "concepts" / "gamma-concept.md"
    os.utime(article, ns=(article.stat().st_atime_ns, article.stat().st_mtime_ns + 5_000_000_000))
    files_opened.clear()
    assert build(small_wiki, templates, site).up_to_date
    assert str(article) in files_opened  # read again, to see that its bytes are the same
    assert file_stats(site) == before


def test_the_cli_says_the_site_is_up_to_date(small_wiki, tmp_path, capsys):
    from generator.cli import main

    args = ["build", "--content", str(small_wiki), "--templates", str(TEMPLATES), "--out", str(tmp_path / "site")]
    assert main(args) == 0
    assert "built" in capsys.readouterr().out
    assert main(args) == 0
    assert "site is up to date" in capsys.readouterr().out


def edit_content(content: Path, templates: Path, site: Path, monkeypatch) -> None:
    path = content / "concepts" / "gamma-concept.md"
    path.write_text(path.read_text().replace("title: Gamma Concept", "title: Gamma Changed"))


def add_file(content: Path, templates: Path, site: Path, monkeypatch) -> None:
    (content / "concepts" / "delta-concept.md").write_text(
        "---\ntitle: Delta Concept\nkind: concept\nsummary: A new concept that links to gamma.\n"
        "related: [gamma-concept]\npublished: 2026-03-01\n---\nDelta extends [[gamma-concept]].\n")


def delete_file(content: Path, templates: Path, site: Path, monkeypatch) -> None:
    (content / "topics" / "test-topic.md").unlink()


def edit_template(content: Path, templates: Path, site: Path, monkeypatch) -> None:
    path = templates / "base.html"
    path.write_text(path.read_text().replace("<body>", "<body class=\"edited\">"))


def edit_site_by_hand(content: Path, templates: Path, site: Path, monkeypatch) -> None:
    (site / "wiki" / "beta-concept" / "index.html").write_text("vandalised")


def delete_site_file(content: Path, templates: Path, site: Path, monkeypatch) -> None:
    (site / "wiki" / "beta-concept" / "cite.bib").unlink()


def change_build_date(content: Path, templates: Path, site: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(os.environ["SOURCE_DATE_EPOCH"]) + 86400 * 40))


CHANGES = [edit_content, add_file, delete_file, edit_template, edit_site_by_hand,
           delete_site_file, change_build_date]


@pytest.mark.parametrize("change", CHANGES, ids=[change.__name__ for change in CHANGES])
def test_any_changed_input_or_site_file_gives_a_real_rebuild_equal_to_a_clean_build(small_wiki, templates, tmp_path,
                                                                                    monkeypatch, change):
    site = tmp_path / "site"
    build(small_wiki, templates, site)
    change(small_wiki, templates, site, monkeypatch)
    result = build(small_wiki, templates, site)
    assert not getattr(result, "up_to_date", False)
    assert tree_bytes(site) == clean_build(small_wiki, tmp_path / "clean", templates)


def test_a_site_replaced_by_a_build_without_cache_is_not_taken_for_the_recorded_one(small_wiki, templates, tmp_path):
    site = tmp_path / "site"
    build(small_wiki, templates, site)
    build(small_wiki, templates, site, use_cache=False)  # new files, unknown to the cache's records
    result = build(small_wiki, templates, site)
    assert not getattr(result, "up_to_date", False)


def test_an_edit_that_keeps_size_and_mtime_right_after_a_build_is_still_seen(small_wiki, templates, tmp_path):
    """Within the clock's granularity of the build, an edit can keep size and mtime: a file written moments
    before a build is recorded as racy and hashed next time, so the edit is seen."""
    site = tmp_path / "site"
    path = small_wiki / "concepts" / "gamma-concept.md"
    path.write_text(path.read_text())  # just saved by an editor
    build(small_wiki, templates, site)
    st = path.stat()
    path.write_text(path.read_text().replace("Gamma Concept", "Gamma Cxncept", 1))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)
    result = build(small_wiki, templates, site)
    assert not getattr(result, "up_to_date", False)
    assert tree_bytes(site) == clean_build(small_wiki, tmp_path / "clean", templates)


def test_a_record_of_inputs_left_from_another_build_is_not_taken_for_the_site_s(small_wiki, templates, tmp_path):
    """The cache's record of what the last build read, put back from an earlier build whose content is the
    current content again, while site/ (intact) is the build of other content: the site is rebuilt."""
    site, record = tmp_path / "site", tmp_path / ".cache" / "policywiki" / "site" / "inputs.pickle"
    path = small_wiki / "concepts" / "gamma-concept.md"
    original = path.read_text()
    build(small_wiki, templates, site)
    earlier = record.read_bytes()  # the record of the original content's build
    path.write_text(original.replace("Gamma Concept", "Gamma Changed", 1))
    build(small_wiki, templates, site)
    path.write_text(original)
    record.write_bytes(earlier)
    result = build(small_wiki, templates, site)
    assert not getattr(result, "up_to_date", False)
    assert tree_bytes(site) == clean_build(small_wiki, tmp_path / "clean", templates)
