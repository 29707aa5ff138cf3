"""Cache tables (the per-article load and parse records): a small change is saved as a difference beside
the base file instead of rewriting it; whatever is on disk, a table loads as exactly what was last saved,
or as a miss, never as a mix of two builds."""

from __future__ import annotations

from generator.incremental.cache import DELTA, BuildCache

TABLE = "records.pickle"


def records(n: int, prefix: str = "r") -> dict[str, str]:
    return {f"{prefix}{i}": f"value of {prefix}{i}" for i in range(n)}


def saved(cache_dir, table: dict) -> BuildCache:
    cache = BuildCache(cache_dir)
    cache.load_table(TABLE)
    cache.save_table(TABLE, table)
    return cache


def test_a_table_loads_as_it_was_saved_in_a_later_build(tmp_path):
    saved(tmp_path, records(100))
    assert BuildCache(tmp_path).load_table(TABLE) == records(100)


def test_a_small_change_writes_only_the_difference_and_leaves_the_base_file_alone(tmp_path):
    saved(tmp_path, records(1000))
    base = (tmp_path / TABLE).read_bytes()
    changed = {**records(1000), "new": "an edited article"}
    del changed["r5"]
    saved(tmp_path, changed)
    assert (tmp_path / TABLE).read_bytes() == base
    assert (tmp_path / (TABLE + DELTA)).stat().st_size < len(base) / 20
    assert BuildCache(tmp_path).load_table(TABLE) == changed


def test_successive_small_changes_accumulate_against_the_same_base(tmp_path):
    table = records(1000)
    saved(tmp_path, table)
    for edit in range(5):
        table = {**table, f"edit{edit}": "x"}
        saved(tmp_path, table)
        assert BuildCache(tmp_path).load_table(TABLE) == table


def test_a_large_change_rewrites_the_base_and_drops_the_difference(tmp_path):
    saved(tmp_path, records(1000))
    saved(tmp_path, {**records(1000), "new": "x"})
    saved(tmp_path, records(1000, prefix="other"))
    assert not (tmp_path / (TABLE + DELTA)).exists()
    assert BuildCache(tmp_path).load_table(TABLE) == records(1000, prefix="other")


def test_a_difference_left_from_another_base_is_never_applied(tmp_path):
    saved(tmp_path, records(1000))
    saved(tmp_path, {**records(1000), "stale": "from the old base"})
    stale_delta = (tmp_path / (TABLE + DELTA)).read_bytes()
    saved(tmp_path, records(1000, prefix="other"))  # a new base (and its difference deleted)
    (tmp_path / (TABLE + DELTA)).write_bytes(stale_delta)  # as if that deletion had been lost
    assert BuildCache(tmp_path).load_table(TABLE) == records(1000, prefix="other")


def test_a_corrupt_difference_or_base_is_a_miss_not_an_error(tmp_path):
    saved(tmp_path, records(1000))
    saved(tmp_path, {**records(1000), "new": "x"})
    (tmp_path / (TABLE + DELTA)).write_bytes(b"\x80garbage")
    assert BuildCache(tmp_path).load_table(TABLE) == records(1000)  # "new" is a miss: recomputed by the build
    (tmp_path / TABLE).write_bytes(b"")
    assert BuildCache(tmp_path).load_table(TABLE) == {}


def test_a_disabled_cache_keeps_nothing():
    cache = BuildCache(None)
    assert cache.load_table(TABLE) == {}
    cache.save_table(TABLE, records(3))
    assert cache.load_table(TABLE) == {}
