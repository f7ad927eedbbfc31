"""Writes a lesson as a readable YAML bank file that the loader accepts as it is.

Block style throughout, multi-line text as `|` literal blocks, fields in the model's order,
defaults left out (the model restores them), and the `yaml-language-server` modeline that
gives editors the bank's JSON Schema.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from quizzer.bank.model import Lesson

SCHEMA_ID = "https://quizzer.invalid/schema/lesson.json"


class _BankDumper(yaml.SafeDumper):
    """Safe dumper that writes multi-line strings as literal blocks and indents lists."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


YAML_ONLY_BREAKS = ("\x85", "\u2028", "\u2029")
"""Line breaks to YAML but not to Python: only a double-quoted scalar keeps them as they are."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    if any(mark in text for mark in YAML_ONLY_BREAKS):
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"')
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_BankDumper.add_representer(str, _represent_text)


def schema_reference(output: Path) -> str:
    """Where the modeline points: the shipped schema.json relative to the output, else its id."""
    try:
        schema = Path(str(resources.files("question_bank").joinpath("schema.json")))
    except ModuleNotFoundError:
        return SCHEMA_ID
    if not schema.is_file():
        return SCHEMA_ID
    return os.path.relpath(schema, output.resolve().parent)


def lesson_yaml(lesson: Lesson, schema: str = SCHEMA_ID) -> str:
    """The YAML text of one lesson, modeline first."""
    data: dict[str, Any] = lesson.model_dump(mode="json", exclude_defaults=True)
    body = yaml.dump(data, Dumper=_BankDumper, sort_keys=False, allow_unicode=True, width=100)
    return f"# yaml-language-server: $schema={schema}\n{body}"
