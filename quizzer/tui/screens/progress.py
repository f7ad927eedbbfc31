"""Progress: each objective's mastery and recent answers, and the sessions taken."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from quizzer.bank.model import Lesson
from quizzer.errors import QuizzerError
from quizzer.store import Attempt

RECENT_MARKS = 12


def recent_marks(attempts: list[Attempt], question_ids: set[str]) -> str:
    """The latest answers on an objective's questions, oldest first: ✔ right, ✘ wrong."""
    marks = ["✔" if a.correct else "✘" for a in attempts if a.question_id in question_ids]
    return "".join(marks[-RECENT_MARKS:]) or "-"


class ProgressScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Lesson")]

    def __init__(self, lesson: Lesson) -> None:
        super().__init__()
        self.lesson = lesson

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="progress-body"):
            yield Static("Progress by objective", classes="section-title")
            yield DataTable(cursor_type="row", id="objective-history")
            yield Static("Sessions", classes="section-title")
            yield DataTable(cursor_type="row", id="session-history")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.lesson.lesson.title
        progress = self.app.progress
        try:
            attempts = progress.attempts(self.lesson)
            mastery = progress.mastery(self.lesson)
            sessions_taken = progress.sessions(self.lesson)
        except QuizzerError as error:
            self.notify(f"Progress cannot be read: {error}", severity="error", markup=False)
            return
        objectives = self.query_one("#objective-history", DataTable)
        objectives.add_columns("#", "Right", "Answered", "Due", "Recent answers", "Objective")
        for number, objective in enumerate(self.lesson.objectives, start=1):
            ids = {q.id for q in self.lesson.questions if objective.id in q.objectives}
            known = mastery.get(objective.id)
            accuracy = known.accuracy if known else None
            objectives.add_row(
                str(number),
                "-" if accuracy is None else f"{accuracy:.0%}",
                f"{known.answered}/{known.questions}" if known else "-",
                str(known.due) if known else "-",
                Text(recent_marks(attempts, ids)),
                Text(objective.text),
            )
        sessions = self.query_one("#session-history", DataTable)
        sessions.add_columns("Started", "Mode", "Answered", "Right")
        by_session: dict[int, list[Attempt]] = {}
        for attempt in attempts:
            by_session.setdefault(attempt.session_id, []).append(attempt)
        for session in reversed(sessions_taken):
            answers = by_session.get(session.id, [])
            if not answers:
                continue
            sessions.add_row(
                session.started_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                session.mode,
                str(len(answers)),
                f"{sum(a.correct for a in answers)}",
            )
        if not attempts:
            self.notify("No answers yet: take a practice quiz first.")
