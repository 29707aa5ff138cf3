"""The command line after a small edit: it starts from the last full check, saved in the cache, and reads again
only the articles edited since; an edit it cannot bound that way (a new article, an instrument, references.bib)
runs the whole check, which saves a new one. Either way the site is the clean build's, warnings included."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import TEMPLATES, backdate, clean_build, opened_under, tree_bytes
from generator.build import build, check
from generator.problems import ContentError


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    copy = tmp_path / "templates"
    shutil.copytree(TEMPLATES, copy)
    return copy


def articles_read(opened: list[str], content: Path) -> set[str]:
    return {Path(path).name for path in opened_under(opened, content) if path.endswith(".md")}


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text().rstrip("\n") + f"\n\n{text}\n")


def same_as_clean(result, content: Path, site: Path, templates: Path, tmp_path: Path, name: str) -> None:
    assert tree_bytes(site) == clean_build(content, tmp_path / name, templates)
    assert result.warnings == check(content).warnings


def test_after_an_edit_only_the_edited_article_is_read_again(small_wiki, templates, tmp_path, files_opened):
    site = tmp_path / "site"
    backdate(small_wiki, templates)  # saved well before the build, as an editor's files are
    build(small_wiki, templates, site)
    append(small_wiki / "concepts" / "gamma-concept.md", "A new closing sentence about [[alpha-concept]].")
    files_opened.clear()
    result = build(small_wiki, templates, site)
    assert articles_read(files_opened, small_wiki) == {"gamma-concept.md"}
    assert "saved check and edited articles" in result.timings  # as `build --profile` shows it
    same_as_clean(result, small_wiki, site, templates, tmp_path, "clean")


def test_edits_since_the_last_full_check_add_up_and_an_undone_edit_is_undone(small_wiki, templates, tmp_path,
                                                                            files_opened):
    site = tmp_path / "site"
    backdate(small_wiki, templates)
    build(small_wiki, templates, site)
    gamma, alpha = small_wiki / "concepts" / "gamma-concept.md", small_wiki / "concepts" / "alpha-concept.md"
    gamma_before = gamma.read_text()
    steps = [
        lambda: append(gamma, "Gamma's first addition."),
        lambda: gamma.write_text(gamma.read_text().replace("title: Gamma Concept", "title: Gamma Renamed", 1)),
        lambda: append(alpha, "Alpha's addition."),
        lambda: gamma.write_text(gamma_before),  # gamma as the full check read it; alpha still edited
    ]
    both = {"gamma-concept.md", "alpha-concept.md"}
    read = [{"gamma-concept.md"}, {"gamma-concept.md"}, both, both]  # the last: gamma hashed, alpha checked again
    for number, (step, expected) in enumerate(zip(steps, read)):
        step()
        files_opened.clear()
        result = build(small_wiki, templates, site)
        assert articles_read(files_opened, small_wiki) == expected, number
        assert "saved check and edited articles" in result.timings, number
        same_as_clean(result, small_wiki, site, templates, tmp_path, f"clean-{number}")


@pytest.mark.parametrize("edit", ["new article", "instrument", "references.bib"])
def test_an_edit_it_cannot_bound_runs_the_whole_check_and_the_next_edit_starts_from_it(
        small_wiki, templates, tmp_path, files_opened, edit):
    site = tmp_path / "site"
    backdate(small_wiki, templates)
    build(small_wiki, templates, site)
    if edit == "new article":
        gamma = small_wiki / "concepts" / "gamma-concept.md"
        (small_wiki / "concepts" / "delta-concept.md").write_text(
            gamma.read_text().replace("Gamma Concept", "Delta Concept"))
    elif edit == "instrument":
        append(small_wiki / "instruments" / "test-act.md", "One more sentence on the act.")
    else:
        bib = small_wiki / "references.bib"
        bib.write_text(bib.read_text().replace("{Scaling {LLM}", "{Revised Scaling {LLM}", 1))
    backdate(small_wiki)  # (else the next build hashes this edit's files again: uptodate.py, racy files)
    result = build(small_wiki, templates, site)
    assert "load" in result.timings  # the whole check's stages, as `build --profile` shows them
    same_as_clean(result, small_wiki, site, templates, tmp_path, "clean")
    append(small_wiki / "concepts" / "alpha-concept.md", "Alpha's addition.")
    files_opened.clear()
    result = build(small_wiki, templates, site)
    assert articles_read(files_opened, small_wiki) == {"alpha-concept.md"}
    assert "saved check and edited articles" in result.timings
    same_as_clean(result, small_wiki, site, templates, tmp_path, "clean-after")


def test_a_build_that_fails_on_an_error_leaves_the_saved_check_and_the_fix_is_one_more_edit(small_wiki, templates,
                                                                                            tmp_path):
    site = tmp_path / "site"
    build(small_wiki, templates, site)
    gamma = small_wiki / "concepts" / "gamma-concept.md"
    text = gamma.read_text()
    gamma.write_text(text.replace("title: ", "title: [unclosed ", 1))
    with pytest.raises(ContentError):
        build(small_wiki, templates, site)
    gamma.write_text(text.rstrip("\n") + "\n\nFixed, with one sentence more.\n")
    result = build(small_wiki, templates, site)
    assert "saved check and edited articles" in result.timings
    same_as_clean(result, small_wiki, site, templates, tmp_path, "clean")


def test_a_saved_check_from_another_working_folder_is_not_used_its_paths_are_shown_from_there(
        small_wiki, templates, tmp_path, monkeypatch):
    site = tmp_path / "site"
    monkeypatch.chdir(tmp_path)
    build(small_wiki, templates, site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    append(small_wiki / "concepts" / "gamma-concept.md", "One more sentence.")
    result = build(small_wiki, templates, site)
    assert result.warnings and result.warnings == check(small_wiki).warnings  # paths as seen from elsewhere/
    assert "load" in result.timings
