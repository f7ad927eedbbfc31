"""The lesson's core patterns: title, formula, explanation and numbered steps."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from quizzer.bank.model import Pattern


class PatternList(VerticalScroll):
    def __init__(self, patterns: list[Pattern], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.patterns = patterns

    def compose(self) -> ComposeResult:
        for pattern in self.patterns:
            yield Static(pattern.title, classes="pattern-title", markup=False)
            if pattern.formula:
                yield Static(pattern.formula, classes="formula", markup=False)
            yield Static(pattern.explanation, classes="pattern-text", markup=False)
            if pattern.steps:
                steps = "\n".join(f"{n}. {step}" for n, step in enumerate(pattern.steps, 1))
                yield Static(steps, classes="pattern-steps", markup=False)
