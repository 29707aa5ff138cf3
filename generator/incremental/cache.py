"""The persistent build cache: `.cache/policywiki/<site folder>/` beside the output, git-ignored.

Every entry is keyed by a content hash of what produced it, plus the generator version (a hash of
generator/'s own source) so that changing the code invalidates everything. A missing, stale,
truncated or otherwise unreadable entry is a miss, never an error: the build recomputes it. Files
are written to a temporary name and renamed, so a killed build leaves whole entries or none.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import pickle
import tempfile
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

FORMAT = 1  # bump when the shape of cached records changes without a source change (never, in practice)


def digest(*parts: bytes | str) -> str:
    """A short stable hash of `parts` (strings are UTF-8 encoded; parts are length-prefixed)."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def tree_digest(root: Path, pattern: str = "*") -> str:
    """A hash of the relative path and bytes of every file matching `pattern` under `root` (recursively)."""
    h = hashlib.blake2b(digest_size=16)
    if root.is_dir():
        for path in sorted(p for p in root.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts):
            h.update(str(path.relative_to(root)).encode("utf-8") + b"\0")
            h.update(hashlib.blake2b(path.read_bytes(), digest_size=16).digest())
    return h.hexdigest()


@lru_cache(maxsize=1)
def generator_version() -> str:
    """The package version plus a hash of every module of the generator: new code, new cache."""
    from generator import __version__

    return digest(__version__, str(FORMAT), tree_digest(Path(__file__).resolve().parents[1], "*.py"))


def default_cache_dir(out_dir: Path) -> Path:
    """Beside the output: site/ → .cache/policywiki/site/ (the repository ignores .cache/)."""
    out_dir = Path(out_dir).resolve()
    return out_dir.parent / ".cache" / "policywiki" / out_dir.name


DELTA = ".delta"  # a table's changes since its base file are saved under the base's name plus this


class BuildCache:
    """Named pickles in one folder. `None` is never stored: `load` returning None means a miss."""

    def __init__(self, root: Path | None):
        self.root = Path(root) if root is not None else None
        self._bases: dict[str, tuple[str, set] | None] = {}  # table name → (token, keys) of its base file
        if self.root is not None:
            (self.root / "bodies").mkdir(parents=True, exist_ok=True)

    @property
    def enabled(self) -> bool:
        return self.root is not None

    def path(self, name: str) -> Path:
        return self.root / name

    def load(self, name: str, expected_version: str | None = None) -> Any:
        """The object saved under `name`, or None when missing, corrupt or from another generator version."""
        if self.root is None:
            return None
        try:
            with open(self.root / name, "rb") as stream:
                version, value = pickle.load(stream)
        except Exception:  # noqa: BLE001 — any unreadable entry is a miss, by design
            return None
        return value if version == (expected_version or generator_version()) else None

    def save(self, name: str, value: Any) -> None:
        if self.root is None:
            return
        with atomic_file(self.root / name) as stream:  # streamed: a large entry is never a second copy in memory
            pickle.dump((generator_version(), value), stream, protocol=pickle.HIGHEST_PROTOCOL)

    def rename(self, name: str, new_name: str) -> bool:
        """Give the entry `name` the name `new_name` (replacing any entry there); False if there was none."""
        if self.root is None:
            return False
        try:
            os.replace(self.root / name, self.root / new_name)
        except OSError:
            return False
        return True

    # --- tables: big dicts of content-keyed entries (an entry's value never changes under its key) --------

    def load_table(self, name: str) -> dict:
        """A dict saved with `save_table`: its base file plus the changes saved since (empty on a miss)."""
        base = self.load(name)
        if not (isinstance(base, tuple) and len(base) == 2 and isinstance(base[1], dict)):
            self._bases[name] = None
            return {}
        token, table = base
        self._bases[name] = (token, set(table))
        delta = self.load(name + DELTA)
        if isinstance(delta, tuple) and len(delta) == 3 and delta[0] == token:  # else stale or corrupt: ignore
            _, added, removed = delta
            for key in removed:
                table.pop(key, None)
            table.update(added)
        return table

    def save_table(self, name: str, table: dict) -> None:
        """Save `table` (after `load_table(name)` in this build). When it differs from the base file by a
        small part, only the difference is written, beside the base: an edit to one article of 10,000
        rewrites a few kilobytes, not a 90 MB pickle. The difference is bound to its base by a token, so it
        is never applied to another one."""
        if self.root is None:
            return
        base = self._bases.get(name)
        if base is not None:
            token, base_keys = base
            added = {key: value for key, value in table.items() if key not in base_keys}
            removed = [key for key in base_keys if key not in table]
            if len(added) + len(removed) <= max(16, len(table) // 10):
                self.save(name + DELTA, (token, added, removed))
                return
        token = os.urandom(8).hex()
        self.save(name, (token, table))
        self._bases[name] = (token, set(table))
        try:
            os.unlink(self.root / (name + DELTA))
        except OSError:
            pass

    def body_file(self, key: str) -> str:
        """The file of one pack of pre-rendered bodies (generator/incremental/cached_parse.py), as a string: made
        for every article of every build, where pathlib's joins add up."""
        return f"{self.root}{os.sep}bodies{os.sep}{key}.pickle"

    def prune_bodies(self, live: set[str]) -> None:
        """Drop cached bodies no article uses any more, so the cache does not grow without end."""
        if self.root is None:
            return
        try:
            entries = list(os.scandir(self.root / "bodies"))
        except FileNotFoundError:
            return
        for entry in entries:
            if entry.name.endswith(".pickle") and entry.name[:-len(".pickle")] not in live:
                Path(entry.path).unlink(missing_ok=True)


_TEMPORARY = itertools.count()


def write_atomic(target: Path | str, data: bytes) -> None:
    """Write `data` to a temporary file beside `target`, then rename it into place."""
    with atomic_file(target) as stream:
        stream.write(data)


@contextmanager
def atomic_file(target: Path | str):
    """`with atomic_file(target) as stream:` a new file that replaces `target` when the block ends, and is
    removed if it fails."""
    folder = os.path.dirname(target) or "."
    # A name unique to this process and call; a leftover of a killed process of the same id falls back to mkstemp.
    temporary = os.path.join(folder, f".tmp-{os.getpid()}-{next(_TEMPORARY)}")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=".tmp-", dir=folder)
    except FileExistsError:
        descriptor, temporary = tempfile.mkstemp(prefix=".tmp-", dir=folder)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            yield stream
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
