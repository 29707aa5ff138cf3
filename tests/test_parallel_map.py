"""fork_map: the same results as a plain loop, in order, whatever the number of processes; forked children
run unprofiled (the parent's profiler would slow them and its numbers would be lost), die on SIGTERM and leave
Ctrl-C to their parent whatever handlers the parent installed (`serve`'s once made a pool wait forever), and end
when their parent ends, however it ends."""

from __future__ import annotations

import cProfile
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from conftest import REPO
from generator.incremental.parallel import fork_map


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


def test_maps_finish_and_children_die_on_sigterm_even_when_the_parent_handles_it_with_a_flag():
    # As `serve` does. Run apart, with a time limit: a regression hangs the pool, and that process with it.
    script = textwrap.dedent("""
        import os, signal
        from generator.incremental.parallel import fork_map
        STOPS, NAMES = (signal.SIGTERM, signal.SIGINT), {signal.SIG_DFL: "default", signal.SIG_IGN: "ignored"}
        for signum in STOPS:
            signal.signal(signum, lambda *_: None)
        def dispositions(_):
            return os.getpid(), tuple(NAMES.get(signal.getsignal(signum), "handled") for signum in STOPS)
        children = set()
        for _ in range(20):  # leaving a pool raced with its workers: one in a few hung
            children |= {state for state in fork_map(dispositions, range(64), jobs=2) if state[0] != os.getpid()}
        print(len({pid for pid, _ in children}), *sorted({state for _, state in children}))
        """)
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    count, dispositions = result.stdout.split(" ", 1)
    assert int(count) >= 2  # the work did run in children
    assert dispositions.strip() == "('default', 'ignored')"  # SIGTERM kills a child; Ctrl-C is the parent's


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_forked_children_end_when_their_parent_is_killed_mid_map():
    script = textwrap.dedent("""
        import os, time
        from generator.incremental.parallel import fork_map
        def nap(_):
            os.write(1, b"%d\\n" % os.getpid())  # one write: the two workers' lines never mix
            time.sleep(60)
        fork_map(nap, range(64), jobs=2)
        """)
    parent = subprocess.Popen([sys.executable, "-c", script], cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        workers = {int(parent.stdout.readline()) for _ in range(2)}  # each prints its pid, then sleeps
        assert parent.pid not in workers and len(workers) == 2
    finally:
        parent.kill()  # SIGKILL: the parent cannot stop its pool itself
        parent.wait(timeout=10)
    deadline = time.monotonic() + 5
    while (left := {pid for pid in workers if _alive(pid)}) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not left, f"workers {sorted(left)} outlived their parent"
