"""A quiz session: the questions, their shuffled options, the answers given and the clock.

Options are shown in a shuffled order but every answer is recorded by the option's stable
key (its authored letter), so statistics and review survive any shuffle. The order of a
question's options depends only on the session seed and the question id: going back and
forth, or retrying in practice, never reorders what the student already saw.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from quizzer.bank.model import OPTION_KEYS, Option, Question
from quizzer.engine.grading import grade
from quizzer.engine.result import ObjectiveScore, QuestionReview, QuizResult


class SessionError(Exception):
    """An answer the session cannot take (unknown key, exam answer changed, time up...)."""


class Mode(StrEnum):
    """Practice, review and cram give feedback at once; an exam only at the end.

    Review asks the questions that are due; cram asks the weakest ones when nothing is due.
    """

    PRACTICE = "practice"
    EXAM = "exam"
    REVIEW = "review"
    CRAM = "cram"

    @property
    def immediate_feedback(self) -> bool:
        return self is not Mode.EXAM

    @property
    def allows_retry(self) -> bool:
        return self is not Mode.EXAM


@dataclass(frozen=True)
class DisplayedOption:
    """An option as shown: `label` is the letter on screen, `key` the authored letter."""

    label: str
    key: str
    option: Option


@dataclass(frozen=True)
class AttemptRecord:
    """One answer as the store keeps it: by stable keys, with the question's content hash."""

    question_id: str
    content_hash: str
    chosen: tuple[str, ...]
    correct: bool
    seconds: float
    mode: str


@dataclass(frozen=True)
class Feedback:
    """What practice shows after an answer: the verdict, the explanation, the options' notes."""

    correct: bool
    explanation: str
    chosen: tuple[DisplayedOption, ...]
    correct_options: tuple[DisplayedOption, ...]


@dataclass(frozen=True)
class AnswerOutcome:
    """`record` is what to store: None for a practice retry, which never counts."""

    correct: bool
    record: AttemptRecord | None
    feedback: Feedback | None


@dataclass
class _QuestionState:
    order: tuple[str, ...]
    attempts: list[frozenset[str]] = field(default_factory=list)
    seconds: float = 0.0
    first_seconds: float | None = None


class QuizSession:
    """Runs one pass through `questions` in the given `mode`.

    `clock` is injectable so tests control time; `time_limit` (seconds, exam only in
    practice but accepted in any mode) makes `answer` refuse once it has passed.
    """

    def __init__(
        self,
        questions: Sequence[Question],
        *,
        mode: Mode = Mode.PRACTICE,
        seed: int = 0,
        time_limit: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not questions:
            raise SessionError("a quiz needs at least one question")
        if time_limit is not None and time_limit <= 0:
            raise SessionError(f"the time limit must be positive, got {time_limit}")
        self.questions: tuple[Question, ...] = tuple(questions)
        self.mode = Mode(mode)
        self.seed = seed
        self.time_limit = time_limit
        self._clock = clock
        self._states = [_QuestionState(self._shuffled_keys(q)) for q in self.questions]
        self._index = 0
        self._started = clock()
        self._entered = self._started
        self._finished_at: float | None = None

    def _shuffled_keys(self, question: Question) -> tuple[str, ...]:
        keys = list(question.option_keys)
        random.Random(f"{self.seed}/{question.id}").shuffle(keys)
        return tuple(keys)

    # Navigation -------------------------------------------------------------------------

    @property
    def index(self) -> int:
        return self._index

    @property
    def total(self) -> int:
        return len(self.questions)

    @property
    def current(self) -> Question:
        return self.questions[self._index]

    def go_to(self, index: int) -> bool:
        """Move to question `index`; False (and no move) when it is out of range."""
        if not 0 <= index < self.total or index == self._index:
            return False
        self._leave()
        self._index = index
        self._entered = self._clock()
        return True

    def next(self) -> bool:
        return self.go_to(self._index + 1)

    def previous(self) -> bool:
        return self.go_to(self._index - 1)

    def first_unanswered(self) -> int | None:
        return next((i for i in range(self.total) if not self.is_answered(i)), None)

    def _leave(self) -> None:
        """Bank the time spent on the current question while it is still unanswered."""
        if self._finished_at is None:
            self._states[self._index].seconds += self._clock() - self._entered

    # What is shown ----------------------------------------------------------------------

    def displayed_options(self, index: int | None = None) -> list[DisplayedOption]:
        i = self._index if index is None else index
        question = self.questions[i]
        by_key = dict(zip(question.option_keys, question.options, strict=True))
        order = self._states[i].order
        return [DisplayedOption(OPTION_KEYS[n], key, by_key[key]) for n, key in enumerate(order)]

    def key_for_label(self, label: str, index: int | None = None) -> str:
        """The authored key behind the on-screen letter `label` (what the student pressed)."""
        options = self.displayed_options(index)
        for shown in options:
            if shown.label == label.upper():
                return shown.key
        raise SessionError(f"no option {label!r} in this question")

    def is_answered(self, index: int | None = None) -> bool:
        return bool(self._states[self._index if index is None else index].attempts)

    def attempts(self, index: int | None = None) -> tuple[frozenset[str], ...]:
        return tuple(self._states[self._index if index is None else index].attempts)

    @property
    def answered_count(self) -> int:
        return sum(bool(state.attempts) for state in self._states)

    # The clock --------------------------------------------------------------------------

    def elapsed(self) -> float:
        end = self._finished_at if self._finished_at is not None else self._clock()
        return end - self._started

    def time_left(self) -> float | None:
        if self.time_limit is None:
            return None
        return max(0.0, self.time_limit - self.elapsed())

    @property
    def expired(self) -> bool:
        left = self.time_left()
        return left is not None and left <= 0

    @property
    def finished(self) -> bool:
        return self._finished_at is not None

    # Answering --------------------------------------------------------------------------

    def answer(self, chosen: Iterable[str]) -> AnswerOutcome:
        """Grade the authored keys in `chosen` for the current question.

        The first answer to a question is the one that counts and the one to store. Practice
        and review allow retries (graded and explained, never stored); an exam answer is
        final, because it was committed to the store the moment it was given.
        """
        if self.finished:
            raise SessionError("the quiz is finished")
        if self.expired:
            raise SessionError("time is up")
        question = self.current
        keys = frozenset(chosen)
        self._check_choice(question, keys)
        state = self._states[self._index]
        first = not state.attempts
        if not first and not self.mode.allows_retry:
            raise SessionError("exam answers are final")
        now = self._clock()
        seconds = state.seconds + (now - self._entered)
        correct = grade(question, keys)
        state.attempts.append(keys)
        record = None
        if first:
            state.first_seconds = seconds
            record = AttemptRecord(
                question_id=question.id,
                content_hash=question.content_hash,
                chosen=tuple(sorted(keys)),
                correct=correct,
                seconds=seconds,
                mode=self.mode.value,
            )
        feedback = self.feedback(self._index) if self.mode.immediate_feedback else None
        return AnswerOutcome(correct=correct, record=record, feedback=feedback)

    @staticmethod
    def _check_choice(question: Question, keys: frozenset[str]) -> None:
        if not keys:
            raise SessionError("choose an option first")
        unknown = keys - set(question.option_keys)
        if unknown:
            raise SessionError(f"no option {', '.join(sorted(unknown))} in this question")
        if question.type == "single" and len(keys) != 1:
            raise SessionError("this question takes exactly one answer")

    def feedback(self, index: int | None = None) -> Feedback | None:
        """Feedback on the latest attempt at a question (None while it is unanswered)."""
        i = self._index if index is None else index
        state = self._states[i]
        if not state.attempts:
            return None
        question = self.questions[i]
        latest = state.attempts[-1]
        shown = self.displayed_options(i)
        return Feedback(
            correct=grade(question, latest),
            explanation=question.explanation,
            chosen=tuple(option for option in shown if option.key in latest),
            correct_options=tuple(option for option in shown if option.option.correct),
        )

    # The end ----------------------------------------------------------------------------

    def finish(self) -> QuizResult:
        """Close the session (idempotent) and score it on first attempts."""
        if self._finished_at is None:
            self._leave()
            self._finished_at = self._clock()
        return self.result()

    def result(self) -> QuizResult:
        reviews = tuple(self._review(i) for i in range(self.total))
        return QuizResult(
            mode=self.mode.value,
            reviews=reviews,
            by_objective=self._by_objective(reviews),
            elapsed=self.elapsed(),
            timed_out=self.expired,
        )

    def _review(self, index: int) -> QuestionReview:
        state = self._states[index]
        question = self.questions[index]
        first = state.attempts[0] if state.attempts else None
        return QuestionReview(
            question=question,
            order=state.order,
            chosen=first,
            correct=first is not None and grade(question, first),
            seconds=state.first_seconds if state.first_seconds is not None else state.seconds,
        )

    @staticmethod
    def _by_objective(reviews: Sequence[QuestionReview]) -> tuple[ObjectiveScore, ...]:
        tally: dict[str, list[int]] = {}
        for review in reviews:
            for objective_id in review.question.objectives:
                counts = tally.setdefault(objective_id, [0, 0])
                counts[0] += review.correct
                counts[1] += 1
        return tuple(ObjectiveScore(oid, right, total) for oid, (right, total) in tally.items())
