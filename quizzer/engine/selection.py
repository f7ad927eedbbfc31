"""Which questions a session asks: filters, an explicit list (review), or a seeded random N."""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence

from quizzer.bank.model import Question


def select_questions(
    questions: Sequence[Question],
    *,
    ids: Sequence[str] | None = None,
    objectives: Collection[str] | None = None,
    difficulties: Collection[str] | None = None,
    count: int | None = None,
    seed: int | None = None,
) -> list[Question]:
    """Narrow `questions` by every criterion given; without `count` keep the authored order.

    `ids` keeps the caller's order (a review queue passes the most overdue first) and skips
    ids the bank no longer has: a question deleted from the bank must not break a review.
    `count` draws a random sample of that size with `random.Random(seed)`, so a given seed
    always asks the same questions in the same order.
    """
    if ids is not None:
        by_id = {question.id: question for question in questions}
        pool = [by_id[question_id] for question_id in dict.fromkeys(ids) if question_id in by_id]
    else:
        pool = list(questions)
    if objectives is not None:
        wanted = set(objectives)
        pool = [q for q in pool if wanted.intersection(q.objectives)]
    if difficulties is not None:
        wanted_levels = set(difficulties)
        pool = [q for q in pool if q.difficulty in wanted_levels]
    if count is not None:
        if count < 1:
            raise ValueError(f"count must be at least 1, got {count}")
        pool = random.Random(seed).sample(pool, min(count, len(pool)))
    return pool
