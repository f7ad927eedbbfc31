"""Attempts reach the store at once, by stable key, in a lazily opened session."""

from __future__ import annotations

from quizzer.engine import Mode, QuizSession
from quizzer.engine.recording import SessionRecorder
from quizzer.store import open_store


def test_first_attempts_are_committed_and_retries_are_not(tmp_path, questions):
    store = open_store(tmp_path / "progress.db")
    learner = store.learner("ada")
    recorder = SessionRecorder(store, learner, "lesson-x", Mode.PRACTICE)
    session = QuizSession(questions, mode=Mode.PRACTICE, seed=4)
    assert store.sessions(learner) == []
    for keys in ({"A"}, {"B"}):
        outcome = session.answer(keys)
        if outcome.record is not None:
            recorder.record(session.current, outcome.record)
    recorder.finish()
    store.close()

    reopened = open_store(tmp_path / "progress.db")
    attempts = reopened.attempts(reopened.learner("ada"), lesson_id="lesson-x")
    assert [(a.question_id, a.chosen, a.correct, a.mode) for a in attempts] == [
        ("q1", ("A",), False, "practice")
    ]
    assert attempts[0].key == ("B",)
    assert attempts[0].content_hash == questions[0].content_hash
    [stored_session] = reopened.sessions(reopened.learner("ada"))
    assert stored_session.finished_at is not None
