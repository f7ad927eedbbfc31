"""FieldView: the discriminator's heatmap with real and generated samples, GAN Lab style.

A line-API widget: the lines are painted once per new snapshot (or resize, or arrow toggle)
and `render_line` only hands out the cached strips, so redrawing a frame costs nothing more.
"""

from __future__ import annotations

from rich.style import Style
from textual.geometry import Size
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from quizzer.tui.widgets.sim_field_paint import paint
from sim.snapshot import Snapshot


class FieldView(Widget):
    """Draws the latest snapshot it was given; knows nothing of how snapshots are made."""

    DEFAULT_CSS = """
    FieldView {
        width: 1fr;
        height: 1fr;
        min-height: 4;
    }
    """

    show_arrows: reactive[bool] = reactive(False)
    """Whether the generator's gradient arrows are drawn at a subset of the fakes."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._snapshot: Snapshot | None = None
        self._lines: list[Strip] = []
        self._painted_snapshot: Snapshot | None = None
        self._painted_for: tuple[Size, bool, Style] | None = None

    @property
    def snapshot(self) -> Snapshot | None:
        return self._snapshot

    def show(self, snapshot: Snapshot | None) -> None:
        """Display this snapshot; repaints only when it is a different one."""
        if snapshot is self._snapshot:
            return
        self._snapshot = snapshot
        self.refresh()

    def watch_show_arrows(self) -> None:
        self.refresh()

    def on_resize(self) -> None:
        self.refresh()

    def _cached_lines(self) -> list[Strip]:
        text_style = self.rich_style
        key = (self.size, self.show_arrows, text_style)
        if self._snapshot is not self._painted_snapshot or key != self._painted_for:
            self._lines = paint(
                self._snapshot,
                self.size.width,
                self.size.height,
                arrows=self.show_arrows,
                text_style=text_style,
            )
            self._painted_snapshot = self._snapshot
            self._painted_for = key
        return self._lines

    def render_line(self, y: int) -> Strip:
        lines = self._cached_lines()
        if 0 <= y < len(lines):
            return lines[y]
        return Strip.blank(self.size.width, self.rich_style)
