"""Whole student journeys through the app at 80x24, on a known bank and a temp database."""

from __future__ import annotations

from datetime import UTC, datetime

from textual.widgets import DataTable, Input, OptionList

from quizzer.engine import Mode
from quizzer.store import open_store
from quizzer.tui.screens.lesson_home import LessonHomeScreen
from quizzer.tui.screens.lessons import LessonPickerScreen
from quizzer.tui.screens.quiz import QuizScreen
from quizzer.tui.screens.quiz_setup import QuizSetupDialog
from quizzer.tui.screens.results import ResultsScreen
from quizzer.tui.widgets.feedback_panel import FeedbackPanel
from quizzer.tui.widgets.vocabulary import VocabularyTable

SIZE = (80, 24)


def label_for(screen: QuizScreen, *, correct: bool) -> str:
    """The on-screen letter of a right (or a wrong) option of the current question."""
    options = screen.session.displayed_options()
    return next(o.label for o in options if o.option.correct == correct).lower()


def right_labels(screen: QuizScreen) -> list[str]:
    """The keys to press for the right answer (every right option of a multiple question)."""
    return [o.label.lower() for o in screen.session.displayed_options() if o.option.correct]


async def open_gan_lesson(app, pilot) -> LessonHomeScreen:
    await pilot.pause()
    if isinstance(app.screen, LessonPickerScreen):
        picker = app.screen.query_one(OptionList)
        ids = [picker.get_option_at_index(i).id for i in range(picker.option_count)]
        picker.highlighted = ids.index("gans")
        await pilot.press("enter")
        await pilot.pause()
    assert isinstance(app.screen, LessonHomeScreen)
    assert app.screen.lesson.lesson.id == "gans"
    return app.screen


async def start_quiz(app, pilot, key: str) -> QuizScreen:
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(app.screen, QuizSetupDialog)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, QuizScreen)
    return app.screen


async def test_read_and_filter_the_gan_vocabulary(make_app, shipped_lessons, screen_text):
    app = make_app(*shipped_lessons)
    async with app.run_test(size=SIZE) as pilot:
        home = await open_gan_lesson(app, pilot)
        terms = home.lesson.vocabulary
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.focused, Input)
        table = home.query_one("#vocab-table", DataTable)
        assert table.row_count == len(terms)
        await pilot.press(*"collapse")
        await pilot.pause()
        expected = [t for t in terms if "collapse" in (t.term + t.definition).casefold()]
        assert 0 < table.row_count == len(expected) < len(terms)
        shown = home.query_one(VocabularyTable).shown
        assert [t.term for t in shown] == [t.term for t in expected]
        assert expected[0].term in screen_text(app)
        for _ in "collapse":
            await pilot.press("backspace")
        await pilot.press(*"zzzz-no-such-term")
        await pilot.pause()
        assert table.row_count == 0
        assert "No term or definition matches." in screen_text(app)


async def test_practice_wrong_then_right_shows_feedback_and_stores_the_first(
    make_app, shipped_lessons, tmp_path, screen_text
):
    app = make_app(*shipped_lessons)
    async with app.run_test(size=SIZE) as pilot:
        home = await open_gan_lesson(app, pilot)
        quiz = await start_quiz(app, pilot, "p")
        question = quiz.session.current
        await pilot.press(label_for(quiz, correct=False), "enter")
        await pilot.pause()
        panel = quiz.query_one(FeedbackPanel)
        assert panel.display and panel.feedback is not None and not panel.feedback.correct
        assert "✘ Not quite" in screen_text(app)
        await pilot.press(*right_labels(quiz), "enter")
        await pilot.pause()
        assert panel.feedback is not None and panel.feedback.correct
        assert panel.feedback.explanation == question.explanation
        texts = [str(static.content) for static in panel.query(".explanation")]
        assert texts == [question.explanation]
        assert "✔ Right." in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is home
        assert "1 of" in screen_text(app) and "answered" in screen_text(app)

    store = open_store(tmp_path / "progress.db")
    attempts = store.attempts(store.learner("test-learner"), lesson_id="gans")
    assert [(a.question_id, a.correct, a.mode) for a in attempts] == [
        (question.id, False, "practice")
    ]


async def test_multiple_answer_keys_toggle_and_grade_the_set(make_app, mini_lesson):
    app = make_app(mini_lesson)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        quiz = await start_quiz(app, pilot, "p")
        while quiz.session.current.type != "multiple":
            await pilot.press("n")
        shown = quiz.session.displayed_options()
        right = [o.label.lower() for o in shown if o.option.correct]
        wrong = next(n for n, o in enumerate(shown, start=1) if not o.option.correct)
        await pilot.press(*right, str(wrong), str(wrong))
        await pilot.pause()
        assert quiz.card.selected == {label.upper() for label in right}
        await pilot.press("down", "space")
        await pilot.pause()
        highlighted = shown[quiz.card.highlighted].label
        assert highlighted not in quiz.card.selected or highlighted.lower() not in right
        await pilot.press("space", "enter")
        await pilot.pause()
        assert quiz.session.attempts()[0] == quiz.session.current.correct_keys
        assert quiz.feedback.feedback is not None and quiz.feedback.feedback.correct


async def test_exam_results_and_a_review_of_the_missed(
    make_app, mini_lesson, tmp_path, screen_text
):
    app = make_app(mini_lesson)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        quiz = await start_quiz(app, pilot, "e")
        assert quiz.session.mode is Mode.EXAM
        first = quiz.session.current
        await pilot.press(*right_labels(quiz), "enter")
        await pilot.pause()
        assert not quiz.feedback.display
        assert quiz.session.index == 1
        for _ in range(quiz.session.total - 1):
            await pilot.press(label_for(quiz, correct=False), "enter")
            await pilot.pause()
        assert quiz.session.answered_count == quiz.session.total
        await pilot.press("f")
        await pilot.pause()
        results = app.screen
        assert isinstance(results, ResultsScreen)
        assert results.result.correct == 1
        text = screen_text(app)
        assert f"1 of {quiz.session.total} right" in text
        assert "By objective" in text
        missed = {review.question.id for review in results.result.missed}
        assert first.id not in missed and len(missed) == quiz.session.total - 1
        items = list(results.query(".review-item"))
        assert len(items) == quiz.session.total and all(item.display for item in items)
        await pilot.press("m")
        await pilot.pause()
        shown = [item.review.question.id for item in items if item.display]
        assert set(shown) == missed

        await pilot.press("r")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, QuizScreen) and review.session.mode is Mode.REVIEW
        assert {q.id for q in review.session.questions} == missed
        await pilot.press(*right_labels(review), "enter")
        await pilot.pause()
        assert review.feedback.feedback is not None and review.feedback.feedback.correct

    store = open_store(tmp_path / "progress.db")
    attempts = store.attempts(store.learner("test-learner"), lesson_id="gans-mini")
    assert [a.mode for a in attempts] == ["exam"] * 3 + ["review"]


async def test_review_from_home_crams_the_missed_question_first(make_app, mini_lesson):
    app = make_app(mini_lesson)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        quiz = await start_quiz(app, pilot, "p")
        quiz.session.go_to(2)
        await quiz.show_question()
        missed = quiz.session.current
        await pilot.press(label_for(quiz, correct=False), "enter")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, QuizScreen)
        assert review.session.mode in (Mode.REVIEW, Mode.CRAM)
        assert review.session.questions[0].id == missed.id


async def test_s_opens_the_questions_simulation_and_escape_leaves_it(make_app, mini_lesson):
    app = make_app(mini_lesson)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        quiz = await start_quiz(app, pilot, "p")
        while quiz.session.current.simulation is None:
            await pilot.press("n")
        link = quiz.session.current.simulation
        await pilot.press("s")
        await pilot.pause()
        from quizzer.tui.screens.simulation import SimulationScreen

        simulation = app.screen
        assert isinstance(simulation, SimulationScreen)
        assert simulation.scenario.id == link.scenario
        assert simulation.watch == link.watch
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is quiz


async def test_s_does_nothing_on_a_question_without_simulation(make_app, mini_lesson):
    app = make_app(mini_lesson)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        quiz = await start_quiz(app, pilot, "p")
        while quiz.session.current.simulation is not None:
            await pilot.press("n")
        await pilot.press("s")
        await pilot.pause()
        assert app.screen is quiz


async def test_exam_time_limit_ends_the_exam(make_app, mini_lesson):
    now = [0.0]
    app = make_app(mini_lesson)
    app.config = type(app.config)(**{**app.config.__dict__, "clock": lambda: now[0]})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        quiz = app.screen
        assert isinstance(quiz, QuizScreen) and quiz.session.time_limit == 15 * 60
        await pilot.press(*right_labels(quiz), "enter")
        now[0] += 15 * 60 + 1
        quiz.tick()
        await pilot.pause()
        results = app.screen
        assert isinstance(results, ResultsScreen)
        assert results.result.timed_out and results.result.answered == 1


async def test_review_from_home_asks_the_due_questions(make_app, mini_lesson, tmp_path):
    db = tmp_path / "progress.db"
    store = open_store(db)
    session = store.start_session(store.learner("test-learner"), "gans-mini", "practice")
    question = mini_lesson.question("collapse")
    store.record_attempt(
        session,
        question_id=question.id,
        content_hash=question.content_hash,
        chosen=("A",),
        correct=False,
        seconds=20.0,
        key=sorted(question.correct_keys),
        answered_at=datetime(2026, 1, 5, tzinfo=UTC),
    )
    store.close()
    app = make_app(mini_lesson, db_path=db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "1 question due now" in "\n".join(
            str(static.content) for static in app.screen.query("#due-line")
        )
        await pilot.press("r")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, QuizScreen) and review.session.mode is Mode.REVIEW
        assert [q.id for q in review.session.questions] == ["collapse"]
        await pilot.press(*right_labels(review), "enter")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert "Nothing due for review" in str(app.screen.query_one("#due-line").content)


async def test_command_palette_opens_a_lesson(make_app, mini_lesson, shipped_lessons):
    app = make_app(*shipped_lessons, mini_lesson)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"in brief")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonHomeScreen)
        assert app.screen.lesson.lesson.id == "gans-mini"


async def test_m_on_the_lesson_home_lists_the_scenarios(make_app, mini_lesson):
    app = make_app(mini_lesson)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        home = app.screen
        await pilot.press("m")
        await pilot.pause()
        from quizzer.tui.screens.scenarios import ScenarioListScreen

        assert isinstance(app.screen, ScenarioListScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is home
