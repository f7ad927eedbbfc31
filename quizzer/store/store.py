"""The progress store: one SQLite file per machine, every answer committed as it is given.

Durability and concurrency choices:

* WAL journal: readers never block the writer, and a commit is one append to the -wal file.
* `synchronous=FULL`: each commit fsyncs the WAL, so an acknowledged answer survives not
  only a killed process (NORMAL already gives that) but also a power cut or a laptop whose
  battery dies mid-quiz. The benchmark (benchmarks/store_commit.py) shows the cost stays
  within the 5 ms budget; see benchmarks/README.md.
* Every write runs in `BEGIN IMMEDIATE` with a 10 s busy timeout, so two app instances
  writing at once queue for the lock instead of failing or losing an answer.
* Foreign keys on: an attempt always belongs to a real session and learner.
"""

from __future__ import annotations

import getpass
import os
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from quizzer.errors import QuizzerError
from quizzer.store.location import resolve_db_path
from quizzer.store.records import (
    ATTEMPT_COLUMNS,
    LEARNER_COLUMNS,
    Attempt,
    Learner,
    Mode,
    ReviewState,
    Session,
    attempt_from_row,
    decode_keys,
    decode_time,
    encode_keys,
    encode_time,
    learner_from_row,
)
from quizzer.store.recovery import DatabaseBusyError, StoreRecovery, diagnose, move_aside
from quizzer.store.schema import MODES, SCHEMA_VERSION, migrate, schema_version

BUSY_TIMEOUT_MS = 10_000
SYNCHRONOUS = "FULL"
_LEARNER_SELECT = ", ".join(LEARNER_COLUMNS)
_ATTEMPT_SELECT = ", ".join(ATTEMPT_COLUMNS)


class StoreError(QuizzerError):
    """The database could not be opened or written: the message names the file."""


def default_learner_name() -> str:
    """The OS user name, the learner used when none is given."""
    try:
        return getpass.getuser() or "learner"
    except (KeyError, OSError):
        return "learner"


def open_store(path: Path | str | None = None) -> Store:
    """Open (creating or migrating) the database at `path`, `$QUIZZER_DB` or the default.

    A corrupt or newer database is moved aside first; `store.recovered` then says so.
    Raises StoreError when the folder cannot be created or written.
    """
    db_path = resolve_db_path(path)
    _check_writable(db_path)
    recovered: StoreRecovery | None = None
    try:
        problem = diagnose(db_path)
    except DatabaseBusyError as error:
        raise StoreError(f"{db_path}: cannot open the progress database: {error}") from error
    if problem is not None:
        try:
            recovered = move_aside(db_path, *problem)
        except FileNotFoundError:
            recovered = None  # another Quizzer starting at the same moment moved it first
        except OSError as error:
            raise StoreError(
                f"{db_path}: {problem[1]}, and it could not be moved aside: {error.strerror}"
            ) from error
    return Store(db_path, recovered)


def _check_writable(db_path: Path) -> None:
    folder = db_path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(
            f"cannot create the folder {folder} for the progress database: {error.strerror}"
        ) from error
    if db_path.is_dir():
        raise StoreError(f"{db_path} is a folder, not a progress database file")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StoreError(f"cannot write in {folder} (the progress database goes there)")
    if db_path.exists() and not os.access(db_path, os.R_OK | os.W_OK):
        raise StoreError(f"cannot read and write the progress database {db_path}")


class Store:
    """Learners, sessions, attempts and review state in one SQLite file; thread-safe."""

    def __init__(self, path: Path, recovered: StoreRecovery | None = None) -> None:
        self.path = path
        self.recovered = recovered
        self._lock = threading.RLock()
        try:
            self._connection = sqlite3.connect(
                path,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                check_same_thread=False,
            )
            self._configure()
            if schema_version(self._connection) < SCHEMA_VERSION:
                migrate(self._connection)
        except sqlite3.Error as error:
            raise StoreError(f"{path}: cannot open the progress database: {error}") from error

    def _configure(self) -> None:
        connection = self._connection
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
        connection.execute("PRAGMA foreign_keys = ON")

    # -- plumbing -------------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            self._connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One immediate transaction: committed when the block ends, rolled back on error."""
        with self._lock:
            connection = self._connection
            try:
                connection.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as error:
                raise StoreError(f"{self.path}: cannot write: {error}") from error
            try:
                yield connection
            except sqlite3.Error as error:
                connection.execute("ROLLBACK")
                raise StoreError(f"{self.path}: cannot write: {error}") from error
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")

    def _read(self, sql: str, parameters: Iterable[object] = ()) -> list[tuple]:
        with self._lock:
            try:
                return self._connection.execute(sql, tuple(parameters)).fetchall()
            except sqlite3.Error as error:
                raise StoreError(f"{self.path}: cannot read: {error}") from error

    # -- learners -------------------------------------------------------------------------

    def learner(self, name: str) -> Learner:
        """The learner called `name` (surrounding spaces ignored), created on first use."""
        clean = name.strip()
        if not clean:
            raise StoreError("a learner needs a non-empty name")
        found = self.find_learner(clean)
        if found is not None:
            return found
        with self._write() as connection:
            connection.execute(
                "INSERT OR IGNORE INTO learners (uid, name, created_at) VALUES (?, ?, ?)",
                (uuid.uuid4().hex, clean, encode_time(datetime.now(UTC))),
            )
        found = self.find_learner(clean)
        assert found is not None
        return found

    def find_learner(self, name: str) -> Learner | None:
        rows = self._read(f"SELECT {_LEARNER_SELECT} FROM learners WHERE name = ?", (name.strip(),))
        return learner_from_row(rows[0]) if rows else None

    def learners(self) -> list[Learner]:
        rows = self._read(f"SELECT {_LEARNER_SELECT} FROM learners ORDER BY name")
        return [learner_from_row(row) for row in rows]

    # -- sessions and attempts ------------------------------------------------------------

    def start_session(
        self, learner: Learner, lesson_id: str, mode: Mode, *, now: datetime | None = None
    ) -> Session:
        if mode not in MODES:
            raise StoreError(f"unknown mode {mode!r}; expected one of {', '.join(MODES)}")
        started = now or datetime.now(UTC)
        with self._write() as connection:
            cursor = connection.execute(
                "INSERT INTO sessions (learner_id, lesson_id, mode, started_at) "
                "VALUES (?, ?, ?, ?)",
                (learner.id, lesson_id, mode, encode_time(started)),
            )
            session_id = int(cursor.lastrowid)
        return Session(session_id, learner.id, lesson_id, mode, decode_time(encode_time(started)))

    def finish_session(self, session: Session, *, now: datetime | None = None) -> Session:
        finished = decode_time(encode_time(now or datetime.now(UTC)))
        with self._write() as connection:
            connection.execute(
                "UPDATE sessions SET finished_at = ? WHERE id = ?",
                (encode_time(finished), session.id),
            )
        return Session(
            session.id,
            session.learner_id,
            session.lesson_id,
            session.mode,
            session.started_at,
            finished,
        )

    def sessions(self, learner: Learner, lesson_id: str | None = None) -> list[Session]:
        sql = (
            "SELECT id, learner_id, lesson_id, mode, started_at, finished_at FROM sessions "
            "WHERE learner_id = ?"
        )
        parameters: list[object] = [learner.id]
        if lesson_id is not None:
            sql += " AND lesson_id = ?"
            parameters.append(lesson_id)
        rows = self._read(sql + " ORDER BY id", parameters)
        return [
            Session(
                row[0],
                row[1],
                row[2],
                row[3],
                decode_time(row[4]),
                decode_time(row[5]) if row[5] else None,
            )
            for row in rows
        ]

    def record_attempt(
        self,
        session: Session,
        *,
        question_id: str,
        content_hash: str,
        chosen: Iterable[str],
        correct: bool,
        seconds: float,
        key: Iterable[str] | None = None,
        mode: Mode | None = None,
        answered_at: datetime | None = None,
    ) -> Attempt:
        """Store one answer and commit it before returning: once this returns, it is kept.

        `chosen` and `key` are option letters in authored order ("A", "C"); pass `key`
        (the question's correct letters) so a later change of the key can be detected.
        `mode` defaults to the session's.
        """
        chosen_text = _keys_or_error(chosen, "chosen")
        key_text = _keys_or_error(key, "key") if key is not None else None
        mode = mode or session.mode
        if mode not in MODES:
            raise StoreError(f"unknown mode {mode!r}; expected one of {', '.join(MODES)}")
        if seconds < 0:
            raise StoreError(f"time taken cannot be negative ({seconds})")
        moment = encode_time(answered_at or datetime.now(UTC))
        with self._write() as connection:
            cursor = connection.execute(
                "INSERT INTO attempts (session_id, learner_id, lesson_id, question_id, "
                "content_hash, chosen, correct, seconds, mode, answered_at, key) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    session.id,
                    session.learner_id,
                    session.lesson_id,
                    question_id,
                    content_hash,
                    chosen_text,
                    int(bool(correct)),
                    float(seconds),
                    mode,
                    moment,
                    key_text,
                ),
            )
            attempt_id = int(cursor.lastrowid)
        return Attempt(
            id=attempt_id,
            session_id=session.id,
            learner_id=session.learner_id,
            lesson_id=session.lesson_id,
            question_id=question_id,
            content_hash=content_hash,
            chosen=decode_keys(chosen_text),
            correct=bool(correct),
            seconds=float(seconds),
            mode=mode,
            answered_at=decode_time(moment),
            key=decode_keys(key_text) if key_text is not None else None,
        )

    def attempts(
        self,
        learner: Learner | None = None,
        *,
        lesson_id: str | None = None,
        question_id: str | None = None,
        after_id: int = 0,
    ) -> list[Attempt]:
        """Attempts in the order they were given (by id), optionally filtered."""
        clauses = ["id > ?"]
        parameters: list[object] = [after_id]
        if learner is not None:
            clauses.append("learner_id = ?")
            parameters.append(learner.id)
        if lesson_id is not None:
            clauses.append("lesson_id = ?")
            parameters.append(lesson_id)
        if question_id is not None:
            clauses.append("question_id = ?")
            parameters.append(question_id)
        rows = self._read(
            f"SELECT {_ATTEMPT_SELECT} FROM attempts WHERE {' AND '.join(clauses)} ORDER BY id",
            parameters,
        )
        return [attempt_from_row(row) for row in rows]

    # -- review state ---------------------------------------------------------------------

    def review_states(self, learner: Learner, lesson_id: str) -> dict[str, ReviewState]:
        rows = self._read(
            "SELECT learner_id, lesson_id, question_id, card, content_hash, key, "
            "last_attempt_id FROM review_state WHERE learner_id = ? AND lesson_id = ?",
            (learner.id, lesson_id),
        )
        return {
            row[2]: ReviewState(
                learner_id=row[0],
                lesson_id=row[1],
                question_id=row[2],
                card_json=row[3],
                content_hash=row[4],
                key=decode_keys(row[5]) if row[5] is not None else None,
                last_attempt_id=row[6],
            )
            for row in rows
        }

    def save_review_states(self, states: Iterable[ReviewState]) -> None:
        """Insert or replace cards in one transaction (all or none)."""
        rows = [
            (
                state.learner_id,
                state.lesson_id,
                state.question_id,
                state.card_json,
                state.content_hash,
                encode_keys(state.key) if state.key is not None else None,
                state.last_attempt_id,
            )
            for state in states
        ]
        if not rows:
            return
        with self._write() as connection:
            connection.executemany(
                "INSERT INTO review_state (learner_id, lesson_id, question_id, card, "
                "content_hash, key, last_attempt_id) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (learner_id, lesson_id, question_id) DO UPDATE SET "
                "card = excluded.card, content_hash = excluded.content_hash, "
                "key = excluded.key, last_attempt_id = excluded.last_attempt_id",
                rows,
            )


def _keys_or_error(keys: Iterable[str], what: str) -> str:
    try:
        return encode_keys(tuple(keys))
    except ValueError as error:
        raise StoreError(f"{what}: {error}") from error
