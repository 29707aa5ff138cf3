"""The article files are listed from directory entries (generator/content/load.py): the same files, in the same order,
with the same problems, as sorting `rglob("*")` under each kind folder and looking at every path."""

from __future__ import annotations

import os
from pathlib import Path

from generator.content.load import ARTICLE_DIRS, article_files, article_files_and_kinds, display_path, links_outside
from generator.problems import Problems


def listed_by_rglob(content: Path, problems: Problems) -> list[tuple[Path, str]]:
    root = content.resolve()
    found = []
    for folder, kind in ARTICLE_DIRS.items():
        base = content / folder
        if links_outside(base, root, problems) or not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if links_outside(path, root, problems) or path.is_dir():
                continue
            if path.suffix != ".md":
                if not path.name.startswith("."):
                    problems.add(display_path(path), 1, 1, "not a Markdown article (.md); move it out of this folder")
                continue
            found.append((path, kind))
    return found


def make_tree(tmp_path: Path) -> Path:
    content, outside = tmp_path / "content", tmp_path / "outside"
    concepts = content / "concepts"
    for folder in (concepts / "sub" / "deeper", concepts / "a-b", concepts / "dir.md", content / "topics", outside):
        folder.mkdir(parents=True)
    for name in ("a.md", ".md", ".hidden.md", "notes.txt", ".dotfile", "c.md.", "d..md", "E.MD", "a-b.md", "a.b.md",
                 "sub.md", "\u00e9t\u00e9.md", "sub/x.md", "sub/deeper/y.md", "sub/z.txt", "a-b/q.md", "dir.md/inner.md"):
        (concepts / name).write_text("x")
    (outside / "o.md").write_text("x")
    (content / "topics" / "t.md").write_text("x")
    os.symlink(outside / "o.md", concepts / "out-link.md")  # refused
    os.symlink(outside, concepts / "out-folder")  # refused
    os.symlink(concepts / "a.md", concepts / "in-link.md")  # a link inside content/ is fine
    os.symlink(concepts / "sub", concepts / "in-folder")  # listed, not entered
    os.symlink(concepts / "missing.md", concepts / "broken.md")
    os.symlink(outside, content / "instruments")  # a whole kind folder leading outside
    return content


def test_the_listing_is_rglobs_in_order_with_its_problems_from_any_working_directory(tmp_path, monkeypatch):
    content = make_tree(tmp_path)
    for where, given in ((tmp_path, Path("content")), (content, Path(".")), (content / "concepts", Path("..")),
                         (tmp_path, content)):
        monkeypatch.chdir(where)
        expected_problems, problems, plain_problems = Problems(), Problems(), Problems()
        expected = listed_by_rglob(given, expected_problems)
        listed = article_files_and_kinds(given, problems)
        assert [(str(path), kind) for path, kind in listed] == [(str(path), kind) for path, kind in expected]
        assert listed == expected
        assert [str(p) for p in problems.items] == [str(p) for p in expected_problems.items]
        assert article_files(given, plain_problems) == [path for path, _ in expected]
        assert [str(p) for p in plain_problems.items] == [str(p) for p in expected_problems.items]
    assert len(expected) == 14 and len(expected_problems.items) == 7  # the tree has every case
