"""Snapshots of the key screens at 80x24 and 120x40: fixed bank, seed, clock and learner.

Regenerate with `pytest tests/tui/test_snapshots.py --snapshot-update` and look at the SVGs
under `__snapshots__/` before committing them.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from quizzer.store import open_store
from quizzer.tui.app import AppConfig, QuizzerApp
from quizzer.tui.screens.quiz import QuizScreen

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
PAST = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)


@pytest.fixture
def snapshot_app(tmp_path, mini_lesson):
    """The mini bank with a little history from a fixed past day, so mastery and due show."""
    db = tmp_path / "progress.db"
    store = open_store(db)
    learner = store.learner("snapshot-learner")
    session = store.start_session(learner, "gans-mini", "practice", now=PAST)
    for question, chosen in (("roles", ("B",)), ("collapse", ("A",))):
        q = mini_lesson.question(question)
        store.record_attempt(
            session,
            question_id=q.id,
            content_hash=q.content_hash,
            chosen=chosen,
            correct=set(chosen) == q.correct_keys,
            seconds=12.0,
            key=sorted(q.correct_keys),
            answered_at=PAST,
        )
    store.close()
    config = AppConfig(
        lessons=(mini_lesson,),
        db_path=db,
        learner="snapshot-learner",
        seed=3,
        warm_up=False,
        clock=lambda: 100.0,
    )
    return QuizzerApp(config)


async def answer_first_question_wrong(pilot) -> None:
    await pilot.press("p")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    quiz = pilot.app.screen
    assert isinstance(quiz, QuizScreen)
    wrong = next(o.label for o in quiz.session.displayed_options() if not o.option.correct)
    await pilot.press(wrong.lower(), "enter")
    await pilot.pause()


async def finish_a_practice_quiz(pilot) -> None:
    await answer_first_question_wrong(pilot)
    quiz = pilot.app.screen
    for _ in range(quiz.session.total - 1):
        await pilot.press("n")
        right = [o.label.lower() for o in quiz.session.displayed_options() if o.option.correct]
        await pilot.press(*right, "enter")
    await pilot.press("n")
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_lesson_home(snap_compare, snapshot_app, size):
    assert snap_compare(snapshot_app, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_question_with_feedback(snap_compare, snapshot_app, size):
    assert snap_compare(snapshot_app, terminal_size=size, run_before=answer_first_question_wrong)


@pytest.mark.parametrize("size", SIZES)
def test_results(snap_compare, snapshot_app, size):
    assert snap_compare(snapshot_app, terminal_size=size, run_before=finish_a_practice_quiz)
