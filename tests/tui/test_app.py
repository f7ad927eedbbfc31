"""The app around the journeys: literal bank text, bad input, start-up, serve, help, palette."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from textual.filter import Monochrome, NoColor
from textual.widgets import DataTable, OptionList

from quizzer.bank.model import Option, Question
from quizzer.cli import build_parser, main
from quizzer.commands.app import run_serve, serve_command
from quizzer.errors import QuizzerError
from quizzer.store import open_store
from quizzer.tui.app import AppConfig, QuizzerApp
from quizzer.tui.palette import LessonCommands, ScenarioCommands
from quizzer.tui.screens.help import HelpScreen
from quizzer.tui.screens.lesson_home import LessonHomeScreen
from quizzer.tui.screens.lessons import LessonPickerScreen
from quizzer.tui.screens.progress import ProgressScreen
from quizzer.tui.screens.quiz import QuizScreen
from quizzer.tui.screens.results import ResultsScreen

SIZE = (80, 24)
ROOT = Path(__file__).resolve().parents[2]


async def start_practice(app, pilot) -> QuizScreen:
    await pilot.press("p")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, QuizScreen)
    return app.screen


def wrong_label(quiz: QuizScreen) -> str:
    return next(o.label for o in quiz.session.displayed_options() if not o.option.correct)


# Bank text is literal ------------------------------------------------------------------


async def test_markup_in_bank_text_renders_as_written(make_app, mini_lesson, screen_text):
    app = make_app(mini_lesson)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "GANs in brief [test bank]" in screen_text(app)
        quiz = await start_practice(app, pilot)
        while quiz.session.current.id != "roles":
            await pilot.press("n")
        await pilot.pause()
        text = screen_text(app)
        assert "Which network outputs [bold]a probability[/] that a sample is real?" in text
        assert "The latent vector [0.1, 0.8, 0.4]" in text
        await pilot.press(wrong_label(quiz).lower(), "enter")
        await pilot.pause()
        assert "outputs the probability that x came from the data [not G]." in screen_text(app)
        quiz.finish()
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert "[bold]a probability[/]" in screen_text(app)


async def test_stray_closing_tags_and_brackets_never_crash(make_app, mini_lesson, screen_text):
    hostile = Question(
        id="hostile",
        stem="[/] closes nothing, [bold] opens [link=x] and [red]",
        options=[
            Option(text="[/]", correct=True, feedback="[/bold] literal"),
            Option(text="[[ ]]", feedback="[0.1, 0.8, 0.4]"),
        ],
        explanation="[/] still literal",
        objectives=["architecture"],
    )
    lesson = mini_lesson.model_copy(update={"questions": [hostile]})
    app = make_app(lesson)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        quiz = await start_practice(app, pilot)
        await pilot.press(wrong_label(quiz).lower(), "enter")
        await pilot.pause()
        text = screen_text(app)
        assert "[/] closes nothing, [bold] opens [link=x] and [red]" in text
        assert "[/] still literal" in text
        assert "[0.1, 0.8, 0.4]" in text


# Bad input -----------------------------------------------------------------------------


def test_broken_bank_prints_validator_messages_not_a_traceback(tmp_path, capsys):
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        textwrap.dedent(
            """\
            lesson:
              id: broken
              title: Broken
              subject: Test
              level: Test
              duration_minutes: 5
              summary: A bank with mistakes.
            objectives:
              - id: one
                text: An objective.
            questions:
              - id: q1
                stem: Which?
                optionz: []
                explanation: Because.
                objectives: [one]
            """
        )
    )
    code = main(["--bank", str(broken), "--db", str(tmp_path / "p.db")])
    err = capsys.readouterr().err
    assert code == 1
    assert "Traceback" not in err
    assert re.search(r"broken\.yaml:\d+:\d+: ", err), err
    assert "optionz" in err
    assert not (tmp_path / "p.db").exists()


async def test_corrupt_database_is_reported_and_moved_aside(make_app, mini_lesson, tmp_path):
    db = tmp_path / "progress.db"
    garbage = b"not a database, just bytes " * 200
    db.write_bytes(garbage)
    app = make_app(mini_lesson, db_path=db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("moved" in m and str(db) in m for m in messages), messages
        quiz = await start_practice(app, pilot)
        await pilot.press(wrong_label(quiz).lower(), "enter")
        await pilot.pause()
    [moved] = [p for p in tmp_path.iterdir() if p.name.startswith("progress.db.corrupt")]
    assert moved.read_bytes() == garbage
    store = open_store(db)
    assert len(store.attempts(store.learner("test-learner"))) == 1


async def test_unusable_database_folder_still_runs_and_says_so(make_app, mini_lesson, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    app = make_app(mini_lesson, db_path=blocker / "progress.db")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert any("will not be saved" in n.message for n in app._notifications)
        quiz = await start_practice(app, pilot)
        await pilot.press(wrong_label(quiz).lower(), "enter")
        await pilot.pause()
        assert quiz.session.answered_count == 1


# Screens around the quiz ----------------------------------------------------------------


async def test_several_lessons_start_on_the_picker(make_app, mini_lesson, shipped_lessons):
    app = make_app(mini_lesson, *shipped_lessons)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LessonPickerScreen)
        picker = app.screen.query_one(OptionList)
        assert picker.option_count == 1 + len(shipped_lessons)
        picker.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonHomeScreen)
        assert app.screen.lesson.lesson.id == "gans-mini"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LessonPickerScreen)


async def test_home_and_progress_show_mastery_after_answers(make_app, mini_lesson, screen_text):
    app = make_app(mini_lesson)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "not started" in screen_text(app)
        quiz = await start_practice(app, pilot)
        await pilot.press(wrong_label(quiz).lower(), "enter")
        await pilot.press("escape")
        await pilot.pause()
        assert "0% · 1 of" in screen_text(app)
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, ProgressScreen)
        objectives = app.screen.query_one("#objective-history", DataTable)
        sessions = app.screen.query_one("#session-history", DataTable)
        assert objectives.row_count == len(mini_lesson.objectives)
        assert sessions.row_count == 1
        assert "✘" in screen_text(app)


async def test_help_lists_every_key_of_the_screen(make_app, mini_lesson):
    app = make_app(mini_lesson)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        quiz = await start_practice(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one(DataTable)
        rows = [tuple(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count)]
        described = {does.removesuffix(" (not here)") for _, does, _ in rows}
        for binding in [*QuizScreen.BINDINGS, *quiz.card.BINDINGS]:
            assert binding.description in described, binding
        assert ("⏎", "Submit", "QuestionCard") in rows or any(r[1] == "Submit" for r in rows)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is quiz


async def test_palette_offers_lessons_and_scenarios(make_app, mini_lesson, shipped_lessons):
    app = make_app(*shipped_lessons, mini_lesson)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lessons = LessonCommands(app.screen)
        hits = [hit async for hit in lessons.search("brief")]
        assert [hit.text for hit in hits] == ["Lesson: GANs in brief [test bank]"]
        hits[0].command()
        await pilot.pause()
        assert isinstance(app.screen, LessonHomeScreen)
        assert app.screen.lesson.lesson.id == "gans-mini"
        scenarios = [hit.text async for hit in ScenarioCommands(app.screen).discover()]
        assert any(text and "Mode collapse" in text for text in scenarios)


async def test_ctrl_t_switches_light_and_dark(make_app, mini_lesson):
    app = make_app(mini_lesson)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.current_theme.dark
        await pilot.press("ctrl+t")
        assert not app.current_theme.dark
        await pilot.press("ctrl+t")
        assert app.current_theme.dark


async def test_no_color_is_honoured_and_marks_still_tell_right_from_wrong(
    make_app, mini_lesson, monkeypatch, screen_text
):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(mini_lesson)
    async with app.run_test(size=SIZE) as pilot:
        assert app.no_color
        assert any(isinstance(f, Monochrome | NoColor) for f in app._filters)
        await pilot.pause()
        quiz = await start_practice(app, pilot)
        await pilot.press(wrong_label(quiz).lower(), "enter")
        await pilot.pause()
        assert "✘ Not quite" in screen_text(app)


# Start-up and serve ----------------------------------------------------------------------

STARTUP_PROBE = """
import sys
from quizzer.cli import build_parser
from quizzer.commands.app import build_config
from quizzer.tui.app import QuizzerApp

seen = {}
original = QuizzerApp.warm_up_simulator

def spy(self):
    seen["screen"] = type(self.screen).__name__
    seen["torch_at_warm_up"] = "torch" in sys.modules
    return original(self)

QuizzerApp.warm_up_simulator = spy
app = QuizzerApp(build_config(build_parser().parse_args(sys.argv[1:])))

async def auto_pilot(pilot):
    await pilot.pause()
    seen["first_screen"] = type(app.screen).__name__
    await app.workers.wait_for_complete()
    seen["trainer_after"] = "sim.trainer" in sys.modules
    app.exit()

app.run(headless=True, size=(80, 24), auto_pilot=auto_pilot)
print(seen)
"""


def test_first_screen_without_torch_then_warm_up_in_the_background(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", STARTUP_PROBE, "--db", str(tmp_path / "p.db")],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    seen = eval(result.stdout.strip().splitlines()[-1])
    assert seen["first_screen"] in {"LessonHomeScreen", "LessonPickerScreen"}
    assert seen["screen"] == seen["first_screen"]
    assert seen["torch_at_warm_up"] is False
    assert seen["trainer_after"] is True


def test_serve_runs_the_same_app_with_the_same_arguments(tmp_path):
    bank = ROOT / "tests" / "tui" / "banks" / "mini.yaml"
    args = build_parser().parse_args(
        ["--bank", str(bank), "--db", str(tmp_path / "p.db"), "--learner", "ada", "serve"]
    )
    assert args.command == "serve" and args.host == "127.0.0.1"
    words = shlex.split(serve_command(args))
    assert words == [
        sys.executable, "-m", "quizzer",
        "--bank", str(bank), "--db", str(tmp_path / "p.db"), "--learner", "ada",
    ]  # fmt: skip
    check = subprocess.run([*words, "--version"], capture_output=True, text=True, timeout=60)
    assert check.returncode == 0 and check.stdout.startswith("quizzer ")


def test_serve_checks_the_bank_before_starting_a_server(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("lesson: [\n")
    args = build_parser().parse_args(["--bank", str(broken), "serve", "--port", "9"])
    with pytest.raises(QuizzerError, match=r"broken\.yaml:\d+:\d+"):
        run_serve(args)


async def test_quizzer_db_environment_variable_picks_the_database(
    mini_lesson, tmp_path, monkeypatch
):
    target = tmp_path / "from-env.db"
    monkeypatch.setenv("QUIZZER_DB", str(target))
    app = QuizzerApp(AppConfig(lessons=(mini_lesson,), learner="env", seed=1, warm_up=False))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        quiz = await start_practice(app, pilot)
        await pilot.press(wrong_label(quiz).lower(), "enter")
        await pilot.pause()
    store = open_store(target)
    assert len(store.attempts(store.learner("env"))) == 1


async def test_a_link_to_an_unknown_scenario_is_a_notification_not_a_crash(make_app, mini_lesson):
    app = make_app(mini_lesson)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first_screen = app.screen
        app.open_simulation("no_such_scenario")
        await pilot.pause()
        assert app.screen is first_screen
        messages = [n.message for n in app._notifications]
        assert any("no_such_scenario" in m and "healthy" in m for m in messages), messages
