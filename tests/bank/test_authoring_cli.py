"""`quizzer validate`, `lint` and `schema` end to end, in a subprocess like a teacher runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from question_bank import SCHEMA_PATH
from quizzer.bank.model import Lesson
from quizzer.commands.authoring import schema_text

if TYPE_CHECKING:
    from tests.conftest import QuizzerProcess

BROKEN = Path(__file__).parent / "broken"
REGENERATE = ".venv/bin/quizzer schema > question_bank/schema.json"


def test_validate_a_good_bank_prints_a_summary(
    quizzer_process: QuizzerProcess, tmp_path: Path, valid_text: str
) -> None:
    (tmp_path / "demo.yaml").write_text(valid_text, encoding="utf-8")
    result = quizzer_process("validate", str(tmp_path))
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "ok: 1 lesson, 1 question\n",
        "",
    )


def test_validate_broken_banks_one_line_per_problem_and_no_traceback(
    quizzer_process: QuizzerProcess,
) -> None:
    result = quizzer_process(
        "validate", "many_problems.yaml", "gone.yaml", "empty.yaml", cwd=BROKEN
    )
    assert result.returncode == 1
    assert result.stderr == ""
    expected = (BROKEN / "many_problems.expected").read_text() + (
        "gone.yaml: no such file or folder\n" + (BROKEN / "empty.expected").read_text()
    )
    assert result.stdout == expected


def test_lint_exit_codes_and_strict(
    quizzer_process: QuizzerProcess, tmp_path: Path, valid_text: str
) -> None:
    (tmp_path / "demo.yaml").write_text(valid_text, encoding="utf-8")
    relaxed = quizzer_process("lint", "demo.yaml", cwd=tmp_path)
    assert relaxed.returncode == 0, relaxed.stdout
    assert relaxed.stdout == (
        "demo.yaml:9:9: warning: objective 'roles' is assessed by 1 question; "
        "write at least 2 [thin-objective]\n0 errors, 1 warning\n"
    )
    strict = quizzer_process("lint", "--strict", "demo.yaml", cwd=tmp_path)
    assert strict.returncode == 1
    assert strict.stdout.startswith("demo.yaml:9:9: error: objective 'roles'")
    assert "Traceback" not in relaxed.stderr + strict.stderr


def test_lint_reports_schema_errors_as_errors(
    quizzer_process: QuizzerProcess,
) -> None:
    result = quizzer_process("lint", "python_tag.yaml", cwd=BROKEN)
    assert result.returncode == 1
    assert result.stdout.startswith("python_tag.yaml:7:12: error: tag '!!python/object/apply")
    assert "[invalid]" in result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize("command", ["validate", "lint"])
def test_validate_and_lint_never_import_torch(command: str) -> None:
    code = (
        "import sys\n"
        "from quizzer.cli import main\n"
        f"main([{command!r}, 'question_bank', 'tests/bank/broken/many_problems.yaml'])\n"
        "assert 'torch' not in sys.modules, 'torch was imported'\n"
    )
    root = Path(__file__).parents[2]
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=root, timeout=120
    )
    assert result.returncode == 0, result.stderr


def test_schema_command_prints_the_model_schema(
    quizzer_process: QuizzerProcess,
) -> None:
    result = quizzer_process("schema")
    assert result.returncode == 0
    assert json.loads(result.stdout) == Lesson.model_json_schema()
    assert result.stdout == schema_text()


def test_shipped_schema_json_is_in_sync_with_the_model() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), (
        f"question_bank/schema.json is stale; regenerate it with: {REGENERATE}"
    )
