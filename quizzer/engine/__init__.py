"""Quiz sessions without a UI: selection, option shuffling, grading, feedback modes, results.

The Textual app, the tests and any command-line driver use the same objects: pick questions
with `select_questions`, run them through a `QuizSession`, hand each `AttemptRecord` it emits
to the store, and read the `QuizResult` at the end. Nothing here imports Textual or torch.
"""

from quizzer.engine.grading import grade
from quizzer.engine.result import ObjectiveScore, QuestionReview, QuizResult
from quizzer.engine.selection import select_questions
from quizzer.engine.session import (
    AnswerOutcome,
    AttemptRecord,
    DisplayedOption,
    Feedback,
    Mode,
    QuizSession,
    SessionError,
)

__all__ = [
    "AnswerOutcome",
    "AttemptRecord",
    "DisplayedOption",
    "Feedback",
    "Mode",
    "ObjectiveScore",
    "QuestionReview",
    "QuizResult",
    "QuizSession",
    "SessionError",
    "grade",
    "select_questions",
]
