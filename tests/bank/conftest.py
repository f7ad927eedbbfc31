"""A small valid lesson, as YAML text, that the bank tests mutate."""

from __future__ import annotations

import pytest

LESSON = """\
lesson:
  id: {lesson_id}
  title: A small lesson
  subject: Computer Science
  level: Grade 12
  duration_minutes: 20
  summary: Just enough to be valid.
objectives:
  - id: roles
    text: Explain the roles of the generator and the discriminator.
questions:
  - id: {question_id}
    type: single
    stem: Which network produces the fake samples?
    explanation: The generator maps noise to samples; the discriminator only judges them.
    objectives: [roles]
    options:
      - text: The generator
        correct: true
        feedback: Right, it turns noise into samples.
      - text: The discriminator
        feedback: It classifies samples; it does not produce them.
"""


def lesson_text(lesson_id: str = "demo", question_id: str = "q1") -> str:
    return LESSON.format(lesson_id=lesson_id, question_id=question_id)


@pytest.fixture
def valid_text() -> str:
    return lesson_text()


@pytest.fixture
def make_lesson():
    """`make_lesson(lesson_id, question_id)`: the valid lesson with other ids."""
    return lesson_text
