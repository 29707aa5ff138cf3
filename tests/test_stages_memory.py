"""Loading and parsing pause Python's full collections while their records pile up, and freeze those records
afterwards (generator/incremental/stages.py): the collector must be as it was after each stage, and a build must never
keep the previous build's garbage for good."""

from __future__ import annotations

import gc
import weakref

from generator.incremental.pipeline import make_md
from generator.incremental.cache import BuildCache
from generator.problems import Problems
from generator.incremental.stages import load_corpus, parse_articles


def test_the_collector_is_as_it_was_after_each_stage(small_wiki):
    before = (gc.isenabled(), gc.get_threshold())
    corpus, keys = load_corpus(small_wiki, BuildCache(None), jobs=1)
    assert (gc.isenabled(), gc.get_threshold()) == before
    parse_articles(make_md(), make_md, corpus.articles, keys, {}, Problems(), BuildCache(None), jobs=1)
    assert (gc.isenabled(), gc.get_threshold()) == before


class _Cycle:
    pass


def test_a_second_build_in_one_process_frees_garbage_the_first_one_froze(small_wiki):
    cycle = _Cycle()
    cycle.me = cycle  # alive when the first build freezes what there is
    gone = weakref.ref(cycle)
    load_corpus(small_wiki, BuildCache(None), jobs=1)
    del cycle  # now garbage that only the collector can free, and frozen
    gc.collect()
    assert gone() is not None
    load_corpus(small_wiki, BuildCache(None), jobs=1)
    assert gone() is None
