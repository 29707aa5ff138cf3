"""What the citation tests share: the reference processor's comparison script and its expected output."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
from functools import cache
from pathlib import Path

import pytest

from generator.cite import load_bibliography
from generator.problems import Problems

ORACLE = Path(__file__).resolve().parents[1].parent / "shared" / "oracle"
# Our style name -> the file citeproc-js wrote for the matching official CSL style.
STYLE_FILES = {
    "apa": "apa.json",
    "chicago": "chicago-author-date.json",
    "harvard": "harvard-cite-them-right.en-GB.json",
    "oscola": "oscola.json",
}


@cache
def _compare_module():
    spec = importlib.util.spec_from_file_location("oracle_compare", ORACLE / "compare.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_compare():
    """../shared/oracle/compare.py as a module; the calling test is skipped if the oracle is absent."""
    if not (ORACLE / "compare.py").is_file():
        pytest.skip("../shared/oracle is absent")
    return _compare_module()


def fixture_bibliography(folder: Path):
    """A fixture's items.bib, which must load without errors."""
    problems = Problems()
    bibliography = load_bibliography(folder / "items.bib", problems)
    assert not problems.errors
    return bibliography


def expected_output(folder: Path, style: str) -> dict:
    """The reference processor's output for `style`, as stored in `folder`/expected/."""
    return json.loads((folder / "expected" / STYLE_FILES[style]).read_text(encoding="utf-8"))


OUR_NODE_MODULES = Path(__file__).resolve().parents[1] / "node_modules"  # `make test` installs citeproc here


def citeproc_oracle() -> tuple[Path, dict[str, str]]:
    """../shared/oracle's oracle.js and where node finds citeproc-js: the project's node_modules (package.json pins
    the oracle's version), the oracle's own, or a copy of the oracle named by CITEPROC_ORACLE."""
    if shutil.which("node"):
        if (OUR_NODE_MODULES / "citeproc").is_dir():
            return ORACLE, {**os.environ, "NODE_PATH": str(OUR_NODE_MODULES)}
        for folder in (Path(os.environ.get("CITEPROC_ORACLE", "/nonexistent")), ORACLE):
            if (folder / "node_modules" / "citeproc").is_dir():
                return folder, dict(os.environ)
    message = "citeproc-js is not installed: run `make test` (npm ci), or set CITEPROC_ORACLE"
    if os.environ.get("CI"):
        pytest.fail(message)  # CI installs it: a skip there would hide a check that never ran
    pytest.skip(message)
