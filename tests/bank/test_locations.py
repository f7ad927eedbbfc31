"""Paths to lines and columns: the one-pass locator behind every reported position."""

from __future__ import annotations

from quizzer.bank.locations import locate
from quizzer.bank.yaml_nodes import Position

TEXT = """\
top:
  name: alpha
  items:
    - first
    - {inner: 1, other: [a, b]}
  shared: &anchor
    deep: value
  again: *anchor
  empty:
  quoted: "42"
? [complex, key]
: ignored
top2: x
"""


def test_scalars_point_at_the_value_and_collections_at_their_key() -> None:
    found = locate(TEXT, [("top", "name"), ("top", "items"), ("top", "items", 1, "other", 1)])
    assert found[("top", "name")].position() == Position(2, 9)
    assert found[("top", "items")].position() == Position(3, 3)
    assert found[("top", "items")].position(prefer_key=True) == Position(3, 3)
    assert found[("top", "name")].position(prefer_key=True) == Position(2, 3)
    assert found[("top", "items", 1, "other", 1)].position() == Position(5, 29)


def test_a_missing_path_falls_back_to_its_deepest_existing_parent() -> None:
    found = locate(TEXT, [("top", "items", 1, "missing"), ("nowhere", 3)])
    assert not found[("top", "items", 1, "missing")].exact
    assert found[("top", "items", 1, "missing")].position() == Position(5, 7)
    assert found[("nowhere", 3)].spot.value == Position(1, 1)


def test_paths_through_an_alias_stop_at_the_alias() -> None:
    found = locate(TEXT, [("top", "again", "deep"), ("top", "shared", "deep")])
    assert found[("top", "again", "deep")].spot.value == Position(8, 10)
    assert not found[("top", "again", "deep")].exact
    assert found[("top", "shared", "deep")].position() == Position(7, 11)


def test_scalar_text_is_kept_except_for_nulls() -> None:
    found = locate(TEXT, [("top", "empty"), ("top", "quoted"), ("top", "items", 0)])
    assert found[("top", "empty")].spot.text is None
    assert found[("top", "quoted")].spot.text == "42"
    assert found[("top", "items", 0)].spot.text == "first"


def test_complex_keys_do_not_confuse_later_keys() -> None:
    assert locate(TEXT, [("top2",)])[("top2",)].position() == Position(13, 7)
