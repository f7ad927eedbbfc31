"""Snapshot tests of the simulation screen at a fixed seed and step, at 80x24 and 120x40.

Deterministic by construction: the screen opens paused (its worker computes nothing), and
the frames it shows are computed here by the real trainer at seed 0, then published into the
screen's run control and rendered, exactly as the worker would hand them over. The scenario
pair is pinned here (a copy of the catalogue's mode collapse and its PacGAN fix), so tuning
the catalogue does not move these pictures; only a change to the screen or the trainer does.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App
from textual.pilot import Pilot

import quizzer.tui
from quizzer.tui.screens.simulation import SimulationScreen
from sim.config import SimConfig
from sim.scenarios import SCENARIOS, Check, Scenario
from sim.snapshot import Snapshot

PROBLEM = Scenario(
    id="pinned_collapse",
    failure_mode="mode collapse",
    title="Mode collapse on the ring of eight",
    description=(
        "A vanilla GAN with small ReLU networks on the ring of eight Gaussians: the generator "
        "puts nearly all its samples on one spot the discriminator likes [pinned copy]."
    ),
    watch="modes covered stuck at 1-3, the cloud hopping around the ring",
    config=SimConfig(
        data_std=0.1, g_width=64, d_width=64, batch_size=128, steps=400, snapshot_every=25
    ),
    fix="pinned_collapse_fixed",
    signature=(Check(metric="modes_covered", op="<=", value=3),),
)
FIX = PROBLEM.model_copy(
    update={
        "id": "pinned_collapse_fixed",
        "title": "Fix: PacGAN packing (pack=2)",
        "config": PROBLEM.config.model_copy(update={"pack": 2}),
        "fix": None,
        "signature": (Check(metric="modes_covered", op=">=", value=7),),
    }
)
SEED = 0
EVERY = 25
FRAMES = 9
"""Frames 0..8: steps 0 to 200, where the collapsed problem and its fix already differ."""


@pytest.fixture(scope="module")
def frames() -> list[list[Snapshot]]:
    from sim.trainer import train_batch

    stream = train_batch([PROBLEM.config, FIX.config], SEED, every=EVERY)
    return [next(stream) for _ in range(FRAMES)]


@pytest.fixture
def pinned(monkeypatch: pytest.MonkeyPatch) -> None:
    for scenario in (PROBLEM, FIX):
        monkeypatch.setitem(SCENARIOS, scenario.id, scenario)


class Host(App[None]):
    CSS_PATH = Path(quizzer.tui.__file__).parent / "simulation.tcss"

    def on_mount(self) -> None:
        self.push_screen(SimulationScreen(PROBLEM.id, seed=SEED, paused=True, every=EVERY))


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


def test_simulation_screen_120x40(snap_compare, frames: list[list[Snapshot]], pinned) -> None:
    assert snap_compare(Host(), terminal_size=(120, 40), run_before=show_frames(frames))


def test_simulation_screen_80x24(snap_compare, frames: list[list[Snapshot]], pinned) -> None:
    assert snap_compare(Host(), terminal_size=(80, 24), run_before=show_frames(frames))
