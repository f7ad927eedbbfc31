"""`quizzer import` and `quizzer export`: GIFT, Moodle XML, Aiken and JSON in and out.

Both print one line per thing that could not be carried over and write their output through
a temporary file renamed into place, so a failure never leaves a partial file; an existing
output file is replaced, as other command-line tools do.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from quizzer.bank.formats.aiken import export_aiken, import_aiken
from quizzer.bank.formats.gift import export_gift, import_gift
from quizzer.bank.formats.json_format import export_json, import_json
from quizzer.bank.formats.moodle_xml import export_moodle_xml, import_moodle_xml
from quizzer.bank.formats.report import ExportResult, ImportResult, Note
from quizzer.bank.formats.yaml_writer import lesson_yaml, schema_reference
from quizzer.bank.loader import load_bank, load_lesson_text
from quizzer.bank.model import Lesson
from quizzer.errors import QuizzerError

IMPORTERS: dict[str, Callable[[Path], ImportResult]] = {
    "gift": import_gift,
    "moodle-xml": import_moodle_xml,
    "aiken": import_aiken,
    "json": import_json,
}
EXPORTERS: dict[str, Callable[[list[Lesson], str], ExportResult]] = {
    "gift": export_gift,
    "moodle-xml": export_moodle_xml,
    "aiken": export_aiken,
    "json": export_json,
}


def write_atomically(path: Path, text: str) -> None:
    """Replaces `path` with `text` in one step: a temporary file beside it, then a rename."""
    directory = path.resolve().parent
    if not directory.is_dir():
        raise QuizzerError(f"{path}: the folder {directory} does not exist")
    descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise QuizzerError(f"{path}: cannot write: {error.strerror or error}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """The process umask (mkstemp makes files private; outputs get the usual permissions)."""
    current = os.umask(0)
    os.umask(current)
    return current


def _print_notes(notes: list[Note]) -> None:
    for note in notes:
        print(note)


def run_import(args: argparse.Namespace) -> int:
    """Imports FILE into a YAML bank at OUT; exit 0 even when some questions were skipped."""
    result = IMPORTERS[args.format](args.file)
    _print_notes(result.notes)
    text = lesson_yaml(result.lesson, schema_reference(args.output))
    if load_lesson_text(text, str(args.output)) != result.lesson:
        raise QuizzerError(f"{args.output}: the YAML writer lost data; nothing written")
    write_atomically(args.output, text)
    print(
        f"wrote {args.output}: {len(result.lesson.questions)} question(s), "
        f"{len(result.notes)} note(s)"
    )
    return 0


def run_export(args: argparse.Namespace) -> int:
    """Exports the bank at PATH to OUT in the chosen format, reporting what the format lost."""
    lessons = load_bank([args.path]).lessons
    result = EXPORTERS[args.format](lessons, str(args.path))
    _print_notes(result.notes)
    write_atomically(args.output, result.text)
    print(f"wrote {args.output}: {result.written} question(s) from {len(lessons)} lesson(s)")
    return 0
