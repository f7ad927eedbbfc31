"""Pilot journeys through the simulation screen with the real trainer, on short runs.

A minimal host app pushes the screens, as any app may. Runs use one training step per
snapshot so that every test needs only a handful of steps.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Static
from textual.worker import WorkerState

import quizzer.tui
from quizzer.tui.screens.scenarios import ScenarioListScreen
from quizzer.tui.screens.simulation import SimulationScreen
from quizzer.tui.widgets import sim_palette as palette
from quizzer.tui.widgets.sim_params_dialog import HyperparameterDialog
from quizzer.tui.widgets.sim_side import SimSide
from sim.scenarios import SCENARIOS

CSS = Path(quizzer.tui.__file__).parent / "simulation.tcss"
CONDITION_TIMEOUT = 120.0
"""Generous: the CI machine is shared; a test waits on conditions, never on a fixed delay."""


class Host(App[None]):
    """Any app: it only pushes the screen under test."""

    CSS_PATH = CSS

    def __init__(self, make_screen: Callable[[], object]) -> None:
        super().__init__()
        self._make_screen = make_screen

    def on_mount(self) -> None:
        self.push_screen(self._make_screen())


async def wait_for(pilot: Pilot, condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + CONDITION_TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.05)


def screen_text(app: App) -> str:
    return "\n".join(
        "".join(segment.text for segment in strip)
        for strip in app.screen._compositor.render_strips()
    )


def status_of(screen: SimulationScreen, side: int = 0) -> str:
    return str(screen.query_one(f"#side-{side}", SimSide).status.visual)


async def test_play_pause_single_step_and_reset() -> None:
    app = Host(lambda: SimulationScreen("mode_collapse", every=1))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, SimulationScreen)
        sides = [side.scenario_id for side in screen.sides]
        assert sides == ["mode_collapse", "mode_collapse_fixed"]
        await wait_for(pilot, lambda: screen.control.published >= 3, "three frames")

        await pilot.press("space")
        assert screen.paused
        await wait_for(pilot, lambda: screen.control.parked, "the worker to park")
        published = screen.control.published
        await pilot.pause(0.3)
        assert screen.control.published == published  # paused: nothing more is computed

        step_before = screen.control.latest[0].step
        await pilot.press("full_stop")
        await wait_for(pilot, lambda: screen.control.published == published + 1, "one step")
        await wait_for(pilot, lambda: f"step {step_before + 1} " in status_of(screen), "render")
        await wait_for(pilot, lambda: screen.control.parked, "the worker to park again")
        assert screen.control.published == published + 1  # exactly one snapshot
        assert [s.step for s in screen.control.latest] == [step_before + 1] * 2
        assert len(screen.control.history(0)) == published + 1

        old_control = screen.control
        await pilot.press("r")
        assert screen.control is not old_control
        await pilot.press("full_stop")  # still paused after a reset: one step shows step 0
        await wait_for(pilot, lambda: screen.control.published == 1, "first frame after reset")
        assert screen.control.latest[0].step == 0
        await wait_for(pilot, lambda: "step 0 " in status_of(screen), "reset render")

        await pilot.press("space")
        assert not screen.paused
        await wait_for(pilot, lambda: screen.control.published >= 3, "playing again")


async def test_leaving_the_screen_stops_the_worker() -> None:
    app = Host(lambda: SimulationScreen("healthy", every=1))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, SimulationScreen)
        await wait_for(pilot, lambda: screen.control.published >= 1, "training")
        worker = screen.worker
        assert worker is not None and worker.state == WorkerState.RUNNING
        await pilot.press("escape")
        assert not isinstance(app.screen, SimulationScreen)
        await wait_for(pilot, lambda: worker.is_finished, "the worker to end")
        assert worker.state in (WorkerState.CANCELLED, WorkerState.SUCCESS)
        published = screen.control.published
        await pilot.pause(0.3)
        assert screen.control.published == published


async def test_keys_answer_while_training_and_arrows_toggle() -> None:
    app = Host(lambda: SimulationScreen("healthy", every=1))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, SimulationScreen)
        await wait_for(pilot, lambda: screen.control.published >= 2, "training")
        field = screen.sides[0].field
        assert not field.show_arrows
        await pilot.press("g")
        assert field.show_arrows  # handled at once, while the worker trains
        await wait_for(
            pilot,
            lambda: any(arrow in screen_text(app) for arrow in palette.ARROWS),
            "arrows on the field",
        )
        assert "arrows on" in str(screen.query_one("#sim-controls", Static).visual)
        assert screen.control.rate == float("inf")  # as fast as the trainer goes
        await pilot.press("minus", "minus")
        slower = screen.control.rate
        assert slower < float("inf")
        await pilot.press("plus")
        assert slower < screen.control.rate < float("inf")
        assert f"{screen.control.rate:g} snapshots/s" in str(
            screen.query_one("#sim-controls", Static).visual
        )
        await pilot.press("g")
        assert not field.show_arrows


async def test_edit_rejects_an_invalid_value_with_the_configs_message_then_reruns() -> None:
    app = Host(lambda: SimulationScreen("healthy", every=1, paused=True))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, SimulationScreen)
        await pilot.press("e")
        dialog = app.screen
        assert isinstance(dialog, HyperparameterDialog)

        g_lr = dialog.query_one("#param-g_lr", Input)
        g_lr.value = "-1"
        await pilot.pause()
        error = str(dialog.query_one("#params-error", Static).visual)
        assert "g_lr" in error and "greater than 0" in error  # said as soon as it is typed
        dialog.query_one("#params-error", Static).update("")
        g_lr.focus()
        await pilot.press("enter")
        error = str(dialog.query_one("#params-error", Static).visual)
        assert error.startswith("invalid simulator settings: g_lr")  # the config's message
        assert "greater than 0" in error
        assert app.screen is dialog  # not applied
        assert screen.configs[0] == SCENARIOS["healthy"].config

        dialog.query_one("#param-g_lr", Input).value = "0.005"
        dialog.query_one("#param-seed", Input).value = "7"
        old_control = screen.control
        dialog.query_one("#param-seed", Input).focus()
        await pilot.press("enter")  # enter in any field applies, like the button
        assert app.screen is screen
        assert screen.configs[0].g_lr == 0.005
        assert screen.seed == 7
        assert screen.control is not old_control
        await pilot.press("full_stop")
        await wait_for(pilot, lambda: screen.control.published == 1, "the re-run's first frame")
        assert screen.control.latest[0].step == 0
        assert "seed 7" in str(screen.query_one("#sim-controls", Static).visual)


async def test_a_diverging_run_is_shown_as_diverged() -> None:
    # The Dirac-GAN with least squares and a step of 10 overflows within a few steps.
    app = Host(lambda: SimulationScreen("non_convergence", every=1))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, SimulationScreen)
        await pilot.press("e")
        dialog = app.screen
        assert isinstance(dialog, HyperparameterDialog)
        dialog.query_one("#param-g_lr", Input).value = "10"
        dialog.query_one("#param-d_lr", Input).value = "10"
        dialog.query_one("#param-loss", Select).value = "least_squares"
        dialog.query_one("#param-d_lr", Input).focus()
        await pilot.press("enter")
        await wait_for(
            pilot, lambda: "diverged at step" in status_of(screen, 0), "the diverged status"
        )
        diverged = screen.control.latest[0]
        assert diverged.status == "diverged"
        assert f"diverged at step {diverged.diverged_at}" in status_of(screen, 0)
        assert screen.query_one("#side-0", SimSide).has_class("-diverged")
        assert "diverged" not in status_of(screen, 1)  # the fix (R1) keeps its default rate


async def test_a_failing_run_becomes_a_notification() -> None:
    # every=0 is refused by the trainer itself: the worker fails, the app stays up.
    app = Host(lambda: SimulationScreen("healthy", every=0))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await wait_for(pilot, lambda: bool(app._notifications), "a notification")
        notification = next(iter(app._notifications))
        assert notification.severity == "error"
        assert "every must be at least 1" in notification.message
        assert app.screen is screen


async def test_text_with_brackets_is_shown_literally(monkeypatch: pytest.MonkeyPatch) -> None:
    description = "D [bold]wins[/] with weights [0.1, 0.8, 0.4] and [link=x]no link[/link]"
    watch = "watch [red]this[/] and [/]"
    bracketed = SCENARIOS["healthy"].model_copy(
        update={"id": "brackets", "description": description, "fix": None}
    )
    monkeypatch.setitem(SCENARIOS, "brackets", bracketed)
    app = Host(lambda: SimulationScreen("brackets", watch=watch, paused=True))
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert description in text
        assert f"Watch: {watch}" in text
        assert len(app.screen.sides) == 1


async def test_scenario_list_opens_the_highlighted_scenario() -> None:
    app = Host(ScenarioListScreen)
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.screen.query_one(DataTable)
        assert table.row_count == len(SCENARIOS)
        assert "mode_collapse" in screen_text(app)
        await pilot.press("down", "enter")
        screen = app.screen
        assert isinstance(screen, SimulationScreen)
        second = list(SCENARIOS)[1]
        assert screen.scenario.id == second
        await pilot.press("space")  # pause before leaving: nothing else to wait for
        await pilot.press("escape")
        assert isinstance(app.screen, ScenarioListScreen)


async def test_narrow_terminals_show_one_side_at_a_time_and_s_swaps() -> None:
    app = Host(lambda: SimulationScreen("mode_collapse", paused=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SimulationScreen)
        problem, fix = screen.sides
        assert screen.has_class("-narrow")
        assert problem.display and not fix.display
        await pilot.press("s")
        assert fix.display and not problem.display
        assert "fix shown" in str(screen.query_one("#sim-controls", Static).visual)
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert not screen.has_class("-narrow")
        assert problem.display and fix.display  # side by side again


def test_the_simulation_screens_import_without_torch() -> None:
    """Only the training worker imports the trainer (and torch), when a run starts."""
    code = (
        "import sys\n"
        "import quizzer.tui.screens.simulation, quizzer.tui.screens.scenarios\n"
        "print('torch' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_the_key_metric_is_never_the_step_axis() -> None:
    """Signatures may check `step` (a warm-up), but the fourth chart shows what matters."""
    from quizzer.tui.screens.simulation import key_metric

    for scenario in SCENARIOS.values():
        assert key_metric(scenario) != "step", scenario.id
    assert key_metric(SCENARIOS["mode_collapse"]) == "modes_covered"
