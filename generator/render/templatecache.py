"""Compiled templates kept for the life of the process.

Each build makes a new Renderer, and so a new Jinja environment; in `policywiki serve` that is one per edit.
With this cache, an environment loads a template's compiled code instead of compiling its source again.
Jinja keys an entry by the template's name and file and checks it against the source's checksum, so an
edited template is compiled afresh."""

from __future__ import annotations

from jinja2.bccache import BytecodeCache, Bucket


class MemoryBytecodeCache(BytecodeCache):
    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self._compiled.clear()


COMPILED_TEMPLATES = MemoryBytecodeCache()
