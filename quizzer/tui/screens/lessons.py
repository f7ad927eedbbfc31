"""The lesson picker: shown first when the bank holds several lessons."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from quizzer.bank.model import Lesson


def lesson_prompt(lesson: Lesson) -> Text:
    info = lesson.lesson
    text = Text(info.title, style="bold")
    text.append(f"\n{info.subject} · {info.level} · {info.duration_minutes} min · ")
    text.append(f"{len(lesson.questions)} questions")
    return text


class LessonPickerScreen(Screen[None]):
    AUTO_FOCUS = "#lesson-list"
    BINDINGS: ClassVar[list[BindingType]] = [("escape", "app.quit", "Quit")]

    def __init__(self, lessons: tuple[Lesson, ...]) -> None:
        super().__init__()
        self.lessons = lessons

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Choose a lesson", classes="screen-title")
        options: list[Option | None] = []
        for lesson in self.lessons:
            if options:
                options.append(None)
            options.append(Option(lesson_prompt(lesson), id=lesson.lesson.id))
        yield OptionList(*options, id="lesson-list")
        yield Footer()

    @on(OptionList.OptionSelected, "#lesson-list")
    def _open(self, event: OptionList.OptionSelected) -> None:
        from quizzer.tui.screens.lesson_home import LessonHomeScreen

        lesson = next(item for item in self.lessons if item.lesson.id == event.option.id)
        self.app.push_screen(LessonHomeScreen(lesson))
