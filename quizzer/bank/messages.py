"""Wording: turns pydantic's validation errors into messages a teacher can act on."""

from __future__ import annotations

import difflib
import types
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

from quizzer.bank.model import SLUG_PATTERN, Lesson

Loc = tuple[str | int, ...]

_NUMBER_ERRORS = {"int_parsing", "int_type", "int_from_float", "float_parsing", "float_type"}
_MAPPING_ERRORS = {"model_type", "dict_type", "model_attributes_type"}
_BOUNDS = {
    "greater_than": ("gt", "greater than"),
    "greater_than_equal": ("ge", "at least"),
    "less_than": ("lt", "less than"),
    "less_than_equal": ("le", "at most"),
}


def describe(error: dict[str, Any]) -> str:
    """One human sentence for one pydantic error (without its location)."""
    kind, loc, value = error["type"], tuple(error["loc"]), error.get("input")
    ctx = error.get("ctx") or {}
    subject = _subject(loc)
    if kind == "missing":
        return f"missing required field '{loc[-1]}'"
    if kind == "extra_forbidden":
        return f"unknown field '{loc[-1]}' ({_field_hint(loc)})"
    if kind == "string_type":
        if value is None:
            return f"{subject} is empty; write some text"
        return f"{subject} should be text, found {found(value)}"
    if kind == "string_too_short":
        return f"{subject} is empty; write some text"
    if kind == "string_too_long":
        return f"{subject} is longer than {ctx['max_length']} characters"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == SLUG_PATTERN:
        return (
            f"{subject} should be an id of lowercase letters, digits, '_', '.' or '-', "
            f"starting with a letter or digit; found {found(value)}"
        )
    if kind in _NUMBER_ERRORS:
        return f"{subject} should be a whole number, found {found(value)}"
    if kind in _BOUNDS:
        key, wording = _BOUNDS[kind]
        return f"{subject} should be {wording} {ctx[key]}, found {found(value)}"
    if kind == "literal_error":
        return f"{subject} should be {ctx['expected']}, found {found(value)}"
    if kind in ("bool_parsing", "bool_type"):
        return f"{subject} should be true or false, found {found(value)}"
    if kind == "list_type":
        return f"{subject} should be a list, found {found(value)}"
    if kind in _MAPPING_ERRORS:
        if not loc:
            return (
                "the top level should be a mapping with 'lesson', 'objectives' and "
                f"'questions', found {found(value)}"
            )
        return f"{subject} should be a mapping of fields, found {found(value)}"
    if kind == "too_short":
        return _count_message(subject, "at least", ctx["min_length"], ctx["actual_length"])
    if kind == "too_long":
        return _count_message(subject, "at most", ctx["max_length"], ctx["actual_length"])
    return error["msg"]


def found(value: object) -> str:
    """A short description of what the author wrote."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"'{shown}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _subject(loc: Loc) -> str:
    if not loc:
        return "the file"
    if isinstance(loc[-1], int):
        parent = f" of '{loc[-2]}'" if len(loc) > 1 else ""
        return f"item {loc[-1] + 1}{parent}"
    return f"'{loc[-1]}'"


def _count_message(subject: str, bound: str, limit: int, actual: int) -> str:
    plural = "s" if limit != 1 else ""
    return f"{subject} needs {bound} {limit} item{plural}, found {actual}"


def _field_hint(loc: Loc) -> str:
    model = model_at(loc[:-1])
    if model is None:
        return "not part of the format"
    allowed = list(model.model_fields)
    close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return "allowed here: " + ", ".join(allowed)


def model_at(loc: Loc) -> type[BaseModel] | None:
    """The model class that describes the mapping at `loc` in a lesson, if any."""
    current: Any = Lesson
    for step in loc:
        if isinstance(step, int):
            current = _element_type(current)
            continue
        model = _model_in(current)
        field = model.model_fields.get(step) if model else None
        if field is None:
            return None
        current = field.annotation
    return _model_in(current)


def _element_type(annotation: Any) -> Any:
    if get_origin(annotation) is list:
        return get_args(annotation)[0]
    return None


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model inside `X`, `X | None` or `Optional[X]`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in (Union, types.UnionType):
        for option in get_args(annotation):
            model = _model_in(option)
            if model is not None:
                return model
    return None
