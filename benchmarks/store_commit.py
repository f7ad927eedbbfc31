"""Commit latency of one answer: Store.record_attempt against a bare sqlite3 insert+commit.

Both run in the same process on the same disk, interleaved commit by commit, in WAL mode,
with synchronous=FULL (the store's setting) and, for comparison, NORMAL. The bare reference
is the floor: one INSERT of a similar row and a COMMIT on an already open connection.
Goal: store median < 5 ms.

    .venv/bin/python benchmarks/store_commit.py [--n 400] [--dir PATH]
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from quizzer.store import open_store
from quizzer.store import store as store_module


def _summary(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[int(0.95 * (len(ordered) - 1))] * 1000


def bare_connection(path: Path, synchronous: str) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute(f"PRAGMA synchronous = {synchronous}")
    connection.execute(
        "CREATE TABLE attempts (id INTEGER PRIMARY KEY, session_id INTEGER, question_id TEXT, "
        "content_hash TEXT, chosen TEXT, correct INTEGER, seconds REAL, mode TEXT, "
        "answered_at TEXT, key TEXT)"
    )
    return connection


def bare_commit(connection: sqlite3.Connection, index: int) -> None:
    connection.execute("BEGIN")
    connection.execute(
        "INSERT INTO attempts (session_id, question_id, content_hash, chosen, correct, "
        "seconds, mode, answered_at, key) VALUES (1, ?, ?, 'B', 1, 7.5, 'practice', ?, 'B')",
        (f"q{index % 50}", "0123456789abcdef", "2026-12-04T15:00:00.000000+00:00"),
    )
    connection.execute("COMMIT")


def measure(folder: Path, n: int, synchronous: str) -> tuple[list[float], list[float]]:
    """Interleave bare and store commits so both see the same disk conditions."""
    store_module.SYNCHRONOUS = synchronous
    bare = bare_connection(folder / f"bare-{synchronous}.db", synchronous)
    bare_samples: list[float] = []
    store_samples: list[float] = []
    with open_store(folder / f"store-{synchronous}.db") as store:
        session = store.start_session(store.learner("bench"), "gans", "practice")
        for index in range(n):
            start = time.perf_counter()
            bare_commit(bare, index)
            bare_samples.append(time.perf_counter() - start)
            start = time.perf_counter()
            store.record_attempt(
                session,
                question_id=f"q{index % 50}",
                content_hash="0123456789abcdef",
                chosen=("B",),
                correct=True,
                seconds=7.5,
                key=("B",),
            )
            store_samples.append(time.perf_counter() - start)
    bare.close()
    return bare_samples, store_samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=400)
    parser.add_argument("--dir", type=Path, default=None, help="folder for the test databases")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as name:
        folder = Path(name)
        print(f"{args.n} commits each, databases in {folder}")
        print(f"{'variant':34} {'median ms':>10} {'p95 ms':>8} {'vs bare':>8}")
        for synchronous in ("FULL", "NORMAL"):
            bare_samples, store_samples = measure(folder, args.n, synchronous)
            bare, store = _summary(bare_samples), _summary(store_samples)
            print(f"{'bare sqlite3, synchronous=' + synchronous:34} {bare[0]:10.3f} {bare[1]:8.3f}")
            print(
                f"{'Store.record_attempt, ' + synchronous:34} {store[0]:10.3f} {store[1]:8.3f} "
                f"{store[0] / bare[0]:7.2f}x"
            )


if __name__ == "__main__":
    main()
