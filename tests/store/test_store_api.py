"""The store's API: learners, sessions and attempts round-trip; bad input is refused."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from quizzer.store import Learner, StoreError, default_db_path, open_store


def test_attempt_round_trips_with_every_field(tmp_path: Path) -> None:
    when = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
    with open_store(tmp_path / "p.db") as store:
        ada = store.learner("  ada ")
        assert store.learner("ada") == ada
        session = store.start_session(ada, "gans", "exam", now=when)
        store.record_attempt(
            session,
            question_id="q1",
            content_hash="abc",
            chosen=["c", "A"],
            correct=False,
            seconds=12.5,
            key=frozenset({"A", "B"}),
            answered_at=when,
        )
        finished = store.finish_session(session, now=when)
    with open_store(tmp_path / "p.db") as store:
        (attempt,) = store.attempts(store.learner("ada"))
        assert attempt.chosen == ("A", "C")
        assert attempt.key == ("A", "B")
        assert (attempt.correct, attempt.seconds, attempt.mode) == (False, 12.5, "exam")
        assert attempt.answered_at == when
        assert store.sessions(store.learner("ada"))[0].finished_at == finished.finished_at


def test_learners_are_separate(tmp_path: Path) -> None:
    with open_store(tmp_path / "p.db") as store:
        ada, bob = store.learner("ada"), store.learner("bob")
        assert ada.uid != bob.uid
        session = store.start_session(ada, "gans", "practice")
        store.record_attempt(
            session, question_id="q", content_hash="h", chosen=["A"], correct=True, seconds=1
        )
        assert len(store.attempts(ada)) == 1
        assert store.attempts(bob) == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("chosen", ["AB"], "letters A-Z"),
        ("chosen", ["1"], "letters A-Z"),
        ("seconds", -1.0, "negative"),
        ("mode", "speedrun", "unknown mode"),
    ],
)
def test_bad_attempts_are_refused_and_nothing_is_written(
    tmp_path: Path, field: str, value: object, message: str
) -> None:
    with open_store(tmp_path / "p.db") as store:
        session = store.start_session(store.learner("ada"), "gans", "practice")
        arguments = {
            "question_id": "q",
            "content_hash": "h",
            "chosen": ["A"],
            "correct": True,
            "seconds": 1.0,
        } | {field: value}
        with pytest.raises(StoreError, match=message):
            store.record_attempt(session, **arguments)
        assert store.attempts() == []


def test_empty_learner_name_is_refused(tmp_path: Path) -> None:
    with open_store(tmp_path / "p.db") as store, pytest.raises(StoreError):
        store.learner("   ")


def test_database_is_wal(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    with open_store(db) as store:
        store.learner("ada")
        connection = sqlite3.connect(db)
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        connection.close()


def test_foreign_keys_refuse_a_session_of_an_unknown_learner(tmp_path: Path) -> None:
    ghost = Learner(id=999, uid="x", name="ghost", created_at=datetime.now(UTC))
    with open_store(tmp_path / "p.db") as store:
        with pytest.raises(StoreError, match="FOREIGN KEY"):
            store.start_session(ghost, "gans", "practice")
        assert store.sessions(ghost) == []


def test_default_path_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUIZZER_DB", str(tmp_path / "env.db"))
    assert default_db_path() == tmp_path / "env.db"
    monkeypatch.delenv("QUIZZER_DB")
    assert default_db_path().name == "progress.db"
    assert "quizzer" in str(default_db_path()).lower()
