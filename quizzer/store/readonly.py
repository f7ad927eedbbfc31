"""Reading another learner's database for statistics and export without changing it.

A teacher points `quizzer stats` at copies of students' databases: those files are opened
read-only, never migrated or moved aside. A file that is not a usable Quizzer database is
a clear StoreError naming it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

from quizzer.store.records import Attempt, Learner, decode_keys, decode_time
from quizzer.store.recovery import DatabaseBusyError, diagnose
from quizzer.store.store import StoreError


def read_attempts(path: Path, learner_name: str | None = None) -> list[tuple[Learner, Attempt]]:
    """Every attempt (optionally of one learner) with its learner, oldest first."""
    if not path.is_file():
        raise StoreError(f"{path}: no such progress database")
    try:
        problem = diagnose(path)
    except DatabaseBusyError as error:
        raise StoreError(f"{path}: cannot open: {error}") from error
    if problem is not None:
        reason, detail = problem
        what = "was written by a newer Quizzer" if reason == "newer" else "cannot be read"
        raise StoreError(f"{path}: this progress database {what} ({detail})")
    try:
        connection = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise StoreError(f"{path}: cannot open: {error}") from error
    try:
        version = int(connection.execute("PRAGMA user_version").fetchone()[0])
        if version == 0:
            return []
        key_column = "a.key" if version >= 2 else "NULL"
        sql = (
            "SELECT l.id, l.uid, l.name, l.created_at, a.id, a.session_id, a.lesson_id, "
            "a.question_id, a.content_hash, a.chosen, a.correct, a.seconds, a.mode, "
            f"a.answered_at, {key_column} FROM attempts a JOIN learners l ON l.id = a.learner_id"
        )
        parameters: tuple[str, ...] = ()
        if learner_name is not None:
            sql += " WHERE l.name = ?"
            parameters = (learner_name.strip(),)
        rows = connection.execute(sql + " ORDER BY a.answered_at, a.id", parameters).fetchall()
    except sqlite3.Error as error:
        raise StoreError(f"{path}: cannot read: {error}") from error
    finally:
        connection.close()
    learners: dict[int, Learner] = {}
    result = []
    for row in rows:
        learner = learners.setdefault(
            row[0], Learner(id=row[0], uid=row[1], name=row[2], created_at=decode_time(row[3]))
        )
        attempt = Attempt(
            id=row[4],
            session_id=row[5],
            learner_id=row[0],
            lesson_id=row[6],
            question_id=row[7],
            content_hash=row[8],
            chosen=decode_keys(row[9]),
            correct=bool(row[10]),
            seconds=float(row[11]),
            mode=row[12],
            answered_at=decode_time(row[13]),
            key=decode_keys(row[14]) if row[14] is not None else None,
        )
        result.append((learner, attempt))
    return result
