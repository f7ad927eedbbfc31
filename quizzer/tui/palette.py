"""Command palette providers: open a lesson, open a simulation scenario.

Themes come from Textual's own "Theme" system command. Bank and scenario titles are shown
as plain content, never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content


def plain_hits(
    provider: Provider, query: str, commands: Iterable[tuple[str, Callable[[], object], str]]
) -> Iterable[Hit]:
    matcher = provider.matcher(query)
    for name, callback, help_text in commands:
        score = matcher.match(name)
        if score > 0:
            shown = Content(name) if "[" in name else matcher.highlight(name)
            yield Hit(score, shown, callback, text=name, help=help_text)


def discovery_hits(
    commands: Iterable[tuple[str, Callable[[], object], str]],
) -> Iterable[DiscoveryHit]:
    for name, callback, help_text in commands:
        yield DiscoveryHit(Content(name), callback, text=name, help=help_text)


class LessonCommands(Provider):
    """One command per loaded lesson."""

    def commands(self) -> list[tuple[str, Callable[[], object], str]]:
        app = self.app
        return [
            (
                f"Lesson: {lesson.lesson.title}",
                partial(app.open_lesson, lesson.lesson.id),
                f"{len(lesson.questions)} questions · {lesson.lesson.level}",
            )
            for lesson in app.config.lessons
        ]

    async def search(self, query: str) -> Hits:
        for hit in plain_hits(self, query, self.commands()):
            yield hit

    async def discover(self) -> Hits:
        for hit in discovery_hits(self.commands()):
            yield hit


class ScenarioCommands(Provider):
    """One command per simulator scenario; the catalogue is torch-free, the screen is not."""

    def commands(self) -> list[tuple[str, Callable[[], object], str]]:
        from sim.scenarios import SCENARIOS

        return [
            (
                f"Simulate: {scenario.title}",
                partial(self.app.open_simulation, scenario_id),
                f"{scenario.failure_mode} · {scenario_id}",
            )
            for scenario_id, scenario in SCENARIOS.items()
        ]

    async def search(self, query: str) -> Hits:
        for hit in plain_hits(self, query, self.commands()):
            yield hit

    async def discover(self) -> Hits:
        for hit in discovery_hits(self.commands()):
            yield hit
