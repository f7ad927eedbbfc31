"""Practice feedback: the verdict, the notes of the chosen and the right options, the why."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from quizzer.engine import Feedback


def option_note(label: str, text: str, note: str, role: str) -> str:
    line = f"{label} ({role}): {text}"
    return f"{line}\n    {note}" if note else line


class FeedbackPanel(Vertical):
    """Empty until `show` gets a Feedback; all bank text is drawn literally."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.feedback: Feedback | None = None

    def show(self, feedback: Feedback | None) -> None:
        self.feedback = feedback
        self.display = feedback is not None
        self.refresh(recompose=True)

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
            yield Static(note, classes=classes, markup=False)
        for option in feedback.correct_options:
            if option.key not in chosen_keys:
                note = option_note(
                    option.label, option.option.text, option.option.feedback, "right answer"
                )
                yield Static(note, classes="option-note -right", markup=False)
        yield Static("Why", classes="section-title")
        yield Static(feedback.explanation, classes="explanation", markup=False)
