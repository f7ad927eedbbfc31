"""Practice feedback: the verdict, the notes of the chosen and the right options, the why."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from quizzer.engine import Feedback


def option_note(label: str, text: str, note: str, role: str) -> Table:
    """The option and its feedback beside its letter, wrapping under the text, not the letter."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(Text(f"{label}."), Text(text))
    grid.add_row(Text(""), Text(f"{role[0].upper()}{role[1:]}. {note}".rstrip()))
    return grid


class FeedbackPanel(Vertical):
    """Empty until `show` gets a Feedback; all bank text is drawn literally."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.feedback: Feedback | None = None

    async def show(self, feedback: Feedback | None) -> None:
        """Draw the feedback (or hide the panel); returns once drawn."""
        self.feedback = feedback
        self.display = feedback is not None
        await self.recompose()

    def compose(self) -> ComposeResult:
        feedback = self.feedback
        if feedback is None:
            return
        if feedback.correct:
            yield Static("✔ Right.", classes="verdict -right")
        else:
            right = ", ".join(option.label for option in feedback.correct_options)
            yield Static(
                f"✘ Not quite: the answer is {right}. Choose again to retry.",
                classes="verdict -wrong",
            )
        correct_keys = {option.key for option in feedback.correct_options}
        chosen_keys = {option.key for option in feedback.chosen}
        for option in feedback.chosen:
            role = "your answer, right" if option.key in correct_keys else "your answer, wrong"
            note = option_note(option.label, option.option.text, option.option.feedback, role)
            classes = "option-note -right" if option.key in correct_keys else "option-note"
            yield Static(note, classes=classes)
        for option in feedback.correct_options:
            if option.key not in chosen_keys:
                note = option_note(
                    option.label, option.option.text, option.option.feedback, "right answer"
                )
                yield Static(note, classes="option-note -right")
        yield Static("Why", classes="section-title")
        yield Static(feedback.explanation, classes="explanation", markup=False)
