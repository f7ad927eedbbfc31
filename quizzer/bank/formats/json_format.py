"""JSON out and back: the bank model dumped as is, field names of the schema.

The file is an object, `{"format": "quizzer", "version": 1, "lessons": [...]}`, each lesson
being `Lesson.model_dump(mode="json")`; an object (not a bare list) leaves room to version
the format. `read_json` validates it back through the same model, so it round-trips exactly.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from quizzer.bank.formats.report import ExportResult, ImportResult, fail
from quizzer.bank.formats.text import read_text
from quizzer.bank.messages import describe
from quizzer.bank.model import Lesson

FORMAT_NAME = "quizzer"
VERSION = 1


def export_json(lessons: list[Lesson], source: str) -> ExportResult:
    """The lessons as JSON; nothing is lost, so there are no notes."""
    document = {
        "format": FORMAT_NAME,
        "version": VERSION,
        "lessons": [lesson.model_dump(mode="json") for lesson in lessons],
    }
    written = sum(len(lesson.questions) for lesson in lessons)
    return ExportResult(json.dumps(document, ensure_ascii=False, indent=2) + "\n", [], written)


def read_json(path: Path) -> list[Lesson]:
    """The lessons of a file written by `export_json`, validated by the bank model."""
    source = str(path)
    try:
        document = json.loads(read_text(path))
    except json.JSONDecodeError as error:
        raise fail(source, error.lineno, f"not valid JSON: {error.msg}") from None
    except RecursionError:
        raise fail(source, None, "not a Quizzer JSON export (nested too deeply)") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise fail(source, 1, 'not a Quizzer JSON export (no "format": "quizzer")')
    if document.get("version") != VERSION:
        raise fail(source, 1, f"unsupported Quizzer JSON version {document.get('version')!r}")
    lessons = document.get("lessons")
    if not isinstance(lessons, list):
        raise fail(source, 1, '"lessons" must be a list')
    return [_lesson(source, index, data) for index, data in enumerate(lessons)]


def _lesson(source: str, index: int, data: object) -> Lesson:
    """One lesson of the export, or an error naming its place in the loader's words."""
    try:
        return Lesson.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        place = ".".join(str(part) for part in ("lessons", index, *first["loc"]))
        raise fail(source, None, f"invalid lesson at {place}: {describe(first)}") from None


def import_json(path: Path) -> ImportResult:
    """The one lesson of a JSON export (`quizzer import --format json`): one YAML, one lesson."""
    lessons = read_json(path)
    if len(lessons) != 1:
        ids = ", ".join(lesson.lesson.id for lesson in lessons) or "none"
        raise fail(
            str(path),
            None,
            f"holds {len(lessons)} lessons ({ids}); a YAML bank file holds exactly one: "
            "export each lesson's file on its own",
        )
    return ImportResult(lessons[0], [])
