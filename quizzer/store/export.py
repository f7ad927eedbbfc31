"""Results export: every attempt of one learner or all, as CSV or JSON.

CSV columns, one row per attempt, oldest first:
`student,question_id,answer,correct,seconds,mode,lesson_id,content_hash,key,answered_at,
session_id,learner_uid`. `answer` and `key` are option letters in authored order joined by
';' (`A;C`); `correct` is 1 or 0; `answered_at` is UTC ISO-8601. The first three columns
are the `student,question_id,answer` shape that `quizzer stats --responses` reads, so an
export is readable back (with `--bank`); stats then takes each student's first attempt,
and uses `learner_uid` to tell apart two students of the same name.

JSON: {"format": "quizzer-results", "version": 1, "learners": [{"name", "uid",
"attempts": [{the CSV fields except student and learner_uid}]}]}. `quizzer stats
--responses FILE.json` reads it back without a bank (the grades are in it).

The file is written to a temporary name and renamed, so a failed export never leaves a
half-written file in place of an earlier good one.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path

from quizzer.store.records import Attempt, Learner, encode_keys, encode_time

CSV_COLUMNS = (
    "student",
    "question_id",
    "answer",
    "correct",
    "seconds",
    "mode",
    "lesson_id",
    "content_hash",
    "key",
    "answered_at",
    "session_id",
    "learner_uid",
)


def _fields(attempt: Attempt) -> dict[str, object]:
    return {
        "question_id": attempt.question_id,
        "answer": encode_keys(attempt.chosen),
        "correct": int(attempt.correct),
        "seconds": round(attempt.seconds, 3),
        "mode": attempt.mode,
        "lesson_id": attempt.lesson_id,
        "content_hash": attempt.content_hash,
        "key": encode_keys(attempt.key) if attempt.key is not None else "",
        "answered_at": encode_time(attempt.answered_at),
        "session_id": attempt.session_id,
    }


def results_csv(rows: list[tuple[Learner, Attempt]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for learner, attempt in rows:
        writer.writerow({"student": learner.name, "learner_uid": learner.uid} | _fields(attempt))
    return buffer.getvalue()


def results_json(rows: list[tuple[Learner, Attempt]]) -> str:
    learners: dict[str, dict] = {}
    for learner, attempt in rows:
        entry = learners.setdefault(
            learner.uid, {"name": learner.name, "uid": learner.uid, "attempts": []}
        )
        entry["attempts"].append(_fields(attempt))
    document = {"format": "quizzer-results", "version": 1, "learners": list(learners.values())}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` via a temporary file in the same folder and a rename."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or ".")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
