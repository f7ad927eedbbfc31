"""The Textual app: built from an `AppConfig`, it opens the store and pushes the first screen.

Everything else lives in `screens/` and `widgets/`. Torch is never imported on the way to
the first screen; once it is up, a background thread may import the trainer so the first
simulation opens at once.
"""

from __future__ import annotations

import contextlib
import importlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from quizzer.bank.model import Lesson
from quizzer.engine.progress import Progress
from quizzer.errors import QuizzerError
from quizzer.tui.palette import LessonCommands, ScenarioCommands

DARK_THEME = "textual-dark"
LIGHT_THEME = "textual-light"


@dataclass(frozen=True)
class AppConfig:
    """What the app runs on; tests pass a known bank, a temp database, a fixed seed and clock."""

    lessons: tuple[Lesson, ...]
    db_path: Path | None = None
    learner: str = "learner"
    seed: int | None = None
    warm_up: bool = True
    clock: Callable[[], float] = time.monotonic


class QuizzerApp(App[None]):
    """Owns the config and the store; screens read them through `app.progress`."""

    TITLE = "Quizzer"
    CSS_PATH: ClassVar[list[str]] = ["quizzer.tcss", "simulation.tcss"]
    COMMANDS = App.COMMANDS | {LessonCommands, ScenarioCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("ctrl+t", "toggle_theme", "Light/dark", show=False),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(self, config: AppConfig) -> None:
        super().__init__()
        if not config.lessons:
            raise QuizzerError("the bank holds no lessons")
        self.config = config
        self.theme = DARK_THEME
        self.progress = Progress.unavailable()

    async def on_mount(self) -> None:
        self.progress, problem = Progress.open(self.config.db_path, self.config.learner)
        first = self.first_screen()
        await self.push_screen(first)
        if problem:
            self.notify(problem, title="Progress not saved", severity="error", markup=False)
        if self.progress.recovered:
            self.notify(
                self.progress.recovered,
                title="Database moved aside",
                severity="warning",
                timeout=30,
                markup=False,
            )
        if self.config.warm_up:
            first.call_after_refresh(self.warm_up_simulator)

    def first_screen(self) -> Screen[None]:
        """The lesson home for one lesson, else the picker; each imports only what it shows."""
        if len(self.config.lessons) == 1:
            from quizzer.tui.screens.lesson_home import LessonHomeScreen

            return LessonHomeScreen(self.config.lessons[0])
        from quizzer.tui.screens.lessons import LessonPickerScreen

        return LessonPickerScreen(self.config.lessons)

    @work(thread=True, exclusive=True, group="warm-up", exit_on_error=False)
    def warm_up_simulator(self) -> None:
        """Import the trainer (and so torch) off the UI thread, once the first screen is drawn.

        Started from the first screen's first refresh, so the import (seconds, holding the
        GIL at times) can only slow what comes after the first screen, never the screen.
        """
        with contextlib.suppress(ImportError):
            importlib.import_module("sim.trainer")

    def open_lesson(self, lesson_id: str) -> None:
        """Show a lesson's home, replacing whatever lesson screens are on the stack."""
        from quizzer.tui.screens.lesson_home import LessonHomeScreen

        lesson = next(item for item in self.config.lessons if item.lesson.id == lesson_id)
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if isinstance(self.screen, LessonHomeScreen) and self.screen.lesson is lesson:
            return
        self.push_screen(LessonHomeScreen(lesson))

    def open_simulation(
        self, scenario_id: str, *, compare: str | None = None, watch: str | None = None
    ) -> None:
        """Push the simulation screen; imported here so the simulator loads only now."""
        try:
            from quizzer.tui.screens.simulation import SimulationScreen

            screen = SimulationScreen(scenario_id, compare=compare, watch=watch)
        except ImportError as error:
            self.notify(f"The simulator is not available: {error}", severity="error", markup=False)
            return
        except QuizzerError as error:
            self.notify(f"Cannot open the simulation: {error}", severity="error", markup=False)
            return
        self.push_screen(screen)

    def open_scenarios(self) -> None:
        try:
            from quizzer.tui.screens.scenarios import ScenarioListScreen
        except ImportError as error:
            self.notify(f"The simulator is not available: {error}", severity="error", markup=False)
            return
        self.push_screen(ScenarioListScreen())

    def action_help(self) -> None:
        from quizzer.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen.active_bindings.values()))

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT_THEME if self.current_theme.dark else DARK_THEME

    def on_unmount(self) -> None:
        self.progress.close()
