"""Fork-based parallel map: the children inherit the loaded state (templates, graph, bibliography) for free.

On Linux `fork` shares the parent's memory copy-on-write, so a task needs no pickling on the way in;
only results travel back. Where fork is missing (macOS spawn default, Windows) or there is one core,
or too little work to be worth a process, the map runs in this process; the result is the same.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# The task the forked children run: set just before the pool forks, read by `_run_chunk` in the child.
_TASK: tuple[Callable, list[list]] | None = None
MIN_ITEMS_PER_JOB = 16  # below this, forking costs more than it saves


def default_jobs() -> int:
    """Cores this process may use (POLICYWIKI_JOBS overrides)."""
    configured = os.environ.get("POLICYWIKI_JOBS", "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def _child_start() -> None:
    """A forked child inherits the parent's profiler (`build --profile`), whose numbers it would throw away
    while running at half speed: switch it off."""
    sys.setprofile(None)


def _run_chunk(index: int) -> list:
    func, chunks = _TASK
    return [func(item) for item in chunks[index]]


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def fork_map(func: Callable[[T], R], items: Sequence[T], jobs: int | None = None,
             tick: Callable[[int], None] | None = None, min_items: int = MIN_ITEMS_PER_JOB * 2) -> list[R]:
    """[func(item) for item in items], spread over `jobs` forked processes; `tick(n)` after each n done."""
    global _TASK
    items = list(items)
    jobs = default_jobs() if jobs is None else jobs
    if jobs <= 1 or len(items) < max(2, min_items) or not _can_fork():
        results = []
        for item in items:
            results.append(func(item))
            if tick:
                tick(1)
        return results
    # Contiguous chunks, several per job so that the progress bar moves and the cores stay balanced.
    size = max(1, min(64, len(items) // (jobs * 8) or 1))
    chunks = [items[start:start + size] for start in range(0, len(items), size)]
    _TASK = (func, chunks)
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(jobs, initializer=_child_start) as pool:
            results = []
            for chunk_result in pool.imap(_run_chunk, range(len(chunks))):
                results.extend(chunk_result)
                if tick:
                    tick(len(chunk_result))
        return results
    finally:
        _TASK = None
