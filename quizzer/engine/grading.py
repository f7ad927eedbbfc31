"""Grading: one rule for single and multiple-answer questions, so every caller agrees."""

from __future__ import annotations

from collections.abc import Iterable

from quizzer.bank.model import Question


def grade(question: Question, chosen: Iterable[str]) -> bool:
    """Right only when the chosen keys are exactly the key: no partial credit.

    Partial credit would let a student tick every box of a multiple-answer question and still
    score; the item statistics (issue 5) also assume 0/1 items.
    """
    return frozenset(chosen) == question.correct_keys
