"""The lesson's objectives, each with the learner's mastery and due count once known."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from quizzer.bank.model import Objective
from quizzer.review import Mastery

BAR_WIDTH = 10


def mastery_bar(fraction: float) -> str:
    filled = round(fraction * BAR_WIDTH)
    return "█" * filled + "░" * (BAR_WIDTH - filled)


def mastery_line(mastery: Mastery | None) -> str:
    if mastery is None or mastery.accuracy is None:
        return "not started"
    parts = [
        f"{mastery_bar(mastery.accuracy)} {mastery.accuracy:.0%}",
        f"{mastery.answered} of {mastery.questions} answered",
    ]
    if mastery.due:
        parts.append(f"{mastery.due} due")
    return " · ".join(parts)


class ObjectiveList(Vertical):
    """Numbered objectives; the text is bank text, so it is drawn literally."""

    def __init__(self, objectives: list[Objective], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.objectives = objectives
        self.mastery: dict[str, Mastery] = {}

    def show(self, mastery: dict[str, Mastery]) -> None:
        self.mastery = mastery
        self.refresh(recompose=True)

    def compose(self) -> ComposeResult:
        for number, objective in enumerate(self.objectives, start=1):
            with Horizontal(classes="objective-row"):
                yield Static(f"{number}.", classes="objective-number")
                with Vertical(classes="objective-body"):
                    yield Static(objective.text, classes="objective", markup=False)
                    yield Static(
                        mastery_line(self.mastery.get(objective.id)),
                        classes="mastery",
                        markup=False,
                    )
