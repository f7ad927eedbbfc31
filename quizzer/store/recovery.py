"""Checking an existing database before use, and moving a bad one aside (never overwriting).

A file that is not SQLite, fails `PRAGMA quick_check`, belongs to another program, or
carries a newer schema version than this Quizzer knows is renamed with its -wal/-shm
companions to `<name>.corrupt-<UTC stamp>` or `<name>.newer-<UTC stamp>`; the bytes are
kept exactly as they were, and the app starts a fresh database and shows the note.
The check opens the file read-only, so it writes nothing into a database it rejects.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal
from urllib.parse import quote

from quizzer.store.schema import SCHEMA_VERSION

SQLITE_HEADER = b"SQLite format 3\x00"
COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")

Reason = Literal["corrupt", "newer"]


@dataclass(frozen=True)
class StoreRecovery:
    """What happened to a database that could not be used; the app shows `message`."""

    reason: Reason
    original: Path
    moved_to: Path
    detail: str

    @property
    def message(self) -> str:
        if self.reason == "newer":
            what = f"was written by a newer Quizzer ({self.detail})"
        else:
            what = f"could not be read ({self.detail})"
        return (
            f"The progress database {self.original} {what}. It was moved, untouched, to "
            f"{self.moved_to} and a fresh database was started."
        )

    def __str__(self) -> str:
        return self.message


CHECK_TIMEOUT_SECONDS = 10.0


class DatabaseBusyError(Exception):
    """The file could not be checked for a reason other than damage (locked, I/O error)."""


def diagnose(path: Path) -> tuple[Reason, str] | None:
    """None if `path` is absent, empty or a usable Quizzer database; else why it is not.

    Only proof of damage counts as corrupt (a bad header, SQLITE_CORRUPT or SQLITE_NOTADB,
    a failing quick_check): a database that is merely locked by another Quizzer or hit by
    an I/O error raises DatabaseBusyError, so a healthy file is never moved aside.
    """
    if not path.exists() or path.stat().st_size == 0:
        return None
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        return "corrupt", "not an SQLite database"
    try:
        connection = sqlite3.connect(
            f"file:{quote(str(path))}?mode=ro", uri=True, timeout=CHECK_TIMEOUT_SECONDS
        )
    except sqlite3.Error as error:
        raise DatabaseBusyError(str(error)) from error
    try:
        version = int(connection.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            return "newer", f"schema version {version}, this Quizzer knows {SCHEMA_VERSION}"
        problems = [row[0] for row in connection.execute("PRAGMA quick_check")]
        if problems != ["ok"]:
            return "corrupt", "; ".join(problems[:3])
        tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if version == 0 and tables:
            return "corrupt", "an SQLite database of another program"
    except sqlite3.Error as error:
        if _is_damage(error):
            return "corrupt", str(error)
        raise DatabaseBusyError(str(error)) from error
    finally:
        connection.close()
    return None


def _is_damage(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is None:
        return False
    return code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def move_aside(path: Path, reason: Reason, detail: str) -> StoreRecovery:
    """Rename the database and its companions to a free `<name>.<reason>-<stamp>` name."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.{reason}-{stamp}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.{reason}-{stamp}-{counter}")
    path.rename(target)
    for suffix in COMPANION_SUFFIXES:
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            companion.rename(target.with_name(target.name + suffix))
    return StoreRecovery(reason=reason, original=path, moved_to=target, detail=detail)
