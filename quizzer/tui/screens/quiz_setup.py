"""The dialog before a practice quiz or an exam: which questions, how many, how long."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from quizzer.bank.model import Lesson
from quizzer.engine import Mode

DIFFICULTIES = ("easy", "medium", "challenging")
DEFAULT_COUNT = {Mode.PRACTICE: 10, Mode.EXAM: 12}
DEFAULT_MINUTES = 15
TITLES = {
    Mode.PRACTICE: "Practice quiz (feedback after each answer)",
    Mode.EXAM: "Exam (results at the end)",
}


@dataclass(frozen=True)
class QuizSetup:
    mode: Mode
    objective: str | None
    difficulty: str | None
    count: int
    time_limit_minutes: float | None


def parse_positive(text: str, what: str) -> float | None:
    """Blank means none; anything else must be a positive number."""
    if not text.strip():
        return None
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{what} must be a number") from None
    if value <= 0:
        raise ValueError(f"{what} must be positive")
    return value


class QuizSetupDialog(ModalScreen[QuizSetup | None]):
    AUTO_FOCUS = "#start"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, lesson: Lesson, mode: Mode) -> None:
        super().__init__()
        self.lesson = lesson
        self.mode = mode

    def compose(self) -> ComposeResult:
        objectives = [
            (Text(f"{n}. {objective.text}"), objective.id)
            for n, objective in enumerate(self.lesson.objectives, start=1)
        ]
        with Vertical(id="setup-dialog"):
            yield Static(TITLES.get(self.mode, "Quiz"), classes="dialog-title")
            with Grid(id="setup-fields"):
                yield Label("Objective")
                yield Select(
                    objectives, prompt="All objectives", id="setup-objective", compact=True
                )
                yield Label("Difficulty")
                yield Select(
                    [(level, level) for level in DIFFICULTIES],
                    prompt="Any",
                    id="setup-difficulty",
                    compact=True,
                )
                yield Label("Questions")
                yield Input(str(DEFAULT_COUNT.get(self.mode, 10)), id="setup-count", compact=True)
                if self.mode is Mode.EXAM:
                    yield Label("Minutes")
                    yield Input(
                        str(DEFAULT_MINUTES),
                        placeholder="blank: no time limit",
                        id="setup-minutes",
                        compact=True,
                    )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Start", variant="primary", id="start", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#start")
    @on(Input.Submitted)
    def _start(self) -> None:
        try:
            count = parse_positive(self.query_one("#setup-count", Input).value, "Questions")
            minutes = None
            if self.mode is Mode.EXAM:
                minutes = parse_positive(
                    self.query_one("#setup-minutes", Input).value, "The time limit"
                )
        except ValueError as error:
            self.notify(str(error), severity="warning", markup=False)
            return
        objective = self.query_one("#setup-objective", Select).value
        difficulty = self.query_one("#setup-difficulty", Select).value
        self.dismiss(
            QuizSetup(
                mode=self.mode,
                objective=objective if isinstance(objective, str) else None,
                difficulty=difficulty if isinstance(difficulty, str) else None,
                count=int(count) if count else len(self.lesson.questions),
                time_limit_minutes=minutes,
            )
        )
