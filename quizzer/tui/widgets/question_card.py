"""The question card: stem and options, chosen with keys or the mouse; it only reports.

The card knows labels (the letters on screen), never grading: on enter it posts
`QuestionCard.Answered` with the chosen labels and the screen decides what they mean.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.events import Click
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

CHOICE_LETTERS = "abcd"
MAX_NUMBER_KEYS = 9


@dataclass(frozen=True)
class CardView:
    """Everything the card shows; `verdicts` maps a label to "correct", "wrong" or "missed"."""

    heading: str
    stem: str
    options: tuple[tuple[str, str], ...]
    multiple: bool
    selected: frozenset[str] = frozenset()
    verdicts: dict[str, str] = field(default_factory=dict)
    locked: bool = False


VERDICT_MARKS = {"correct": " ✔", "wrong": " ✘", "missed": " ✔ (missed)"}


class OptionRow(Widget):
    """One option, drawn as literal text with a choice mark; a click asks the card to choose."""

    selected: reactive[bool] = reactive(False)
    highlighted: reactive[bool] = reactive(False)

    class Clicked(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, index: int, label: str, text: str, multiple: bool, verdict: str) -> None:
        super().__init__(classes=f"-{verdict}" if verdict else None)
        self.index = index
        self.label = label
        self.text = text
        self.multiple = multiple
        self.verdict = verdict

    def render(self) -> Table:
        """Mark and letter in one column, the text wrapping in the next (a hanging indent)."""
        if self.multiple:
            mark = "[x]" if self.selected else "[ ]"
        else:
            mark = "(•)" if self.selected else "( )"
        grid = Table.grid(padding=(0, 2, 0, 0))
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        grid.add_row(
            Text(f"{mark} {self.label}"), Text(self.text + VERDICT_MARKS.get(self.verdict, ""))
        )
        return grid

    def watch_selected(self, selected: bool) -> None:
        self.set_class(selected, "-selected")

    def watch_highlighted(self, highlighted: bool) -> None:
        self.set_class(highlighted, "-highlighted")

    def on_click(self, event: Click) -> None:
        event.stop()
        self.post_message(self.Clicked(self.index))


class QuestionCard(Widget, can_focus=True):
    """A question as the student answers it: 1-9 or a-d choose, space toggles, enter submits."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *[
            Binding(str(n), f"choose({n - 1})", f"Option {n}", show=False)
            for n in range(1, MAX_NUMBER_KEYS + 1)
        ],
        *[
            Binding(letter, f"choose({n})", f"Option {letter.upper()}", show=False)
            for n, letter in enumerate(CHOICE_LETTERS)
        ],
        Binding("space", "toggle", "Toggle", show=False),
        Binding("up,k", "move(-1)", "Previous option", show=False),
        Binding("down,j", "move(1)", "Next option", show=False),
        Binding("enter", "submit", "Submit"),
    ]

    highlighted: reactive[int] = reactive(0)

    class Answered(Message):
        """The student submitted these labels (possibly none: the screen says why not)."""

        def __init__(self, labels: frozenset[str]) -> None:
            super().__init__()
            self.labels = labels

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.view = CardView(heading="", stem="", options=(), multiple=False)
        self.selected: set[str] = set()

    async def show(self, view: CardView) -> None:
        """Draw a new question (or the same one with new verdicts); returns once drawn."""
        self.view = view
        self.selected = set(view.selected)
        self.set_reactive(QuestionCard.highlighted, 0)
        await self.recompose()

    def compose(self) -> ComposeResult:
        yield Static(self.view.heading, classes="card-heading", markup=False)
        yield Static(self.view.stem, classes="stem", markup=False)
        for index, (label, text) in enumerate(self.view.options):
            row = OptionRow(
                index, label, text, self.view.multiple, self.view.verdicts.get(label, "")
            )
            row.selected = label in self.selected
            row.highlighted = index == self.highlighted
            yield row

    @property
    def rows(self) -> list[OptionRow]:
        return list(self.query(OptionRow))

    def _sync_rows(self) -> None:
        for row in self.rows:
            row.selected = row.label in self.selected
            row.highlighted = row.index == self.highlighted

    def watch_highlighted(self) -> None:
        self._sync_rows()

    def _pick(self, index: int) -> None:
        label = self.view.options[index][0]
        if self.view.multiple:
            self.selected ^= {label}
        else:
            self.selected = {label}
        self._sync_rows()

    def action_choose(self, index: int) -> None:
        if self.view.locked or index >= len(self.view.options):
            return
        self.highlighted = index
        self._pick(index)

    def action_toggle(self) -> None:
        if not self.view.locked and self.view.options:
            self._pick(self.highlighted)

    def action_move(self, step: int) -> None:
        if self.view.options:
            self.highlighted = (self.highlighted + step) % len(self.view.options)
            self.rows[self.highlighted].scroll_visible()

    def action_submit(self) -> None:
        if not self.view.locked:
            self.post_message(self.Answered(frozenset(self.selected)))

    @on(OptionRow.Clicked)
    def _clicked(self, event: OptionRow.Clicked) -> None:
        event.stop()
        self.focus()
        self.action_choose(event.index)
