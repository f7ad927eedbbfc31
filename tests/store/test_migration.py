"""A database written by the first schema version opens, migrates and keeps every row."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from quizzer.store import SCHEMA_VERSION, open_store, read_attempts

# The v1 schema exactly as the first release wrote it, spelled out here on purpose: the
# test must not build the old database with the code under test.
V1_SCHEMA = """
CREATE TABLE learners (id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL);
CREATE TABLE sessions (id INTEGER PRIMARY KEY, learner_id INTEGER NOT NULL REFERENCES learners(id),
    lesson_id TEXT NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('practice', 'exam', 'review', 'cram')),
    started_at TEXT NOT NULL, finished_at TEXT);
CREATE TABLE attempts (id INTEGER PRIMARY KEY, session_id INTEGER NOT NULL REFERENCES sessions(id),
    learner_id INTEGER NOT NULL REFERENCES learners(id), lesson_id TEXT NOT NULL,
    question_id TEXT NOT NULL, content_hash TEXT NOT NULL, chosen TEXT NOT NULL,
    correct INTEGER NOT NULL CHECK (correct IN (0, 1)), seconds REAL NOT NULL CHECK (seconds >= 0),
    mode TEXT NOT NULL CHECK (mode IN ('practice', 'exam', 'review', 'cram')),
    answered_at TEXT NOT NULL);
CREATE TABLE review_state (learner_id INTEGER NOT NULL REFERENCES learners(id),
    lesson_id TEXT NOT NULL, question_id TEXT NOT NULL, card TEXT NOT NULL,
    content_hash TEXT NOT NULL, last_attempt_id INTEGER NOT NULL,
    PRIMARY KEY (learner_id, lesson_id, question_id));
PRAGMA user_version = 1;
"""


def _v1_database(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.executescript(V1_SCHEMA)
    connection.execute(
        "INSERT INTO learners VALUES (1, 'uid-ada', 'ada', '2026-11-01T10:00:00.000000+00:00')"
    )
    connection.execute(
        "INSERT INTO sessions VALUES (1, 1, 'gans', 'practice', "
        "'2026-11-01T10:00:00.000000+00:00', NULL)"
    )
    for index, (chosen, correct) in enumerate([("B", 1), ("A;C", 0), ("D", 0)], start=1):
        connection.execute(
            "INSERT INTO attempts VALUES (?, 1, 1, 'gans', ?, 'hash', ?, ?, 4.5, 'practice', ?)",
            (index, f"q{index}", chosen, correct, f"2026-11-01T10:0{index}:00.000000+00:00"),
        )
    connection.commit()
    connection.close()


def test_v1_database_is_migrated_and_keeps_its_history(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    _v1_database(db)
    with open_store(db) as store:
        assert store.recovered is None
        learner = store.find_learner("ada")
        assert learner is not None and learner.uid == "uid-ada"
        history = store.attempts(learner)
        assert [(a.question_id, a.chosen, a.correct, a.key) for a in history] == [
            ("q1", ("B",), True, None),
            ("q2", ("A", "C"), False, None),
            ("q3", ("D",), False, None),
        ]
        session = store.sessions(learner)[0]
        added = store.record_attempt(
            session,
            question_id="q4",
            content_hash="hash",
            chosen=["C"],
            correct=True,
            seconds=3,
            key=["C"],
        )
        assert added.key == ("C",)
    connection = sqlite3.connect(db)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
    indexes = {row[1] for row in connection.execute("PRAGMA index_list('attempts')")}
    assert "attempts_by_learner_question" in indexes
    assert connection.execute("SELECT count(*) FROM attempts").fetchone()[0] == 4
    connection.close()


def test_v1_database_can_be_read_for_statistics_without_migrating_it(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    _v1_database(db)
    rows = read_attempts(db)
    assert [(learner.name, attempt.question_id) for learner, attempt in rows] == [
        ("ada", "q1"),
        ("ada", "q2"),
        ("ada", "q3"),
    ]
    connection = sqlite3.connect(db)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == 1
    connection.close()
