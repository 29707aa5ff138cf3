"""Merging the articles' search records (generator/outputs/searchindex.py) into the index files under search/.

A merge from nothing encodes every file. A merge from the last merge's state (`IndexState`, of the same
articles) changes only what the changed records touch: the lines of the words whose scores changed, the
docs entries whose title, summary or aliases changed, and the texts that changed. It encodes again only the
files those are in (the term shards of the changed words' two-letter groups, their docs shards, their text
files) and returns every other file as unchanged: its bytes are None, and the build takes over the last
site's file (generator/incremental/wholesite.py), which is what a merge from nothing would write (tested).
"""

from __future__ import annotations

import json
from bisect import bisect_left, insort
from typing import NamedTuple

from generator.outputs.searchindex import SearchRecord

DOCS_PER_SHARD = 32  # a result's title and summary come from a file of 32 articles' (about 8 KB)
PREFIX = 2  # term shards: words grouped by their first two characters,
SHARD_BYTES = 32_000  # and by one more where that would make a file bigger than this


def shard_name(prefix: str) -> str:
    """A file name for a term prefix: ASCII letters and digits as they are ("ab", "10", "n"); any other
    prefix as "u" and its code points in hex ("u-e9-74"), so names never collide and need no escaping."""
    if prefix.isascii() and prefix.isalnum():
        return prefix
    return "u" + "".join(f"-{ord(c):x}" for c in prefix)


class IndexState(NamedTuple):
    """What a merge made, kept in the build cache so that the next merge redoes only what changed."""

    records: tuple[SearchRecord, ...]
    lines: dict[str, str]  # word → its line in a term shard (`_entry`)
    docs: list[str]  # each record's entry in a docs shard, in doc-id order
    groups: dict[str, list[str]]  # the first PREFIX characters → the words starting with them, sorted
    shards: dict[str, list[str]]  # the same groups → the prefixes of their term shards
    # Each file → the digest of its bytes, as the build that wrote them recorded it (wholesite.py): what the
    # site must still hold for an unchanged file to be taken over. Empty until then.
    files: dict[str, str]


def index_files(records: list[SearchRecord], previous: IndexState | None = None,
                folder: str = "search/") -> tuple[list[tuple[str, bytes | None]], IndexState]:
    """The index files of `records` (site-relative path, bytes), and the state to merge from next time.

    With the `previous` state of the same articles (same URLs), a file the changed records do not touch
    comes as (path, None): its bytes are those the previous merge made. A different set of articles
    renumbers the documents: everything is merged again. `previous` is used up (updated in place)."""
    records = sorted(records, key=lambda r: r.url)
    if (previous is None or len(previous.docs) != len(previous.records)
            or [r.url for r in previous.records] != [r.url for r in records]):
        lines, docs = _lines(records), [_doc(record) for record in records]
        groups: dict[str, list[str]] = {}
        for word in sorted(lines):
            groups.setdefault(word[:PREFIX], []).append(word)
        state = IndexState(tuple(records), lines, docs, groups, {}, {})
        return _files(state, folder, None, None, None), state
    lines, docs, groups = previous.lines, previous.docs, previous.groups
    words, doc_shards, texts = set(), set(), set()
    for doc, (old, new) in enumerate(zip(previous.records, records)):
        if old == new:
            continue
        if old[:4] != new[:4]:  # url, title, summary, aliases
            docs[doc] = _doc(new)
            doc_shards.add(doc // DOCS_PER_SHARD)
        if old.terms != new.terms:
            _rescore(lines, groups, doc, _scores(old.terms), _scores(new.terms), words)
        if old.text != new.text:
            texts.add(doc)
    state = previous._replace(records=tuple(records), files={})
    return _files(state, folder, {word[:PREFIX] for word in words}, doc_shards, texts), state


def _files(state: IndexState, folder: str, groups_changed, doc_shards, texts) -> list[tuple[str, bytes | None]]:
    """The files of `state`: encoded where they may have changed (None: all of them), else (path, None)."""
    files: list[tuple[str, bytes | None]] = []
    for group in list(state.groups) if groups_changed is None else groups_changed:
        words = state.groups.get(group)
        if not words:  # its last word is gone
            state.groups.pop(group, None)
            state.shards.pop(group, None)
            continue
        shards = _shards([(word, state.lines[word]) for word in words], PREFIX)
        state.shards[group] = list(shards)
        files += [(f"{folder}terms/{shard_name(prefix)}.json", ("{" + ",\n".join(shard) + "}\n").encode("utf-8"))
                  for prefix, shard in shards.items()]
    if groups_changed is not None:
        files += [(f"{folder}terms/{shard_name(prefix)}.json", None)
                  for group, prefixes in state.shards.items() if group not in groups_changed for prefix in prefixes]
    docs = state.docs
    for start in range(0, len(docs), DOCS_PER_SHARD):
        number = start // DOCS_PER_SHARD
        data = None if doc_shards is not None and number not in doc_shards else \
            ("[" + ",\n".join(docs[start:start + DOCS_PER_SHARD]) + "]\n").encode("utf-8")
        files.append((f"{folder}docs/{number}.json", data))
    for doc, record in enumerate(state.records):
        if record.url.startswith("wiki/"):
            data = None if texts is not None and doc not in texts else (record.text + "\n").encode("utf-8")
            files.append((f"{folder}text/{record.url.strip('/').split('/')[-1]}.txt", data))
    prefixes = sorted(prefix for shard_prefixes in state.shards.values() for prefix in shard_prefixes)
    meta = {"version": 1, "docs": len(docs), "docsPerShard": DOCS_PER_SHARD, "shards": prefixes}
    files.append((f"{folder}meta.json", (json.dumps(meta, separators=(",", ":"), ensure_ascii=False) + "\n").encode()))
    return files


def _shards(entries: list[tuple[str, str]], depth: int) -> dict[str, list[str]]:
    """Term prefix → its JSON lines: words grouped by their first `depth` characters; a group bigger than
    SHARD_BYTES is split by one more character (the word equal to the prefix itself stays in it)."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for word, line in entries:
        groups.setdefault(word[:depth], []).append((word, line))
    shards: dict[str, list[str]] = {}
    for prefix, items in groups.items():
        if len(items) > 1 and sum(len(line) for _, line in items) > SHARD_BYTES:
            here = [line for word, line in items if len(word) <= depth]
            if here:
                shards[prefix] = here
            shards.update(_shards([item for item in items if len(item[0]) > depth], depth + 1))
        else:
            shards[prefix] = [line for _, line in items]
    return shards


def _entry(word: str, ids: list[str], scores: list[str]) -> str:
    """One line of a term shard: "word":[[doc ids],[scores]]."""
    return f'{json.dumps(word, ensure_ascii=False)}:[[{",".join(ids)}],[{",".join(scores)}]]'


def _lines(records: list[SearchRecord]) -> dict[str, str]:
    """Every word's term-shard line: the ids of the records it is in (their place in `records`), with scores."""
    postings: dict[str, tuple[list[str], list[str]]] = {}
    get = postings.get
    for doc, record in enumerate(records):
        doc_id = str(doc)
        parts = iter(record.terms.split(" ")) if record.terms else iter(())
        for word, score in zip(parts, parts):
            entry = get(word)
            if entry is None:
                postings[word] = ([doc_id], [score])
            else:
                entry[0].append(doc_id)
                entry[1].append(score)
    return {word: _entry(word, *posting) for word, posting in postings.items()}


def _doc(record: SearchRecord) -> str:
    return json.dumps([record.url, record.title, record.summary, list(record.aliases)], ensure_ascii=False,
                      separators=(",", ":"))


def _scores(terms: str) -> dict[str, str]:
    parts = terms.split(" ") if terms else []
    return dict(zip(parts[::2], parts[1::2]))


def _rescore(lines: dict[str, str], groups: dict[str, list[str]], doc: int, old: dict[str, str],
             new: dict[str, str], changed: set[str]) -> None:
    """Change document `doc`'s scores from `old` to `new` in the lines of the words concerned (added to
    `changed`), and keep `groups` listing every word that has a line."""
    for word in old.keys() | new.keys():
        score = new.get(word)
        if old.get(word) == score:
            continue
        changed.add(word)
        line = lines.get(word)
        ids, scores = json.loads("{" + line + "}")[word] if line is not None else ([], [])
        place = bisect_left(ids, doc)
        if place < len(ids) and ids[place] == doc:
            del ids[place], scores[place]
        if score is not None:
            ids.insert(place, doc)
            scores.insert(place, int(score))
        if ids:
            if line is None:
                insort(groups.setdefault(word[:PREFIX], []), word)
            lines[word] = _entry(word, [str(i) for i in ids], [str(s) for s in scores])
        else:
            del lines[word]
            group = groups[word[:PREFIX]]
            del group[bisect_left(group, word)]
