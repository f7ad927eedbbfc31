"""Command palette providers: open a lesson, open a simulation scenario.

Themes come from Textual's own "Theme" system command. Bank and scenario titles are shown
as plain content, never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

Command = tuple[str, Callable[[], object], str]
"""(name shown and searched, what it does, help text)."""


class ListedCommands(Provider):
    """A provider whose commands are a plain list; subclasses say what the list is."""

    def commands(self) -> list[Command]:
        raise NotImplementedError

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self.commands():
            score = matcher.match(name)
            if score > 0:
                shown = Content(name) if "[" in name else matcher.highlight(name)
                yield Hit(score, shown, callback, text=name, help=help_text)

    async def discover(self) -> Hits:
        for name, callback, help_text in self.commands():
            yield DiscoveryHit(Content(name), callback, text=name, help=help_text)


class LessonCommands(ListedCommands):
    """One command per loaded lesson."""

    def commands(self) -> list[Command]:
        app = self.app
        return [
            (
                f"Lesson: {lesson.lesson.title}",
                partial(app.open_lesson, lesson.lesson.id),
                f"{len(lesson.questions)} questions · {lesson.lesson.level}",
            )
            for lesson in app.config.lessons
        ]


class ScenarioCommands(ListedCommands):
    """One command per simulator scenario; the catalogue is torch-free, the screen is not."""

    def commands(self) -> list[Command]:
        from sim.scenarios import SCENARIOS

        return [
            (
                f"Simulate: {scenario.title}",
                partial(self.app.open_simulation, scenario_id),
                f"{scenario.failure_mode} · {scenario_id}",
            )
            for scenario_id, scenario in SCENARIOS.items()
        ]
