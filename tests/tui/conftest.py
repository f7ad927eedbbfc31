"""A known bank, a temporary database, a fixed seed and learner: the app's test config."""

from __future__ import annotations

import asyncio
import html
import inspect
import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pytest

from question_bank import DEFAULT_BANK
from quizzer.bank.loader import load_bank
from quizzer.bank.model import Lesson
from quizzer.tui.app import AppConfig, QuizzerApp

BANKS = Path(__file__).parent / "banks"
MINI_BANK = BANKS / "mini.yaml"


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests on a fresh event loop (no asyncio plugin is installed)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


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


LINE = re.compile(r'<text [^>]*clip-path="url\(#[^)]*-line-(\d+)\)">([^<]*)</text>')


def screen_lines(app: QuizzerApp) -> list[str]:
    """What a person sees, line by line, read from the app's own SVG screenshot."""
    lines: dict[int, str] = defaultdict(str)
    for match in LINE.finditer(app.export_screenshot()):
        lines[int(match[1])] += html.unescape(match[2]).replace("\xa0", " ")
    return [lines[number] for number in sorted(lines)]


@pytest.fixture
def screen_text() -> Callable[[QuizzerApp], str]:
    return lambda app: "\n".join(screen_lines(app))
