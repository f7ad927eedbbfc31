"""ScenarioListScreen: the simulator's catalogue; enter opens a scenario beside its fix.

Reads only `sim.scenarios`, which is torch-free, so listing costs nothing at start-up.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from quizzer.tui.screens.simulation import SimulationScreen
from sim.scenarios import SCENARIOS


class ScenarioListScreen(Screen[None]):
    """Every scenario with its failure mode, title and fix."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "leave", "Back")]

    def compose(self) -> ComposeResult:
        yield Static(
            "GAN simulator: pick a failure mode to watch it happen beside its fix (enter).",
            id="scenario-help",
            markup=False,
        )
        table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=True, id="scenarios")
        table.add_columns("id", "failure mode", "title", "fix")
        for scenario in SCENARIOS.values():
            table.add_row(
                Text(scenario.id),
                Text(scenario.failure_mode),
                Text(scenario.title),
                Text(scenario.fix or "—"),
                key=scenario.id,
            )
        yield table
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.app.push_screen(SimulationScreen(event.row_key.value))

    def action_leave(self) -> None:
        self.dismiss()
