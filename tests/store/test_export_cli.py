"""`quizzer results export` end to end: CSV and JSON, one learner or all, clean failures."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from quizzer.store import open_store

if TYPE_CHECKING:
    from tests.conftest import QuizzerProcess

WHEN = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)


def make_db(path: Path) -> Path:
    with open_store(path) as store:
        for name, answers in {"ada": ["B", "A;C"], "bob": ["C"]}.items():
            session = store.start_session(store.learner(name), "gans", "practice")
            for index, answer in enumerate(answers):
                store.record_attempt(
                    session,
                    question_id=f"q{index + 1}",
                    content_hash="abc123",
                    chosen=answer.split(";"),
                    correct=answer == "B",
                    seconds=4.25,
                    key=["B"],
                    answered_at=WHEN,
                )
    return path


def test_csv_export_of_everyone(quizzer_process: QuizzerProcess, tmp_path: Path) -> None:
    db = make_db(tmp_path / "p.db")
    out = tmp_path / "all.csv"
    result = quizzer_process(
        "results", "export", "--db", str(db), "--format", "csv", "-o", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert "3 attempts of 2 learner(s)" in result.stdout
    with out.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == [
        "student", "question_id", "answer", "correct", "seconds", "mode", "lesson_id",
        "content_hash", "key", "answered_at", "session_id", "learner_uid",
    ]  # fmt: skip
    assert [(r["student"], r["question_id"], r["answer"], r["correct"]) for r in rows] == [
        ("ada", "q1", "B", "1"),
        ("ada", "q2", "A;C", "0"),
        ("bob", "q1", "C", "0"),
    ]
    assert rows[0]["answered_at"] == "2026-12-02T08:00:00.000000+00:00"
    assert rows[0]["seconds"] == "4.25" and rows[0]["key"] == "B"
    assert rows[0]["learner_uid"] != rows[2]["learner_uid"]


def test_json_export_of_one_learner(quizzer_process: QuizzerProcess, tmp_path: Path) -> None:
    db = make_db(tmp_path / "p.db")
    out = tmp_path / "ada.json"
    result = quizzer_process(
        "results", "export", "--db", str(db), "--format", "json", "-o", str(out), "--learner", "ada"
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(out.read_text())
    assert document["format"] == "quizzer-results"
    assert [learner["name"] for learner in document["learners"]] == ["ada"]
    attempts = document["learners"][0]["attempts"]
    assert [(a["question_id"], a["answer"], a["correct"]) for a in attempts] == [
        ("q1", "B", 1),
        ("q2", "A;C", 0),
    ]


def test_unknown_learner_lists_who_is_there(
    quizzer_process: QuizzerProcess, tmp_path: Path
) -> None:
    db = make_db(tmp_path / "p.db")
    out = tmp_path / "x.csv"
    result = quizzer_process(
        "results", "export", "--db", str(db), "--format", "csv", "-o", str(out), "--learner", "zoe"
    )
    assert result.returncode == 1
    assert "no results for learner 'zoe'" in result.stderr and "ada, bob" in result.stderr
    assert not out.exists()


def test_corrupt_database_is_a_clear_error_and_untouched(
    quizzer_process: QuizzerProcess, tmp_path: Path
) -> None:
    db = tmp_path / "p.db"
    db.write_bytes(b"\x00garbage" * 500)
    out = tmp_path / "x.csv"
    result = quizzer_process(
        "results", "export", "--db", str(db), "--format", "csv", "-o", str(out)
    )
    assert result.returncode == 1
    assert str(db) in result.stderr and "Traceback" not in result.stderr
    assert db.read_bytes() == b"\x00garbage" * 500
    assert not out.exists()


def test_unwritable_output_is_a_clear_error(
    quizzer_process: QuizzerProcess, tmp_path: Path
) -> None:
    db = make_db(tmp_path / "p.db")
    out = tmp_path / "no-such-folder" / "x.csv"
    result = quizzer_process(
        "results", "export", "--db", str(db), "--format", "csv", "-o", str(out)
    )
    assert result.returncode == 1
    assert "cannot write" in result.stderr and "Traceback" not in result.stderr


def test_default_database_comes_from_the_environment(
    quizzer_process: QuizzerProcess, tmp_path: Path
) -> None:
    make_db(tmp_path / "default.db")
    out = tmp_path / "x.csv"
    result = quizzer_process("results", "export", "--format", "csv", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert len(out.read_text().splitlines()) == 4
