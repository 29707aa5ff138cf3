"""Split an article into YAML front matter and Markdown body, and load YAML with positions.

Positions matter more than values here: every later validation error must point at the
offending key or value, so the loader returns a map from key paths to (line, column).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from generator.problems import Problems

FENCE = "---"
CLOSERS = ("---", "...")

Path_ = tuple  # a key path such as ("thresholds", 0, "value")


@dataclass
class Split:
    yaml_text: str
    yaml_line: int  # 1-based line of the first YAML line in the file
    body: str
    body_line: int  # 1-based line of the first body line in the file


def split_front_matter(text: str, path: str, problems: Problems) -> Split | None:
    """Find the `---` fenced block at the top of `text` (BOM and CRLF already removed)."""
    first_end = text.find("\n")
    if (text[:first_end] if first_end >= 0 else text).rstrip() != FENCE:
        problems.add(path, 1, 1, "missing front matter: an article must start with a line '---'")
        return None
    # Only the front matter is cut into lines: the body, most of the file, is taken in one piece.
    start, index = first_end + 1, 1
    while first_end >= 0:
        end = text.find("\n", start)
        if (text[start:end] if end >= 0 else text[start:]).rstrip() in CLOSERS:
            return Split(
                yaml_text=text[first_end + 1:start] if index > 1 else "\n",
                yaml_line=2,
                body=text[end + 1:] if end >= 0 else "",
                body_line=index + 2,
            )
        if end < 0:
            break
        start, index = end + 1, index + 1
    problems.add(path, 1, 1, "front matter is never closed: add a line '---' after the last field")
    return None


@dataclass
class PositionedYAML:
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)  # key path -> (line, col) of the key
    value_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)  # key path -> value position
    start: tuple[int, int] = (1, 1)

    def key_position(self, path: Path_) -> tuple[int, int]:
        """The closest known position for `path`: the key itself, else its nearest ancestor."""
        for end in range(len(path), 0, -1):
            if path[:end] in self.positions:
                return self.positions[path[:end]]
        return self.start

    def value_position(self, path: Path_) -> tuple[int, int]:
        for end in range(len(path), 0, -1):
            if path[:end] in self.value_positions:
                return self.value_positions[path[:end]]
        return self.start


class _Loader(yaml.SafeLoader):
    """A private SafeLoader subclass, so that nothing we register leaks into PyYAML's global one."""

    def compose_node(self, parent, index):
        # Aliases (*name) buy editors nothing in front matter and cost a lot: a self-referencing one makes a cyclic
        # value, nested ones blow up exponentially ("billion laughs"). Refuse them where they are written.
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed here; write the value out",
                                              mark)
        return super().compose_node(parent, index)


def _timestamp(loader: _Loader, node: yaml.ScalarNode):
    """A date such as 2026-13-45 looks like a date to YAML but is not one: keep the text, so that
    validation reports it at its position along with every other problem, instead of crashing."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return node.value


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


class _FastLoader(yaml.CSafeLoader):
    """libyaml's C parser: the same nodes and marks, 5-10x faster. Used for front matter that parses
    cleanly; anything it stumbles on goes through _Loader, whose messages and checks are the precise ones."""

    def resolve(self, kind, value, implicit):
        """PyYAML's resolver, remembering what each plain scalar resolved to: field names and the values that
        recur (kinds, categories, dates) are matched against the resolvers' patterns once, not in every file.
        A plain scalar's tag depends on its text alone (SafeLoader has no path resolvers)."""
        if kind is yaml.ScalarNode and implicit[0]:
            tag = _RESOLVED.get(value)
            if tag is None:
                tag = yaml.resolver.BaseResolver.resolve(self, kind, value, implicit)
                if len(_RESOLVED) < _RESOLVED_MAX:
                    _RESOLVED[value] = tag
            return tag
        return yaml.resolver.BaseResolver.resolve(self, kind, value, implicit)


_RESOLVED: dict[str, str] = {}
_RESOLVED_MAX = 4096


_FastLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


class _UseSlowPath(Exception):
    pass


# Line breaks to YAML but not to editors (nor to our line numbers): YAML's own positions after one would be
# wrong, so the front matter is refused at the character, as control characters are.
YAML_ONLY_BREAKS = re.compile("[\x85\u2028\u2029]")


def load_yaml(text: str, path: str, first_line: int, problems: Problems) -> PositionedYAML | None:
    """Parse YAML; report syntax errors and duplicate keys at their real positions in the file."""
    # Where the two parsers disagree, the precise one decides: tags (libyaml reads a bare `!` as a string,
    # PyYAML as null), tabs (libyaml tolerates some that PyYAML refuses) and control characters.
    if (getattr(yaml, "__with_libyaml__", False) and "!" not in text and "\t" not in text
            and not yaml.reader.Reader.NON_PRINTABLE.search(text) and not YAML_ONLY_BREAKS.search(text)):
        try:
            return _load_fast(text, path, first_line, problems)
        except (_UseSlowPath, yaml.YAMLError, RecursionError):
            pass
    return _load_precise(text, path, first_line, problems)


def _load_fast(text: str, path: str, first_line: int, problems: Problems) -> PositionedYAML | None:
    loader = _FastLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return PositionedYAML(data={}, start=(first_line, 1))
        if "*" in text:  # an alias is written `*name`: without a star there is none to look for
            _refuse_aliases(node, set())
        found = Problems()  # kept apart until the fast path has surely succeeded
        result = PositionedYAML(None)
        data, duplicates_found = _construct_positioned(loader, node, path, first_line, found, result)
        if duplicates_found:
            loader.construct_document(node)  # the full construction still decides whether the fast path holds
    finally:
        loader.dispose()
    problems.extend(found)
    if duplicates_found:
        return None
    result.data = data
    result.start = (first_line, 1)
    return result


_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
# The scalar constructors an untagged scalar can resolve to (a `!` sends the text to the precise loader).
_SCALAR_CONSTRUCTORS = {tag: _FastLoader.yaml_constructors[tag] for tag in (
    "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp", _STR)}
_FAST_DEPTH = 32  # deeper than any front matter; the precise loader decides what is too deep


def _construct_positioned(loader, root, file: str, first_line: int, problems: Problems,
                          out: PositionedYAML) -> tuple[Any, bool]:
    """What `_record_positions` and then `construct_document` give (positions, duplicate keys reported, the value),
    in one walk over the nodes. Anything unusual (merge keys `<<`, `=`, keys that are lists or mappings, deep
    nesting) raises _UseSlowPath: the precise loader handles it."""
    positions, value_positions = out.positions, out.value_positions
    scalar_constructors = _SCALAR_CONSTRUCTORS
    duplicate = False

    def build(node, path: Path_):
        nonlocal duplicate
        kind = type(node)
        if kind is yaml.ScalarNode:
            tag = node.tag
            if tag == _STR:
                return node.value
            constructor = scalar_constructors.get(tag)
            if constructor is None:
                raise _UseSlowPath
            return constructor(loader, node)
        if len(path) >= _FAST_DEPTH:
            raise _UseSlowPath
        if kind is yaml.MappingNode and node.tag == _MAP:
            mapping: dict[Any, Any] = {}
            seen: dict[Any, int] = {}
            for key_node, value_node in node.value:
                if type(key_node) is not yaml.ScalarNode:
                    raise _UseSlowPath
                name = key_node.value
                tag = key_node.tag
                if tag == _STR:
                    key = name
                else:
                    constructor = scalar_constructors.get(tag)  # not for merge (<<) or value (=) keys
                    if constructor is None:
                        raise _UseSlowPath
                    key = constructor(loader, key_node)
                mark = key_node.start_mark
                line = first_line + mark.line
                if name in seen:
                    problems.add(file, line, mark.column + 1, f"duplicate key '{name}' (first given on line {seen[name]})")
                    duplicate = True
                    continue
                seen[name] = line
                key_path = path + (name,)
                positions[key_path] = (line, mark.column + 1)
                mark = value_node.start_mark
                value_positions[key_path] = (first_line + mark.line, mark.column + 1)
                mapping[key] = build(value_node, key_path)
            return mapping
        if kind is yaml.SequenceNode and node.tag == _SEQ:
            items = []
            for index, item in enumerate(node.value):
                item_path = path + (index,)
                mark = item.start_mark
                positions[item_path] = value_positions[item_path] = (first_line + mark.line, mark.column + 1)
                items.append(build(item, item_path))
            return items
        raise _UseSlowPath

    data = build(root, ())
    return data, duplicate


def _refuse_aliases(node, seen: set[int]) -> None:
    """An alias makes one node appear twice in the tree; the precise loader explains why that is refused."""
    if id(node) in seen:
        raise _UseSlowPath
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            _refuse_aliases(key_node, seen)
            _refuse_aliases(value_node, seen)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _refuse_aliases(item, seen)


def _load_precise(text: str, path: str, first_line: int, problems: Problems) -> PositionedYAML | None:
    odd_break = YAML_ONLY_BREAKS.search(text)
    if odd_break:
        at = odd_break.start()
        problems.add(path, first_line + text.count("\n", 0, at), at - (text.rfind("\n", 0, at) + 1) + 1,
                     f"invalid YAML: U+{ord(odd_break.group()):04X} is a line break to YAML but not to editors; "
                     "delete it or write it as an escape in a double-quoted string")
        return None
    try:
        loader = _Loader(text)  # the reader refuses control characters here, before any parsing
    except yaml.reader.ReaderError as exc:
        line = first_line + text.count("\n", 0, exc.position)
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        problems.add(path, line, column, f"invalid YAML: control character U+{exc.character:04X} is not allowed; "
                                         "delete it or write it as an escape in a double-quoted string")
        return None
    try:
        node = loader.get_single_node()
        if node is None:
            return PositionedYAML(data={}, start=(first_line, 1))
        duplicates_found = _record_positions(node, (), path, first_line, problems, result := PositionedYAML(None))
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if _never_closed(exc):
            mark = exc.context_mark  # where the quote or bracket opens: the end of the file says nothing
        line = first_line + (mark.line if mark else 0)
        column = (mark.column + 1) if mark else 1
        problems.add(path, line, column, f"invalid YAML: {_describe(exc)}")
        return None
    except yaml.YAMLError as exc:  # e.g. a reader error on control characters
        problems.add(path, first_line, 1, f"invalid YAML: {exc}")
        return None
    except RecursionError:
        problems.add(path, first_line, 1, "invalid YAML: nested too deeply; front matter needs at most a few levels")
        return None
    finally:
        loader.dispose()
    if duplicates_found:
        return None
    result.data = data
    result.start = (first_line, 1)
    return result


def _never_closed(exc: yaml.MarkedYAMLError) -> bool:
    """An opening quote or bracket with no partner: PyYAML notices only later, wherever the file stops making sense."""
    context, problem = exc.context or "", exc.problem or ""
    if not exc.context_mark:
        return False
    if "quoted scalar" in context:
        return "end of stream" in problem
    return "flow sequence" in context or "flow mapping" in context


def _describe(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or "syntax error"
    if _never_closed(exc):
        what = "quoted value" if "quoted scalar" in (exc.context or "") else "bracketed list or mapping"
        return f"this {what} is never closed: add the closing {'quote' if what == 'quoted value' else 'bracket'}"
    if "'\\t'" in problem:
        return "a tab character is not allowed for indentation in YAML; use spaces"
    context = f" ({exc.context})" if exc.context else ""
    return f"{problem}{context}"


def _record_positions(node, path: Path_, file: str, first_line: int, problems: Problems, out: PositionedYAML) -> bool:
    """Walk the node tree: remember where every key and value is; report duplicate keys. True if any duplicate."""
    duplicate = False
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else repr(key_node)
            line, column = first_line + key_node.start_mark.line, key_node.start_mark.column + 1
            if key in seen:
                problems.add(file, line, column, f"duplicate key '{key}' (first given on line {seen[key]})")
                duplicate = True
                continue
            seen[key] = line
            out.positions[path + (key,)] = (line, column)
            out.value_positions[path + (key,)] = (
                first_line + value_node.start_mark.line,
                value_node.start_mark.column + 1,
            )
            duplicate |= _record_positions(value_node, path + (key,), file, first_line, problems, out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            position = (first_line + item.start_mark.line, item.start_mark.column + 1)
            out.positions[path + (index,)] = position
            out.value_positions[path + (index,)] = position
            duplicate |= _record_positions(item, path + (index,), file, first_line, problems, out)
    return duplicate
