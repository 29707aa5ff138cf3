"""Paths in messages are relative to the working directory when they can be: exactly what os.path.relpath gives
(generator/content/load.py `display_path` takes a shortcut for paths under the working directory)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.content.load import display_path

PATHS = ["", ".", "..", "a", "a/b", "/", "x//y", "./x/../y", "~/x", "content/concepts/a.md"]


def _relpath(path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


@pytest.mark.parametrize("where", ["inside", "root", "elsewhere"])
def test_display_path_is_relpath_from_any_working_directory(tmp_path, monkeypatch, where):
    folder = {"inside": tmp_path / "project", "root": Path("/"), "elsewhere": tmp_path / "other"}[where]
    folder.mkdir(exist_ok=True)
    monkeypatch.chdir(folder)
    work = str(tmp_path / "project")
    for path in PATHS + [work, work + "/", work + "/x.md", work + "x/y.md", work + "/../project/z.md", Path(work) / "c.md"]:
        assert display_path(path) == _relpath(path), path
