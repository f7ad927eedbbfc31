"""A small lesson and a fresh store for the review tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from quizzer.bank.model import Lesson
from quizzer.store import Store, open_store


def make_lesson(stems: dict[str, str] | None = None, keys: dict[str, int] | None = None) -> Lesson:
    """Four questions q1..q4 over two objectives; `stems`/`keys` override per question."""
    stems = stems or {}
    keys = keys or {}
    questions = []
    for number in range(1, 5):
        qid = f"q{number}"
        correct = keys.get(qid, 0)
        questions.append(
            {
                "id": qid,
                "stem": stems.get(qid, f"Question {number}?"),
                "options": [
                    {"text": f"option {letter}", "correct": index == correct}
                    for index, letter in enumerate("abc")
                ],
                "explanation": "because",
                "objectives": ["obj-a"] if number <= 2 else ["obj-b"],
            }
        )
    return Lesson.model_validate(
        {
            "lesson": {
                "id": "gans",
                "title": "GANs",
                "subject": "ML",
                "level": "12",
                "duration_minutes": 30,
                "summary": "s",
            },
            "objectives": [{"id": "obj-a", "text": "A"}, {"id": "obj-b", "text": "B"}],
            "questions": questions,
        }
    )


@pytest.fixture
def lesson() -> Lesson:
    return make_lesson()


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with open_store(tmp_path / "progress.db") as opened:
        yield opened


def record_answer(
    store: Store,
    lesson: Lesson,
    qid: str,
    correct: bool,
    when: datetime,
    seconds: float = 5.0,
    learner: str = "ada",
) -> None:
    question = lesson.question(qid)
    key = sorted(question.correct_keys)
    wrong = next(k for k in question.option_keys if k not in key)
    session = store.start_session(store.learner(learner), lesson.lesson.id, "practice")
    store.record_attempt(
        session,
        question_id=qid,
        content_hash=question.content_hash,
        chosen=key if correct else [wrong],
        correct=correct,
        seconds=seconds,
        key=key,
        answered_at=when,
    )


@pytest.fixture
def answer() -> Callable[..., None]:
    """Record one right or wrong answer of a question at a given time."""
    return record_answer


@pytest.fixture
def lesson_factory() -> Callable[..., Lesson]:
    return make_lesson
