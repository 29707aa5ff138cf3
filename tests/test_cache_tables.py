"""Cache tables (the per-article records a build keeps, tens of megabytes at 10,000 articles): a small change
writes a small part of the table's size to disk, repeated changes do not pile up, and whatever is on disk, a
table loads as exactly what was last saved, or as a miss, never as a mix of two builds. What is observed is
what `load_table` gives back and the bytes written to the cache folder, not how the folder is laid out."""

from __future__ import annotations

from pathlib import Path

from conftest import bytes_written, file_stats
from generator.incremental.cache import BuildCache

TABLE = "records.pickle"


def records(n: int, prefix: str = "r") -> dict[str, str]:
    return {f"{prefix}{i}": f"value of {prefix}{i}" for i in range(n)}


def saved(cache_dir: Path, table: dict) -> BuildCache:
    """One build's turn: load the table, then save what the build ended with."""
    cache = BuildCache(cache_dir)
    cache.load_table(TABLE)
    cache.save_table(TABLE, table)
    return cache


def folder_size(root: Path) -> int:
    return sum(stat[2] for stat in file_stats(root).values())


def file_bytes(root: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in root.rglob("*") if path.is_file()}


def test_a_table_loads_as_it_was_saved_in_a_later_build(tmp_path):
    saved(tmp_path, records(100))
    assert BuildCache(tmp_path).load_table(TABLE) == records(100)


def test_a_small_change_to_a_big_table_writes_a_small_part_of_its_size(tmp_path):
    saved(tmp_path, records(1000))
    whole = folder_size(tmp_path)
    before = file_stats(tmp_path)
    changed = {**records(1000), "new": "an edited article"}
    del changed["r5"]
    saved(tmp_path, changed)
    assert bytes_written(tmp_path, before) < whole / 20
    assert BuildCache(tmp_path).load_table(TABLE) == changed


def test_successive_small_changes_each_load_as_saved(tmp_path):
    table = records(1000)
    saved(tmp_path, table)
    for edit in range(5):
        table = {**table, f"edit{edit}": "x"}
        saved(tmp_path, table)
        assert BuildCache(tmp_path).load_table(TABLE) == table


def test_after_a_large_change_the_cache_holds_no_more_than_the_new_table(tmp_path):
    cache, alone = tmp_path / "cache", tmp_path / "alone"
    saved(cache, records(1000))
    saved(cache, {**records(1000), "new": "x"})
    saved(cache, records(1000, prefix="other"))
    assert BuildCache(cache).load_table(TABLE) == records(1000, prefix="other")
    saved(alone, records(1000, prefix="other"))
    assert folder_size(cache) - folder_size(alone) < folder_size(alone) / 20  # nothing of the old table left


def test_a_file_left_from_an_earlier_save_is_never_mixed_in(tmp_path):
    saved(tmp_path, records(1000))
    saved(tmp_path, {**records(1000), "stale": "from the old table"})
    earlier = file_bytes(tmp_path)
    saved(tmp_path, records(1000, prefix="other"))  # a large change: a new table
    for path, data in earlier.items():  # as if deleting or replacing any of them had been lost
        if not path.exists():
            path.write_bytes(data)
    assert BuildCache(tmp_path).load_table(TABLE) == records(1000, prefix="other")


def test_any_corrupt_or_truncated_file_is_a_miss_never_a_wrong_entry(tmp_path):
    last = {**records(1000), "new": "x"}
    saved(tmp_path, records(1000))
    saved(tmp_path, last)
    good = file_bytes(tmp_path)
    assert good
    for path, data in good.items():
        for damaged in (b"\x80garbage", data[: len(data) // 2], b""):
            path.write_bytes(damaged)
            loaded = BuildCache(tmp_path).load_table(TABLE)
            assert all(last.get(key) == value for key, value in loaded.items()), path.name  # missing: recomputed
        path.write_bytes(data)
    assert BuildCache(tmp_path).load_table(TABLE) == last


def test_a_disabled_cache_keeps_nothing():
    cache = BuildCache(None)
    assert cache.load_table(TABLE) == {}
    cache.save_table(TABLE, records(3))
    assert cache.load_table(TABLE) == {}
