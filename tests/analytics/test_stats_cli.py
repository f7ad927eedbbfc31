"""`quizzer stats` end to end, in a subprocess: merges, round trips, and clean failures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from quizzer.store import open_store

if TYPE_CHECKING:
    from tests.conftest import QuizzerProcess

# Per student: the letters chosen for q-single (key B), q-multi (key A;C), q-third (key A).
CLASS_A = {"ann": ("B", "A;C", "A"), "ben": ("A", "A", "A")}
CLASS_B = {"cat": ("B", "A;C", "B"), "dan": ("C", "B", "A")}
KEYS = {"q-single": "B", "q-multi": "A;C", "q-third": "A"}


def make_db(path: Path, students: dict[str, tuple[str, ...]]) -> Path:
    with open_store(path) as store:
        for name, answers in students.items():
            session = store.start_session(store.learner(name), "tiny", "exam")
            for (qid, key), answer in zip(KEYS.items(), answers, strict=True):
                store.record_attempt(
                    session,
                    question_id=qid,
                    content_hash="h",
                    chosen=answer.split(";"),
                    correct=answer == key,
                    seconds=5,
                    key=key.split(";"),
                )
    return path


def test_several_databases_merge_into_one_class(
    quizzer_process: QuizzerProcess, tmp_path: Path
) -> None:
    a = make_db(tmp_path / "a.db", CLASS_A)
    b = make_db(tmp_path / "b.db", CLASS_B)
    result = quizzer_process("stats", "--db", str(a), "--db", str(b), "--json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["test"]["n_students"] == 4
    assert document["test"]["n_items"] == 3
    facility = {item["question_id"]: item["facility"] for item in document["items"]}
    assert facility == {"q-multi": 0.5, "q-single": 0.5, "q-third": 0.75}
    # The same database twice does not count anyone twice.
    again = quizzer_process("stats", "--db", str(a), "--db", str(a), "--json")
    assert json.loads(again.stdout)["test"]["n_students"] == 2


def test_human_table(quizzer_process: QuizzerProcess, tmp_path: Path) -> None:
    a = make_db(tmp_path / "a.db", CLASS_A | CLASS_B)
    result = quizzer_process("stats", "--db", str(a))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Students 4   Items 3"
    header = next(line for line in lines if line.startswith("question"))
    rows = [line for line in lines if line.startswith("q-")]
    assert len(rows) == 3
    # Aligned: every row's facility column ends where the header's does.
    end = header.index("facility") + len("facility")
    assert all(row[end - 4 : end].strip().replace(".", "").isdigit() for row in rows)


def test_export_reads_back_through_stats_responses(
    quizzer_process: QuizzerProcess, tmp_path: Path, bank_path: Path
) -> None:
    db = make_db(tmp_path / "a.db", CLASS_A | CLASS_B)
    out = tmp_path / "export.csv"
    exported = quizzer_process(
        "results", "export", "--db", str(db), "--format", "csv", "-o", str(out),
    )  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    from_db = quizzer_process("stats", "--db", str(db), "--bank", str(bank_path), "--json")
    from_csv = quizzer_process("stats", "--responses", str(out), "--bank", str(bank_path), "--json")
    assert from_csv.returncode == 0, from_csv.stderr
    assert json.loads(from_csv.stdout) == json.loads(from_db.stdout)


def test_bad_csv_lines_fail_with_places_and_no_traceback(
    quizzer_process: QuizzerProcess, tmp_path: Path, bank_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("student,question_id,answer\nann,q-single,B\nben,q-single,Z\n")
    result = quizzer_process("stats", "--responses", str(bad), "--bank", str(bank_path))
    assert result.returncode == 1
    assert f"{bad}:3: answer 'Z'" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_responses_without_bank_is_a_clear_error(
    quizzer_process: QuizzerProcess, tmp_path: Path
) -> None:
    csv_file = tmp_path / "r.csv"
    csv_file.write_text("student,question_id,answer\nann,q-single,B\n")
    result = quizzer_process("stats", "--responses", str(csv_file))
    assert result.returncode == 1
    assert "needs --bank" in result.stderr and "Traceback" not in result.stderr


def test_corrupt_database_is_named_and_left_alone(
    quizzer_process: QuizzerProcess, tmp_path: Path
) -> None:
    good = make_db(tmp_path / "good.db", CLASS_A)
    corrupt = tmp_path / "corrupt.db"
    corrupt.write_bytes(good.read_bytes()[:1500])
    before = corrupt.read_bytes()
    result = quizzer_process("stats", "--db", str(good), "--db", str(corrupt))
    assert result.returncode == 1
    assert str(corrupt) in result.stderr and "cannot be read" in result.stderr
    assert "Traceback" not in result.stderr
    assert corrupt.read_bytes() == before
    assert list(tmp_path.glob("corrupt.db.corrupt-*")) == []  # stats never moves files


def test_missing_database_and_empty_database(
    quizzer_process: QuizzerProcess, tmp_path: Path
) -> None:
    missing = quizzer_process("stats", "--db", str(tmp_path / "nope.db"))
    assert missing.returncode == 1 and "no such progress database" in missing.stderr
    empty = tmp_path / "empty.db"
    open_store(empty).close()
    result = quizzer_process("stats", "--db", str(empty))
    assert result.returncode == 1 and "no answers found" in result.stderr


def test_stats_imports_neither_torch_nor_textual(tmp_path: Path) -> None:
    db = make_db(tmp_path / "a.db", CLASS_A)
    code = (
        "import sys\n"
        "from quizzer.cli import main\n"
        f"assert main(['stats', '--db', {str(db)!r}, '--json']) == 0\n"
        "print(sorted(m for m in ('torch', 'textual') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_exported_json_files_merge_without_a_bank(
    quizzer_process: QuizzerProcess, tmp_path: Path
) -> None:
    a = make_db(tmp_path / "a.db", CLASS_A)
    b = make_db(tmp_path / "b.db", CLASS_B)
    exports = []
    for db in (a, b):
        out = tmp_path / f"{db.stem}.json"
        exported = quizzer_process(
            "results", "export", "--db", str(db), "--format", "json", "-o", str(out),
        )  # fmt: skip
        assert exported.returncode == 0, exported.stderr
        exports += ["--responses", str(out)]
    from_json = quizzer_process("stats", *exports, "--json")
    from_db = quizzer_process("stats", "--db", str(a), "--db", str(b), "--json")
    assert from_json.returncode == 0, from_json.stderr
    assert json.loads(from_json.stdout) == json.loads(from_db.stdout)
    assert json.loads(from_json.stdout)["test"]["n_students"] == 4


def test_malformed_json_export_names_the_place(
    quizzer_process: QuizzerProcess, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "quizzer-results",\n "learners": [\n')
    result = quizzer_process("stats", "--responses", str(broken))
    assert result.returncode == 1
    assert f"{broken}:3:1:" in result.stderr and "Traceback" not in result.stderr
