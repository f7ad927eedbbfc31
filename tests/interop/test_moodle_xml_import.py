"""Moodle XML written the way Moodle exports it, read into lessons."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizzer.bank.formats.assemble import NO_EXPLANATION
from quizzer.bank.formats.moodle_xml import import_moodle_xml
from quizzer.bank.formats.report import ImportResult


@pytest.fixture
def imported(fixtures: Path) -> ImportResult:
    return import_moodle_xml(fixtures / "moodle_style.xml")


def note_lines(result: ImportResult) -> list[str]:
    return [str(note).split("moodle_style.xml", 1)[1] for note in result.notes]


def test_single_multichoice_with_html_cdata_becomes_plain_text(imported: ImportResult) -> None:
    question = imported.lesson.question("mc-collapse")
    assert question.type == "single"
    assert question.stem == "What is mode collapse? [ring of 8]\n\nPick one & only one."
    assert [o.text for o in question.options] == [
        "G covers only a few modes of p_data",
        "D < 0.5 everywhere",
        "Loss goes to NaN {divergence}",
    ]
    assert question.correct_keys == {"A"}
    assert question.options[0].feedback == "Right: samples pile up on 1 of 8 modes."
    assert question.explanation == "The generator maps many z to a few outputs."
    assert question.tags == ["mode-collapse", "failure-modes"]


def test_embedded_files_and_images_are_reported(imported: ImportResult) -> None:
    assert ":16: question 'Mode collapse': <img>, file 'ring.png' dropped, text kept" in note_lines(
        imported
    )


def test_multiple_multichoice_uses_fraction_signs(imported: ImportResult) -> None:
    question = imported.lesson.question("fixes")
    assert question.type == "multiple"
    assert question.correct_keys == {"A", "B"}
    assert question.options[2].feedback == "No: that makes it worse."
    lines = note_lines(imported)
    assert (
        ":69: question 'Fixes': 'do not shuffle' not carried over; Quizzer decides the order"
        in (lines)
    )
    assert any(line.startswith(":69: question 'Fixes': correctfeedback") for line in lines)


def test_truefalse_becomes_two_options_with_their_feedback(imported: ImportResult) -> None:
    question = imported.lesson.question("d-is-a-classifier")
    assert [(o.text, o.correct, o.feedback) for o in question.options] == [
        ("True", True, "Yes: real versus fake."),
        ("False", False, "It is: it outputs P(real)."),
    ]
    assert question.explanation == NO_EXPLANATION


def test_category_becomes_the_objective(imported: ImportResult) -> None:
    (objective,) = imported.lesson.objectives
    assert objective.id == "default-for-gans-failure-modes"
    assert all(q.objectives == [objective.id] for q in imported.lesson.questions)


def test_other_types_are_reported_with_their_line(imported: ImportResult) -> None:
    lines = note_lines(imported)
    assert ":127: skipped essay question 'Explain collapse' (Quizzer has only multiple-choice)" in (
        lines
    )
    assert ":137: skipped shortanswer question 'Who' (Quizzer has only multiple-choice)" in lines
    assert len(imported.lesson.questions) == 3
