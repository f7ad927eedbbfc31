"""Aiken in and out: stem, options, key; everything else reported."""

from __future__ import annotations

from pathlib import Path

from quizzer.bank.formats.aiken import export_aiken, import_aiken
from quizzer.bank.model import Lesson

AIKEN = """What is the correct answer to this question?
A. Is it this one?
B. Maybe this answer?
C. Possibly this one?
D. Must be this one!
ANSWER: D

Which network judges samples?
A) The generator
B) The discriminator
ANSWER: B

A question whose answer is not an option
A. One
B. Two
ANSWER: E

A question that never gives its answer
A. One
B. Two
"""


def test_aiken_import_reads_both_option_styles_and_reports_broken_questions(
    tmp_path: Path,
) -> None:
    path = tmp_path / "quiz.txt"
    path.write_text(AIKEN, encoding="utf-8")
    result = import_aiken(path)
    first, second = result.lesson.questions
    assert first.stem == "What is the correct answer to this question?"
    assert [o.text for o in first.options][-1] == "Must be this one!"
    assert first.correct_keys == {"D"}
    assert second.correct_keys == {"B"}
    notes = [str(note) for note in result.notes]
    assert f"{path}:13: skipped question 'A question whose answer is not an option': " in (notes[0])
    assert notes[1].startswith(f"{path}:18: skipped question 'A question that never gives")


def test_aiken_export_skips_multiple_answer_questions_and_reports_losses(
    tricky_lesson: Lesson, tmp_path: Path
) -> None:
    result = export_aiken([tricky_lesson], "bank.yaml")
    notes = [str(note) for note in result.notes]
    assert (
        "bank.yaml: question 'collapse-signs': skipped (Aiken has no multiple-answer questions)"
        in (notes)
    )
    assert any("option feedback, explanations" in note for note in notes)
    path = tmp_path / "out.txt"
    path.write_text(result.text, encoding="utf-8")
    back = import_aiken(path).lesson
    singles = [q for q in tricky_lesson.questions if q.type == "single"]
    assert [q.correct_keys for q in back.questions] == [q.correct_keys for q in singles]
    assert [[o.text for o in q.options] for q in back.questions] == [
        [o.text for o in q.options] for q in singles
    ]
    assert back.questions[0].stem == " ".join(singles[0].stem.split())
