"""The plain build (`policywiki build --jobs 1 --no-cache`): the whole pipeline in one process, with none of the
incremental machinery, and the reference that every faster build equals byte for byte (conftest.clean_build is
this build, so every incremental test compares with it too)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, TEMPLATES, tree_bytes
from generator.build import build

PLAIN_BUILD = """
import json, sys
from pathlib import Path
from generator.build import build
build(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), jobs=1, use_cache=False)
print(json.dumps(sorted(name for name in sys.modules if name.startswith("generator.incremental"))))
"""


@pytest.fixture(scope="module")
def plain_build(tmp_path_factory) -> tuple[Path, list[str]]:
    """The shipped wiki built plain, in its own process: (the site, the incremental modules it imported)."""
    out = tmp_path_factory.mktemp("plain") / "site"
    result = subprocess.run([sys.executable, "-c", PLAIN_BUILD, str(REPO / "content"), str(TEMPLATES), str(out)],
                            capture_output=True, text=True, timeout=300, cwd=REPO,
                            env={**os.environ, "PYTHONPATH": str(REPO), "SOURCE_DATE_EPOCH": "1782000000"})
    assert result.returncode == 0, result.stderr
    return out, json.loads(result.stdout)


def test_the_plain_build_never_imports_the_incremental_machinery(plain_build):
    site, imported = plain_build
    assert imported == []
    assert (site / "wiki" / "inference-time-compute" / "index.html").is_file()
    assert not (site.parent / ".cache").exists()  # and it keeps no cache


def test_the_shipped_wiki_builds_to_the_same_bytes_plain_and_incremental_cold_and_warm(plain_build, tmp_path):
    plain = tree_bytes(plain_build[0])
    site = tmp_path / "incremental"
    build(REPO / "content", TEMPLATES, site, jobs=2, cache_dir=tmp_path / "cache")
    assert tree_bytes(site) == plain
    (site / "index.html").write_text("edited by hand")  # the next build must notice and mend it
    build(REPO / "content", TEMPLATES, site, jobs=2, cache_dir=tmp_path / "cache")
    assert tree_bytes(site) == plain
