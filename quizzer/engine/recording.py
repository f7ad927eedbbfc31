"""Hands a session's attempts to the progress store the moment they are given."""

from __future__ import annotations

from typing import TYPE_CHECKING

from quizzer.bank.model import Question
from quizzer.engine.session import AttemptRecord, Mode

if TYPE_CHECKING:
    from quizzer.store import Learner, Session, Store


class SessionRecorder:
    """Opens the store session lazily, at the first answer, so an abandoned quiz leaves none."""

    def __init__(self, store: Store, learner: Learner, lesson_id: str, mode: Mode) -> None:
        self.store = store
        self.learner = learner
        self.lesson_id = lesson_id
        self.mode = mode
        self.session: Session | None = None

    def record(self, question: Question, attempt: AttemptRecord) -> None:
        """Commit one first attempt; returns only once it is on disk."""
        if self.session is None:
            self.session = self.store.start_session(self.learner, self.lesson_id, self.mode.value)
        self.store.record_attempt(
            self.session,
            question_id=attempt.question_id,
            content_hash=attempt.content_hash,
            chosen=attempt.chosen,
            correct=attempt.correct,
            seconds=attempt.seconds,
            key=sorted(question.correct_keys),
        )

    def finish(self) -> None:
        if self.session is not None and self.session.finished_at is None:
            self.session = self.store.finish_session(self.session)
