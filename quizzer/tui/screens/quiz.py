"""The quiz screen: one question at a time, in practice, exam, review or cram mode.

The screen turns the card's labels into authored keys, asks the engine to grade, hands the
first attempt to the store at once, and shows what the mode allows: feedback now
(practice, review, cram) or nothing until the results (exam).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header

from quizzer.bank.model import Lesson, Question
from quizzer.engine import Mode, QuizSession, SessionError
from quizzer.engine.recording import SessionRecorder
from quizzer.errors import QuizzerError
from quizzer.tui.widgets.feedback_panel import FeedbackPanel
from quizzer.tui.widgets.question_card import CardView, QuestionCard
from quizzer.tui.widgets.quiz_progress import QuizProgress

TYPE_HINTS = {"single": "one answer", "multiple": "choose all that apply (space toggles)"}


def new_seed(fixed: int | None) -> int:
    """The config's seed in tests; otherwise a fresh one, so each quiz is shuffled anew."""
    return fixed if fixed is not None else random.randrange(2**31)


class QuizScreen(Screen[None]):
    AUTO_FOCUS = "#card"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "next", "Next"),
        Binding("p", "previous", "Prev"),
        Binding("s", "simulate", "Simulate"),
        Binding("f", "finish", "Finish"),
        Binding("escape", "leave", "Leave"),
    ]

    def __init__(
        self, lesson: Lesson, session: QuizSession, recorder: SessionRecorder | None
    ) -> None:
        super().__init__()
        self.lesson = lesson
        self.session = session
        self.recorder = recorder
        self.finish_warned = False
        self.timer: Timer | None = None

    @classmethod
    def for_questions(
        cls,
        lesson: Lesson,
        questions: Sequence[Question],
        mode: Mode,
        *,
        seed: int,
        recorder: SessionRecorder | None,
        time_limit: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> QuizScreen:
        session = QuizSession(questions, mode=mode, seed=seed, time_limit=time_limit, clock=clock)
        return cls(lesson, session, recorder)

    @property
    def card(self) -> QuestionCard:
        return self.query_one("#card", QuestionCard)

    @property
    def feedback(self) -> FeedbackPanel:
        return self.query_one("#feedback", FeedbackPanel)

    def compose(self) -> ComposeResult:
        yield Header()
        yield QuizProgress(id="quiz-progress")
        with VerticalScroll(id="quiz-body"):
            yield QuestionCard(id="card")
            yield FeedbackPanel(id="feedback")
        yield Footer()

    async def on_mount(self) -> None:
        self.sub_title = self.lesson.lesson.title
        await self.show_question()
        if self.session.time_limit is not None:
            self.timer = self.set_interval(1, self.tick)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Grey out the simulation key on questions that link none."""
        if action == "simulate":
            return True if self.session.current.simulation is not None else None
        return True

    # Drawing ----------------------------------------------------------------------------

    async def show_question(self) -> None:
        session = self.session
        question = session.current
        shown = session.displayed_options()
        attempts = session.attempts()
        latest = attempts[-1] if attempts else frozenset()
        reveal = session.mode.immediate_feedback and bool(attempts)
        verdicts: dict[str, str] = {}
        if reveal:
            for option in shown:
                if option.option.correct:
                    verdicts[option.label] = "correct" if option.key in latest else "missed"
                elif option.key in latest:
                    verdicts[option.label] = "wrong"
        await self.card.show(
            CardView(
                heading=f"{question.difficulty.capitalize()} · {TYPE_HINTS[question.type]}",
                stem=question.stem,
                options=tuple((option.label, option.option.text) for option in shown),
                multiple=question.type == "multiple",
                selected=frozenset(o.label for o in shown if o.key in latest),
                verdicts=verdicts,
                locked=bool(attempts) and not session.mode.allows_retry,
            )
        )
        await self.feedback.show(session.feedback() if reveal else None)
        self.update_progress()
        self.refresh_bindings()

    def update_progress(self) -> None:
        session = self.session
        self.query_one(QuizProgress).show(
            index=session.index,
            total=session.total,
            answered=session.answered_count,
            mode=session.mode.value,
            time_left=session.time_left(),
        )

    # Answering --------------------------------------------------------------------------

    @on(QuestionCard.Answered)
    async def answered(self, event: QuestionCard.Answered) -> None:
        session = self.session
        try:
            keys = {session.key_for_label(label) for label in event.labels}
            outcome = session.answer(keys)
        except SessionError as error:
            self.notify(str(error).capitalize(), severity="warning", markup=False)
            return
        if outcome.record is not None and self.recorder is not None:
            try:
                self.recorder.record(session.current, outcome.record)
            except QuizzerError as error:
                self.notify(f"Answer not saved: {error}", severity="error", markup=False)
        if session.mode.immediate_feedback:
            await self.show_question()
            self.call_after_refresh(self.show_feedback_top)
        else:
            await self.after_exam_answer()

    def show_feedback_top(self) -> None:
        """Bring the verdict to the top: at 80x24 card and feedback rarely fit together."""
        self.query_one("#quiz-body", VerticalScroll).scroll_to_widget(
            self.feedback, animate=False, top=True
        )

    async def after_exam_answer(self) -> None:
        """Move on to the next unanswered question, or say that all are answered."""
        session = self.session
        later = [i for i in range(session.total) if not session.is_answered(i)]
        following = [i for i in later if i > session.index] or later
        if following:
            session.go_to(following[0])
        else:
            self.notify("Every question is answered: press f to finish.")
        await self.show_question()

    # Navigation -------------------------------------------------------------------------

    async def action_next(self) -> None:
        if self.session.next():
            await self.show_question()
        elif self.session.answered_count == self.session.total:
            self.action_finish()
        else:
            self.notify("This is the last question: press f to finish.")

    async def action_previous(self) -> None:
        if self.session.previous():
            await self.show_question()

    def action_simulate(self) -> None:
        link = self.session.current.simulation
        if link is None:
            return
        self.app.open_simulation(link.scenario, compare=link.compare, watch=link.watch)

    def action_finish(self) -> None:
        unanswered = self.session.total - self.session.answered_count
        if unanswered and not self.finish_warned:
            self.finish_warned = True
            self.notify(
                f"{unanswered} question{'s' if unanswered != 1 else ''} unanswered "
                "(they count as wrong): press f again to finish.",
                severity="warning",
            )
            return
        self.finish()

    def tick(self) -> None:
        """Once a second in a timed exam; time up ends it, but only while it is on top."""
        self.update_progress()
        if self.session.expired and self.is_current:
            self.notify("Time is up.", severity="warning")
            self.finish()

    def on_screen_resume(self) -> None:
        if self.session.time_limit is not None and not self.session.finished:
            self.tick()

    def finish(self) -> None:
        from quizzer.tui.screens.results import ResultsScreen

        if self.timer is not None:
            self.timer.stop()
        result = self.session.finish()
        self.close_recorder()
        self.app.switch_screen(ResultsScreen(self.lesson, result))

    def action_leave(self) -> None:
        """Leave without results; every answer given is already saved."""
        if self.timer is not None:
            self.timer.stop()
        self.close_recorder()
        self.dismiss()

    def close_recorder(self) -> None:
        if self.recorder is None:
            return
        try:
            self.recorder.finish()
        except QuizzerError as error:
            self.notify(str(error), severity="error", markup=False)
