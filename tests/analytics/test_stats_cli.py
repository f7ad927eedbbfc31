"""`quizzer stats` end to end, in a subprocess: merges, round trips, and clean failures."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from quizzer.store import open_store

# Per student: the letters chosen for q-single (key B), q-multi (key A;C), q-third (key A).
CLASS_A = {"ann": ("B", "A;C", "A"), "ben": ("A", "A", "A")}
CLASS_B = {"cat": ("B", "A;C", "B"), "dan": ("C", "B", "A")}
KEYS = {"q-single": "B", "q-multi": "A;C", "q-third": "A"}


def run(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"QUIZZER_DB": str(tmp_path / "default.db")}
    return subprocess.run(
        [sys.executable, "-m", "quizzer", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


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


def test_several_databases_merge_into_one_class(tmp_path: Path) -> None:
    a = make_db(tmp_path / "a.db", CLASS_A)
    b = make_db(tmp_path / "b.db", CLASS_B)
    result = run("stats", "--db", str(a), "--db", str(b), "--json", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["test"]["n_students"] == 4
    assert document["test"]["n_items"] == 3
    facility = {item["question_id"]: item["facility"] for item in document["items"]}
    assert facility == {"q-multi": 0.5, "q-single": 0.5, "q-third": 0.75}
    # The same database twice does not count anyone twice.
    again = run("stats", "--db", str(a), "--db", str(a), "--json", tmp_path=tmp_path)
    assert json.loads(again.stdout)["test"]["n_students"] == 2


def test_human_table(tmp_path: Path) -> None:
    a = make_db(tmp_path / "a.db", CLASS_A | CLASS_B)
    result = run("stats", "--db", str(a), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Students 4   Items 3"
    header = next(line for line in lines if line.startswith("question"))
    rows = [line for line in lines if line.startswith("q-")]
    assert len(rows) == 3
    # Aligned: every row's facility column ends where the header's does.
    end = header.index("facility") + len("facility")
    assert all(row[end - 4 : end].strip().replace(".", "").isdigit() for row in rows)


def test_export_reads_back_through_stats_responses(tmp_path: Path, bank_path: Path) -> None:
    db = make_db(tmp_path / "a.db", CLASS_A | CLASS_B)
    out = tmp_path / "export.csv"
    exported = run(
        "results", "export", "--db", str(db), "--format", "csv", "-o", str(out),
        tmp_path=tmp_path,
    )  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    from_db = run("stats", "--db", str(db), "--bank", str(bank_path), "--json", tmp_path=tmp_path)
    from_csv = run(
        "stats", "--responses", str(out), "--bank", str(bank_path), "--json", tmp_path=tmp_path
    )
    assert from_csv.returncode == 0, from_csv.stderr
    assert json.loads(from_csv.stdout) == json.loads(from_db.stdout)


def test_bad_csv_lines_fail_with_places_and_no_traceback(tmp_path: Path, bank_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("student,question_id,answer\nann,q-single,B\nben,q-single,Z\n")
    result = run("stats", "--responses", str(bad), "--bank", str(bank_path), tmp_path=tmp_path)
    assert result.returncode == 1
    assert f"{bad}:3: answer 'Z'" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_responses_without_bank_is_a_clear_error(tmp_path: Path) -> None:
    csv_file = tmp_path / "r.csv"
    csv_file.write_text("student,question_id,answer\nann,q-single,B\n")
    result = run("stats", "--responses", str(csv_file), tmp_path=tmp_path)
    assert result.returncode == 1
    assert "needs --bank" in result.stderr and "Traceback" not in result.stderr


def test_corrupt_database_is_named_and_left_alone(tmp_path: Path) -> None:
    good = make_db(tmp_path / "good.db", CLASS_A)
    corrupt = tmp_path / "corrupt.db"
    corrupt.write_bytes(good.read_bytes()[:1500])
    before = corrupt.read_bytes()
    result = run("stats", "--db", str(good), "--db", str(corrupt), tmp_path=tmp_path)
    assert result.returncode == 1
    assert str(corrupt) in result.stderr and "cannot be read" in result.stderr
    assert "Traceback" not in result.stderr
    assert corrupt.read_bytes() == before
    assert list(tmp_path.glob("corrupt.db.corrupt-*")) == []  # stats never moves files


def test_missing_database_and_empty_database(tmp_path: Path) -> None:
    missing = run("stats", "--db", str(tmp_path / "nope.db"), tmp_path=tmp_path)
    assert missing.returncode == 1 and "no such progress database" in missing.stderr
    empty = tmp_path / "empty.db"
    open_store(empty).close()
    result = run("stats", "--db", str(empty), tmp_path=tmp_path)
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


def test_exported_json_files_merge_without_a_bank(tmp_path: Path) -> None:
    a = make_db(tmp_path / "a.db", CLASS_A)
    b = make_db(tmp_path / "b.db", CLASS_B)
    exports = []
    for db in (a, b):
        out = tmp_path / f"{db.stem}.json"
        exported = run(
            "results", "export", "--db", str(db), "--format", "json", "-o", str(out),
            tmp_path=tmp_path,
        )  # fmt: skip
        assert exported.returncode == 0, exported.stderr
        exports += ["--responses", str(out)]
    from_json = run("stats", *exports, "--json", tmp_path=tmp_path)
    from_db = run("stats", "--db", str(a), "--db", str(b), "--json", tmp_path=tmp_path)
    assert from_json.returncode == 0, from_json.stderr
    assert json.loads(from_json.stdout) == json.loads(from_db.stdout)
    assert json.loads(from_json.stdout)["test"]["n_students"] == 4


def test_malformed_json_export_names_the_place(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "quizzer-results",\n "learners": [\n')
    result = run("stats", "--responses", str(broken), tmp_path=tmp_path)
    assert result.returncode == 1
    assert f"{broken}:3:1:" in result.stderr and "Traceback" not in result.stderr
