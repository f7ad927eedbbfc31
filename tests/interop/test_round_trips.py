"""Quizzer -> GIFT / Moodle XML / JSON -> Quizzer keeps every question, field by field."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from quizzer.bank.formats.gift import export_gift, import_gift
from quizzer.bank.formats.json_format import export_json, read_json
from quizzer.bank.formats.moodle_xml import export_moodle_xml, import_moodle_xml
from quizzer.bank.formats.report import ExportResult, ImportResult
from quizzer.bank.model import Lesson

FORMATS = {
    "gift": (export_gift, import_gift, "gift"),
    "moodle-xml": (export_moodle_xml, import_moodle_xml, "xml"),
}


def round_trip(
    lessons: list[Lesson],
    exporter: Callable[[list[Lesson], str], ExportResult],
    importer: Callable[[Path], ImportResult],
    path: Path,
) -> ImportResult:
    path.write_text(exporter(lessons, "bank.yaml").text, encoding="utf-8")
    return importer(path)


def assert_same_questions(original: Lesson, back: Lesson) -> None:
    assert [q.id for q in back.questions] == [q.id for q in original.questions]
    for before, after in zip(original.questions, back.questions, strict=True):
        assert after.type == before.type, before.id
        assert after.stem == before.stem, before.id
        assert [o.text for o in after.options] == [o.text for o in before.options], before.id
        assert after.correct_keys == before.correct_keys, before.id
        assert [o.feedback for o in after.options] == [o.feedback for o in before.options]
        assert after.explanation == before.explanation, before.id
        assert after.objectives == before.objectives, before.id
        assert after.tags == before.tags, before.id
        assert after.difficulty == before.difficulty, before.id
        assert after.simulation == before.simulation, before.id


@pytest.mark.parametrize("name", FORMATS)
def test_tricky_bank_round_trips_field_by_field(
    name: str, tricky_lesson: Lesson, tmp_path: Path
) -> None:
    exporter, importer, suffix = FORMATS[name]
    result = round_trip([tricky_lesson], exporter, importer, tmp_path / f"tricky.{suffix}")
    assert_same_questions(tricky_lesson, result.lesson)
    assert result.lesson == tricky_lesson
    assert result.notes == []


@pytest.mark.parametrize("name", FORMATS)
def test_shipped_gan_bank_round_trips(name: str, gan_lesson: Lesson, tmp_path: Path) -> None:
    exporter, importer, suffix = FORMATS[name]
    result = round_trip([gan_lesson], exporter, importer, tmp_path / f"gans.{suffix}")
    assert_same_questions(gan_lesson, result.lesson)
    assert result.lesson.objectives == gan_lesson.objectives
    assert result.lesson.vocabulary == gan_lesson.vocabulary
    assert result.lesson.patterns == gan_lesson.patterns
    assert result.lesson == gan_lesson


@pytest.mark.parametrize("name", FORMATS)
def test_every_shipped_lesson_round_trips(
    name: str, shipped_lessons: list[Lesson], tmp_path: Path
) -> None:
    exporter, importer, suffix = FORMATS[name]
    assert len(shipped_lessons) >= 2
    for lesson in shipped_lessons:
        path = tmp_path / f"{lesson.lesson.id}.{suffix}"
        assert round_trip([lesson], exporter, importer, path).lesson == lesson


@pytest.mark.parametrize("name", FORMATS)
def test_round_trip_without_quizzer_comments_keeps_what_moodle_keeps(
    name: str, tricky_lesson: Lesson, tmp_path: Path
) -> None:
    """What survives a trip through Moodle itself, which drops comments."""
    exporter, importer, suffix = FORMATS[name]
    text = exporter([tricky_lesson], "bank.yaml").text
    kept = [line for line in text.split("\n") if "quizzer:" not in line]
    path = tmp_path / f"no-comments.{suffix}"
    path.write_text("\n".join(kept), encoding="utf-8")
    back = importer(path).lesson
    for before, after in zip(tricky_lesson.questions, back.questions, strict=True):
        assert (after.id, after.type, after.stem) == (before.id, before.type, before.stem)
        assert after.options == before.options
        assert after.explanation == before.explanation
        assert after.tags == before.tags
        assert after.objectives == ["tricky-gans"]


def test_gift_export_writes_moodle_weights_and_escapes(tricky_lesson: Lesson) -> None:
    text = export_gift([tricky_lesson], "bank.yaml").text
    assert "\t~%33.33333%FID\n" in text
    assert "\t~%-50%Cross-entropy of the labels\n" in text
    assert "\t~%50%Samples cluster on 1 of 8 modes#Yes\\: modes covered \\= 1/8.\n" in text
    assert "\t~[plain][html] Keep D(x) \\= 1/2 \\{always\\}" in text
    assert "::true-or-false::[plain]" in text and "{FALSE#No\\: G only sees" in text
    assert "// [id:minimax-value] [tag:minimax] [tag:theory]\n" in text


def test_gift_export_reports_what_lives_only_in_comments(gan_lesson: Lesson) -> None:
    notes = [str(note) for note in export_gift([gan_lesson], "gans.yaml").notes]
    assert any("vocabulary term(s)" in n and "pattern(s)" in n for n in notes)


def test_moodle_xml_export_is_a_moodle_quiz_file(tricky_lesson: Lesson) -> None:
    import xml.etree.ElementTree as ET

    root = ET.fromstring(export_moodle_xml([tricky_lesson], "bank.yaml").text)
    assert root.tag == "quiz"
    questions = root.findall("question")
    assert [q.get("type") for q in questions] == [
        "category",
        "multichoice",
        "multichoice",
        "truefalse",
        "multichoice",
    ]
    multiple = questions[2]
    assert multiple.findtext("single") == "false"
    assert [a.get("fraction") for a in multiple.findall("answer")] == ["50", "-100", "50"]
    assert multiple.findtext("questiontext/text") == tricky_lesson.questions[1].stem
    assert [t.findtext("text") for t in multiple.findall("tags/tag")] == ["mode-collapse"]


def test_json_export_imports_back_identically(
    tricky_lesson: Lesson, gan_lesson: Lesson, tmp_path: Path
) -> None:
    path = tmp_path / "bank.json"
    result = export_json([tricky_lesson, gan_lesson], "banks")
    path.write_text(result.text, encoding="utf-8")
    assert read_json(path) == [tricky_lesson, gan_lesson]
    assert result.notes == []


def test_several_lessons_in_one_gift_file_merge_into_one_with_a_note(
    shipped_lessons: list[Lesson], tmp_path: Path
) -> None:
    path = tmp_path / "all.gift"
    result = round_trip(shipped_lessons, export_gift, import_gift, path)
    merged = result.lesson
    assert merged.lesson == shipped_lessons[0].lesson
    assert [q.id for q in merged.questions] == [
        q.id for lesson in shipped_lessons for q in lesson.questions
    ]
    assert merged.objectives == [o for lesson in shipped_lessons for o in lesson.objectives]
    assert any("several lessons in one file" in str(note) for note in result.notes)
