"""The store under faults: killed writers, concurrent writers, bad files on disk."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from quizzer.store import SCHEMA_VERSION, StoreError, open_store

WRITER = Path(__file__).with_name("writer_process.py")


def _attempt_ids(db: Path) -> set[int]:
    connection = sqlite3.connect(db)
    try:
        return {row[0] for row in connection.execute("SELECT id FROM attempts")}
    finally:
        connection.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_sigkill_mid_quiz_loses_no_committed_answer(tmp_path: Path) -> None:
    db = tmp_path / "progress.db"
    child = subprocess.Popen(
        [sys.executable, str(WRITER), str(db), "ada", "100000"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    acknowledged = [int(child.stdout.readline()) for _ in range(300)]
    child.send_signal(signal.SIGKILL)
    child.wait()
    # Lines already in the pipe were also acknowledged before the kill.
    acknowledged += [int(line) for line in child.stdout.read().split()]
    assert child.returncode == -signal.SIGKILL
    with open_store(db) as store:
        assert store.recovered is None
        stored = {attempt.id for attempt in store.attempts()}
    assert set(acknowledged) <= stored
    assert len(stored) >= 300


def test_two_writer_processes_at_once_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    writers = [
        subprocess.Popen(
            [sys.executable, str(WRITER), str(db), name, "150"],
            stdout=subprocess.PIPE,
            text=True,
        )
        for name in ("ada", "bob")
    ]
    outputs = [writer.communicate(timeout=120)[0] for writer in writers]
    assert [writer.returncode for writer in writers] == [0, 0]
    acknowledged = {int(line) for out in outputs for line in out.split()[1:]}
    assert len(acknowledged) == 300
    assert _attempt_ids(db) == acknowledged
    with open_store(db) as store:
        assert {learner.name for learner in store.learners()} == {"ada", "bob"}
        counts = {learner.name: len(store.attempts(learner)) for learner in store.learners()}
    assert counts == {"ada": 150, "bob": 150}


def _good_database(path: Path) -> None:
    with open_store(path) as store:
        learner = store.learner("ada")
        session = store.start_session(learner, "gans", "practice")
        for index in range(400):
            store.record_attempt(
                session,
                question_id=f"q{index}",
                content_hash="h" * 16,
                chosen=("A",),
                correct=True,
                seconds=2.0,
            )


@pytest.mark.parametrize("damage", ["truncated", "garbage", "header-only"])
def test_damaged_file_is_moved_aside_with_its_bytes_and_reported(
    tmp_path: Path, damage: str
) -> None:
    db = tmp_path / "progress.db"
    _good_database(db)
    data = db.read_bytes()
    if damage == "truncated":
        db.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        db.write_bytes(os.urandom(8192))
    else:
        db.write_bytes(data[:100])
    original = db.read_bytes()

    with open_store(db) as store:
        recovery = store.recovered
        assert recovery is not None
        assert recovery.reason == "corrupt"
        assert recovery.moved_to.name.startswith("progress.db.corrupt-")
        assert recovery.moved_to.read_bytes() == original
        assert str(recovery.moved_to) in str(recovery)
        # The fresh database works at once.
        learner = store.learner("ada")
        session = store.start_session(learner, "gans", "practice")
        store.record_attempt(
            session, question_id="q1", content_hash="h", chosen=("B",), correct=False, seconds=1
        )
        assert len(store.attempts(learner)) == 1


def test_newer_version_database_is_moved_aside_untouched(tmp_path: Path) -> None:
    db = tmp_path / "progress.db"
    _good_database(db)
    connection = sqlite3.connect(db)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    connection.execute("PRAGMA journal_mode = DELETE")
    connection.close()
    before = _digest(db)

    with open_store(db) as store:
        recovery = store.recovered
        assert recovery is not None and recovery.reason == "newer"
        assert recovery.moved_to.name.startswith("progress.db.newer-")
        assert "newer" in str(recovery)
        assert store.attempts() == []
    assert _digest(recovery.moved_to) == before
    connection = sqlite3.connect(recovery.moved_to)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 5
    assert connection.execute("SELECT count(*) FROM attempts").fetchone()[0] == 400
    connection.close()


def test_wal_companions_move_with_the_damaged_file(tmp_path: Path) -> None:
    db = tmp_path / "progress.db"
    db.write_bytes(b"not a database at all" * 100)
    wal = tmp_path / "progress.db-wal"
    wal.write_bytes(b"stray wal bytes")
    with open_store(db) as store:
        moved = store.recovered.moved_to
    assert moved.with_name(moved.name + "-wal").read_bytes() == b"stray wal bytes"


def test_another_programs_sqlite_file_is_not_taken_over(tmp_path: Path) -> None:
    db = tmp_path / "progress.db"
    connection = sqlite3.connect(db)
    connection.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)")
    connection.execute("INSERT INTO photos (path) VALUES ('cat.jpg')")
    connection.commit()
    connection.close()
    with open_store(db) as store:
        assert store.recovered is not None
        moved = store.recovered.moved_to
    connection = sqlite3.connect(moved)
    assert connection.execute("SELECT path FROM photos").fetchall() == [("cat.jpg",)]
    connection.close()


def test_folder_that_cannot_be_created_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(StoreError, match="cannot create the folder"):
        open_store(blocker / "sub" / "progress.db")


def test_a_folder_given_as_the_database_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        open_store(tmp_path)


def test_a_locked_database_is_an_error_not_a_corruption(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quizzer.store import recovery

    db = tmp_path / "progress.db"
    _good_database(db)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("PRAGMA journal_mode = DELETE")
    holder.execute("BEGIN EXCLUSIVE")
    monkeypatch.setattr(recovery, "CHECK_TIMEOUT_SECONDS", 0.2)
    try:
        with pytest.raises(StoreError, match="locked"):
            open_store(db)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert sorted(path.name for path in tmp_path.iterdir() if ".corrupt-" in path.name) == []
    with open_store(db) as store:
        assert store.recovered is None
        assert len(store.attempts()) == 400
