"""Mastery per learning objective, for the lesson home and the progress screen.

Accuracy is over recent evidence only: the last RECENT_PER_QUESTION (3) attempts of each
question that assesses the objective, pooled. Three, because one answer is a coin toss and
a long memory would keep punishing a learner for mistakes they have since fixed; capping
per question keeps one much-drilled question from standing for the whole objective.
`due` counts the objective's questions that the review queue has due now.
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass
from datetime import datetime

from quizzer.bank.model import Lesson
from quizzer.review.queue import ReviewQueue
from quizzer.store import Learner, Store

RECENT_PER_QUESTION = 3


@dataclass(frozen=True)
class Mastery:
    """accuracy is None until a question of the objective has been answered."""

    accuracy: float | None
    attempts: int
    answered: int
    questions: int
    due: int


def mastery_by_objective(
    store: Store,
    learner: Learner,
    lesson: Lesson,
    now: datetime | None = None,
    queue: ReviewQueue | None = None,
) -> dict[str, Mastery]:
    """{objective id: Mastery} for every objective of the lesson, in the lesson's order."""
    queue = queue or ReviewQueue(store)
    due = set(queue.due(learner, lesson, now))
    recent: dict[str, deque[bool]] = defaultdict(lambda: deque(maxlen=RECENT_PER_QUESTION))
    for attempt in store.attempts(learner, lesson_id=lesson.lesson.id):
        recent[attempt.question_id].append(attempt.correct)
    result: dict[str, Mastery] = {}
    for objective in lesson.objectives:
        question_ids = [q.id for q in lesson.questions if objective.id in q.objectives]
        outcomes = [outcome for qid in question_ids for outcome in recent.get(qid, ())]
        result[objective.id] = Mastery(
            accuracy=sum(outcomes) / len(outcomes) if outcomes else None,
            attempts=len(outcomes),
            answered=sum(1 for qid in question_ids if recent.get(qid)),
            questions=len(question_ids),
            due=sum(1 for qid in question_ids if qid in due),
        )
    return result
