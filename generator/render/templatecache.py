"""Compiled templates kept for the life of the process, and, for the command line, in the build cache.

Each build makes a new Renderer, and so a new Jinja environment; in `policywiki serve` that is one per edit.
With this cache, an environment loads a template's compiled code instead of compiling its source again.
Jinja keys an entry by the template's name and file and checks it against the source's checksum, so an
edited template is compiled afresh. A command-line build is a new process each time: `keep_on_disk` names a
folder (in the build cache) where Jinja's own file cache keeps the compiled code between builds. The folder
is one per generator version, since the environment's options, which the compiled code depends on, are set
in the generator's code.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from jinja2.bccache import BytecodeCache, Bucket, FileSystemBytecodeCache


class MemoryBytecodeCache(BytecodeCache):
    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}
        self._disk: FileSystemBytecodeCache | None = None

    def keep_on_disk(self, folder: Path | None, version: str = "") -> None:
        """Keep compiled templates in `folder`/`version` too (None: in memory only); other versions go."""
        if folder is None:
            self._disk = None
            return
        for old in folder.glob("*") if folder.is_dir() else ():
            if old.name != version:
                shutil.rmtree(old, ignore_errors=True)
        (folder / version).mkdir(parents=True, exist_ok=True)
        self._disk = FileSystemBytecodeCache(str(folder / version))

    def load_bytecode(self, bucket: Bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)
        elif self._disk is not None:
            try:  # Jinja drops it if it is not of this source or this Python
                self._disk.load_bytecode(bucket)
            except Exception:  # noqa: BLE001 — a damaged file is a miss, as every cache entry's
                bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()
        if self._disk is not None:
            self._disk.dump_bytecode(bucket)

    def clear(self) -> None:
        self._compiled.clear()


COMPILED_TEMPLATES = MemoryBytecodeCache()
