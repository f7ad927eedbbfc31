"""A learner's progress as the app needs it: one object over the store and the review queue.

Headless, so tests drive it without Textual. When the database cannot be opened at all
(an unwritable folder, say) the app still runs on `Progress.unavailable()`: quizzes work,
nothing is saved, and the app says so once instead of failing.
"""

from __future__ import annotations

from pathlib import Path

from quizzer.bank.model import Lesson
from quizzer.engine.recording import SessionRecorder
from quizzer.engine.session import Mode
from quizzer.errors import QuizzerError
from quizzer.review import Mastery, ReviewQueue, mastery_by_objective
from quizzer.store import Attempt, Learner, Session, Store, open_store


class Progress:
    def __init__(self, store: Store | None = None, learner: Learner | None = None) -> None:
        self.store = store
        self.learner = learner
        self.queue = ReviewQueue(store) if store is not None else None
        self.recovered: str | None = (
            str(store.recovered) if store is not None and store.recovered else None
        )

    @classmethod
    def unavailable(cls) -> Progress:
        return cls()

    @classmethod
    def open(cls, db_path: Path | None, learner_name: str) -> tuple[Progress, str | None]:
        """The progress at `db_path` (None: `$QUIZZER_DB` or the default), or why not."""
        try:
            store = open_store(db_path)
            return cls(store, store.learner(learner_name)), None
        except QuizzerError as error:
            return cls.unavailable(), f"{error}. Answers will not be saved this time."

    @property
    def available(self) -> bool:
        return self.store is not None

    def recorder(self, lesson_id: str, mode: Mode) -> SessionRecorder | None:
        if self.store is None or self.learner is None:
            return None
        return SessionRecorder(self.store, self.learner, lesson_id, mode)

    def mastery(self, lesson: Lesson) -> dict[str, Mastery]:
        if self.store is None or self.learner is None or self.queue is None:
            return {}
        return mastery_by_objective(self.store, self.learner, lesson, queue=self.queue)

    def due_ids(self, lesson: Lesson) -> list[str]:
        if self.queue is None or self.learner is None:
            return []
        return self.queue.due(self.learner, lesson)

    def cram_ids(self, lesson: Lesson, count: int) -> list[str]:
        """The weakest questions when nothing is due; without a store, the first `count`."""
        if self.queue is None or self.learner is None:
            return [question.id for question in lesson.questions[:count]]
        return self.queue.cram(self.learner, lesson, count)

    def attempts(self, lesson: Lesson) -> list[Attempt]:
        if self.store is None or self.learner is None:
            return []
        return self.store.attempts(self.learner, lesson_id=lesson.lesson.id)

    def sessions(self, lesson: Lesson) -> list[Session]:
        if self.store is None or self.learner is None:
            return []
        return self.store.sessions(self.learner, lesson.lesson.id)

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
