"""The line above a question: where you are, how many answered, the time left in an exam."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import ProgressBar, Static


def format_clock(seconds: float) -> str:
    whole = max(0, int(seconds + 0.999))
    return f"{whole // 60:02d}:{whole % 60:02d}"


class QuizProgress(Horizontal):
    def compose(self) -> ComposeResult:
        yield Static(id="progress-label", markup=False)
        yield ProgressBar(show_eta=False, show_percentage=False, id="progress-bar")
        yield Static(id="progress-clock", markup=False)

    def show(
        self, *, index: int, total: int, answered: int, mode: str, time_left: float | None
    ) -> None:
        self.query_one("#progress-label", Static).update(
            f"{mode.capitalize()} · question {index + 1} of {total} · {answered} answered"
        )
        self.query_one("#progress-bar", ProgressBar).update(total=total, progress=answered)
        clock = "" if time_left is None else f"⏱ {format_clock(time_left)} left"
        self.query_one("#progress-clock", Static).update(clock)
