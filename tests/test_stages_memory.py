"""Memory, as the process itself reports it: a build's peak stays far below the README's figures, a process
that builds again and again (as `serve` does) does not grow with each build, and after a build the process
still frees the garbage it makes. A build must never keep the previous build's garbage for good."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import weakref

from conftest import REPO, TEMPLATES, add_articles
from generator.build import build

# Run in a fresh interpreter: build, then build again after an edit (as `serve` does), then make garbage that only
# the collector can free (objects referring to themselves), and report the process's own peak RSS after each.
PROBE = """
import json, re, sys
from pathlib import Path
from generator.build import build

def peak_mib():
    # VmHWM, this process's own high-water mark: getrusage's ru_maxrss would carry the forking pytest's
    # (Linux keeps it across fork and exec)
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1)) / 1024

content, templates, site = map(Path, sys.argv[1:4])
build(content, templates, site, jobs=1)
first = peak_mib()
article = content / "concepts" / "gamma-concept.md"
for number in range(2):
    article.write_text(article.read_text().replace("title: Gamma", f"title: {number} Gamma", 1))
    build(content, templates, site, jobs=1)
rebuilt = peak_mib()

class Node:
    pass

for _ in range(150_000):  # about 190 MiB if none of it were freed
    node = Node()
    node.me, node.pad = node, bytearray(1000)
print(json.dumps({"first": first, "rebuilt": rebuilt, "garbage": peak_mib()}))
"""


def test_a_builds_peak_memory_stays_bounded_across_rebuilds_and_garbage_is_still_freed(small_wiki, tmp_path):
    add_articles(small_wiki, 15)
    done = subprocess.run([sys.executable, "-c", PROBE, str(small_wiki), str(TEMPLATES), str(tmp_path / "site")],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    peak = json.loads(done.stdout.strip().splitlines()[-1])
    assert peak["first"] < 300  # MiB: the README reports about 600 for 10,000 articles; this is 20
    assert peak["rebuilt"] - peak["first"] < 40, peak  # two more builds in the same process
    assert peak["garbage"] - peak["rebuilt"] < 40, peak  # the collector still runs after a build


class _Cycle:
    pass


def test_a_second_build_in_one_process_frees_garbage_made_before_the_first(small_wiki, tmp_path):
    cycle = _Cycle()
    cycle.me = cycle  # alive while the first build runs
    gone = weakref.ref(cycle)
    build(small_wiki, TEMPLATES, tmp_path / "site", jobs=1)
    del cycle  # now garbage that only the collector can free
    build(small_wiki, TEMPLATES, tmp_path / "again", jobs=1)
    gc.collect()
    assert gone() is None
