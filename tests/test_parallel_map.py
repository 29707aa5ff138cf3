"""fork_map: the same results as a plain loop, in order, whatever the number of processes; forked children
run unprofiled (the parent's profiler would slow them and its numbers would be lost)."""

from __future__ import annotations

import cProfile
import os
import sys

from generator.parallel import fork_map


def square(n: int) -> int:
    return n * n


def worker_state(_: int) -> tuple[int, bool]:
    return os.getpid(), sys.getprofile() is None


def test_results_are_those_of_a_plain_loop_in_order_with_one_or_two_processes():
    items = list(range(200))
    assert fork_map(square, items, jobs=1) == fork_map(square, items, jobs=2) == [n * n for n in items]


def test_forked_children_run_without_the_parents_profiler():
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        states = fork_map(worker_state, list(range(64)), jobs=2)
    finally:
        profiler.disable()
    assert any(pid != os.getpid() for pid, _ in states)  # the work did run in children
    assert all(unprofiled for pid, unprofiled in states if pid != os.getpid())
