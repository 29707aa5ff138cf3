"""`policywiki new KIND "Title"` writes an article that passes check, dated by SOURCE_DATE_EPOCH, and never overwrites."""

from __future__ import annotations

import pytest
import yaml

from conftest import run_cli, run_main
from generator.content.scaffold import slugify


@pytest.mark.parametrize("kind, folder", [("concept", "concepts"), ("instrument", "instruments"), ("topic", "topics")])
def test_a_new_article_of_each_kind_passes_check(capsys, small_wiki, kind, folder):
    status, out, err = run_main(capsys, "new", kind, "Model Weights: Security & Access", "--content", str(small_wiki))
    assert status == 0, err
    path = small_wiki / folder / "model-weights-security-access.md"
    assert str(path) in out
    front = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
    assert front["title"] == "Model Weights: Security & Access"
    assert front["kind"] == kind
    assert "slug" not in front  # the file name is the slug
    status, out, err = run_main(capsys, "check", "--content", str(small_wiki))
    assert status == 0, err
    assert "no errors" in out


def test_the_date_is_the_source_date_epoch_day(capsys, small_wiki):
    run_main(capsys, "new", "instrument", "Dated Act", "--content", str(small_wiki))
    front = yaml.safe_load((small_wiki / "instruments" / "dated-act.md").read_text().split("---\n")[1])
    assert str(front["published"]) == "2026-06-21"  # conftest fixes SOURCE_DATE_EPOCH to this day
    assert str(front["status_date"]) == "2026-06-21"


@pytest.mark.parametrize("title, slug", [
    ("Inference-Time Compute", "inference-time-compute"),
    ("  Über  Größe (2025) ", "uber-groe-2025"),
    ("EU AI Act — Art. 51(2)", "eu-ai-act-art-51-2"),
    ("../../etc/passwd", "etc-passwd"),
])
def test_the_slug_is_made_from_the_title(title, slug):
    assert slugify(title) == slug


def test_an_existing_file_is_never_overwritten(capsys, small_wiki):
    path = small_wiki / "concepts" / "alpha-concept.md"
    before = path.read_bytes()
    status, _, err = run_main(capsys, "new", "concept", "Alpha Concept", "--content", str(small_wiki))
    assert status == 2
    assert "already exists; not overwriting it" in err
    assert path.read_bytes() == before


def test_a_slug_taken_in_another_folder_or_as_an_alias_is_refused(capsys, small_wiki):
    status, _, err = run_main(capsys, "new", "topic", "Alpha Concept", "--content", str(small_wiki))
    assert status == 2 and "already used by another article" in err
    status, _, err = run_main(capsys, "new", "topic", "X", "--slug", "first-idea", "--content", str(small_wiki))
    assert status == 0  # 'first idea' (with a space) is an alias, 'first-idea' a different name
    (small_wiki / "topics" / "first-idea.md").unlink()
    alpha = small_wiki / "concepts" / "alpha-concept.md"
    alpha.write_text(alpha.read_text().replace("aliases: [first idea]", "aliases: [first-idea]"))
    status, _, err = run_main(capsys, "new", "topic", "First Idea", "--content", str(small_wiki))
    assert status == 2 and "already used by another article" in err
    assert not (small_wiki / "topics" / "first-idea.md").exists()


@pytest.mark.parametrize("title, extra, message", [
    ("Search", [], "reserved"),
    ("人工智能", [], "give one with --slug"),
    ("Fine", ["--slug", "Bad_Slug"], "lower-case letters"),
    ("Fine", ["--slug", "../escape"], "lower-case letters"),
    ("   ", [], "one non-empty line"),
])
def test_unusable_titles_and_slugs_are_one_line_usage_errors(capsys, small_wiki, title, extra, message):
    before = sorted(p.name for p in small_wiki.rglob("*"))
    status, _, err = run_main(capsys, "new", "concept", title, *extra, "--content", str(small_wiki))
    assert status == 2
    assert message in err and len(err.strip().splitlines()) == 1
    assert sorted(p.name for p in small_wiki.rglob("*")) == before


def test_the_real_command_creates_then_refuses_without_a_traceback(small_wiki):
    first = run_cli("new", "concept", "Brand New Idea", "--content", str(small_wiki))
    assert first.returncode == 0, first.stderr
    second = run_cli("new", "concept", "Brand New Idea", "--content", str(small_wiki))
    assert second.returncode == 2
    assert "Traceback" not in second.stderr
