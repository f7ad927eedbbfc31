"""Snapshot tests of the simulation screen at a fixed seed and step, at 80x24 and 120x40.

Deterministic by construction: the screen opens paused (its worker computes nothing), and
the frames it shows are computed here by the real trainer at seed 0, then published into the
screen's run control and rendered, exactly as the worker would hand them over.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App
from textual.pilot import Pilot

import quizzer.tui
from quizzer.tui.screens.simulation import SimulationScreen
from sim.scenarios import SCENARIOS
from sim.snapshot import Snapshot

SCENARIO = "mode_collapse"
SEED = 0
EVERY = 25
FRAMES = 9
"""Frames 0..8: steps 0 to 200, where the collapsed problem and its fix already differ."""


@pytest.fixture(scope="module")
def frames() -> list[list[Snapshot]]:
    from sim.trainer import train_batch

    problem = SCENARIOS[SCENARIO]
    configs = [problem.config, SCENARIOS[problem.fix].config]
    stream = train_batch(configs, SEED, every=EVERY)
    return [next(stream) for _ in range(FRAMES)]


class Host(App[None]):
    CSS_PATH = Path(quizzer.tui.__file__).parent / "simulation.tcss"

    def on_mount(self) -> None:
        self.push_screen(SimulationScreen(SCENARIO, seed=SEED, paused=True, every=EVERY))


def show_frames(frames: list[list[Snapshot]]):
    async def run_before(pilot: Pilot) -> None:
        screen = pilot.app.screen
        assert isinstance(screen, SimulationScreen)
        for snapshots in frames:
            screen.control.publish(snapshots)
        screen.action_toggle_arrows()
        screen.post_message(SimulationScreen.StepReady())
        await pilot.pause()

    return run_before


def test_simulation_screen_120x40(snap_compare, frames: list[list[Snapshot]]) -> None:
    assert snap_compare(Host(), terminal_size=(120, 40), run_before=show_frames(frames))


def test_simulation_screen_80x24(snap_compare, frames: list[list[Snapshot]]) -> None:
    assert snap_compare(Host(), terminal_size=(80, 24), run_before=show_frames(frames))
