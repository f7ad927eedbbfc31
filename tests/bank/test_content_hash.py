"""The fingerprint stored with every answer changes with what a student answers, and only that."""

from __future__ import annotations

from quizzer.bank.model import Question

BASE = {
    "id": "q1",
    "stem": "Which network scores samples as real or fake?",
    "options": [
        {"text": "The discriminator", "correct": True, "feedback": "Right: it classifies."},
        {"text": "The generator", "feedback": "No: it produces samples."},
    ],
    "explanation": "D is a binary classifier.",
    "objectives": ["architecture"],
}


def _hash(**changes: object) -> str:
    return Question.model_validate({**BASE, **changes}).content_hash


def _with_option(index: int, **changes: object) -> list[dict[str, object]]:
    options = [dict(option) for option in BASE["options"]]
    options[index].update(changes)
    return options


def test_teaching_text_edits_keep_the_fingerprint() -> None:
    assert _hash(explanation="A longer, better explanation.") == _hash()
    assert _hash(options=_with_option(1, feedback="Better feedback.")) == _hash()
    assert _hash(tags=["basics"], difficulty="easy", objectives=["other"]) == _hash()


def test_what_a_student_answers_changes_the_fingerprint() -> None:
    assert _hash(stem="Which network produces samples?") != _hash()
    assert _hash(options=_with_option(1, text="The encoder")) != _hash()
    swapped_key = _with_option(0, correct=False)
    swapped_key[1]["correct"] = True
    assert _hash(options=swapped_key) != _hash()
    assert _hash(type="multiple") != _hash()
