"""Test-wide settings and helpers.

One torch thread per xdist worker, so two workers share two cores fairly.
"""

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

QuizzerProcess = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def quizzer_process(tmp_path: Path) -> QuizzerProcess:
    """Run `python -m quizzer ARGS` as a user would, its default database in tmp_path."""

    def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        env = os.environ | {"QUIZZER_DB": str(tmp_path / "default.db")}
        return subprocess.run(
            [sys.executable, "-m", "quizzer", *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=cwd,
            timeout=120,
        )

    return run
