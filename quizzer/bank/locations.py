"""Where values sit in the YAML text, found by one pass over the parser's events.

Validation errors and lint findings name a value by its path (`("questions", 3, "stem")`).
Turning paths into lines and columns is only needed when there is something to report, so it is
done afterwards, for the paths asked for, in a single pass that follows only the branches that
lead to them. That pass costs about a tenth of composing PyYAML's node tree.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from quizzer.bank.yaml_nodes import NULL, SAFE_LOADER, Parsed, Position, plain_tag

Loc = tuple[str | int, ...]

_ROOT_SPOT_POSITION = Position(1, 1)


@dataclass(frozen=True)
class Spot:
    """The place of one value: its start, its key's start (in a mapping), what kind it is.

    `text` is the source text of a scalar that is not null: what the author typed.
    """

    value: Position
    key: Position | None
    scalar: bool
    text: str | None


@dataclass(frozen=True)
class Found:
    """The spot of a path, or of its deepest existing ancestor when `exact` is False."""

    spot: Spot
    exact: bool

    def position(self, prefer_key: bool = False) -> Position:
        """Where to point: the value if it is a scalar, else (or if asked) its key."""
        if self.exact and self.spot.key is not None and (prefer_key or not self.spot.scalar):
            return self.spot.key
        return self.spot.value


@dataclass
class Document:
    """A parsed YAML file: its values, the YAML issues met, and where any value sits.

    Locations are looked up on demand and remembered, so a file without problems never
    pays for them.
    """

    text: str
    parsed: Parsed
    _found: dict[Loc, Found] = field(default_factory=dict, repr=False)

    @property
    def data(self) -> object:
        return self.parsed.data

    def locate(self, locs: Iterable[Loc]) -> dict[Loc, Found]:
        """Where each path sits in the text; one pass over the text for all new paths."""
        wanted = list(dict.fromkeys(tuple(loc) for loc in locs))
        missing = [loc for loc in wanted if loc not in self._found]
        if missing:
            self._found.update(locate(self.text, missing))
        return {loc: self._found[loc] for loc in wanted}

    def find(self, loc: Loc) -> Found:
        """Where one path sits (prefer `locate` for many paths at once)."""
        return self.locate([loc])[tuple(loc)]


class _Frame:
    """An open mapping or sequence during the walk; `path` is None when nothing wanted is inside."""

    __slots__ = ("index", "is_mapping", "key", "key_position", "path", "wants_key")

    def __init__(self, is_mapping: bool, path: Loc | None) -> None:
        self.is_mapping = is_mapping
        self.path = path
        self.index = 0
        self.key: str | None = None
        self.key_position: Position | None = None
        self.wants_key = is_mapping


def locate(text: str, locs: Collection[Loc]) -> dict[Loc, Found]:
    """The place of each path in `locs` within the (already parsed) YAML `text`."""
    wanted = {loc[:length] for loc in locs for length in range(len(loc) + 1)}
    spots = _walk(text, wanted)
    return {loc: _deepest(spots, loc) for loc in locs}


def _deepest(spots: dict[Loc, Spot], loc: Loc) -> Found:
    for length in range(len(loc), -1, -1):
        spot = spots.get(loc[:length])
        if spot is not None:
            return Found(spot, exact=length == len(loc))
    return Found(Spot(_ROOT_SPOT_POSITION, None, False, None), exact=False)


def _walk(text: str, wanted: set[Loc]) -> dict[Loc, Spot]:
    spots: dict[Loc, Spot] = {}
    frames: list[_Frame] = []
    loader = SAFE_LOADER(text)
    try:
        for event in iter(loader.get_event, None):
            kind = type(event)
            if kind is MappingEndEvent or kind is SequenceEndEvent:
                frames.pop()
            elif kind is DocumentEndEvent:
                break
            elif kind in (ScalarEvent, AliasEvent, MappingStartEvent, SequenceStartEvent):
                _visit(event, frames, wanted, spots)
    finally:
        loader.dispose()
    return spots


def _visit(event: Event, frames: list[_Frame], wanted: set[Loc], spots: dict[Loc, Spot]) -> None:
    """Record the event's spot if its path is wanted, and open a frame for a collection."""
    kind = type(event)
    opens = kind is MappingStartEvent or kind is SequenceStartEvent
    parent = frames[-1] if frames else None
    if parent is not None and parent.wants_key:
        parent.wants_key = False
        parent.key = event.value if kind is ScalarEvent else None
        parent.key_position = Position.of(event)
        if opens:
            frames.append(_Frame(kind is MappingStartEvent, None))
        return
    path, key_position = _child_path(parent)
    if path is not None and path not in wanted:
        path = None
    if path is not None and path not in spots:
        spots[path] = _spot(event, key_position)
    if opens:
        frames.append(_Frame(kind is MappingStartEvent, path))


def _child_path(parent: _Frame | None) -> tuple[Loc | None, Position | None]:
    """The path of the next value inside `parent` (and its key's position), advancing it."""
    if parent is None:
        return (), None
    if parent.is_mapping:
        parent.wants_key = True
        if parent.path is None or parent.key is None:
            return None, None
        return (*parent.path, parent.key), parent.key_position
    index = parent.index
    parent.index += 1
    return (None if parent.path is None else (*parent.path, index)), None


def _spot(event: Event, key_position: Position | None) -> Spot:
    if type(event) is not ScalarEvent:
        return Spot(Position.of(event), key_position, False, None)
    return Spot(Position.of(event), key_position, True, None if _is_null(event) else event.value)


def _is_null(event: ScalarEvent) -> bool:
    if event.tag in (None, "!"):
        return bool(event.implicit[0]) and plain_tag(event.value) == NULL
    return event.tag == NULL
