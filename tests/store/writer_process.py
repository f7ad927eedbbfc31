"""A child process for the fault tests: records answers and reports each one once committed.

Usage: python writer_process.py DB LEARNER COUNT [DELAY]
Prints the attempt id after `record_attempt` returns (that is, after the commit), one a
line, flushed, so the parent knows exactly which answers were acknowledged.
"""

from __future__ import annotations

import sys
import time

from quizzer.store import open_store


def main() -> None:
    db, learner_name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    delay = float(sys.argv[4]) if len(sys.argv) > 4 else 0.0
    store = open_store(db)
    learner = store.learner(learner_name)
    session = store.start_session(learner, "gans", "exam")
    print("ready", flush=True)
    for index in range(count):
        attempt = store.record_attempt(
            session,
            question_id=f"q{index % 40}",
            content_hash="0123456789abcdef",
            chosen=("ABCD"[index % 4],),
            correct=index % 4 == 1,
            seconds=1.0 + index % 7,
            key=("B",),
        )
        print(attempt.id, flush=True)
        if delay:
            time.sleep(delay)
    store.close()


if __name__ == "__main__":
    main()
