"""`policywiki build --profile`: where the time goes, by stage and by function.

Stage times are wall-clock seconds in the main process (a parallel stage counts once, however many
processes worked in it). The function table is cProfile's, of the main process only: forked workers
are not in it, so add `--jobs 1` to see inside parsing and rendering. The full profile is saved for
`python -m pstats FILE` or a viewer such as snakeviz.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import sys
from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")
TOP_FUNCTIONS = 25


def run_profiled(func: Callable[[], T], save_to: Path, stream=None) -> T:
    stream = stream or sys.stderr
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        result = func()
    finally:
        profiler.disable()
        save_to.parent.mkdir(parents=True, exist_ok=True)
        profiler.dump_stats(str(save_to))
    timings = getattr(result, "timings", {})
    print("policywiki profile: stage times (wall seconds, main process)", file=stream)
    for stage, seconds in timings.items():
        shown = f"{seconds:9.3f} s" if isinstance(seconds, float) else f"{seconds:9d}"
        print(f"  {stage:<16}{shown}", file=stream)
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(TOP_FUNCTIONS)
    print(text.getvalue().strip(), file=stream)
    print(f"policywiki profile: full profile saved to {save_to} (python -m pstats {save_to})", file=stream)
    return result
