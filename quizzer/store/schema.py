"""The versioned schema: ordered migrations, each taking the database one version up.

`PRAGMA user_version` holds the version. Migrations run inside one `BEGIN IMMEDIATE`
transaction, so two app instances opening a fresh database at once never both migrate,
and a crash mid-migration leaves the previous version intact.
"""

from __future__ import annotations

import sqlite3

MODES = ("practice", "exam", "review", "cram")

_V1 = f"""
CREATE TABLE learners (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL
);
CREATE TABLE sessions (
    id          INTEGER PRIMARY KEY,
    learner_id  INTEGER NOT NULL REFERENCES learners(id),
    lesson_id   TEXT NOT NULL,
    mode        TEXT NOT NULL CHECK (mode IN {MODES!r}),
    started_at  TEXT NOT NULL,
    finished_at TEXT
);
CREATE TABLE attempts (
    id           INTEGER PRIMARY KEY,
    session_id   INTEGER NOT NULL REFERENCES sessions(id),
    learner_id   INTEGER NOT NULL REFERENCES learners(id),
    lesson_id    TEXT NOT NULL,
    question_id  TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    chosen       TEXT NOT NULL,
    correct      INTEGER NOT NULL CHECK (correct IN (0, 1)),
    seconds      REAL NOT NULL CHECK (seconds >= 0),
    mode         TEXT NOT NULL CHECK (mode IN {MODES!r}),
    answered_at  TEXT NOT NULL
);
CREATE TABLE review_state (
    learner_id      INTEGER NOT NULL REFERENCES learners(id),
    lesson_id       TEXT NOT NULL,
    question_id     TEXT NOT NULL,
    card            TEXT NOT NULL,
    content_hash    TEXT NOT NULL,
    last_attempt_id INTEGER NOT NULL,
    PRIMARY KEY (learner_id, lesson_id, question_id)
);
"""

# v2: remember the answer key each attempt was graded against (so a changed key is told
# apart from a reworded stem, and item analysis knows the key without the bank), and index
# the per-learner, per-question history that review and mastery read on every screen.
_V2 = """
ALTER TABLE attempts ADD COLUMN key TEXT;
ALTER TABLE review_state ADD COLUMN key TEXT;
CREATE INDEX attempts_by_learner_question
    ON attempts (learner_id, lesson_id, question_id, id);
"""

MIGRATIONS: tuple[str, ...] = (_V1, _V2)
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def migrate(connection: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Bring the database up to `target` (default: the newest); return the version reached.

    The connection must be in autocommit mode (isolation_level=None); each statement of a
    migration runs in one immediate transaction together with the version bump.
    """
    connection.execute("BEGIN IMMEDIATE")
    try:
        version = schema_version(connection)
        for number in range(version, target):
            for statement in _statements(MIGRATIONS[number]):
                connection.execute(statement)
            version = number + 1
        connection.execute(f"PRAGMA user_version = {version:d}")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return version


def _statements(script: str) -> list[str]:
    """Split a migration into statements (no semicolons inside our DDL)."""
    return [part.strip() for part in script.split(";") if part.strip()]
