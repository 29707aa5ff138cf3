"""When Python's collector may run while a stage builds results that live for the whole build.

Loading, parsing and linking each make tens of thousands of records that stay alive until the build ends.
Full collections would walk all of them again and again as they pile up, so those stages pause the oldest
generation and freeze what they made; everything else about the collector is left as it was.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager

# How many builds of this process may leave their frozen garbage before a first stage collects it (serve: see
# `collect_every`). One: every build, as a command-line build (it is the only one) or a test expects.
_policy = {"every": 1, "skipped": 0}


def collect_every(builds: int) -> None:
    """A process that builds again and again (serve) collects the cyclic garbage of its earlier builds only
    every `builds` builds: a full collection walks every live record, which an edit should not wait for on
    each save. Garbage without cycles is freed at once all the same."""
    _policy.update(every=max(1, builds), skipped=0)


def _collection_due() -> bool:
    _policy["skipped"] += 1
    if _policy["skipped"] < _policy["every"]:
        return False
    _policy["skipped"] = 0
    return True


@contextmanager
def long_lived(first_stage: bool = False):
    """For a stage whose results live for the whole build. While it runs, only young objects are collected
    (reference cycles made and dropped along the way, as matplotlib makes for figures): the full collections
    walked every record made so far, again and again as they piled up (seconds at 10,000 articles). After it,
    its results are frozen, so that no later collection walks them, here or in the forked render processes
    (which then do not copy their pages either). Garbage is still freed as usual when its last reference goes.

    A previous build in this process (`serve`, the tests) may have frozen objects that are garbage by now: the
    first stage gives them back and collects before freezing, so nothing is kept for good."""
    if not gc.isenabled():
        yield
        return
    collect = first_stage and _collection_due() and gc.get_freeze_count() > 0  # the count walks them all
    if collect:
        gc.unfreeze()
    thresholds = gc.get_threshold()
    gc.set_threshold(thresholds[0], thresholds[1], 1 << 30)  # forked workers inherit this too
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        if collect:
            gc.collect()
        gc.freeze()
