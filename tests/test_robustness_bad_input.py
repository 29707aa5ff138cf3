"""Bad input, as hand-made bad wikis run through the real CLI: every defect is a positioned, human message, the
exit status is 1, no traceback is printed and the previous site/ is left byte for byte as it was. Odd but valid
input (a BOM, CRLF line ends, a 5 MB article, front matter with no body) builds normally.

tests/fixtures/bad-*/ are whole wikis with one family of defects each; their expected-errors.txt is the exact list
of errors `check` must print (paths relative to the wiki). Defects that are bytes rather than text (invalid UTF-8,
binary files, symbolic links) are made here, because a repository does not keep them reliably.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO, TEMPLATES, tree_bytes
from generator.build import build

BAD_WIKIS = sorted(path.name for path in FIXTURES.glob("bad-*") if path.is_dir())
PROBLEM = re.compile(r"^\S.*:\d+:\d+: ")


def run_build(content: Path, out: Path) -> subprocess.CompletedProcess:
    """`policywiki build` as an editor runs it, from inside the content folder (so paths print relative)."""
    return subprocess.run([sys.executable, "-m", "generator", "build", "--content", ".", "--out", str(out),
                           "--templates", str(TEMPLATES)],
                          cwd=content, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(REPO)})


def errors(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stderr.splitlines() if PROBLEM.match(line) and ": warning: " not in line]


@pytest.fixture
def previous_site(small_wiki, tmp_path) -> tuple[Path, dict[str, bytes]]:
    """A good site already built where the bad build will try to write."""
    out = tmp_path / "site"
    build(small_wiki, TEMPLATES, out)
    return out, tree_bytes(out)


def assert_refused_and_site_kept(result, previous_site) -> None:
    out, before = previous_site
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    assert result.stderr.rstrip().splitlines()[-1].endswith("nothing was written")
    assert tree_bytes(out) == before
    assert not [p.name for p in out.parent.iterdir() if p.name.startswith(".site-")]


def test_there_is_a_bad_wiki_for_each_family_of_text_defects():
    assert BAD_WIKIS == ["bad-fields", "bad-names", "bad-references", "bad-yaml"]


@pytest.mark.parametrize("name", BAD_WIKIS)
def test_each_bad_wiki_gets_exactly_its_positioned_errors_and_the_site_survives(name, tmp_path, previous_site):
    content = tmp_path / name
    shutil.copytree(FIXTURES / name, content, ignore=shutil.ignore_patterns("expected-errors.txt"))
    result = run_build(content, previous_site[0])
    assert_refused_and_site_kept(result, previous_site)
    expected = (FIXTURES / name / "expected-errors.txt").read_text(encoding="utf-8").splitlines()
    assert errors(result) == expected


def damage_bytes(wiki: Path, elsewhere: Path) -> dict[str, str]:
    """Add one byte-level defect per file; return file name -> the positioned message expected for it."""
    concepts = wiki / "concepts"
    (concepts / "latin1.md").write_bytes(b"---\ntitle: Caf\xe9 Concept\nkind: concept\n---\n")
    (concepts / "binary.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (concepts / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (concepts / "empty.md").write_bytes(b"")
    (concepts / "blank.md").write_bytes(b"  \n\n\t\n")
    (concepts / "bell.md").write_bytes(b"---\ntitle: Bell\x07\nkind: concept\n---\n")
    (concepts / "separator.md").write_text("---\ntitle: Line\u2028Separator\nkind: concept\n---\n")
    (concepts / "deep.md").write_text("---\ntitle: " + "[" * 3000 + "]" * 3000 + "\n---\n")
    secret = elsewhere / "secret.md"
    secret.write_text("---\ntitle: Outside\n---\n")
    (concepts / "escape.md").symlink_to(secret)
    (concepts / "escape-folder").symlink_to(elsewhere, target_is_directory=True)
    (concepts / "loop.md").symlink_to(concepts / "loop.md")  # a link to itself: resolving it never ends
    (wiki / "references.bib").write_bytes((wiki / "references.bib").read_bytes() + b"\n@misc{bad, title={Caf\xe9}}\n")
    return {
        "latin1.md": "concepts/latin1.md:2:11: invalid UTF-8 byte 0xe9; save the file as UTF-8",
        "binary.md": "concepts/binary.md:1:1: this is a binary file, not UTF-8 text; remove it from content/",
        "picture.png": "concepts/picture.png:1:1: not a Markdown article (.md); move it out of this folder",
        "empty.md": "concepts/empty.md:1:1: empty file: an article needs front matter",
        "blank.md": "concepts/blank.md:1:1: empty file: an article needs front matter",
        "bell.md": "concepts/bell.md:2:12: invalid YAML: control character U+0007 is not allowed",
        "separator.md": "concepts/separator.md:2:12: invalid YAML: U+2028 is a line break to YAML but not to editors",
        "deep.md": "concepts/deep.md:2:1: invalid YAML: nested too deeply",
        "escape.md": "concepts/escape.md:1:1: symbolic link points outside content/; refusing to read it",
        "escape-folder": "concepts/escape-folder:1:1: symbolic link points outside content/; refusing to read it",
        "loop.md": "concepts/loop.md:1:1: symbolic link leads to itself (a loop); refusing to read it",
        "references.bib": "references.bib:23:",  # 'invalid UTF-8 byte 0xe9' (the wording is the loader's)
    }


def test_byte_level_defects_are_each_positioned_and_nothing_is_written(small_wiki, tmp_path, previous_site):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    expected = damage_bytes(small_wiki, elsewhere)
    result = run_build(small_wiki, previous_site[0])
    assert_refused_and_site_kept(result, previous_site)
    found = errors(result)
    for name, message in expected.items():
        assert any(line.startswith(message) for line in found), f"{name}: {message!r} not in\n" + "\n".join(found)
    assert not [line for line in found if "secret" in line or "Outside" in line]  # the link's target is never read


def test_a_symbolic_link_loop_added_after_a_build_is_reported_not_taken_as_up_to_date(small_wiki, previous_site):
    (small_wiki / "topics" / "circular.md").symlink_to("circular.md")
    result = run_build(small_wiki, previous_site[0])
    assert_refused_and_site_kept(result, previous_site)
    assert errors(result) == ["topics/circular.md:1:1: symbolic link leads to itself (a loop); refusing to read it"]


def test_an_unsafe_site_url_in_site_yaml_is_refused_at_its_value(small_wiki, previous_site):
    site = small_wiki / "site.yaml"
    site.write_text(site.read_text().replace("base_url: https://wiki.example.org/", "base_url: javascript:alert(1)"))
    result = run_build(small_wiki, previous_site[0])
    assert_refused_and_site_kept(result, previous_site)
    assert errors(result) == ["site.yaml:2:11: 'base_url': must be an http(s) or site-relative URL"]


def test_odd_but_valid_input_builds_normally(small_wiki, tmp_path):
    alpha = small_wiki / "concepts" / "alpha-concept.md"
    alpha.write_bytes(b"\xef\xbb\xbf" + alpha.read_bytes())  # a BOM, as some Windows editors save
    beta = small_wiki / "concepts" / "beta-concept.md"
    beta.write_bytes(beta.read_bytes().replace(b"\n", b"\r\n"))  # CRLF line ends
    bib = small_wiki / "references.bib"
    bib.write_bytes(b"\xef\xbb\xbf" + bib.read_bytes().replace(b"\n", b"\r\n"))
    paragraph = "A long paragraph of plain prose about compute thresholds and inference. " * 14 + "[[alpha-concept]].\n\n"
    body = "## Very long\n\n" + paragraph * (5 * 1024 * 1024 // len(paragraph) + 1)
    (small_wiki / "topics" / "huge-topic.md").write_text(
        "---\ntitle: Huge Topic\nkind: topic\nsummary: A five megabyte article, which must build like any other.\n"
        "published: 2026-01-01\n---\n" + body, encoding="utf-8")
    (small_wiki / "topics" / "no-body.md").write_text(
        "---\ntitle: No Body\nkind: topic\nsummary: An article that is only front matter, with no body at all.\n"
        "published: 2026-01-01\n---", encoding="utf-8")
    assert (small_wiki / "topics" / "huge-topic.md").stat().st_size > 5 * 1024 * 1024
    out = tmp_path / "site"
    result = run_build(small_wiki, out)
    assert result.returncode == 0, result.stderr
    assert errors(result) == []
    assert "<title>Alpha Concept" in (out / "wiki" / "alpha-concept" / "index.html").read_text(encoding="utf-8")
    assert "Beta builds on" in (out / "wiki" / "beta-concept" / "index.html").read_text(encoding="utf-8")
    assert "\r" not in (out / "wiki" / "beta-concept" / "index.html").read_text(encoding="utf-8")
    assert (out / "wiki" / "huge-topic" / "index.html").stat().st_size > 5 * 1024 * 1024
    assert "<h1" in (out / "wiki" / "no-body" / "index.html").read_text(encoding="utf-8")


def run_check(content: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "check", "--content", "."],
                          cwd=content, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(REPO)})


def link_out(wiki: Path, name: str, elsewhere: Path) -> None:
    """Replace content/<name> by a symbolic link to a copy of the same bytes outside content/."""
    original = wiki / name
    copy = elsewhere / original.name
    copy.write_bytes(original.read_bytes() if original.exists() else b"models: []\n")
    original.parent.mkdir(parents=True, exist_ok=True)
    original.unlink(missing_ok=True)
    original.symlink_to(copy)


@pytest.mark.parametrize("name", ["references.bib", "site.yaml", "data/models.yaml"])
@pytest.mark.parametrize("command", ["check", "build (after a good build, so its caches are warm)"])
def test_a_content_file_that_links_out_of_content_is_refused_by_check_and_build(name, command, small_wiki,
                                                                              tmp_path, previous_site):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    if command.startswith("build"):
        assert run_build(small_wiki, previous_site[0]).returncode == 0  # the same bytes were fine inside content/
    link_out(small_wiki, name, elsewhere)
    message = f"{name}:1:1: symbolic link points outside content/; refusing to read it"
    if command == "check":
        result = run_check(small_wiki)
        assert result.returncode == 1, result.stderr
        assert message in errors(result)
    else:
        result = run_build(small_wiki, previous_site[0])
        assert_refused_and_site_kept(result, previous_site)
        assert message in errors(result)


def test_an_article_whose_front_matter_is_refused_still_has_its_body_checked_in_the_same_run(small_wiki,
                                                                                             previous_site):
    """Broken YAML, an unknown field or a kind in the wrong folder: the file gets no page, but its broken links
    and unknown citation keys are reported with the front-matter problem, so one run shows an editor everything."""
    body = "\n## Notes\n\nSee [[no-such-article]] and [[alpha-concept]], as argued [@no-such-key].\n"
    concepts = small_wiki / "concepts"
    (concepts / "bad-yaml.md").write_text("---\ntitle: [unclosed\nkind: concept\n---\n" + body)
    (concepts / "bad-field.md").write_text(
        "---\ntitle: Bad Field\nkind: concept\nsummary: A concept whose front matter has a field nobody knows.\n"
        "published: 2026-01-01\ncolour: red\n---\n" + body)
    (concepts / "wrong-folder.md").write_text(
        "---\ntitle: Wrong Folder\nkind: topic\nsummary: A topic saved in the concepts folder by mistake, sadly.\n"
        "published: 2026-01-01\n---\n" + body)
    (concepts / "links-to-bad.md").write_text(  # a link to an article that failed is not reported twice
        "---\ntitle: Links To Bad\nkind: concept\nsummary: A valid concept that links to the three broken ones.\n"
        "published: 2026-01-01\n---\n[[bad-yaml]], [[bad-field]] and [[wrong-folder]].\n")
    body_problems = {
        "concepts/bad-yaml.md": 8, "concepts/bad-field.md": 11, "concepts/wrong-folder.md": 10}
    for run in ("cold", "warm"):  # warm: the records of the failed files come from the build cache
        result = run_build(small_wiki, previous_site[0])
        assert_refused_and_site_kept(result, previous_site)
        found = errors(result)
        for path, line in body_problems.items():
            assert f"{path}:{line}:5: broken wiki link: no article 'no-such-article'" in found, (run, found)
            assert f"{path}:{line}:58: unknown citation key '@no-such-key' (not in references.bib)" in found, (run, found)
        assert not [line for line in found if "links-to-bad" in line or "alpha-concept'" in line]
        assert any(line.startswith("concepts/bad-yaml.md:2:") for line in found)
        assert any(line.startswith("concepts/bad-field.md:6:1: unknown field 'colour'") for line in found)
        assert "concepts/wrong-folder.md:3:7: kind 'topic' does not match its folder (expected 'concept')" in found
