"""YAML text to plain Python values, keeping the node tree so any value can be located later.

PyYAML's own constructors silently keep the last of two duplicate keys, happily build Python
objects from `!!python/...` tags and expand aliases without limit. So we only compose (the C
composer when present), then build dicts, lists and scalars ourselves from the nodes: every tag
is checked, every duplicate key is seen, and every constructed node is counted. The node tree is
kept: turning a pydantic error location into a line and column is a walk from the root, done
only when there is an error to report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

SAFE_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_NODES = 2_000_000
"""Values built from one file, aliases expanded; a 10,000-question bank needs about 400,000."""

MAX_ALIAS_NODES = 100_000
"""Values built by expanding aliases: generous for reuse, fatal to a 'billion laughs' bomb."""

MAX_DEPTH = 64
"""Nesting depth; a lesson needs six levels."""

YAML_TAG = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL = (YAML_TAG + kind for kind in ("str", "int", "float", "bool", "null"))
MAP, SEQ, TIMESTAMP, MERGE = (YAML_TAG + kind for kind in ("map", "seq", "timestamp", "merge"))

_constructor = SafeConstructor()


@dataclass(frozen=True)
class Position:
    """A 1-based line and column in the YAML text."""

    line: int
    column: int

    @classmethod
    def of(cls, node: Node) -> Position:
        return cls(node.start_mark.line + 1, node.start_mark.column + 1)


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
class Document:
    """Values built from one YAML document, with its node tree and the issues met on the way."""

    root: Node | None
    data: object
    issues: list[YamlIssue] = field(default_factory=list)
    flagged: set[int] = field(default_factory=set)
    """ids of nodes already reported (e.g. a forbidden tag), so no second error lands there."""

    def find(self, loc: tuple[str | int, ...]) -> tuple[Node | None, Node | None, bool]:
        """Follow a pydantic-style `loc` from the root: (value node, key node, whole path found).

        Stops at the deepest node that exists, so a missing field points at its parent.
        """
        node, key_node = self.root, None
        for step in loc:
            child = _child(node, step)
            if child is None:
                return node, key_node, False
            key_node, node = child
        return node, key_node, True


def _child(node: Node | None, step: str | int) -> tuple[Node | None, Node] | None:
    if isinstance(node, MappingNode) and isinstance(step, str):
        for key, value in node.value:
            if isinstance(key, ScalarNode) and key.value == step:
                return key, value
    if isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
        return None, node.value[step]
    return None


def parse_document(text: str) -> Document:
    """Compose `text` safely and build plain values; raises YamlFatal if that is impossible."""
    root = _compose(text)
    if root is None:
        return Document(root=None, data=None)
    builder = _Builder()
    data = builder.build(root, depth=0, expanding=False)
    return Document(root=root, data=data, issues=builder.issues, flagged=builder.flagged)


def _compose(text: str) -> Node | None:
    loader = SAFE_LOADER(text)
    try:
        return loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        raise YamlFatal(_syntax_issue(error)) from None
    except yaml.YAMLError as error:
        raise YamlFatal(YamlIssue(Position(1, 1), f"unreadable YAML: {error}")) from None
    except RecursionError:
        raise YamlFatal(YamlIssue(Position(1, 1), "nesting is too deep to read")) from None
    finally:
        loader.dispose()


def _syntax_issue(error: yaml.MarkedYAMLError) -> YamlIssue:
    mark = error.problem_mark or error.context_mark
    position = Position(mark.line + 1, mark.column + 1) if mark else Position(1, 1)
    message = f"YAML syntax error: {error.problem or error.context}"
    if error.context and error.problem and error.context_mark is not None:
        message += f" ({error.context} at line {error.context_mark.line + 1})"
    return YamlIssue(position, message)


def tag_shorthand(tag: str) -> str:
    """`tag:yaml.org,2002:python/name` -> `!!python/name`, as the author typed it."""
    return "!!" + tag.removeprefix(YAML_TAG) if tag.startswith(YAML_TAG) else tag


class _Builder:
    """Builds plain values from nodes, counting them and noting issues as it goes."""

    def __init__(self) -> None:
        self.issues: list[YamlIssue] = []
        self.flagged: set[int] = set()
        self.built = 0
        self.expanded = 0
        self.seen: set[int] = set()

    def build(self, node: Node, depth: int, expanding: bool) -> object:
        self._count(node, depth, expanding)
        if type(node) is ScalarNode:
            return self._scalar(node)
        if id(node) in self.seen:
            expanding = True
        self.seen.add(id(node))
        if type(node) is SequenceNode:
            if node.tag != SEQ:
                return self._reject(node)
            return [self.build(item, depth + 1, expanding) for item in node.value]
        if type(node) is MappingNode:
            if node.tag != MAP:
                return self._reject(node)
            return self._mapping(node, depth, expanding)
        return self._reject(node)

    def _count(self, node: Node, depth: int, expanding: bool) -> None:
        self.built += 1
        if expanding:
            self.expanded += 1
            if self.expanded > MAX_ALIAS_NODES:
                raise YamlFatal(
                    YamlIssue(
                        Position.of(node),
                        f"aliases expand to more than {MAX_ALIAS_NODES:,} values "
                        "(an alias bomb?); write the content out instead",
                    )
                )
        if self.built > MAX_NODES:
            raise YamlFatal(
                YamlIssue(Position.of(node), f"more than {MAX_NODES:,} values in one file")
            )
        if depth > MAX_DEPTH:
            raise YamlFatal(YamlIssue(Position.of(node), f"nested deeper than {MAX_DEPTH} levels"))

    def _mapping(self, node: MappingNode, depth: int, expanding: bool) -> dict[str, object]:
        result: dict[str, object] = {}
        first_keys: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not ScalarNode:
                self._note(key_node, "a key must be plain text, not a list or mapping")
                continue
            key = key_node.value
            if key_node.tag == MERGE:
                self._note(key_node, "merge keys ('<<') are not supported; write the fields out")
                continue
            if key in first_keys:
                first = Position.of(first_keys[key])
                self._note(
                    key_node,
                    f"duplicate key '{key}' (first defined at line {first.line}); "
                    "YAML would silently keep only the last one",
                )
                continue
            first_keys[key] = key_node
            result[key] = self.build(value_node, depth + 1, expanding)
        return result

    def _scalar(self, node: ScalarNode) -> object:
        tag = node.tag
        if tag in (STR, TIMESTAMP):
            return node.value
        if tag == INT:
            return _constructor.construct_yaml_int(node)
        if tag == BOOL:
            return _constructor.construct_yaml_bool(node)
        if tag == NULL:
            return None
        if tag == FLOAT:
            return _constructor.construct_yaml_float(node)
        return self._reject(node)

    def _reject(self, node: Node) -> None:
        self._note(
            node,
            f"tag '{tag_shorthand(node.tag)}' is not allowed: a bank holds only plain YAML "
            "(text, numbers, true/false, lists and mappings)",
        )
        return None

    def _note(self, node: Node, message: str) -> None:
        self.flagged.add(id(node))
        self.issues.append(YamlIssue(Position.of(node), message))
