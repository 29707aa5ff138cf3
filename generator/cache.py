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

    return digest(__version__, str(FORMAT), tree_digest(Path(__file__).resolve().parent, "*.py"))


def default_cache_dir(out_dir: Path) -> Path:
    """Beside the output: site/ → .cache/policywiki/site/ (the repository ignores .cache/)."""
    out_dir = Path(out_dir).resolve()
    return out_dir.parent / ".cache" / "policywiki" / out_dir.name


class BuildCache:
    """Named pickles in one folder. `None` is never stored: `load` returning None means a miss."""

    def __init__(self, root: Path | None):
        self.root = Path(root) if root is not None else None
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
        write_atomic(self.root / name, pickle.dumps((generator_version(), value), protocol=pickle.HIGHEST_PROTOCOL))

    def body_path(self, key: str) -> Path:
        return Path(self.body_file(key))

    def body_file(self, key: str) -> str:
        """`body_path` as a string: made for every article of every build, where pathlib's joins add up."""
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
            stream.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def load_pickle(path: Path | str) -> Any:
    """A body written by `save_body`, or None if it is missing or unreadable."""
    try:
        with open(path, "rb") as stream:
            version, value = pickle.load(stream)
    except Exception:  # noqa: BLE001
        return None
    return value if version == generator_version() else None


def save_pickle(path: Path | str, value: Any) -> None:
    write_atomic(path, pickle.dumps((generator_version(), value), protocol=pickle.HIGHEST_PROTOCOL))
