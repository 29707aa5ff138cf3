"""Loading runs in forked workers, references.bib among their tasks: the problems an editor is shown, and their
order, are those of one process, from a cold or a warm cache; and after a cold parallel build, an edit makes the
next build read that article's file and no other."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import FIXTURES, TEMPLATES, backdate, opened_under, run_main
from generator.build import build


def test_problems_are_the_same_loaded_by_one_worker_or_two_cold_or_warm(tmp_path, capsys):
    """references.bib is parsed by the load workers alongside the articles."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "bad-references", content)
    template = (content / "concepts" / "gamma-concept.md").read_text()
    for number in range(40):  # enough files for the load to fork
        text = template.replace("title: Gamma Concept", f"title: Copy {number}")
        if number % 7 == 0:
            text = text.replace("title:", "bad_field: 1\ntitle:")  # a problem of its own
        (content / "concepts" / f"copy-{number}.md").write_text(text)

    def problems(jobs: int, *cache: str) -> list[str]:
        status, _, err = run_main(capsys, "build", "--content", str(content), "--templates", str(TEMPLATES),
                                  "--out", str(tmp_path / "site"), "--jobs", str(jobs), *cache)
        assert status != 0
        return err.splitlines()

    one = problems(1, "--no-cache")
    assert any(line.split(":")[0].endswith("references.bib") for line in one)
    assert sum("bad_field" in line for line in one) == 6  # copies 0, 7, ..., 35
    assert problems(2, "--no-cache") == one
    assert problems(2) == one  # cold cache
    assert problems(2) == one  # warm cache


def test_after_a_cold_parallel_build_an_edit_makes_the_next_build_read_only_the_edited_article(small_wiki, tmp_path,
                                                                                               files_opened):
    """On a cold cache the workers hash the files they load; what they record must spare the next build reading
    every article again."""
    template = (small_wiki / "concepts" / "gamma-concept.md").read_text()
    for number in range(40):  # enough files for the load to fork
        (small_wiki / "concepts" / f"copy-{number}.md").write_text(template.replace("title: Gamma Concept",
                                                                                     f"title: Copy {number}"))
    backdate(small_wiki)  # saved well before the build, as an editor's files are
    site = tmp_path / "site"
    build(small_wiki, TEMPLATES, site, jobs=2)
    edited = small_wiki / "concepts" / "copy-7.md"
    edited.write_text(edited.read_text() + "\nOne more sentence.\n")
    files_opened.clear()
    build(small_wiki, TEMPLATES, site, jobs=2)
    assert {path for path in opened_under(files_opened, small_wiki) if path.endswith(".md")} == {str(edited)}
    assert "One more sentence." in (site / "wiki" / "copy-7" / "index.html").read_text()
