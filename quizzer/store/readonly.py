"""Reading another learner's database for statistics and export without changing it.

A teacher points `quizzer stats` at copies of students' databases: those files are opened
read-only, never migrated or moved aside. A file that is not a usable Quizzer database is
a clear StoreError naming it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

from quizzer.store.records import (
    ATTEMPT_COLUMNS,
    LEARNER_COLUMNS,
    Attempt,
    Learner,
    attempt_from_row,
    learner_from_row,
)
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
        learner_columns = ", ".join(f"l.{name}" for name in LEARNER_COLUMNS)
        # Version 1 had no key column: its attempts read back without a key.
        attempt_columns = ", ".join(
            "NULL" if name == "key" and version < 2 else f"a.{name}" for name in ATTEMPT_COLUMNS
        )
        sql = (
            f"SELECT {learner_columns}, {attempt_columns} "
            "FROM attempts a JOIN learners l ON l.id = a.learner_id"
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
    width = len(LEARNER_COLUMNS)
    learners: dict[int, Learner] = {}
    result = []
    for row in rows:
        learner = learners.get(row[0])
        if learner is None:
            learner = learners[row[0]] = learner_from_row(row[:width])
        result.append((learner, attempt_from_row(row[width:])))
    return result
