"""A known bank, a temporary database, a fixed seed and learner: the app's test config."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from quizzer.bank.loader import load_bank
from quizzer.bank.model import Lesson
from quizzer.tui.app import AppConfig, QuizzerApp
from question_bank import DEFAULT_BANK

BANKS = Path(__file__).parent / "banks"
MINI_BANK = BANKS / "mini.yaml"


@pytest.fixture(scope="session")
def mini_lesson() -> Lesson:
    return load_bank([MINI_BANK]).lessons[0]


@pytest.fixture(scope="session")
def shipped_lessons() -> tuple[Lesson, ...]:
    return tuple(load_bank([DEFAULT_BANK]).lessons)


@pytest.fixture
def make_app(tmp_path: Path) -> Callable[..., QuizzerApp]:
    def make(*lessons: Lesson, db_path: Path | None = None, seed: int = 1) -> QuizzerApp:
        config = AppConfig(
            lessons=lessons,
            db_path=db_path or tmp_path / "progress.db",
            learner="test-learner",
            seed=seed,
            warm_up=False,
        )
        return QuizzerApp(config)

    return make
