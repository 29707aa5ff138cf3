"""Fork-based parallel map: the children inherit the loaded state (templates, graph, bibliography) for free.

On Linux `fork` shares the parent's memory copy-on-write, so a task needs no pickling on the way in;
only results travel back. Where fork is missing (macOS spawn default, Windows) or there is one core,
or too little work to be worth a process, the map runs in this process; the result is the same.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
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


_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def _child_start(parent: int) -> None:
    """A forked child inherits the parent's profiler (`build --profile`), whose numbers it would throw away
    while running at half speed: switch it off.

    It also inherits the parent's signal handlers. `serve`'s only set an Event, so a worker survived the SIGTERM
    with which `Pool.terminate()` stops it, and the pool waited for it forever (issue 22). A worker dies on
    SIGTERM, as by default, and ignores SIGINT: Ctrl-C reaches the whole process group, and a worker killed while
    it holds the pool's queue lock would leave the pool waiting for that lock; the parent stops the pool instead.
    The pool forks with both signals blocked (`fork_map`), so none can reach the inherited handler first."""
    sys.setprofile(None)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)


def _die_with_parent(parent: int) -> None:
    """On Linux, the kernel sends this worker SIGTERM when its parent ends, however it ends (`serve` stopped
    mid-build, or killed): a worker blocked on the pool's queue would otherwise wait forever. (Strictly, when the
    thread that forked it ends: `fork_map`'s caller, which outlives its pool, or the pool's own helper thread,
    which ends with the pool.)"""
    if not sys.platform.startswith("linux"):
        return
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1: PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent ended before the request took effect
        os._exit(1)


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
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)  # until the workers' `_child_start`
        try:
            pool = context.Pool(jobs, initializer=_child_start, initargs=(os.getpid(),))
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        with pool:
            results = []
            for chunk_result in pool.imap(_run_chunk, range(len(chunks))):
                results.extend(chunk_result)
                if tick:
                    tick(len(chunk_result))
        return results
    finally:
        _TASK = None
