"""What a finished session reports: score, per-objective breakdown, every question reviewed."""

from __future__ import annotations

from dataclasses import dataclass

from quizzer.bank.model import OPTION_KEYS, Question


@dataclass(frozen=True)
class QuestionReview:
    """One question as the student left it; `chosen` is the first attempt (None: unanswered)."""

    question: Question
    order: tuple[str, ...]
    chosen: frozenset[str] | None
    correct: bool
    seconds: float

    @property
    def answered(self) -> bool:
        return self.chosen is not None

    def label_of(self, key: str) -> str:
        """The letter the student saw for the authored option `key`."""
        return OPTION_KEYS[self.order.index(key)]


@dataclass(frozen=True)
class ObjectiveScore:
    objective_id: str
    correct: int
    total: int

    @property
    def fraction(self) -> float:
        return self.correct / self.total if self.total else 0.0


@dataclass(frozen=True)
class QuizResult:
    """Scored on first attempts only, so a practice retry never inflates the score."""

    mode: str
    reviews: tuple[QuestionReview, ...]
    by_objective: tuple[ObjectiveScore, ...]
    elapsed: float
    timed_out: bool

    @property
    def total(self) -> int:
        return len(self.reviews)

    @property
    def correct(self) -> int:
        return sum(review.correct for review in self.reviews)

    @property
    def answered(self) -> int:
        return sum(review.answered for review in self.reviews)

    @property
    def score(self) -> float:
        """Fraction right out of every question asked; unanswered questions count as wrong."""
        return self.correct / self.total if self.total else 0.0

    @property
    def missed(self) -> tuple[QuestionReview, ...]:
        return tuple(review for review in self.reviews if not review.correct)
