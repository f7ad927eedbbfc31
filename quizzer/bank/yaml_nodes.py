"""YAML text to plain Python values, safely, with every problem of the YAML itself noted.

PyYAML's own constructors silently keep the last of two duplicate keys, happily build Python
objects from `!!python/...` tags and expand aliases without limit. So we read the parser's
event stream (the C parser when present) and build dicts, lists and scalars ourselves: every
tag is checked, every duplicate key is seen, and every value is counted, aliases included.

Reading events is about five times faster than PyYAML's compose step. Locations are found
afterwards, only for what must be reported (see `locations`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

SAFE_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_VALUES = 2_000_000
"""Values in one file with every alias expanded; a 10,000-question bank has about 300,000."""

MAX_DEPTH = 64
"""Nesting depth; a lesson needs six levels."""

YAML_TAG = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL = (YAML_TAG + kind for kind in ("str", "int", "float", "bool", "null"))
MAP, SEQ, TIMESTAMP = (YAML_TAG + kind for kind in ("map", "seq", "timestamp"))
_NON_SPECIFIC = (None, "!")

_IMPLICIT_FIRST_CHARACTERS = Resolver.yaml_implicit_resolvers
"""Keyed by the first characters of plain scalars that may be null, a boolean or a number."""

_constructor = SafeConstructor()
_BUILDERS = {
    INT: _constructor.construct_yaml_int,
    FLOAT: _constructor.construct_yaml_float,
    BOOL: _constructor.construct_yaml_bool,
}


@dataclass(frozen=True)
class Position:
    """A 1-based line and column in the YAML text."""

    line: int
    column: int

    @classmethod
    def of(cls, item: Event) -> Position:
        return cls(item.start_mark.line + 1, item.start_mark.column + 1)


@dataclass(frozen=True)
class YamlIssue:
    """Something wrong in the YAML itself, before the bank format is even looked at."""

    position: Position
    message: str


class YamlFatal(Exception):
    """The text cannot be turned into values at all (syntax error, limit exceeded)."""

    def __init__(self, issue: YamlIssue) -> None:
        super().__init__(issue.message)
        self.issue = issue


@dataclass
class Parsed:
    """Values built from one YAML document and the issues met on the way.

    `flagged` holds the positions of values already reported (e.g. a forbidden tag), so
    that validation does not report a second error at the same place.
    """

    data: object
    empty: bool = False
    issues: list[YamlIssue] = field(default_factory=list)
    flagged: set[Position] = field(default_factory=set)


def parse_document(text: str) -> Parsed:
    """Build plain values from `text`, safely; raises YamlFatal if that is impossible."""
    loader = SAFE_LOADER(text)
    try:
        builder = _Builder(_events(loader))
        data, empty = builder.document()
    except yaml.MarkedYAMLError as error:
        raise YamlFatal(_syntax_issue(error, text)) from None
    except yaml.YAMLError as error:
        raise YamlFatal(YamlIssue(Position(1, 1), f"unreadable YAML: {error}")) from None
    finally:
        loader.dispose()
    return Parsed(data, empty, builder.issues, builder.flagged)


def _events(loader: yaml.BaseLoader) -> Iterator[Event]:
    """The parser's events; `get_event` returns None after the stream's end."""
    return iter(loader.get_event, None)


def _syntax_issue(error: yaml.MarkedYAMLError, text: str) -> YamlIssue:
    """PyYAML's wording, the place it gives, and where the unfinished construct began."""
    mark = error.problem_mark or error.context_mark
    position = Position(mark.line + 1, mark.column + 1) if mark else Position(1, 1)
    message = f"YAML syntax error: {error.problem or error.context}"
    context = error.context_mark
    elsewhere = context is not None and (context.line, context.column) != (mark.line, mark.column)
    if error.problem and error.context and elsewhere:
        message += f" ({error.context} that starts at line {context.line + 1}, "
        message += f"column {context.column + 1})"
    if mark and mark.index < len(text) and text[mark.index] == "\t":
        message += "; indent with spaces, not tabs"
    return YamlIssue(position, message)


def tag_shorthand(tag: str) -> str:
    """`tag:yaml.org,2002:python/name` -> `!!python/name`, as the author typed it."""
    return "!!" + tag.removeprefix(YAML_TAG) if tag.startswith(YAML_TAG) else tag


def plain_tag(value: str) -> str:
    """The tag YAML 1.1 gives an untagged, unquoted scalar (PyYAML's implicit resolvers)."""
    resolvers = Resolver.yaml_implicit_resolvers.get(value[:1], ())
    for tag, pattern in resolvers:
        if pattern.match(value):
            return tag
    return STR


class _Builder:
    """Builds plain values from parser events, counting them and noting issues as it goes.

    Aliases reuse the anchored value (no copy) but count its full size every time, which
    is what validation would have to walk: a 'billion laughs' bomb fails the count quickly.
    """

    def __init__(self, events: Iterator[Event]) -> None:
        self.next_event = events.__next__
        self.issues: list[YamlIssue] = []
        self.flagged: set[Position] = set()
        self.anchors: dict[str, tuple[object, int]] = {}
        self.total = 0

    def document(self) -> tuple[object, bool]:
        """The single document's value, and whether the stream held no document at all."""
        self.next_event()  # StreamStartEvent
        if not isinstance(self.next_event(), yaml.DocumentStartEvent):
            return None, True
        value, _size = self.value(self.next_event(), depth=0)
        self.next_event()  # DocumentEndEvent
        event = self.next_event()
        if isinstance(event, yaml.DocumentStartEvent):
            raise YamlFatal(
                YamlIssue(Position.of(event), "only one YAML document per file (remove '---')")
            )
        return value, value is None

    def value(self, event: Event, depth: int) -> tuple[object, int]:
        """The value starting at `event` and its size in values, aliases expanded."""
        kind = type(event)
        self.total += 1
        if kind is ScalarEvent:
            result, size = self.scalar(event), 1
            if event.anchor is None:
                return result, size
        elif kind is AliasEvent:
            return self.alias(event)
        elif depth >= MAX_DEPTH:
            raise YamlFatal(YamlIssue(Position.of(event), f"nested deeper than {MAX_DEPTH} levels"))
        elif kind is SequenceStartEvent:
            result, size = self.sequence(event, depth)
        else:
            result, size = self.mapping(event, depth)
        if event.anchor is not None:
            self.anchors[event.anchor] = (result, size)
        return result, size

    def alias(self, event: AliasEvent) -> tuple[object, int]:
        """The anchored value again; it counts its whole size, as validation will walk it."""
        if event.anchor not in self.anchors:
            raise YamlFatal(YamlIssue(Position.of(event), f"unknown alias '*{event.anchor}'"))
        result, size = self.anchors[event.anchor]
        self.total += size - 1
        self.check_total(event)
        return result, size

    def check_total(self, event: Event) -> None:
        if self.total > MAX_VALUES:
            raise YamlFatal(
                YamlIssue(
                    Position.of(event),
                    f"more than {MAX_VALUES:,} values once aliases are expanded "
                    "(an alias bomb?); write the content out instead",
                )
            )

    def sequence(self, start: SequenceStartEvent, depth: int) -> tuple[object, int]:
        items, size = [], 1
        event = self.next_event()
        while type(event) is not SequenceEndEvent:
            item, item_size = self.value(event, depth + 1)
            items.append(item)
            size += item_size
            if self.total > MAX_VALUES:
                self.check_total(event)
            event = self.next_event()
        return self.checked_collection(start, SEQ, items), size

    def mapping(self, start: MappingStartEvent, depth: int) -> tuple[object, int]:
        result: dict[str, object] = {}
        first_keys: dict[str, Event] = {}
        size = 1
        key_event = self.next_event()
        while type(key_event) is not MappingEndEvent:
            plain_key = type(key_event) is ScalarEvent and key_event.tag is None
            if plain_key and key_event.value != "<<":
                key = key_event.value
            else:
                key = self.key(key_event, depth)
            value, value_size = self.value(self.next_event(), depth + 1)
            size += value_size + 1
            if self.total > MAX_VALUES:
                self.check_total(key_event)
            if key is None:
                pass
            elif key in first_keys:
                first_line = Position.of(first_keys[key]).line
                self.note(
                    Position.of(key_event),
                    f"duplicate key '{key}' (first defined at line {first_line}); "
                    "YAML would silently keep only the last one",
                )
            else:
                first_keys[key] = key_event
                result[key] = value
            key_event = self.next_event()
        return self.checked_collection(start, MAP, result), size

    def key(self, event: Event, depth: int) -> str | None:
        """A mapping key as typed, or None (after noting why) if it cannot be a field name."""
        if type(event) is not ScalarEvent:
            self.value(event, depth + 1)
            self.note(Position.of(event), "a key must be plain text, not a list, mapping or alias")
            return None
        if event.implicit[0] and event.value == "<<":
            self.note(Position.of(event), "merge keys ('<<') are not supported; write them out")
            return None
        if event.tag not in _NON_SPECIFIC and event.tag != STR:
            self.reject(event)
            return None
        return event.value

    def scalar(self, event: ScalarEvent) -> object:
        """Plain scalars become null, booleans and numbers as YAML 1.1 says; all else is text."""
        tag = event.tag
        if tag in _NON_SPECIFIC:
            if not event.implicit[0] or event.value[:1] not in _IMPLICIT_FIRST_CHARACTERS:
                return event.value
            tag = plain_tag(event.value)
            if tag != NULL and tag not in _BUILDERS:
                return event.value
        if tag in (STR, TIMESTAMP):
            return event.value
        if tag == NULL:
            return None
        if tag in _BUILDERS:
            try:
                return _BUILDERS[tag](ScalarNode(tag, event.value))
            except (ValueError, yaml.YAMLError):
                self.note(
                    Position.of(event), f"'{event.value}' is not a valid {tag[len(YAML_TAG) :]}"
                )
                return None
        return self.reject(event)

    def checked_collection(self, start: CollectionStartEvent, tag: str, value: object) -> object:
        if start.tag in _NON_SPECIFIC or start.tag == tag:
            return value
        return self.reject(start)

    def reject(self, event: ScalarEvent | CollectionStartEvent) -> None:
        self.note(
            Position.of(event),
            f"tag '{tag_shorthand(event.tag)}' is not allowed: a bank holds only plain YAML "
            "(text, numbers, true/false, lists and mappings)",
        )
        return None

    def note(self, position: Position, message: str) -> None:
        self.flagged.add(position)
        self.issues.append(YamlIssue(position, message))
