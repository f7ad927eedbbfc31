"""A lesson's home: overview with objectives and mastery, vocabulary, patterns, and actions."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Static, TabbedContent, TabPane

from quizzer.bank.model import Lesson
from quizzer.engine import Mode, select_questions
from quizzer.errors import QuizzerError
from quizzer.tui.widgets.objectives import ObjectiveList
from quizzer.tui.widgets.patterns import PatternList
from quizzer.tui.widgets.vocabulary import VocabularyTable

if TYPE_CHECKING:
    from quizzer.tui.screens.quiz_setup import QuizSetup

CRAM_SIZE = 10
ACTIONS = (
    ("practice", "Practice"),
    ("exam", "Exam"),
    ("review", "Review"),
    ("progress", "Progress"),
    ("simulations", "Simulations"),
)


class LessonHomeScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "practice", "Practice"),
        Binding("e", "exam", "Exam"),
        Binding("r", "review", "Review"),
        Binding("g", "progress", "Progress"),
        Binding("m", "simulations", "Simulations"),
        Binding("slash", "search", "Find term", key_display="/", show=False),
        Binding("escape", "back", "Back", show=False),
    ]

    def __init__(self, lesson: Lesson) -> None:
        super().__init__()
        self.lesson = lesson

    def compose(self) -> ComposeResult:
        info = self.lesson.lesson
        yield Header()
        with TabbedContent(id="home-tabs"):
            with TabPane("Overview", id="overview"):
                with VerticalScroll(id="overview-body"):
                    yield Static(info.title, classes="lesson-title", markup=False)
                    yield Static(
                        f"{info.subject} · {info.level} · {info.duration_minutes} min · "
                        f"{len(self.lesson.questions)} questions",
                        classes="lesson-meta",
                        markup=False,
                    )
                    yield Static(info.summary, classes="lesson-summary", markup=False)
                    yield Static(id="due-line", markup=False)
                    yield Static("Objectives", classes="section-title")
                    yield ObjectiveList(self.lesson.objectives, id="objectives")
                with Horizontal(id="actions"):
                    for action, label in ACTIONS:
                        yield Button(label, id=f"do-{action}", compact=True)
            with TabPane("Vocabulary", id="vocabulary"):
                yield VocabularyTable(self.lesson.vocabulary, id="vocab")
            with TabPane("Patterns", id="patterns"):
                yield PatternList(self.lesson.patterns, id="pattern-list")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.lesson.lesson.title
        self.show_progress()

    def on_screen_resume(self) -> None:
        self.show_progress()

    def show_progress(self) -> None:
        """Mastery per objective and the due count, read fresh from the store."""
        progress = self.app.progress
        try:
            mastery = progress.mastery(self.lesson)
            due = len(progress.due_ids(self.lesson))
        except QuizzerError as error:
            self.query_one("#due-line", Static).update(f"Progress cannot be read: {error}")
            return
        self.query_one(ObjectiveList).show(mastery)
        if not progress.available:
            line = "Progress is not being saved."
        elif due:
            line = f"Review: {due} question{'s' if due != 1 else ''} due now (press r)."
        elif any(m.attempts for m in mastery.values()):
            line = "Nothing due for review: r crams your weakest questions."
        else:
            line = "No progress yet: start with a practice quiz (press p)."
        self.query_one("#due-line", Static).update(line)

    @on(Button.Pressed, "#actions Button")
    def _button(self, event: Button.Pressed) -> None:
        action = (event.button.id or "").removeprefix("do-")
        self.run_action(action)

    # Quizzes ----------------------------------------------------------------------------

    def action_practice(self) -> None:
        self.ask_setup(Mode.PRACTICE)

    def action_exam(self) -> None:
        self.ask_setup(Mode.EXAM)

    def ask_setup(self, mode: Mode) -> None:
        """Quiz modules load on first use: they are not on the path to the first screen."""
        from quizzer.tui.screens.quiz_setup import QuizSetupDialog

        self.app.push_screen(QuizSetupDialog(self.lesson, mode), self.start_quiz)

    def start_quiz(self, setup: QuizSetup | None) -> None:
        from quizzer.tui.screens.quiz import QuizScreen, new_seed

        if setup is None:
            return
        seed = new_seed(self.app.config.seed)
        questions = select_questions(
            self.lesson.questions,
            objectives=[setup.objective] if setup.objective else None,
            difficulties=[setup.difficulty] if setup.difficulty else None,
            count=setup.count,
            seed=seed,
        )
        if not questions:
            self.notify("No question matches that choice.", severity="warning")
            return
        minutes = setup.time_limit_minutes
        self.app.push_screen(
            QuizScreen.for_questions(
                self.lesson,
                questions,
                setup.mode,
                seed=seed,
                clock=self.app.config.clock,
                recorder=self.app.progress.recorder(self.lesson.lesson.id, setup.mode),
                time_limit=minutes * 60 if minutes else None,
            )
        )

    def action_review(self) -> None:
        """The due questions; when none are due, a cram of the weakest."""
        from quizzer.tui.screens.quiz import QuizScreen, new_seed

        progress = self.app.progress
        try:
            ids = progress.due_ids(self.lesson)
            mode = Mode.REVIEW
            if not ids:
                ids = progress.cram_ids(self.lesson, CRAM_SIZE)
                mode = Mode.CRAM
                self.notify("Nothing is due: cramming your weakest questions.")
        except QuizzerError as error:
            self.notify(f"Progress cannot be read: {error}", severity="error", markup=False)
            return
        questions = select_questions(self.lesson.questions, ids=ids)
        if not questions:
            self.notify("This lesson has no questions.", severity="warning")
            return
        self.app.push_screen(
            QuizScreen.for_questions(
                self.lesson,
                questions,
                mode,
                seed=new_seed(self.app.config.seed),
                clock=self.app.config.clock,
                recorder=progress.recorder(self.lesson.lesson.id, mode),
            )
        )

    # Other screens ----------------------------------------------------------------------

    def action_progress(self) -> None:
        from quizzer.tui.screens.progress import ProgressScreen

        self.app.push_screen(ProgressScreen(self.lesson))

    def action_simulations(self) -> None:
        self.app.open_scenarios()

    def action_search(self) -> None:
        self.query_one(TabbedContent).active = "vocabulary"
        self.call_after_refresh(self.query_one("#vocab-filter", Input).focus)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
