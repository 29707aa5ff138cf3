"""A one-line progress bar on stderr for long builds; silent when stderr is not a terminal or CI is set."""

from __future__ import annotations

import os
import sys
import time
from typing import Callable, TextIO

MIN_ITEMS = 200  # small builds finish before a bar would help
WIDTH = 30


class Progress:
    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None):
        self.stream = stream or sys.stderr
        if enabled is None:
            enabled = bool(getattr(self.stream, "isatty", lambda: False)()) and not os.environ.get("CI")
        self.enabled = enabled

    @classmethod
    def quiet(cls) -> "Progress":
        return cls(enabled=False)

    def stage(self, name: str, total: int) -> Callable[[int], None] | None:
        """A `tick(n)` for a stage of `total` items, or None when there is nothing worth showing."""
        if not self.enabled or total < MIN_ITEMS:
            return None
        done = 0
        last = 0.0

        def tick(count: int) -> None:
            nonlocal done, last
            done += count
            now = time.monotonic()
            if now - last < 0.1 and done < total:
                return
            last = now
            filled = int(WIDTH * done / total)
            self.stream.write(f"\r{name:<8} [{'#' * filled}{'.' * (WIDTH - filled)}] {done}/{total}")
            if done >= total:
                self.stream.write("\n")
            self.stream.flush()

        return tick
