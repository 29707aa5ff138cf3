"""Template contexts are Records: dicts whose keys are also attributes (Jinja reads attributes first)."""

from __future__ import annotations

import copy
import pickle

from jinja2 import Environment

from generator.render.pages import Record


def test_a_record_is_the_same_dict_and_its_keys_are_attributes():
    record = Record({"title": "A"}, url="a/index.html")
    assert record == {"title": "A", "url": "a/index.html"} and isinstance(record, dict)
    assert (record.title, record.url) == ("A", "a/index.html")
    assert Environment().from_string("{{ r.title }} {{ r['url'] }}").render(r=record) == "A a/index.html"


def test_every_change_to_a_record_shows_in_its_attributes_too():
    record = Record(a=1, b=2)
    record["c"] = 3
    record.update(d=4)
    record |= {"e": 5}
    record.setdefault("f", 6)
    record.pop("a")
    del record["b"]
    assert record == {"c": 3, "d": 4, "e": 5, "f": 6}
    assert [getattr(record, key) for key in record] == [3, 4, 5, 6]
    assert not hasattr(record, "a") and not hasattr(record, "b")
    key, _ = record.popitem()
    assert not hasattr(record, key)
    record.clear()
    assert not hasattr(record, "c")


def test_a_record_pickles_and_copies_as_a_dict_and_is_not_its_own_attribute_dict():
    record = Record(title="A", links=[Record(url="x")])
    for clone in (pickle.loads(pickle.dumps(record)), copy.deepcopy(record), copy.copy(record)):
        assert clone == record and clone.title == "A" and clone.links[0].url == "x"
    assert record.__dict__ is not record  # a copy, not itself: no cycle left for the collector
